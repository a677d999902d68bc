"""Every transition of the enforcement state machines, allowed and refused (pure rules)."""

from __future__ import annotations

import pytest

from blueprints.enforcement.kinds import DEFAULT_LADDER, KIND_SPECS, MeasureKind, kind_label
from blueprints.enforcement.steps import (
    CASE_TRANSITIONS,
    MEASURE_STEPS,
    PLAN_TRANSITIONS,
    CaseStatus,
    MeasureStatus,
    ObjectionOutcome,
    PlanStatus,
    Standing,
    Step,
    StepRefused,
    allowed_steps,
    require_case_transition,
    require_plan_transition,
    require_step,
    standing_after,
)

#: The Awb order written out by hand, so a change to the table has to change this too.
EXPECTED_MEASURE = {
    (MeasureStatus.INTENDED, Step.RECORD_VIEW): MeasureStatus.VIEW_CLOSED,
    (MeasureStatus.INTENDED, Step.WITHDRAW): MeasureStatus.WITHDRAWN,
    (MeasureStatus.VIEW_CLOSED, Step.WITHDRAW): MeasureStatus.WITHDRAWN,
    (MeasureStatus.VIEW_CLOSED, Step.DECIDE): MeasureStatus.DECIDED,
    (MeasureStatus.DECIDED, Step.LODGE_OBJECTION): MeasureStatus.OBJECTION,
    (MeasureStatus.OBJECTION, Step.DECIDE_OBJECTION): MeasureStatus.OBJECTION_DECIDED,
    (MeasureStatus.OBJECTION_DECIDED, Step.LODGE_APPEAL): MeasureStatus.APPEAL,
    (MeasureStatus.APPEAL, Step.DECIDE_APPEAL): MeasureStatus.APPEAL_DECIDED,
}


@pytest.mark.parametrize("status", list(MeasureStatus))
@pytest.mark.parametrize("step", list(Step))
def test_every_measure_step_from_every_status(status: MeasureStatus, step: Step) -> None:
    expected = EXPECTED_MEASURE.get((status, step))
    if expected is None:
        with pytest.raises(StepRefused) as refused:
            require_step(status, step)
        assert refused.value.field == "status"
        assert status.label in refused.value.message
    else:
        assert require_step(status, step) is expected


def test_allowed_steps_follow_the_table() -> None:
    assert allowed_steps(MeasureStatus.INTENDED) == [Step.RECORD_VIEW, Step.WITHDRAW]
    assert allowed_steps(MeasureStatus.VIEW_CLOSED) == [Step.WITHDRAW, Step.DECIDE]
    for final in (MeasureStatus.WITHDRAWN, MeasureStatus.NOT_IMPOSED, MeasureStatus.APPEAL_DECIDED):
        assert allowed_steps(final) == []
    assert set(MEASURE_STEPS) == set(Step)


def test_no_besluit_before_the_zienswijze_step() -> None:
    """Awb 4:8: the provider is heard before the besluit; the besluit cannot skip that step."""
    with pytest.raises(StepRefused):
        require_step(MeasureStatus.INTENDED, Step.DECIDE)


def test_pending_statuses() -> None:
    pending = {s for s in MeasureStatus if s.is_pending}
    assert pending == {
        MeasureStatus.INTENDED, MeasureStatus.VIEW_CLOSED, MeasureStatus.OBJECTION, MeasureStatus.APPEAL
    }


EXPECTED_PLAN = {
    (PlanStatus.REQUESTED, PlanStatus.RECEIVED),
    (PlanStatus.REQUESTED, PlanStatus.NOT_RECEIVED),
    (PlanStatus.RECEIVED, PlanStatus.SUFFICIENT),
    (PlanStatus.RECEIVED, PlanStatus.INSUFFICIENT),
    (PlanStatus.SUFFICIENT, PlanStatus.RECHECKED),
}


@pytest.mark.parametrize("current", list(PlanStatus))
@pytest.mark.parametrize("target", list(PlanStatus))
def test_every_plan_transition(current: PlanStatus, target: PlanStatus) -> None:
    if (current, target) in EXPECTED_PLAN:
        require_plan_transition(current, target)
    else:
        with pytest.raises(StepRefused):
            require_plan_transition(current, target)
    assert set(PLAN_TRANSITIONS) == set(PlanStatus)


EXPECTED_CASE = {
    (CaseStatus.OPEN, CaseStatus.IMPROVEMENT),
    (CaseStatus.OPEN, CaseStatus.MEASURES),
    (CaseStatus.OPEN, CaseStatus.CLOSED),
    (CaseStatus.IMPROVEMENT, CaseStatus.IMPROVEMENT),
    (CaseStatus.IMPROVEMENT, CaseStatus.MEASURES),
    (CaseStatus.IMPROVEMENT, CaseStatus.CLOSED),
    (CaseStatus.MEASURES, CaseStatus.MEASURES),
    (CaseStatus.MEASURES, CaseStatus.CLOSED),
}


@pytest.mark.parametrize("current", list(CaseStatus))
@pytest.mark.parametrize("target", list(CaseStatus))
def test_every_case_transition(current: CaseStatus, target: CaseStatus) -> None:
    if (current, target) in EXPECTED_CASE:
        require_case_transition(current, target)
    else:
        with pytest.raises(StepRefused):
            require_case_transition(current, target)
    assert set(CASE_TRANSITIONS) == set(CaseStatus)


def test_kinds_are_wmo_kinds_only() -> None:
    assert DEFAULT_LADDER == [k.value for k in MeasureKind]
    labels = " ".join(spec.label.lower() for spec in KIND_SPECS.values())
    assert "aanwijzing" not in labels and "bestuurlijke boete" not in labels
    # Only the dwangsom for refused cooperation needs no finding of an investigation.
    assert [k for k in MeasureKind if not k.spec.needs_finding] == [MeasureKind.COOPERATION_PENALTY]
    assert "5:20" in MeasureKind.COOPERATION_PENALTY.spec.default_legal_basis
    assert all(k.spec.needs_recovery_term for k in MeasureKind if k.spec.is_penalty)
    assert kind_label("last_onder_dwangsom") == "Last onder dwangsom"
    assert kind_label("oude_soort") == "oude_soort"


@pytest.mark.parametrize(
    ("outcome", "appeal", "expected"),
    [
        (ObjectionOutcome.FOUNDED, False, Standing.REVOKED),
        (ObjectionOutcome.FOUNDED, True, Standing.ANNULLED),
        (ObjectionOutcome.PARTLY_FOUNDED, False, Standing.AMENDED),
        (ObjectionOutcome.PARTLY_FOUNDED, True, Standing.AMENDED),
        (ObjectionOutcome.UNFOUNDED, False, None),
        (ObjectionOutcome.INADMISSIBLE, True, None),
    ],
)
def test_standing_after_bezwaar_and_beroep(outcome: ObjectionOutcome, appeal: bool, expected: Standing | None) -> None:
    assert standing_after(outcome, appeal=appeal) is expected
