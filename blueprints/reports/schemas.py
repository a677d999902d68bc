"""API schemas of the reports slice: input (unknown fields rejected, Dutch messages) and output."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from blueprints.reports.states import Handling, PublicationView, RemedyKind, RemedyStatus

_REQUIRED = {"required": "Dit veld is verplicht."}


def _one_of(enum: type) -> validate.OneOf:
    values = [e.value for e in enum]  # type: ignore[attr-defined]
    return validate.OneOf(values, error="Kies een van: " + ", ".join(values) + ".")


class ReportTextsIn(Schema):
    summary = fields.String(validate=validate.Length(max=20000, error="Hoogstens 20.000 tekens."))
    judgement = fields.String(validate=validate.Length(max=20000, error="Hoogstens 20.000 tekens."))
    advice = fields.String(validate=validate.Length(max=20000, error="Hoogstens 20.000 tekens."))


class ReportReasonIn(Schema):
    reason = fields.String(required=True, error_messages=_REQUIRED)


class ReportContactIn(Schema):
    provider_id = fields.Integer(required=True, error_messages=_REQUIRED)
    email = fields.Email(required=True, error_messages={**_REQUIRED, "invalid": "Geen geldig e-mailadres."})


class ReportStartResponseIn(Schema):
    sent_on = fields.Date(required=True, error_messages=_REQUIRED)
    contacts = fields.List(fields.Nested(ReportContactIn), required=True, error_messages=_REQUIRED)


class ReportResponseIn(Schema):
    received_on = fields.Date(required=True, error_messages=_REQUIRED)
    reaction = fields.String(load_default="")
    attach_reaction = fields.Boolean(load_default=False)
    publication_view = fields.String(load_default=PublicationView.NONE.value, validate=_one_of(PublicationView))
    publication_view_text = fields.String(load_default="")
    points = fields.List(fields.String(), load_default=list)


class ReportHandlingIn(Schema):
    handling = fields.String(required=True, validate=_one_of(Handling), error_messages=_REQUIRED)
    note = fields.String(load_default="")


class ReportDefinitiveIn(Schema):
    note = fields.String(load_default="")


class ReportRedactIn(Schema):
    passages = fields.List(fields.String(), required=True, error_messages=_REQUIRED)


# The publication inputs: fields are checked for presence in the view AFTER the report and the
# publication are loaded, so an id of another gemeente is "not found" whatever the body says.
class ReportDecisionIn(Schema):
    publish = fields.Boolean(load_default=None)
    decided_on = fields.Date(load_default=None)
    woo_basis = fields.String(load_default=None, validate=validate.Length(max=300, error="Hoogstens 300 tekens."))
    decision_reference = fields.String(load_default=None, validate=validate.Length(max=100, error="Hoogstens 100 tekens."))


class ReportRemedyIn(Schema):
    kind = fields.String(load_default=None, validate=_one_of(RemedyKind))
    lodged_on = fields.Date(load_default=None)
    note = fields.String(load_default="")


class ReportResolveIn(Schema):
    status = fields.String(load_default=None, validate=_one_of(RemedyStatus))
    decided_on = fields.Date(load_default=None)
    note = fields.String(load_default="")


class ReportReactieIn(Schema):
    bestuurlijke_reactie = fields.String(load_default=None)
    bestuurlijke_reactie_on = fields.Date(load_default=None)


class ReportVersionOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    kind = fields.String()
    dated_on = fields.Date()
    sha256 = fields.String()
    has_pdf = fields.Function(lambda v: bool(v.pdf_key))
    based_on_id = fields.Integer(allow_none=True)
    note = fields.String()


class ReportPointOut(Schema):
    id = fields.Integer()
    text = fields.String()
    handling = fields.String(allow_none=True)
    note = fields.String()


class ReportRoundOut(Schema):
    id = fields.Integer()
    provider_id = fields.Integer()
    contact_email = fields.String()
    sent_on = fields.Date()
    due_on = fields.Date()
    term_weeks = fields.Integer()
    term_gemeente_id = fields.Integer(allow_none=True)
    status = fields.String()
    received_on = fields.Date(allow_none=True)
    reaction = fields.String()
    reaction_words = fields.Integer()
    attach_reaction = fields.Boolean()
    publication_view = fields.String()
    publication_view_text = fields.String()
    points = fields.List(fields.Nested(ReportPointOut))


class ReportOut(Schema):
    id = fields.Integer()
    investigation_id = fields.Integer()
    status = fields.String()
    summary = fields.String()
    judgement = fields.String()
    advice = fields.String()
    approved_version_id = fields.Integer(allow_none=True)
    versions = fields.List(fields.Nested(ReportVersionOut))
    rounds = fields.List(fields.Nested(ReportRoundOut))


class ReportRemedyOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    lodged_on = fields.Date()
    status = fields.String()
    decided_on = fields.Date(allow_none=True)
    note = fields.String()


class ReportPublicationOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    report_id = fields.Integer()
    status = fields.String()
    publish = fields.Boolean(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    woo_basis = fields.String()
    decision_reference = fields.String()
    delay_weeks = fields.Integer(allow_none=True)
    planned_on = fields.Date(allow_none=True)
    bestuurlijke_reactie = fields.String()
    bestuurlijke_reactie_on = fields.Date(allow_none=True)
    published_on = fields.Date(allow_none=True)
    published_version_id = fields.Integer(allow_none=True)
    remedies = fields.List(fields.Nested(ReportRemedyOut))
    blockers = fields.List(fields.String())
