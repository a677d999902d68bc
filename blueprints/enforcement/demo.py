"""Demo enforcement on the shared investigation of Zorggroep Hofstad Thuis (Delft, Den Haag,
Rijswijk; see blueprints/investigations/demo.py): the lead inspector's advice resting on its
findings, and a case per participant gemeente with a different decision, so each sees the
others' decisions on that case; Rijswijk's is closed on a follow-up investigation that found the
tekortkomingen resolved. Plus dwangsom cases for refused cooperation (idempotent).

Runs after the investigations and providers seeders, inside the CLI's tenant context; each
gemeente's records are written in a context where that gemeente is active, as a request would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from blueprints.enforcement import links, services
from blueprints.enforcement.models import EnforcementCase
from blueprints.frameworks.models import JudgementValue
from blueprints.investigations import demo as investigations_demo
from blueprints.investigations import services as investigation_services
from blueprints.investigations.models import Investigation, InvestigationParticipant, InvestigationProvider
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import compute_entitlements, today
from tenants.models import Gemeente

REASONING = (
    "Medewerkers kennen de meldcode niet en passen het afwegingskader niet toe (norm 3.2.1); van twee "
    "nieuwe medewerkers ontbreekt een VOG (4.2.1) en evaluaties van ondersteuningsplannen zijn niet "
    "actueel (1.2.1). De toezichthouder adviseert eerst een verbeterplan te vragen en, als herstel "
    "uitblijft, een cliëntenstop of een last onder dwangsom."
)


def _in_gemeente(gemeente_id: int) -> TenantContext:
    outer = current_tenant_context()
    assert outer is not None and gemeente_id in outer.allowed_ids
    return TenantContext(allowed_ids=outer.allowed_ids & {gemeente_id}, active_id=gemeente_id, reason=outer.reason)


def _shared_investigation() -> tuple[Investigation, int, list[int]] | None:
    """The investigations demo's investigation of Zorggroep Hofstad Thuis that Delft, Den Haag
    and Rijswijk share: (investigation, the provider, its participant gemeenten)."""
    investigation = db.session.execute(
        select(Investigation).where(Investigation.title == investigations_demo.TITLES["shared"])
    ).scalars().first()
    if investigation is None:
        return None
    provider_id = db.session.execute(
        select(InvestigationProvider.provider_id).where(InvestigationProvider.investigation_id == investigation.id)
        .order_by(InvestigationProvider.provider_id)
    ).scalars().first()
    gemeenten = list(db.session.execute(
        select(InvestigationParticipant.gemeente_id)
        .where(InvestigationParticipant.investigation_id == investigation.id)
        .order_by(InvestigationParticipant.gemeente_id)
    ).scalars())
    if provider_id is None or len(gemeenten) < 2:
        return None
    return investigation, provider_id, gemeenten


def _advice(investigation: Investigation, provider_id: int, on: date, kinds: list[str]) -> EnforcementCase:
    """The lead inspector's advice, resting on every tekortkoming of the provider."""
    advice = services.give_advice({
        "investigation_id": investigation.id, "provider_id": provider_id, "advised_on": on,
        "recommends_improvement_plan": True, "recommended_kinds": kinds, "reasoning": REASONING,
        "finding_ids": [f.id for f in links.shortcomings(investigation.id, provider_id)],
    }, advised_by_id=investigation.lead_inspector_id)
    return db.session.execute(select(EnforcementCase).where(EnforcementCase.advice_id == advice.id)).scalar_one()


def _grounds(case: EnforcementCase) -> list[int]:
    assert case.investigation_id is not None
    return [f.id for f in links.shortcomings(case.investigation_id, case.provider_id)]


DECIDED_BY = "Het college van burgemeester en wethouders"


