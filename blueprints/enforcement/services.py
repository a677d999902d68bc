"""Writes of enforcement: every rule checked here, then change, flush, audit. The request commits.

The toezichthouder advises and runs the improvement plan (ENFORCEMENT_ADVISE); the gemeente
records the college's measures and besluiten (ENFORCEMENT_DECIDE). A refused change raises
StepRefused before anything is written, so nothing is ever half stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from blueprints.enforcement import deadlines, links
from blueprints.enforcement.kinds import MeasureKind, kind_label
from blueprints.enforcement.models import (
    Advice,
    AdviceFinding,
    EnforcementCase,
    ImprovementPlan,
    Measure,
    MeasureDecision,
    MeasureFinding,
)
from blueprints.enforcement.steps import (
    CaseOutcome,
    CaseStatus,
    Judgement,
    MeasureStatus,
    ObjectionOutcome,
    PlanStatus,
    Standing,
    Step,
    StepRefused,
    require_case_transition,
    require_plan_transition,
    require_step,
    standing_after,
)
from regiotoezicht import audit
from regiotoezicht.context import TenantContext, require_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today

__all__ = ["StepRefused"]


def _active_gemeente_id() -> int:
    ctx = require_tenant_context()
    if ctx.active_id is None:
        raise StepRefused("Kies eerst de gemeente waarvoor u dit vastlegt.", "gemeente_id")
    return ctx.active_id


def _text(value: str | None, field: str, message: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise StepRefused(message, field)
    if max_length is not None and len(text) > max_length:
        raise StepRefused(f"Hoogstens {max_length} tekens.", field)
    return text


def _not_in_future(day: date, field: str) -> None:
    if day > today():
        raise StepRefused("Deze datum ligt in de toekomst.", field)


def _not_before(day: date, earlier: date | None, field: str, what: str) -> None:
    if earlier is not None and day < earlier:
        raise StepRefused(f"Deze datum ligt vóór {what} ({earlier:%d-%m-%Y}).", field)


def ladder(gemeente_id: int, on_date: date) -> list[str]:
    """The measure kinds on the gemeente's ladder on that date (its setting, else the default)."""
    return list(links.measure_ladder(gemeente_id, on_date))


def _check_on_ladder(gemeente_id: int, kinds: list[str], on_date: date, field: str) -> None:
    allowed = ladder(gemeente_id, on_date)
    for kind in kinds:
        if kind not in allowed:
            raise StepRefused(
                f"‘{kind_label(kind)}’ staat op {on_date:%d-%m-%Y} niet op de handhavingsladder "
                "van deze gemeente.",
                field,
            )


# --- advice and cases ----------------------------------------------------------------------


def _next_reference(gemeente_id: int, year: int) -> str:
    prefix = f"H-{year}-"
    count = db.session.execute(
        select(func.count(EnforcementCase.id)).where(
            EnforcementCase.gemeente_id == gemeente_id, EnforcementCase.reference.like(prefix + "%")
        )
    ).scalar_one()
    return f"{prefix}{count + 1:04d}"


def _ids(value: Any, field: str) -> list[int]:
    try:
        return list(dict.fromkeys(int(v) for v in (value or [])))
    except (TypeError, ValueError):
        raise StepRefused("Kies bevindingen uit de lijst.", field) from None


def _grounds(investigation_id: int, provider_id: int, value: Any, field: str, *, what: str) -> list[int]:
    """The findings `what` rests on: at least one, each a tekortkoming (voldoet niet, voldoet
    deels) of this provider in this investigation. Their ids, in the order given."""
    ids = _ids(value, field)
    if not ids:
        raise StepRefused(
            f"Kies de bevinding(en) waarop {what} steunt: normen waaraan de aanbieder in dit onderzoek "
            "niet of niet volledig voldoet.",
            field,
        )
    found = links.findings(ids)
    for finding_id in ids:
        finding = found.get(finding_id)
        if finding is None or finding.investigation_id != investigation_id or finding.provider_id != provider_id:
            raise StepRefused("Deze bevinding hoort niet bij dit onderzoek en deze aanbieder.", field)
        if not finding.is_shortcoming:
            raise StepRefused(
                f"Norm {finding.norm_code} is beoordeeld als ‘{finding.judgement}’: dat is geen tekortkoming "
                f"waarop {what} kan steunen.",
                field,
            )
    return ids


