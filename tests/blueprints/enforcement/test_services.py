"""Enforcement services on PostgreSQL: every step allowed and refused, and the deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.enforcement import links, queries, services
from blueprints.enforcement.models import Advice, EnforcementCase, Measure, MeasureDecision
from blueprints.enforcement.steps import (
    CaseStatus,
    MeasureStatus,
    PlanStatus,
    Standing,
    StepRefused,
)
from regiotoezicht.audit import AuditEvent
from regiotoezicht.extensions import db
from blueprints.frameworks.models import Framework
from tests.blueprints.enforcement.conftest import OPENED, EnforcementWorld, acting_in
from tests.blueprints.enforcement.investigations import make_finding, make_investigation
from tests.factories import gemeente, region
from tests.blueprints.enforcement.settings import set_setting

pytestmark = pytest.mark.postgres


def _advice(ew: EnforcementWorld, **overrides: Any) -> Advice:
    data = {
        "investigation_id": ew.shared, "provider_id": ew.provider_p, "advised_on": OPENED,
        "recommends_improvement_plan": True, "recommended_kinds": ["last_onder_dwangsom"],
        "finding_ids": [ew.short], "reasoning": "Begeleidingsplannen ontbreken bij drie van de vijf cliënten.",
    }
    data.update(overrides)
    return services.give_advice(data, advised_by_id=ew.world.user_ids["inspector_a"])


def _case(ew: EnforcementWorld) -> EnforcementCase:
    advice = _advice(ew)
    return db.session.execute(select(EnforcementCase).where(EnforcementCase.advice_id == advice.id)).scalar_one()


def _refused(field: str, call: Any, *args: Any, **kwargs: Any) -> StepRefused:
    with pytest.raises(StepRefused) as refused:
        call(*args, **kwargs)
    assert refused.value.field == field, refused.value.message
    return refused.value


def _decision(**overrides: Any) -> dict[str, Any]:
    data = {
        "decided_on": date(2026, 3, 16), "sent_on": date(2026, 3, 16), "imposed": True,
        "legal_basis": "Artikel 125 Gemeentewet en artikel 5:32 Awb",
        "decided_by": "Het college van burgemeester en wethouders",
        "mandate": "Collegebesluit van 10 maart 2026",
        "summary": "Last onder dwangsom: begeleidingsplannen binnen vier weken op orde.",
        "recovery_term_weeks": 4, "penalty_amount_cents": 50000, "penalty_unit": "per week",
        "penalty_cap_cents": 500000,
    }
    data.update(overrides)
    return data


def _measure(
    case: EnforcementCase, kind: str = "last_onder_dwangsom", on: date = date(2026, 3, 2),
    finding_ids: list[int] | None = None,
) -> Measure:
    """A voornemen; unless told otherwise resting on every tekortkoming of the case's provider."""
    if finding_ids is None and case.investigation_id is not None:
        finding_ids = [f.id for f in links.shortcomings(case.investigation_id, case.provider_id)]
    return services.propose_measure(case, {
        "kind": kind, "description": "Begeleidingsplannen van alle cliënten op orde.", "legal_basis": "",
        "intended_on": on, "finding_ids": finding_ids or [],
    })


# --- advice and cases ------------------------------------------------------------------------