def _stage_client_stop(case: EnforcementCase, start: date) -> None:
    """Delft: plan received, judged insufficient; cliëntenstop through voornemen, zienswijze and
    besluit (imposed, with a begunstigingstermijn)."""
    plan = services.request_plan(case, {"requested_on": start})
    services.receive_plan(plan, {"received_on": start + timedelta(days=5)})
    services.assess_plan(plan, {"assessed_on": start + timedelta(days=6), "assessment": "insufficient",
                                "assessment_reasoning": "Het plan noemt geen termijnen en geen verantwoordelijken."})
    measure = services.propose_measure(case, {
        "kind": "contract_client_stop", "description": "Geen nieuwe cliënten tot de meldcode is ingevoerd en "
        "van alle medewerkers een VOG aanwezig is.", "legal_basis": "", "intended_on": start + timedelta(days=6),
        "finding_ids": _grounds(case)})
    services.record_view(measure, {"recorded_on": start + timedelta(days=13), "received": True,
                                   "received_on": start + timedelta(days=12),
                                   "summary": "De aanbieder vraagt om meer tijd; nieuwe feiten noemt zij niet."})
    services.decide_measure(measure, {
        "decided_on": start + timedelta(days=15), "sent_on": start + timedelta(days=16), "imposed": True,
        "legal_basis": "Overeenkomst Wmo 2025, artikel 14.2, en de Verordening maatschappelijke ondersteuning",
        "decided_by": DECIDED_BY,
        "mandate": "Collegebesluit handhaving Wmo-aanbieder, in de vergadering van het college",
        "summary": "Cliëntenstop tot de meldcode is ingevoerd en alle VOG's aanwezig zijn.",
        "recovery_term_weeks": 8,
    })


def _stage_penalty_in_objection(case: EnforcementCase, start: date) -> None:
    """Den Haag: a last onder dwangsom, decided under mandate, now in bezwaar."""
    measure = services.propose_measure(case, {
        "kind": "last_onder_dwangsom", "description": "Binnen acht weken de meldcode invoeren en van elke "
        "medewerker een VOG overleggen.", "legal_basis": "", "intended_on": start + timedelta(days=1),
        "finding_ids": _grounds(case)})
    services.record_view(measure, {"recorded_on": start + timedelta(days=6), "received": True,
                                   "received_on": start + timedelta(days=5),
                                   "summary": "De aanbieder betwist dat de meldcode onbekend is bij medewerkers."})
    services.decide_measure(measure, {
        "decided_on": start + timedelta(days=8), "sent_on": start + timedelta(days=8), "imposed": True,
        "legal_basis": "Artikel 125 Gemeentewet en artikel 5:32 Awb",
        "decided_by": "Teamleider Wmo-kwaliteit", "mandate": "Mandaatbesluit sociaal domein 2025, artikel 4",
        "summary": "Last onder dwangsom van € 1.000 per week, maximaal € 10.000.",
        "recovery_term_weeks": 8, "penalty_amount_cents": 100000, "penalty_unit": "per week",
        "penalty_cap_cents": 1000000,
    })
    services.lodge_objection(measure, {"lodged_on": start + timedelta(days=12), "committee": True})


def _stage_not_imposed(case: EnforcementCase, start: date) -> None:
    """Rijswijk: a voornemen tot cliëntenstop; after the zienswijze the college decides not to
    impose it (the provider showed the meldcode is being introduced)."""
    measure = services.propose_measure(case, {
        "kind": "contract_client_stop", "description": "Geen nieuwe cliënten tot de meldcode is ingevoerd.",
        "legal_basis": "", "intended_on": start + timedelta(days=2), "finding_ids": _grounds(case)})
    services.record_view(measure, {"recorded_on": start + timedelta(days=8), "received": True,
                                   "received_on": start + timedelta(days=7),
                                   "summary": "De aanbieder toont een scholingsplan voor de meldcode met data."})
    services.decide_measure(measure, {
        "decided_on": start + timedelta(days=10), "sent_on": start + timedelta(days=10), "imposed": False,
        "legal_basis": "Overeenkomst Wmo 2025, artikel 14.2",
        "decided_by": DECIDED_BY, "mandate": "Collegebesluit handhaving Wmo-aanbieder",
        "summary": "Het college ziet af van een cliëntenstop: het scholingsplan is concreet; de hercontrole "
        "volgt in het vervolgonderzoek.",
    })


FOLLOW_UP_TITLE = "Vervolgonderzoek Zorggroep Hofstad Thuis (Rijswijk)"