def _check_assessed(investigation_id: int, provider_id: int) -> None:
    if not links.provider_assessed(investigation_id, provider_id):
        raise StepRefused("Deze aanbieder is in dit onderzoek niet beoordeeld.", "provider_id")


def give_advice(data: dict[str, Any], *, advised_by_id: int | None) -> Advice:
    """The toezichthouder's advice to the active gemeente's college on one investigation.

    Only the investigation's lead or second inspector advises. The gemeente must take part in the
    investigation; the provider must have been assessed in it and have a relation with the
    gemeente; the advice rests on at least one tekortkoming of that provider in that
    investigation; every recommended kind must be on the gemeente's ladder. Opens the gemeente's
    enforcement case for that provider and investigation, unless one is open already.
    """
    gemeente_id = _active_gemeente_id()
    investigation_id = int(data["investigation_id"])
    provider_id = int(data["provider_id"])
    advised_on: date = data["advised_on"]
    _not_in_future(advised_on, "advised_on")
    if not links.gemeente_takes_part(investigation_id, gemeente_id):
        raise StepRefused("Deze gemeente neemt niet deel aan dit onderzoek.", "investigation_id")
    if advised_by_id is None or advised_by_id not in links.inspectors_of(investigation_id):
        raise StepRefused(
            "Alleen de toezichthouder of de tweede toezichthouder van dit onderzoek geeft het advies.",
            "investigation_id",
        )
    _check_assessed(investigation_id, provider_id)
    if not links.provider_related(provider_id, gemeente_id):
        raise StepRefused("De gemeente heeft geen contract, subsidie of pgb met deze aanbieder.", "provider_id")
    finding_ids = _grounds(investigation_id, provider_id, data.get("finding_ids"), "finding_ids", what="het advies")
    kinds = list(dict.fromkeys(data.get("recommended_kinds") or []))
    for kind in kinds:
        if kind not in {k.value for k in MeasureKind}:
            raise StepRefused(f"Onbekende soort maatregel: {kind}.", "recommended_kinds")
    _check_on_ladder(gemeente_id, kinds, advised_on, "recommended_kinds")
    plan_first = bool(data.get("recommends_improvement_plan"))
    if not kinds and not plan_first:
        raise StepRefused(
            "Adviseer een verbeterplan of ten minste één maatregel.", "recommended_kinds"
        )
    advice = Advice(
        investigation_id=investigation_id, provider_id=provider_id, advised_on=advised_on,
        advised_by_id=advised_by_id, recommends_improvement_plan=plan_first,
        recommended_kinds=kinds,
        reasoning=_text(data.get("reasoning"), "reasoning", "Onderbouw het advies."),
    )
    db.session.add(advice)
    db.session.flush()
    db.session.add_all(AdviceFinding(advice_id=advice.id, finding_id=f) for f in finding_ids)
    db.session.flush()
    audit.record(
        "enforcement.advice_given", advice,
        detail={"investigation_id": investigation_id, "finding_ids": finding_ids},
    )
    case = _open_case_for(gemeente_id, provider_id, investigation_id)
    if case is None:
        open_case(
            {"provider_id": provider_id, "investigation_id": investigation_id, "opened_on": advised_on},
            opened_by_id=advised_by_id, advice=advice,
        )
    _expire(advice)
    return advice