def test_advice_opens_the_case_and_is_audited(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        advice = _advice(ew)
        case = db.session.execute(select(EnforcementCase)).scalars().one()
        assert (case.gemeente_id, case.provider_id, case.investigation_id) == (ew.world.a_id, ew.provider_p, ew.shared)
        assert case.status == CaseStatus.OPEN and case.reference == "H-2026-0001"
        assert case.advice_id == advice.id
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
        assert {"enforcement.advice_given", "enforcement.case_opened"} <= actions
        # A second advice on the same investigation adds to the open case, no second case.
        _advice(ew, recommended_kinds=[])
        assert db.session.execute(select(EnforcementCase)).scalars().all() == [case]


def test_advice_refusals(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        # C's investigation is not A's: A does not take part (and does not even see it).
        _refused("investigation_id", _advice, ew, investigation_id=ew.c_only)
        _refused("provider_id", _advice, ew, provider_id=ew.provider_q)
        _refused("recommended_kinds", _advice, ew, recommended_kinds=[], recommends_improvement_plan=False)
        _refused("recommended_kinds", _advice, ew, recommended_kinds=["aanwijzing"])
        _refused("advised_on", _advice, ew, advised_on=date.today() + timedelta(days=1))
        _refused("reasoning", _advice, ew, reasoning="  ")
        set_setting(ew.world.a_id, "enforcement.measure_ladder", ["contract_client_stop"], date(2026, 1, 1))
        message = _refused("recommended_kinds", _advice, ew)
        assert "niet op de handhavingsladder" in message.message
        # Before the new ladder took effect the kind was on the (default) ladder.
        assert _advice(ew, advised_on=date(2025, 12, 31)).recommended_kinds == ["last_onder_dwangsom"]
        assert db.session.execute(select(Advice)).scalars().all() != []


def test_open_case_without_advice_and_duplicates(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = services.open_case({"provider_id": ew.provider_p, "opened_on": OPENED}, opened_by_id=None)
        assert case.investigation_id is None and case.advice_id is None
        _refused("provider_id", services.open_case, {"provider_id": ew.provider_p, "opened_on": OPENED}, opened_by_id=None)
        _refused("provider_id", services.open_case, {"provider_id": 999999, "opened_on": OPENED}, opened_by_id=None)
        _refused("provider_id", services.open_case, {"provider_id": ew.provider_q, "opened_on": OPENED}, opened_by_id=None)
        _refused("investigation_id", services.open_case,
                 {"provider_id": ew.provider_q, "investigation_id": ew.c_only, "opened_on": OPENED}, opened_by_id=None)
        second = services.open_case({"provider_id": ew.provider_p, "investigation_id": ew.shared, "opened_on": OPENED}, opened_by_id=None)
        assert second.reference == "H-2026-0002"


def test_advice_rests_on_shortcomings_of_an_assessed_provider(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        # R has a contract with A, but the shared investigation did not assess it.
        assert "niet beoordeeld" in _refused("provider_id", _advice, ew, provider_id=ew.provider_r).message
        assert "Kies de bevinding" in _refused("finding_ids", _advice, ew, finding_ids=[]).message
        # "Voldoet" is no tekortkoming; a finding of another investigation (even A's own) or of
        # an investigation A does not take part in (C's: not even visible) is no ground here.
        assert "geen tekortkoming" in _refused("finding_ids", _advice, ew, finding_ids=[ew.short, ew.complies]).message
        _refused("finding_ids", _advice, ew, finding_ids=[ew.short_a_only])
        _refused("finding_ids", _advice, ew, finding_ids=[ew.short_c])
        _refused("finding_ids", _advice, ew, finding_ids=["x"])
        # Only the investigation's lead or second inspector advises.
        message = _refused("investigation_id", services.give_advice, {
            "investigation_id": ew.shared, "provider_id": ew.provider_p, "advised_on": OPENED,
            "recommends_improvement_plan": True, "finding_ids": [ew.short], "reasoning": "Advies.",
        }, advised_by_id=ew.world.user_ids["admin_a"])
        assert "toezichthouder" in message.message
        assert db.session.execute(select(func.count(Advice.id))).scalar_one() == 0
        advice = _advice(ew, finding_ids=[ew.partly, ew.short, ew.partly])
        assert advice.finding_ids == [ew.partly, ew.short]
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "enforcement.advice_given")).scalar_one()
        assert event.detail["finding_ids"] == [ew.partly, ew.short]


def test_a_case_on_an_investigation_concerns_an_assessed_provider(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        _refused("provider_id", services.open_case,
                 {"provider_id": ew.provider_r, "investigation_id": ew.shared, "opened_on": OPENED}, opened_by_id=None)
        # Without an investigation (refused cooperation) the relation with the gemeente suffices.
        assert services.open_case({"provider_id": ew.provider_r, "opened_on": OPENED}, opened_by_id=None).id


def test_a_measure_rests_on_a_shortcoming_of_the_case(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        for finding_ids in ([], [ew.complies], [ew.short_a_only], [ew.follow_up_complies], [ew.short_c]):
            _refused("finding_ids", _measure, case, "contract_client_stop", finding_ids=finding_ids)
        assert db.session.execute(select(func.count(Measure.id))).scalar_one() == 0
        measure = _measure(case, "contract_client_stop", finding_ids=[ew.partly])
        assert measure.finding_ids == [ew.partly]
        # The 5:20 dwangsom needs no finding; on a case without investigation it can name none.
        bare = services.open_case({"provider_id": ew.provider_p, "opened_on": OPENED}, opened_by_id=None)
        _refused("finding_ids", _measure, bare, "dwangsom_medewerking", finding_ids=[ew.short])
        assert _measure(bare, "dwangsom_medewerking", finding_ids=[]).finding_ids == []


# --- improvement plan --------------------------------------------------------------------------


def test_plan_request_uses_the_gemeente_term_in_weeks(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        plan = services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        # Six weeks (the default) after Monday 2 March 2026 is Monday 13 April 2026.
        assert (plan.term_weeks, plan.due_on, plan.status) == (6, date(2026, 4, 13), PlanStatus.REQUESTED)
        assert case.status == CaseStatus.IMPROVEMENT
        _refused("requested_on", services.request_plan, case, {"requested_on": date(2026, 3, 3)})


def test_plan_term_moves_past_koningsdag(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        set_setting(ew.world.a_id, "enforcement.improvement_plan_term_weeks", 4, date(2026, 1, 1))
        case = _case(ew)
        # 30 March + 4 weeks = Monday 27 April 2026, Koningsdag: the term runs to Tuesday 28 April.
        plan = services.request_plan(case, {"requested_on": date(2026, 3, 30)})
        assert (plan.term_weeks, plan.due_on) == (4, date(2026, 4, 28))


def test_plan_steps_allowed_and_refused(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        plan = services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        _refused("status", services.assess_plan, plan,
                 {"assessed_on": date(2026, 3, 20), "assessment": "sufficient", "assessment_reasoning": "x"})
        _refused("recorded_on", services.record_plan_not_received, plan, {"recorded_on": date(2026, 4, 13)})
        _refused("received_on", services.receive_plan, plan, {"received_on": date(2026, 3, 1)})
        services.receive_plan(plan, {"received_on": date(2026, 4, 1)})
        assert plan.status == PlanStatus.RECEIVED
        _refused("status", services.receive_plan, plan, {"received_on": date(2026, 4, 2)})
        _refused("status", services.recheck_plan, plan,
                 {"recheck_on": date(2026, 6, 1), "recheck_outcome": "sufficient", "recheck_reasoning": "x"})
        _refused("assessment_reasoning", services.assess_plan, plan,
                 {"assessed_on": date(2026, 4, 3), "assessment": "sufficient", "assessment_reasoning": ""})
        _refused("assessed_on", services.assess_plan, plan,
                 {"assessed_on": date(2026, 3, 31), "assessment": "sufficient", "assessment_reasoning": "x"})
        services.assess_plan(plan, {"assessed_on": date(2026, 4, 3), "assessment": "sufficient",
                                    "assessment_reasoning": "Het plan pakt alle bevindingen aan."})
        assert plan.status == PlanStatus.SUFFICIENT
        _refused("recheck_investigation_id", services.recheck_plan, plan,
                 {"recheck_on": date(2026, 6, 1), "recheck_outcome": "sufficient", "recheck_reasoning": "x",
                  "recheck_investigation_id": ew.a_only})
        services.recheck_plan(plan, {"recheck_on": date(2026, 6, 1), "recheck_outcome": "sufficient",
                                     "recheck_reasoning": "Plannen op orde.", "recheck_investigation_id": ew.follow_up})
        assert (plan.status, plan.recheck_investigation_id) == (PlanStatus.RECHECKED, ew.follow_up)
        _refused("status", services.recheck_plan, plan,
                 {"recheck_on": date(2026, 6, 2), "recheck_outcome": "sufficient", "recheck_reasoning": "x"})


def test_plan_not_received_only_after_the_term(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        plan = services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        services.record_plan_not_received(plan, {"recorded_on": date(2026, 4, 14)})
        assert plan.status == PlanStatus.NOT_RECEIVED
        _refused("status", services.receive_plan, plan, {"received_on": date(2026, 4, 15)})
        # The plan is settled: a new one may be asked.
        assert services.request_plan(case, {"requested_on": date(2026, 4, 15)}).status == PlanStatus.REQUESTED


# --- measures ---------------------------------------------------------------------------------


def test_measure_refusals(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        for kind, field in (("verbeterplan", "kind"), ("aanwijzing", "kind"), ("subsidy_withdrawal", "kind"),
                            ("pgb_revocation", "kind")):
            _refused(field, _measure, case, kind)  # no subsidy or pgb relation with P
        _refused("intended_on", _measure, case, "contract_client_stop", date(2026, 3, 1))  # before the case
        _refused("description", services.propose_measure, case,
                 {"kind": "contract_client_stop", "description": " ", "intended_on": OPENED, "finding_ids": [ew.short]})
        set_setting(ew.world.a_id, "enforcement.measure_ladder", ["contract_client_stop"], date(2026, 3, 1))
        assert "niet op de handhavingsladder" in _refused("kind", _measure, case).message
        assert _measure(case, "contract_client_stop").status == MeasureStatus.INTENDED


def test_measures_need_a_finding_except_the_5_20_dwangsom(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        no_investigation = services.open_case({"provider_id": ew.provider_p, "opened_on": OPENED}, opened_by_id=None)
        _refused("kind", _measure, no_investigation, "last_onder_dwangsom")
        m = _measure(no_investigation, "dwangsom_medewerking")
        assert m.legal_basis.startswith("Artikel 5:20 Awb")
        with_investigation = services.open_case(
            {"provider_id": ew.provider_p, "investigation_id": ew.a_only, "opened_on": OPENED}, opened_by_id=None
        )
        assert _measure(with_investigation, "last_onder_dwangsom").status == MeasureStatus.INTENDED


def test_the_awb_steps_with_their_terms(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        m = _measure(case)
        assert case.status == CaseStatus.MEASURES
        # Zienswijze: two weeks (the default) after Monday 2 March 2026.
        assert (m.view_term_weeks, m.view_due_on) == (2, date(2026, 3, 16))
        _refused("status", services.decide_measure, m, _decision())  # Awb 4:8: hear first
        _refused("recorded_on", services.record_view, m, {"recorded_on": date(2026, 3, 16), "received": False})
        _refused("received_on", services.record_view, m, {"recorded_on": date(2026, 3, 10), "received": True})
        _refused("summary", services.record_view, m,
                 {"recorded_on": date(2026, 3, 10), "received": True, "received_on": date(2026, 3, 9)})
        services.record_view(m, {"recorded_on": date(2026, 3, 10), "received": True, "received_on": date(2026, 3, 9),
                                 "summary": "De aanbieder belooft beterschap."})
        assert m.status == MeasureStatus.VIEW_CLOSED
        for field, change in (("mandate", {"mandate": ""}), ("decided_by", {"decided_by": ""}),
                              ("legal_basis", {"legal_basis": ""}), ("recovery_term_weeks", {"recovery_term_weeks": None}),
                              ("penalty_amount_cents", {"penalty_amount_cents": None}),
                              ("penalty_cap_cents", {"penalty_cap_cents": 100}),
                              ("penalty_unit", {"penalty_unit": ""}),
                              ("decided_on", {"decided_on": date(2026, 3, 9)}),
                              ("sent_on", {"sent_on": date(2026, 3, 15)})):
            _refused(field, services.decide_measure, m, _decision(**change))
        decision = services.decide_measure(m, _decision())
        m = queries.get_measure_or_404(m.id)
        assert m.status == MeasureStatus.DECIDED and decision.standing == Standing.IN_FORCE
        assert decision.investigation_id == ew.shared
        # Begunstigingstermijn four weeks after sending: Monday 13 April 2026.
        assert decision.recovery_due_on == date(2026, 4, 13)
        # Bezwaar six weeks after sending (Awb 6:7): 27 April 2026 is Koningsdag → 28 April.
        assert m.objection_due_on == date(2026, 4, 28)
        _refused("status", services.lodge_appeal, m, {"lodged_on": date(2026, 4, 1)})
        _refused("lodged_on", services.lodge_objection, m, {"lodged_on": date(2026, 3, 15)})
        services.lodge_objection(m, {"lodged_on": date(2026, 4, 29), "committee": True})
        assert m.objection_late is True and m.status == MeasureStatus.OBJECTION
        # Twelve weeks with a committee, from the end of the bezwaar term (Awb 7:10).
        assert m.objection_decision_due_on == date(2026, 7, 21)
        _refused("decided_on", services.decide_objection, m, {"decided_on": date(2026, 4, 28), "outcome": "unfounded"})
        services.decide_objection(m, {"decided_on": date(2026, 6, 30), "outcome": "partly_founded"})
        assert m.status == MeasureStatus.OBJECTION_DECIDED and m.appeal_due_on == date(2026, 8, 11)
        assert queries.get_measure_or_404(m.id).decision.standing == Standing.AMENDED
        services.lodge_appeal(m, {"lodged_on": date(2026, 8, 1)})
        _refused("status", services.withdraw_measure, m, {"withdrawn_on": date(2026, 8, 2), "reason": "x"})
        services.decide_appeal(m, {"decided_on": date(2026, 10, 1), "outcome": "founded"})
        m = queries.get_measure_or_404(m.id)
        assert m.status == MeasureStatus.APPEAL_DECIDED and m.decision.standing == Standing.ANNULLED
        actions = [a for a in db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars() if a.startswith("enforcement.")]
        for action in ("measure_intended", "view_recorded", "measure_decided", "objection_lodged",
                       "objection_decided", "appeal_lodged", "appeal_decided", "decision_standing"):
            assert f"enforcement.{action}" in actions


def test_no_view_received_after_the_term_then_not_imposed(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        m = _measure(case, "contract_client_stop")
        services.record_view(m, {"recorded_on": date(2026, 3, 17), "received": False})
        assert m.view_received is False
        decision = services.decide_measure(m, _decision(imposed=False, decided_on=date(2026, 3, 17), sent_on=date(2026, 3, 17), recovery_term_weeks=None,
                                                        penalty_amount_cents=None, penalty_cap_cents=None))
        assert decision.standing == Standing.NOT_IMPOSED
        m = queries.get_measure_or_404(m.id)
        assert m.status == MeasureStatus.NOT_IMPOSED and m.objection_due_on is None
        _refused("status", services.lodge_objection, m, {"lodged_on": date(2026, 3, 20)})


def test_withdraw_a_voornemen(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        m = _measure(_case(ew), "contract_client_stop")
        _refused("reason", services.withdraw_measure, m, {"withdrawn_on": date(2026, 3, 5), "reason": ""})
        services.withdraw_measure(m, {"withdrawn_on": date(2026, 3, 5), "reason": "Plan alsnog ontvangen."})
        assert m.status == MeasureStatus.WITHDRAWN
        _refused("status", services.record_view, m, {"recorded_on": date(2026, 3, 20), "received": False})


# --- closing ----------------------------------------------------------------------------------


def test_close_refused_while_steps_wait_and_by_follow_up(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        close = {"closed_on": date(2026, 9, 1), "outcome": "follow_up_complies",
                 "outcome_reasoning": "Het vervolgonderzoek vond alles op orde."}
        m = _measure(case, "contract_client_stop")
        _refused("status", services.close_case, case, {**close, "follow_up_investigation_id": ew.follow_up})
        services.withdraw_measure(m, {"withdrawn_on": date(2026, 3, 5), "reason": "Herstel toegezegd."})
        case = queries.get_case_or_404(case.id)
        _refused("follow_up_investigation_id", services.close_case, case, close)
        _refused("follow_up_investigation_id", services.close_case, case, {**close, "follow_up_investigation_id": ew.a_only})
        _refused("outcome_reasoning", services.close_case, case, {**close, "outcome_reasoning": "", "follow_up_investigation_id": ew.follow_up})
        _refused("closed_on", services.close_case, case, {**close, "closed_on": date(2026, 3, 1), "follow_up_investigation_id": ew.follow_up})
        services.close_case(case, {**close, "follow_up_investigation_id": ew.follow_up})
        assert (case.status, case.outcome, case.follow_up_investigation_id) == (CaseStatus.CLOSED, "follow_up_complies", ew.follow_up)
        _refused("status", services.request_plan, case, {"requested_on": date(2026, 9, 2)})
        _refused("status", _measure, case, "contract_client_stop", date(2026, 9, 2))
        _refused("status", services.close_case, case, {**close, "follow_up_investigation_id": ew.follow_up})


def test_closing_on_a_follow_up_rests_on_what_it_found(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        a, b = gemeente("GM0503"), gemeente("GM0518")
        framework = db.session.execute(select(Framework)).scalars().one()
        close = {"closed_on": date(2026, 9, 1), "outcome": "follow_up_complies", "outcome_reasoning": "Op orde."}
        # A follow-up that has not judged P yet cannot close the case as "voldoet".
        unjudged = make_investigation(region(), "Tweede vervolgonderzoek", ew.world.user_ids["inspector_a"], [a, b],
                                      follows_up=ew.shared, provider_ids=(ew.provider_p,), framework_id=framework.id)
        message = _refused("follow_up_investigation_id", services.close_case, case,
                           {**close, "follow_up_investigation_id": unjudged})
        assert "nog geen oordeel" in message.message
        # The first follow-up still finds a tekortkoming: not "voldoet" either.
        partly = make_finding(ew.follow_up, [a, b], framework, ew.provider_p, 1, "voldoet_deels")
        message = _refused("follow_up_investigation_id", services.close_case, case,
                           {**close, "follow_up_investigation_id": ew.follow_up})
        assert "nog 1 tekortkoming" in message.message
        assert case.status == CaseStatus.OPEN and case.follow_up_investigation_id is None
        # The college may still close it otherwise on that follow-up; what it found is recorded.
        services.close_case(case, {**close, "outcome": "no_further_action", "follow_up_investigation_id": ew.follow_up})
        assert (case.outcome, case.follow_up_investigation_id) == ("no_further_action", ew.follow_up)
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "enforcement.case_closed")).scalar_one()
        assert event.detail["follow_up_shortcomings"] == [partly]
        follow_ups = {f.id: f for f in links.follow_ups(ew.shared, ew.world.a_id, ew.provider_p)}
        assert not follow_ups[ew.follow_up].complies and follow_ups[unjudged].summary == "nog geen oordeel over deze aanbieder"


def test_a_recheck_on_a_follow_up_is_sufficient_only_without_tekortkomingen(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        plan = services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        services.receive_plan(plan, {"received_on": date(2026, 4, 1)})
        services.assess_plan(plan, {"assessed_on": date(2026, 4, 3), "assessment": "sufficient",
                                    "assessment_reasoning": "Het plan pakt alle bevindingen aan."})
        framework = db.session.execute(select(Framework)).scalars().one()
        make_finding(ew.follow_up, [gemeente("GM0503"), gemeente("GM0518")], framework, ew.provider_p, 1, "voldoet_niet")
        recheck = {"recheck_on": date(2026, 6, 1), "recheck_outcome": "sufficient", "recheck_reasoning": "x",
                   "recheck_investigation_id": ew.follow_up}
        assert "nog 1 tekortkoming" in _refused("recheck_investigation_id", services.recheck_plan, plan, recheck).message
        assert plan.status == PlanStatus.SUFFICIENT
        services.recheck_plan(plan, {**recheck, "recheck_outcome": "insufficient"})
        assert (plan.status, plan.recheck_outcome, plan.recheck_investigation_id) == (
            PlanStatus.RECHECKED, "insufficient", ew.follow_up)


def test_close_refused_while_a_plan_waits(app: Flask, ew: EnforcementWorld) -> None:
    with acting_in(app, ew.world.a_id):
        case = _case(ew)
        services.request_plan(case, {"requested_on": date(2026, 3, 2)})
        _refused("status", services.close_case, queries.get_case_or_404(case.id),
                 {"closed_on": date(2026, 3, 5), "outcome": "no_further_action", "outcome_reasoning": "x"})