def _follow_up_closes(case: EnforcementCase, investigation: Investigation) -> None:
    """Rijswijk's hercontrole: a follow-up investigation of the shared one finds every
    tekortkoming resolved, and Rijswijk closes its case on it ('vervolgonderzoek: voldoet')."""
    lead = investigation.lead_inspector_id
    planned = today() - timedelta(days=3)
    follow_up = investigation_services.create_investigation({
        "kind": "follow_up", "follows_up_investigation_id": investigation.id, "title": FOLLOW_UP_TITLE,
        "gemeente_ids": [case.gemeente_id], "provider_ids": [case.provider_id],
        "framework_id": investigation.framework_id, "lead_inspector_id": lead,
        "second_inspector_id": investigation.second_inspector_id, "planned_on": planned, "announced": False,
    }, compute_entitlements(lead))
    investigation_services.change_status(follow_up, "in_progress", lead, "Onaangekondigde hercontrole")
    complies = db.session.execute(
        select(JudgementValue.id).where(JudgementValue.framework_id == investigation.framework_id,
                                        JudgementValue.code == "voldoet")
    ).scalar_one()
    for finding in links.shortcomings(investigation.id, case.provider_id):
        investigation_services.record_finding(follow_up, {
            "provider_id": case.provider_id, "norm_id": finding.norm_id, "judgement_value_id": complies,
            "explanation": "Bij de hercontrole op orde: de meldcode is ingevoerd en alle VOG's zijn aanwezig.",
            "evidence": "Gesprekken met drie begeleiders en inzage in het personeelsdossier.",
        }, lead)
    services.close_case(case, {
        "closed_on": today() - timedelta(days=1), "outcome": "follow_up_complies",
        "outcome_reasoning": "Het vervolgonderzoek vond de tekortkomingen hersteld.",
        "follow_up_investigation_id": follow_up.id,
    })


#: The stage of each participant gemeente (CBS code) in the shared investigation's enforcement:
#: three different decisions on the same findings, each visible to the other two.
STAGES: dict[str, Callable[[EnforcementCase, date], None]] = {
    "GM0503": _stage_client_stop,  # Delft
    "GM0518": _stage_penalty_in_objection,  # Den Haag
    "GM0603": _stage_not_imposed,  # Rijswijk
}


#: Gemeenten (CBS code) whose provider refused to cooperate with the toezichthouder: a case
#: without investigation for a dwangsom under Awb 5:20, in zienswijze.
COOPERATION_CASES = ("GM0503", "GM0518")


def _seed_cooperation_cases() -> int:
    added = 0
    start = today() - timedelta(days=30)
    outer = current_tenant_context()
    assert outer is not None
    for gemeente_id in db.session.execute(
        select(Gemeente.id).where(Gemeente.code.in_(COOPERATION_CASES), Gemeente.id.in_(outer.allowed_ids))
        .order_by(Gemeente.code)
    ).scalars():
        with tenant_context(_in_gemeente(gemeente_id)):
            exists = db.session.execute(
                select(EnforcementCase.id).where(
                    EnforcementCase.gemeente_id == gemeente_id, EnforcementCase.investigation_id.is_(None)
                )
            ).first()
            providers = links.provider_choices_of_investigation(gemeente_id)
            if exists or not providers:
                continue
            case = services.open_case({"provider_id": providers[-1][0], "opened_on": start}, opened_by_id=None)
            services.propose_measure(case, {
                "kind": "dwangsom_medewerking",
                "description": "De aanbieder geeft de toezichthouder geen inzage in de cliëntdossiers; "
                "binnen twee weken alsnog inzage geven.",
                "legal_basis": "", "intended_on": start + timedelta(days=1),
            })
            added += 1
    return added


def seed_demo_enforcement() -> int:
    """The advice on the shared investigation of Zorggroep Hofstad Thuis and a case for each of
    its participant gemeenten, each with its own decision; dwangsom cases for refused
    cooperation. Idempotent."""
    added = _seed_cooperation_cases()
    found = _shared_investigation()
    if found is None:
        db.session.flush()
        return added
    investigation, provider_id, gemeente_ids = found
    # The fieldwork was on planned_on; the advice follows the day after, and every later step
    # fits before today (the investigations demo plans it three weeks back).
    start = (investigation.planned_on or today() - timedelta(days=21)) + timedelta(days=1)
    codes = dict(db.session.execute(select(Gemeente.id, Gemeente.code).where(Gemeente.id.in_(gemeente_ids))).tuples().all())
    outer = current_tenant_context()
    assert outer is not None
    for gemeente_id in gemeente_ids:
        if gemeente_id not in outer.allowed_ids:
            continue
        with tenant_context(_in_gemeente(gemeente_id)):
            exists = db.session.execute(
                select(EnforcementCase.id).where(
                    EnforcementCase.gemeente_id == gemeente_id,
                    EnforcementCase.investigation_id == investigation.id,
                )
            ).first()
            if exists or not links.provider_related(provider_id, gemeente_id):
                continue
            case = _advice(investigation, provider_id, start, ["contract_client_stop", "last_onder_dwangsom"])
            stage = STAGES.get(codes.get(gemeente_id, ""))
            if stage is not None:
                stage(case, start)
            if stage is _stage_not_imposed:
                _follow_up_closes(case, investigation)
            added += 1
    db.session.flush()
    return added