def advise_participants(
    investigation_id: int, gemeente_ids: list[int], data: dict[str, Any], *, advised_by_id: int | None
) -> list[Advice]:
    """The same advice to the college of each chosen participant gemeente (the inspector's page
    under /regio/): each written in a context where that gemeente is active, every rule of
    give_advice checked per gemeente. One refusal refuses all (the request rolls back)."""
    ctx = require_tenant_context()
    chosen = sorted(set(_ids(gemeente_ids, "gemeente_ids")))
    if not chosen:
        raise StepRefused("Kies ten minste één gemeente.", "gemeente_ids")
    names = links.gemeente_names(chosen)
    advices = []
    for gemeente_id in chosen:
        if gemeente_id not in ctx.allowed_ids:
            raise StepRefused("Voor deze gemeente kunt u geen advies vastleggen.", "gemeente_ids")
        narrow = TenantContext(
            allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, user_id=ctx.user_id,
            reason=f"{ctx.reason}:advice",
        )
        with tenant_context(narrow):
            try:
                advices.append(give_advice({**data, "investigation_id": investigation_id}, advised_by_id=advised_by_id))
            except StepRefused as error:
                raise StepRefused(f"{names.get(gemeente_id, '')}: {error.message}", error.field) from None
    return advices


def _open_case_for(gemeente_id: int, provider_id: int, investigation_id: int | None) -> EnforcementCase | None:
    return db.session.execute(
        select(EnforcementCase).where(
            EnforcementCase.gemeente_id == gemeente_id,
            EnforcementCase.provider_id == provider_id,
            EnforcementCase.investigation_id.is_(None)
            if investigation_id is None
            else EnforcementCase.investigation_id == investigation_id,
            EnforcementCase.status != CaseStatus.CLOSED.value,
        )
    ).scalars().first()


def open_case(
    data: dict[str, Any], *, opened_by_id: int | None, advice: Advice | None = None
) -> EnforcementCase:
    """Open an enforcement case of the active gemeente for a provider (after advice, or without
    one: a dwangsom for refused cooperation needs no investigation finding). A case on an
    investigation concerns a provider assessed in it."""
    gemeente_id = _active_gemeente_id()
    provider_id = int(data["provider_id"])
    investigation_id = data.get("investigation_id")
    opened_on: date = data["opened_on"]
    _not_in_future(opened_on, "opened_on")
    if not links.provider_exists(provider_id):
        raise StepRefused("Onbekende aanbieder.", "provider_id")
    if investigation_id is not None:
        investigation_id = int(investigation_id)
        if not links.gemeente_takes_part(investigation_id, gemeente_id):
            raise StepRefused("Deze gemeente neemt niet deel aan dit onderzoek.", "investigation_id")
        _check_assessed(investigation_id, provider_id)
    if not links.provider_related(provider_id, gemeente_id):
        raise StepRefused("De gemeente heeft geen contract, subsidie of pgb met deze aanbieder.", "provider_id")
    if _open_case_for(gemeente_id, provider_id, investigation_id) is not None:
        raise StepRefused(
            "Er loopt al een handhavingszaak voor deze aanbieder en dit onderzoek.", "provider_id"
        )
    case = EnforcementCase(
        reference=_next_reference(gemeente_id, opened_on.year), provider_id=provider_id,
        investigation_id=investigation_id, advice_id=advice.id if advice else None,
        status=CaseStatus.OPEN.value, opened_on=opened_on, opened_by_id=opened_by_id,
    )
    db.session.add(case)
    db.session.flush()
    audit.record("enforcement.case_opened", case, detail={"advice_id": case.advice_id})
    return case


def _move_case(case: EnforcementCase, target: CaseStatus) -> None:
    require_case_transition(CaseStatus(case.status), target)
    if case.status != target.value:
        case.status = target.value
        audit.record("enforcement.case_status", case, detail={"status": target.value})


