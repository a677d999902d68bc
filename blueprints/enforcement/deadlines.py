"""The terms of enforcement as Deadlines (working-day aware, with the days they skipped).

Terms the gemeente sets come from its settings in force on the start date; the Awb terms are
fixed: bezwaar and beroep six weeks from the day after the besluit was made known (Awb 6:7,
6:8), a decision on bezwaar within six weeks after the bezwaar term, twelve with an advisory
committee (Awb 7:10). A term that ends on a Saturday, Sunday or feestdag runs on to the next
working day (Algemene termijnenwet art. 1). Overdue is computed when read, never by a job.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from blueprints.settings.effective import effective_setting
from blueprints.workdays.calendar import Deadline, add_weeks

OBJECTION_TERM_WEEKS = 6  # Awb 6:7
APPEAL_TERM_WEEKS = 6  # Awb 6:7
OBJECTION_DECISION_WEEKS = 6  # Awb 7:10 lid 1
OBJECTION_DECISION_WEEKS_COMMITTEE = 12  # Awb 7:10 lid 1, with an advisory committee (7:13)


def improvement_plan_term(gemeente_id: int, requested_on: date) -> int:
    return int(effective_setting(gemeente_id, "enforcement.improvement_plan_term_weeks", requested_on))


def view_term(gemeente_id: int, intended_on: date) -> int:
    return int(effective_setting(gemeente_id, "enforcement.zienswijze_term_weeks", intended_on))


def weeks_after(start: date, weeks: int) -> Deadline:
    """`weeks` after `start`, moved to the next working day when it ends on a day off."""
    return add_weeks(start, weeks)


def objection_deadline(sent_on: date) -> Deadline:
    return add_weeks(sent_on, OBJECTION_TERM_WEEKS)


def objection_decision_deadline(objection_due_on: date, *, committee: bool) -> Deadline:
    weeks = OBJECTION_DECISION_WEEKS_COMMITTEE if committee else OBJECTION_DECISION_WEEKS
    return add_weeks(objection_due_on, weeks)


def appeal_deadline(objection_decided_on: date) -> Deadline:
    return add_weeks(objection_decided_on, APPEAL_TERM_WEEKS)


# The running terms of stored records, recomputed when read (with the days they skipped).


def plan_deadline(plan: Any) -> Deadline:
    return add_weeks(plan.requested_on, plan.term_weeks)


def view_deadline(measure: Any) -> Deadline:
    return add_weeks(measure.intended_on, measure.view_term_weeks)


def measure_objection_deadline(measure: Any) -> Deadline | None:
    decision = measure.decision
    return None if decision is None or not decision.imposed else objection_deadline(decision.sent_on)


def measure_objection_decision_deadline(measure: Any) -> Deadline | None:
    if measure.objection_due_on is None or measure.objection_lodged_on is None:
        return None
    return objection_decision_deadline(measure.objection_due_on, committee=measure.objection_committee)


def measure_appeal_deadline(measure: Any) -> Deadline | None:
    return None if measure.objection_decided_on is None else appeal_deadline(measure.objection_decided_on)


def recovery_deadline(decision: Any) -> Deadline | None:
    if decision is None or decision.recovery_term_weeks is None:
        return None
    return add_weeks(decision.sent_on, decision.recovery_term_weeks)
