"""Demo enforcement: cases in several stages, among them the three gemeenten of the shared
investigation at different steps, so each sees the others' decisions (idempotent).

Runs after the investigations and providers seeders, inside the CLI's tenant context; each
gemeente's records are written in a context where that gemeente is active, as a request would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select

from blueprints.enforcement import links, services
from blueprints.enforcement.models import EnforcementCase
from blueprints.investigations.models import Investigation, InvestigationParticipant
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tenants.models import Gemeente

REASONING = (
    "Bij drie van de vijf onderzochte cliënten ontbreekt een actueel ondersteuningsplan en de "
    "meldcode wordt niet toegepast. De toezichthouder adviseert eerst een verbeterplan te vragen en, "
    "als herstel uitblijft, een last onder dwangsom."
)


def _in_gemeente(gemeente_id: int) -> TenantContext:
    outer = current_tenant_context()
    assert outer is not None and gemeente_id in outer.allowed_ids
    return TenantContext(allowed_ids=outer.allowed_ids & {gemeente_id}, active_id=gemeente_id, reason=outer.reason)


def _shared_investigation() -> tuple[Investigation, list[int]] | None:
    """The demo investigation with the most participant gemeenten (three in the demo)."""
    row = db.session.execute(
        select(InvestigationParticipant.investigation_id, func.count(InvestigationParticipant.id).label("n"))
        .group_by(InvestigationParticipant.investigation_id)
        .order_by(func.count(InvestigationParticipant.id).desc(), InvestigationParticipant.investigation_id)
        .limit(1)
    ).first()
    if row is None or row.n < 2:
        return None
    investigation = db.session.execute(select(Investigation).where(Investigation.id == row.investigation_id)).scalar_one()
    gemeenten = list(db.session.execute(
        select(InvestigationParticipant.gemeente_id)
        .where(InvestigationParticipant.investigation_id == investigation.id)
        .order_by(InvestigationParticipant.gemeente_id)
    ).scalars())
    return investigation, gemeenten


def _advice(investigation_id: int, provider_id: int, on: date, kinds: list[str]) -> EnforcementCase:
    advice = services.give_advice({
        "investigation_id": investigation_id, "provider_id": provider_id, "advised_on": on,
        "recommends_improvement_plan": True, "recommended_kinds": kinds, "reasoning": REASONING,
    }, advised_by_id=None)
    return db.session.execute(select(EnforcementCase).where(EnforcementCase.advice_id == advice.id)).scalar_one()


def _stage_plan_overdue(case: EnforcementCase, start: date) -> None:
    """Plan asked, term passed without it: the list shows the overdue mark."""
    services.request_plan(case, {"requested_on": start + timedelta(days=1)})


def _stage_decided(case: EnforcementCase, start: date) -> None:
    """Plan received, judged insufficient; cliëntenstop through voornemen, zienswijze, besluit."""
    plan = services.request_plan(case, {"requested_on": start + timedelta(days=1)})
    services.receive_plan(plan, {"received_on": start + timedelta(days=20)})
    services.assess_plan(plan, {"assessed_on": start + timedelta(days=24), "assessment": "insufficient",
                                "assessment_reasoning": "Het plan noemt geen termijnen en geen verantwoordelijken."})
    measure = services.propose_measure(case, {
        "kind": "contract_client_stop", "description": "Geen nieuwe cliënten tot de ondersteuningsplannen op orde zijn.",
        "legal_basis": "", "intended_on": start + timedelta(days=28)})
    services.record_view(measure, {"recorded_on": start + timedelta(days=40), "received": True,
                                   "received_on": start + timedelta(days=38),
                                   "summary": "De aanbieder vraagt om meer tijd; nieuwe feiten noemt zij niet."})
    services.decide_measure(measure, {
        "decided_on": start + timedelta(days=45), "sent_on": start + timedelta(days=46), "imposed": True,
        "legal_basis": "Overeenkomst Wmo 2025, artikel 14.2, en de Verordening maatschappelijke ondersteuning",
        "decided_by": "Het college van burgemeester en wethouders",
        "mandate": "Collegebesluit handhaving Wmo-aanbieder, in de vergadering van het college",
        "summary": "Cliëntenstop tot de ondersteuningsplannen van alle cliënten actueel zijn.",
        "recovery_term_weeks": 8,
    })


def _stage_objection(case: EnforcementCase, start: date) -> None:
    """A last onder dwangsom, decided under mandate, now in bezwaar."""
    measure = services.propose_measure(case, {
        "kind": "last_onder_dwangsom", "description": "Binnen acht weken voor elke cliënt een actueel ondersteuningsplan.",
        "legal_basis": "", "intended_on": start + timedelta(days=2)})
    services.record_view(measure, {"recorded_on": start + timedelta(days=40), "received": False})
    services.decide_measure(measure, {
        "decided_on": start + timedelta(days=42), "sent_on": start + timedelta(days=42), "imposed": True,
        "legal_basis": "Artikel 125 Gemeentewet en artikel 5:32 Awb",
        "decided_by": "Teamleider Wmo-kwaliteit", "mandate": "Mandaatbesluit sociaal domein 2025, artikel 4",
        "summary": "Last onder dwangsom van € 1.000 per week, maximaal € 10.000.",
        "recovery_term_weeks": 8, "penalty_amount_cents": 100000, "penalty_unit": "per week",
        "penalty_cap_cents": 1000000,
    })
    services.lodge_objection(measure, {"lodged_on": start + timedelta(days=60), "committee": True})


def _contracted_by_all(gemeente_ids: list[int], on: date) -> int | None:
    """A provider every participant gemeente has a contract with (the shared investigation's).

    TODO(#4): take the provider from the investigation itself once it records its providers.
    """
    candidates: set[int] | None = None
    for gemeente_id in gemeente_ids:
        with tenant_context(_in_gemeente(gemeente_id)):
            ids = {p for p, _ in links.provider_choices_of_investigation(gemeente_id)
                   if "contract" in links.financing_forms(p, gemeente_id, on)}
        candidates = ids if candidates is None else candidates & ids
    return min(candidates) if candidates else None


STAGES: list[Callable[[EnforcementCase, date], None]] = [_stage_decided, _stage_objection, _stage_plan_overdue]


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
    """Cases for each participant gemeente of the demo's shared investigation, each at its own
    stage, and dwangsom cases for refused cooperation. Idempotent."""
    added = _seed_cooperation_cases()
    found = _shared_investigation()
    if found is None:
        db.session.flush()
        return added
    investigation, gemeente_ids = found
    start = today() - timedelta(days=120)
    provider_id = _contracted_by_all(gemeente_ids, start)
    if provider_id is None:
        db.session.flush()
        return added
    for index, gemeente_id in enumerate(gemeente_ids):
        with tenant_context(_in_gemeente(gemeente_id)):
            exists = db.session.execute(
                select(EnforcementCase.id).where(
                    EnforcementCase.gemeente_id == gemeente_id,
                    EnforcementCase.investigation_id == investigation.id,
                )
            ).first()
            if exists:
                continue
            case = _advice(investigation.id, provider_id, start, ["contract_client_stop", "last_onder_dwangsom"])
            STAGES[index % len(STAGES)](case, start)
            added += 1
    db.session.flush()
    return added