def close_case(case: EnforcementCase, data: dict[str, Any]) -> EnforcementCase:
    """Close with an outcome; never while a plan or a measure still waits for a step.

    The outcome "vervolgonderzoek: voldoet" needs the follow-up investigation, which must follow
    up this case's investigation, include this gemeente, have judged the case's provider on at
    least one norm and found no tekortkoming left. The follow-up and what it found are recorded.
    """
    closed_on: date = data["closed_on"]
    _not_in_future(closed_on, "closed_on")
    _not_before(closed_on, case.opened_on, "closed_on", "de opening van de zaak")
    outcome = CaseOutcome(data["outcome"])
    reasoning = _text(data.get("outcome_reasoning"), "outcome_reasoning", "Onderbouw de afsluiting.")
    if any(PlanStatus(p.status) in (PlanStatus.REQUESTED, PlanStatus.RECEIVED) for p in case.plans):
        raise StepRefused("Een verbeterplan wacht nog op ontvangst of beoordeling.", "status")
    if any(MeasureStatus(m.status).is_pending for m in case.measures):
        raise StepRefused(
            "Een maatregel wacht nog op een besluit, een beslissing op bezwaar of een uitspraak.",
            "status",
        )
    follow_up_id = data.get("follow_up_investigation_id")
    if outcome is CaseOutcome.FOLLOW_UP_COMPLIES and follow_up_id is None:
        raise StepRefused("Kies het vervolgonderzoek dat de zaak afsluit.", "follow_up_investigation_id")
    follow_up: links.FollowUpView | None = None
    if follow_up_id is not None:
        _check_follow_up(case, int(follow_up_id), "follow_up_investigation_id")
        follow_up = next(
            f for f in links.follow_ups(case.investigation_id, case.gemeente_id, case.provider_id)
            if f.id == int(follow_up_id)
        )
        if outcome is CaseOutcome.FOLLOW_UP_COMPLIES and not follow_up.complies:
            raise StepRefused(
                f"Het vervolgonderzoek {follow_up.summary}: de zaak kan niet worden afgesloten als "
                "‘vervolgonderzoek: voldoet’.",
                "follow_up_investigation_id",
            )
        case.follow_up_investigation_id = int(follow_up_id)
    require_case_transition(CaseStatus(case.status), CaseStatus.CLOSED)
    case.status = CaseStatus.CLOSED.value
    case.closed_on = closed_on
    case.outcome = outcome.value
    case.outcome_reasoning = reasoning
    db.session.flush()
    audit.record(
        "enforcement.case_closed", case,
        detail={
            "outcome": outcome.value, "follow_up_investigation_id": case.follow_up_investigation_id,
            "follow_up_shortcomings": None if follow_up is None else [f.id for f in follow_up.shortcomings],
        },
    )
    return case


def _check_follow_up(case: EnforcementCase, investigation_id: int, field: str) -> None:
    if not links.gemeente_takes_part(investigation_id, case.gemeente_id):
        raise StepRefused("Deze gemeente neemt niet deel aan dat onderzoek.", field)
    if case.investigation_id is None or not links.follows_up(investigation_id, case.investigation_id):
        raise StepRefused("Dat onderzoek is geen vervolgonderzoek van het onderzoek van deze zaak.", field)


def _require_open(case: EnforcementCase) -> None:
    if case.status == CaseStatus.CLOSED.value:
        raise StepRefused("Deze zaak is afgesloten.", "status")


# --- improvement plan (not a sanction) ------------------------------------------------------


def request_plan(case: EnforcementCase, data: dict[str, Any]) -> ImprovementPlan:
    """Ask the provider for an improvement plan; the term is the gemeente's setting in weeks."""
    _require_open(case)
    requested_on: date = data["requested_on"]
    _not_in_future(requested_on, "requested_on")
    _not_before(requested_on, case.opened_on, "requested_on", "de opening van de zaak")
    if any(PlanStatus(p.status) in (PlanStatus.REQUESTED, PlanStatus.RECEIVED) for p in case.plans):
        raise StepRefused("Er loopt al een verbeterplan in deze zaak.", "requested_on")
    require_case_transition(CaseStatus(case.status), CaseStatus.IMPROVEMENT)
    weeks = deadlines.improvement_plan_term(case.gemeente_id, requested_on)
    plan = ImprovementPlan(
        case_id=case.id, status=PlanStatus.REQUESTED.value, requested_on=requested_on,
        term_weeks=weeks, due_on=deadlines.weeks_after(requested_on, weeks).due_on,
    )
    db.session.add(plan)
    _move_case(case, CaseStatus.IMPROVEMENT)
    db.session.flush()
    audit.record("enforcement.plan_requested", plan, detail={"case_id": case.id, "due_on": plan.due_on.isoformat()})
    _expire(case)
    return plan


def _plan_step(plan: ImprovementPlan, target: PlanStatus) -> None:
    _require_open(plan.case)
    require_plan_transition(PlanStatus(plan.status), target)


