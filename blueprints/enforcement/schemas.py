"""API schemas: one per write (unknown fields rejected, Dutch field messages) and the outputs.

Outputs are per audience: a gemeente's own case (`CaseOut`, everything) and another participant
gemeente's case on the same investigation (`SharedCaseOut`: status and besluiten only).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from blueprints.enforcement.steps import CaseOutcome, CaseStatus, Judgement, ObjectionOutcome

_REQUIRED = {"required": "Dit veld is verplicht."}


def _date(**kwargs: object) -> fields.Date:
    return fields.Date(required=True, error_messages={**_REQUIRED, "invalid": "Geen geldige datum (JJJJ-MM-DD)."}, **kwargs)  # type: ignore[arg-type]


def _text(max_length: int = 10000) -> fields.String:
    return fields.String(
        required=True, error_messages=_REQUIRED,
        validate=validate.Length(1, max_length, error=f"Vul dit in (hoogstens {max_length} tekens)."),
    )


def _one_of(values: list[str]) -> validate.OneOf:
    return validate.OneOf(values, error="Kies een van: {choices}.")


class AdviceIn(Schema):
    investigation_id = fields.Integer(required=True, strict=True, error_messages=_REQUIRED)
    provider_id = fields.Integer(required=True, strict=True, error_messages=_REQUIRED)
    advised_on = _date()
    recommends_improvement_plan = fields.Boolean(load_default=True)
    recommended_kinds = fields.List(fields.String(validate=validate.Length(1, 40)), load_default=list)
    finding_ids = fields.List(fields.Integer(strict=True), required=True, error_messages=_REQUIRED)
    reasoning = _text()


class AdviceOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    investigation_id = fields.Integer()
    provider_id = fields.Integer()
    advised_on = fields.Date()
    recommends_improvement_plan = fields.Boolean()
    recommended_kinds = fields.List(fields.String())
    finding_ids = fields.List(fields.Integer())
    reasoning = fields.String()


class CaseIn(Schema):
    provider_id = fields.Integer(required=True, strict=True, error_messages=_REQUIRED)
    investigation_id = fields.Integer(load_default=None, allow_none=True, strict=True)
    opened_on = _date()


class CloseIn(Schema):
    closed_on = _date()
    outcome = fields.String(required=True, error_messages=_REQUIRED, validate=_one_of([o.value for o in CaseOutcome]))
    outcome_reasoning = _text()
    follow_up_investigation_id = fields.Integer(load_default=None, allow_none=True, strict=True)


class PlanRequestIn(Schema):
    requested_on = _date()


class PlanReceiveIn(Schema):
    received_on = _date()


class PlanNotReceivedIn(Schema):
    recorded_on = _date()


class PlanAssessIn(Schema):
    assessed_on = _date()
    assessment = fields.String(required=True, error_messages=_REQUIRED, validate=_one_of([j.value for j in Judgement]))
    assessment_reasoning = _text()


class PlanRecheckIn(Schema):
    recheck_on = _date()
    recheck_outcome = fields.String(required=True, error_messages=_REQUIRED, validate=_one_of([j.value for j in Judgement]))
    recheck_reasoning = _text()
    recheck_investigation_id = fields.Integer(load_default=None, allow_none=True, strict=True)


class MeasureIn(Schema):
    kind = fields.String(required=True, error_messages=_REQUIRED)
    description = _text()
    legal_basis = fields.String(load_default="", validate=validate.Length(max=300, error="Hoogstens 300 tekens."))
    intended_on = _date()
    #: Required by every kind but the dwangsom for refused cooperation (the service says so).
    finding_ids = fields.List(fields.Integer(strict=True), load_default=list)


class ViewIn(Schema):
    recorded_on = _date()
    received = fields.Boolean(required=True, error_messages=_REQUIRED)
    received_on = fields.Date(load_default=None, allow_none=True)
    summary = fields.String(load_default="", validate=validate.Length(max=10000, error="Hoogstens 10.000 tekens."))


class WithdrawIn(Schema):
    withdrawn_on = _date()
    reason = _text()


class DecisionIn(Schema):
    decided_on = _date()
    sent_on = _date()
    imposed = fields.Boolean(required=True, error_messages=_REQUIRED)
    legal_basis = _text(300)
    decided_by = _text(200)
    mandate = _text(300)
    summary = _text()
    recovery_term_weeks = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(1, 104, error="Tussen 1 en 104 weken."))
    penalty_amount_cents = fields.Integer(load_default=None, allow_none=True, strict=True,
                                          validate=validate.Range(min=1, error="Een bedrag groter dan nul."))
    penalty_unit = fields.String(load_default="", validate=validate.Length(max=40, error="Hoogstens 40 tekens."))
    penalty_cap_cents = fields.Integer(load_default=None, allow_none=True, strict=True,
                                       validate=validate.Range(min=1, error="Een bedrag groter dan nul."))


class ObjectionIn(Schema):
    lodged_on = _date()
    committee = fields.Boolean(load_default=False)


class RulingIn(Schema):
    decided_on = _date()
    outcome = fields.String(required=True, error_messages=_REQUIRED, validate=_one_of([o.value for o in ObjectionOutcome]))


class AppealIn(Schema):
    lodged_on = _date()


class PlanOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    status = fields.String()
    requested_on = fields.Date()
    term_weeks = fields.Integer()
    due_on = fields.Date()
    received_on = fields.Date(allow_none=True)
    assessed_on = fields.Date(allow_none=True)
    assessment = fields.String(allow_none=True)
    assessment_reasoning = fields.String()
    recheck_on = fields.Date(allow_none=True)
    recheck_outcome = fields.String(allow_none=True)
    recheck_reasoning = fields.String()
    recheck_investigation_id = fields.Integer(allow_none=True)


class DecisionOut(Schema):
    """A besluit: the part of a measure the other participant gemeenten may read."""

    id = fields.Integer()
    gemeente_id = fields.Integer()
    case_id = fields.Integer()
    measure_id = fields.Integer()
    kind = fields.String()
    imposed = fields.Boolean()
    decided_on = fields.Date()
    sent_on = fields.Date()
    legal_basis = fields.String()
    decided_by = fields.String()
    mandate = fields.String()
    summary = fields.String()
    recovery_term_weeks = fields.Integer(allow_none=True)
    recovery_due_on = fields.Date(allow_none=True)
    penalty_amount_cents = fields.Integer(allow_none=True)
    penalty_unit = fields.String()
    penalty_cap_cents = fields.Integer(allow_none=True)
    standing = fields.String()


class MeasureOut(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    description = fields.String()
    legal_basis = fields.String()
    intended_on = fields.Date()
    view_term_weeks = fields.Integer()
    view_due_on = fields.Date()
    view_recorded_on = fields.Date(allow_none=True)
    view_received = fields.Boolean(allow_none=True)
    view_received_on = fields.Date(allow_none=True)
    withdrawn_on = fields.Date(allow_none=True)
    objection_due_on = fields.Date(allow_none=True)
    objection_lodged_on = fields.Date(allow_none=True)
    objection_late = fields.Boolean()
    objection_committee = fields.Boolean()
    objection_decision_due_on = fields.Date(allow_none=True)
    objection_decided_on = fields.Date(allow_none=True)
    objection_outcome = fields.String(allow_none=True)
    appeal_due_on = fields.Date(allow_none=True)
    appeal_lodged_on = fields.Date(allow_none=True)
    appeal_decided_on = fields.Date(allow_none=True)
    appeal_outcome = fields.String(allow_none=True)
    finding_ids = fields.List(fields.Integer())
    decision = fields.Nested(DecisionOut, allow_none=True)


class SharedCaseOut(Schema):
    """Another participant gemeente's case on the same investigation: status and besluiten."""

    gemeente_id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    outcome = fields.String(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    decisions = fields.List(fields.Nested(DecisionOut))


class CaseSummaryOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    reference = fields.String()
    provider_id = fields.Integer()
    investigation_id = fields.Integer(allow_none=True)
    advice_id = fields.Integer(allow_none=True)
    status = fields.String()
    opened_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    outcome = fields.String(allow_none=True)
    outcome_reasoning = fields.String()
    follow_up_investigation_id = fields.Integer(allow_none=True)


class CaseOut(CaseSummaryOut):
    plans = fields.List(fields.Nested(PlanOut))
    measures = fields.List(fields.Nested(MeasureOut))
    other_gemeenten = fields.List(fields.Nested(SharedCaseOut))


class RegionCaseArgs(Schema):
    """Filters of /regio/handhaving/zaken."""

    gemeente_id = fields.Integer(load_default=None, error_messages={"invalid": "Geen geldig gemeentenummer."})
    status = fields.String(load_default=None, validate=_one_of([s.value for s in CaseStatus]))
    overdue = fields.Boolean(load_default=False)


class NextTermOut(Schema):
    """The next running term of a case (overdue computed when read)."""

    what = fields.String()
    due_on = fields.Date()
    overdue = fields.Boolean()


class RegionCaseOut(CaseSummaryOut):
    gemeente_name = fields.String()
    gemeente_slug = fields.String()
    provider_name = fields.String()
    next_term = fields.Nested(NextTermOut, allow_none=True)