def receive_plan(plan: ImprovementPlan, data: dict[str, Any]) -> ImprovementPlan:
    _plan_step(plan, PlanStatus.RECEIVED)
    received_on: date = data["received_on"]
    _not_in_future(received_on, "received_on")
    _not_before(received_on, plan.requested_on, "received_on", "het verzoek")
    plan.status = PlanStatus.RECEIVED.value
    plan.received_on = received_on
    db.session.flush()
    audit.record("enforcement.plan_received", plan, detail={"late": received_on > plan.due_on})
    return plan


def record_plan_not_received(plan: ImprovementPlan, data: dict[str, Any]) -> ImprovementPlan:
    """Only once the term has passed: until then the provider may still send it."""
    _plan_step(plan, PlanStatus.NOT_RECEIVED)
    recorded_on: date = data["recorded_on"]
    _not_in_future(recorded_on, "recorded_on")
    if recorded_on <= plan.due_on:
        raise StepRefused(
            f"De termijn voor het verbeterplan loopt nog tot en met {plan.due_on:%d-%m-%Y}.", "recorded_on"
        )
    plan.status = PlanStatus.NOT_RECEIVED.value
    plan.assessed_on = recorded_on
    db.session.flush()
    audit.record("enforcement.plan_not_received", plan)
    return plan


def assess_plan(plan: ImprovementPlan, data: dict[str, Any]) -> ImprovementPlan:
    judgement = Judgement(data["assessment"])
    target = PlanStatus.SUFFICIENT if judgement is Judgement.SUFFICIENT else PlanStatus.INSUFFICIENT
    _plan_step(plan, target)
    assessed_on: date = data["assessed_on"]
    _not_in_future(assessed_on, "assessed_on")
    _not_before(assessed_on, plan.received_on, "assessed_on", "de ontvangst van het plan")
    plan.assessment_reasoning = _text(
        data.get("assessment_reasoning"), "assessment_reasoning", "Onderbouw de beoordeling."
    )
    plan.status = target.value
    plan.assessment = judgement.value
    plan.assessed_on = assessed_on
    db.session.flush()
    audit.record("enforcement.plan_assessed", plan, detail={"assessment": judgement.value})
    return plan


def recheck_plan(plan: ImprovementPlan, data: dict[str, Any]) -> ImprovementPlan:
    """The re-check of a plan judged sufficient; it may be a follow-up investigation, which must
    then have found no tekortkoming left for the outcome to be 'voldoende'."""
    _plan_step(plan, PlanStatus.RECHECKED)
    recheck_on: date = data["recheck_on"]
    _not_in_future(recheck_on, "recheck_on")
    _not_before(recheck_on, plan.assessed_on, "recheck_on", "de beoordeling van het plan")
    outcome = Judgement(data["recheck_outcome"])
    reasoning = _text(data.get("recheck_reasoning"), "recheck_reasoning", "Beschrijf de uitkomst van de hercontrole.")
    investigation_id = data.get("recheck_investigation_id")
    if investigation_id is not None:
        case = plan.case
        _check_follow_up(case, int(investigation_id), "recheck_investigation_id")
        follow_up = next(
            f for f in links.follow_ups(case.investigation_id, case.gemeente_id, case.provider_id)
            if f.id == int(investigation_id)
        )
        if outcome is Judgement.SUFFICIENT and not follow_up.complies:
            raise StepRefused(
                f"Het vervolgonderzoek {follow_up.summary}: de hercontrole kan daarop niet ‘voldoende’ zijn.",
                "recheck_investigation_id",
            )
        plan.recheck_investigation_id = int(investigation_id)
    plan.status = PlanStatus.RECHECKED.value
    plan.recheck_on = recheck_on
    plan.recheck_outcome = outcome.value
    plan.recheck_reasoning = reasoning
    db.session.flush()
    audit.record("enforcement.plan_rechecked", plan, detail={"outcome": outcome.value})
    return plan


# --- measures through the Awb steps ---------------------------------------------------------


def propose_measure(case: EnforcementCase, data: dict[str, Any]) -> Measure:
    """Record the voornemen of a measure; the zienswijze term starts (Awb 4:8).

    The kind must be on the gemeente's ladder on that date; a contract, subsidy or pgb measure
    needs that financing relation with the provider; every kind but the dwangsom for refused
    cooperation (Awb 5:20) rests on at least one finding of the case's investigation for the
    case's provider that is a tekortkoming (voldoet niet, voldoet deels).
    """
    _require_open(case)
    intended_on: date = data["intended_on"]
    _not_in_future(intended_on, "intended_on")
    _not_before(intended_on, case.opened_on, "intended_on", "de opening van de zaak")
    try:
        kind = MeasureKind(data["kind"])
    except ValueError:
        raise StepRefused("Onbekende soort maatregel.", "kind") from None
    _check_on_ladder(case.gemeente_id, [kind.value], intended_on, "kind")
    spec = kind.spec
    finding_ids: list[int] = []
    if spec.needs_finding:
        if case.investigation_id is None:
            raise StepRefused(
                "Deze maatregel steunt op een bevinding uit een onderzoek; deze zaak heeft geen onderzoek.",
                "kind",
            )
        finding_ids = _grounds(
            case.investigation_id, case.provider_id, data.get("finding_ids"), "finding_ids", what="de maatregel"
        )
    elif _ids(data.get("finding_ids"), "finding_ids"):
        if case.investigation_id is None:
            raise StepRefused("Deze zaak heeft geen onderzoek met bevindingen.", "finding_ids")
        finding_ids = _grounds(
            case.investigation_id, case.provider_id, data.get("finding_ids"), "finding_ids", what="de maatregel"
        )
    if spec.financing_form is not None and spec.financing_form not in links.financing_forms(
        case.provider_id, case.gemeente_id, intended_on
    ):
        raise StepRefused(
            f"De gemeente heeft op {intended_on:%d-%m-%Y} geen relatie ({spec.financing_form}) met deze "
            "aanbieder waarop deze maatregel kan steunen.",
            "kind",
        )
    require_case_transition(CaseStatus(case.status), CaseStatus.MEASURES)
    weeks = deadlines.view_term(case.gemeente_id, intended_on)
    measure = Measure(
        case_id=case.id, kind=kind.value, status=MeasureStatus.INTENDED.value,
        description=_text(data.get("description"), "description", "Beschrijf wat de maatregel van de aanbieder vraagt."),
        legal_basis=_text(data.get("legal_basis") or spec.default_legal_basis, "legal_basis", "Noem de juridische grondslag.", 300),
        intended_on=intended_on, view_term_weeks=weeks,
        view_due_on=deadlines.weeks_after(intended_on, weeks).due_on,
    )
    db.session.add(measure)
    _move_case(case, CaseStatus.MEASURES)
    db.session.flush()
    db.session.add_all(MeasureFinding(measure_id=measure.id, finding_id=f) for f in finding_ids)
    db.session.flush()
    audit.record(
        "enforcement.measure_intended", measure,
        detail={"case_id": case.id, "kind": kind.value, "finding_ids": finding_ids},
    )
    _expire(case)
    return measure


def _step(measure: Measure, step: Step) -> MeasureStatus:
    _require_open(measure.case)
    return require_step(MeasureStatus(measure.status), step)


def record_view(measure: Measure, data: dict[str, Any]) -> Measure:
    """Zienswijze received (with its date), or none: the latter only after the term has passed."""
    target = _step(measure, Step.RECORD_VIEW)
    recorded_on: date = data["recorded_on"]
    _not_in_future(recorded_on, "recorded_on")
    _not_before(recorded_on, measure.intended_on, "recorded_on", "het voornemen")
    received = bool(data["received"])
    if received:
        received_on = data.get("received_on")
        if received_on is None:
            raise StepRefused("Vul de datum in waarop de zienswijze binnenkwam.", "received_on")
        _not_before(received_on, measure.intended_on, "received_on", "het voornemen")
        if received_on > recorded_on:
            raise StepRefused("De zienswijze kan niet na het vastleggen zijn ontvangen.", "received_on")
        measure.view_received_on = received_on
        measure.view_summary = _text(data.get("summary"), "summary", "Vat de zienswijze samen.")
    elif recorded_on <= measure.view_due_on:
        raise StepRefused(
            f"De termijn voor de zienswijze loopt nog tot en met {measure.view_due_on:%d-%m-%Y}.",
            "recorded_on",
        )
    measure.view_received = received
    measure.view_recorded_on = recorded_on
    measure.status = target.value
    db.session.flush()
    audit.record("enforcement.view_recorded", measure, detail={"received": received})
    return measure


def withdraw_measure(measure: Measure, data: dict[str, Any]) -> Measure:
    target = _step(measure, Step.WITHDRAW)
    withdrawn_on: date = data["withdrawn_on"]
    _not_in_future(withdrawn_on, "withdrawn_on")
    _not_before(withdrawn_on, measure.intended_on, "withdrawn_on", "het voornemen")
    measure.withdrawal_reason = _text(data.get("reason"), "reason", "Geef de reden van de intrekking.")
    measure.withdrawn_on = withdrawn_on
    measure.status = target.value
    db.session.flush()
    audit.record("enforcement.measure_withdrawn", measure)
    return measure


def decide_measure(measure: Measure, data: dict[str, Any]) -> MeasureDecision:
    """The college's besluit: imposed or not, its legal basis, who decided under which mandate.

    A herstelsanctie needs a begunstigingstermijn (Awb 5:32a), a dwangsom its amount and maximum
    (Awb 5:32b). An imposed measure opens the bezwaar term of six weeks after sending (Awb 6:7).
    """
    _step(measure, Step.DECIDE)
    case = measure.case
    kind = MeasureKind(measure.kind)
    decided_on: date = data["decided_on"]
    sent_on: date = data.get("sent_on") or decided_on
    _not_in_future(decided_on, "decided_on")
    _not_before(decided_on, measure.view_recorded_on, "decided_on", "de zienswijze")
    _not_in_future(sent_on, "sent_on")
    _not_before(sent_on, decided_on, "sent_on", "het besluit")
    imposed = bool(data["imposed"])
    decision = MeasureDecision(
        measure_id=measure.id, case_id=case.id, investigation_id=case.investigation_id,
        kind=kind.value, imposed=imposed, decided_on=decided_on, sent_on=sent_on,
        legal_basis=_text(data.get("legal_basis"), "legal_basis", "Noem de juridische grondslag van het besluit.", 300),
        decided_by=_text(data.get("decided_by"), "decided_by", "Noem wie het besluit nam (het college of de gemandateerde).", 200),
        mandate=_text(data.get("mandate"), "mandate", "Noem het mandaat of het collegebesluit waaronder besloten is.", 300),
        summary=_text(data.get("summary"), "summary", "Vat het besluit samen."),
        penalty_unit="",
        standing=(Standing.IN_FORCE if imposed else Standing.NOT_IMPOSED).value,
    )
    if imposed:
        if kind.spec.needs_recovery_term:
            weeks = data.get("recovery_term_weeks")
            if not weeks or int(weeks) < 1:
                raise StepRefused("Geef de begunstigingstermijn in weken (artikel 5:32a Awb).", "recovery_term_weeks")
            decision.recovery_term_weeks = int(weeks)
            decision.recovery_due_on = deadlines.weeks_after(sent_on, int(weeks)).due_on
        if kind.spec.is_penalty:
            amount, cap = data.get("penalty_amount_cents"), data.get("penalty_cap_cents")
            if not amount or int(amount) <= 0:
                raise StepRefused("Geef het bedrag van de dwangsom (artikel 5:32b Awb).", "penalty_amount_cents")
            if not cap or int(cap) < int(amount):
                raise StepRefused("Geef het maximum van de dwangsom, niet lager dan het bedrag.", "penalty_cap_cents")
            decision.penalty_amount_cents = int(amount)
            decision.penalty_cap_cents = int(cap)
            decision.penalty_unit = _text(data.get("penalty_unit"), "penalty_unit", "Zeg per wat de dwangsom geldt (per dag, per overtreding).", 40)
        measure.status = MeasureStatus.DECIDED.value
        measure.objection_due_on = deadlines.objection_deadline(sent_on).due_on
    else:
        measure.status = MeasureStatus.NOT_IMPOSED.value
    db.session.add(decision)
    db.session.flush()
    audit.record("enforcement.measure_decided", decision, detail={"measure_id": measure.id, "imposed": imposed})
    _expire(measure)
    return decision


def lodge_objection(measure: Measure, data: dict[str, Any]) -> Measure:
    """Bezwaar lodged; one lodged after the term is kept and marked late (Awb 6:11 decides)."""
    target = _step(measure, Step.LODGE_OBJECTION)
    decision = measure.decision
    assert decision is not None and measure.objection_due_on is not None
    lodged_on: date = data["lodged_on"]
    _not_in_future(lodged_on, "lodged_on")
    _not_before(lodged_on, decision.sent_on, "lodged_on", "de verzending van het besluit")
    committee = bool(data.get("committee"))
    measure.objection_lodged_on = lodged_on
    measure.objection_late = lodged_on > measure.objection_due_on
    measure.objection_committee = committee
    measure.objection_decision_due_on = deadlines.objection_decision_deadline(
        measure.objection_due_on, committee=committee
    ).due_on
    measure.status = target.value
    db.session.flush()
    audit.record("enforcement.objection_lodged", measure, detail={"late": measure.objection_late})
    return measure


def decide_objection(measure: Measure, data: dict[str, Any]) -> Measure:
    target = _step(measure, Step.DECIDE_OBJECTION)
    decided_on: date = data["decided_on"]
    _not_in_future(decided_on, "decided_on")
    _not_before(decided_on, measure.objection_lodged_on, "decided_on", "het bezwaar")
    outcome = ObjectionOutcome(data["outcome"])
    measure.objection_decided_on = decided_on
    measure.objection_outcome = outcome.value
    measure.appeal_due_on = deadlines.appeal_deadline(decided_on).due_on
    measure.status = target.value
    _restand(measure, outcome, appeal=False)
    db.session.flush()
    audit.record("enforcement.objection_decided", measure, detail={"outcome": outcome.value})
    return measure


def lodge_appeal(measure: Measure, data: dict[str, Any]) -> Measure:
    target = _step(measure, Step.LODGE_APPEAL)
    lodged_on: date = data["lodged_on"]
    _not_in_future(lodged_on, "lodged_on")
    _not_before(lodged_on, measure.objection_decided_on, "lodged_on", "de beslissing op bezwaar")
    measure.appeal_lodged_on = lodged_on
    measure.status = target.value
    db.session.flush()
    audit.record("enforcement.appeal_lodged", measure)
    return measure


def decide_appeal(measure: Measure, data: dict[str, Any]) -> Measure:
    target = _step(measure, Step.DECIDE_APPEAL)
    decided_on: date = data["decided_on"]
    _not_in_future(decided_on, "decided_on")
    _not_before(decided_on, measure.appeal_lodged_on, "decided_on", "het beroep")
    outcome = ObjectionOutcome(data["outcome"])
    measure.appeal_decided_on = decided_on
    measure.appeal_outcome = outcome.value
    measure.status = target.value
    _restand(measure, outcome, appeal=True)
    db.session.flush()
    audit.record("enforcement.appeal_decided", measure, detail={"outcome": outcome.value})
    return measure


def _restand(measure: Measure, outcome: ObjectionOutcome, *, appeal: bool) -> None:
    new = standing_after(outcome, appeal=appeal)
    decision = measure.decision
    if new is not None and decision is not None and decision.standing != new.value:
        decision.standing = new.value
        audit.record("enforcement.decision_standing", decision, detail={"standing": new.value})


def _expire(obj: Any) -> None:
    """Relationships are view-only: reload them after a change so the next rule sees it."""
    db.session.expire(obj)


#: The measure steps by URL name, for the routes and the API.
MEASURE_STEP_SERVICES = {
    Step.RECORD_VIEW: record_view,
    Step.WITHDRAW: withdraw_measure,
    Step.DECIDE: decide_measure,
    Step.LODGE_OBJECTION: lodge_objection,
    Step.DECIDE_OBJECTION: decide_objection,
    Step.LODGE_APPEAL: lodge_appeal,
    Step.DECIDE_APPEAL: decide_appeal,
}
