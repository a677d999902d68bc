"""API schemas: input per step (unknown fields refused), output per audience (allow-listed
fields, as CTFd's views do): gemeente, GGD off the case, case team, and the provider's letter."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from blueprints.lessons.themes import THEMES
from blueprints.meldingen.models import (
    IgjLead,
    MeldingChannel,
    MeldingKind,
    Perpetrator,
    ReporterKind,
    ReviewOutcome,
)

_REQUIRED = {"required": "Dit veld is verplicht."}


def _choice(values: Any) -> validate.OneOf:
    choices = [v.value for v in values]
    return validate.OneOf(choices, error="Kies een van: " + ", ".join(choices) + ".")


class MeldingIn(Schema):
    kind = fields.String(required=True, validate=_choice(MeldingKind), error_messages=_REQUIRED)
    channel = fields.String(required=True, validate=_choice(MeldingChannel), error_messages=_REQUIRED)
    received_on = fields.Date(required=True, error_messages=_REQUIRED)
    local_category = fields.String(load_default=None, allow_none=True)
    provider_id = fields.Integer(load_default=None, allow_none=True)
    provider_location_id = fields.Integer(load_default=None, allow_none=True)
    service_type_id = fields.Integer(load_default=None, allow_none=True)
    provider_name = fields.String(load_default="")
    location_text = fields.String(load_default="")
    occurred_on = fields.Date(load_default=None, allow_none=True)
    summary = fields.String(required=True, error_messages=_REQUIRED)
    description = fields.String(load_default="")
    perpetrator = fields.String(load_default=None, allow_none=True, validate=_choice(Perpetrator))
    same_accommodation = fields.Boolean(load_default=None, allow_none=True)
    reporter_kind = fields.String(required=True, validate=_choice(ReporterKind), error_messages=_REQUIRED)
    doubt_investigated = fields.Boolean(load_default=False)
    doubt_started_on = fields.Date(load_default=None, allow_none=True)
    doubt_concluded_on = fields.Date(load_default=None, allow_none=True)
    reporter_name = fields.String(load_default="")
    reporter_organisation = fields.String(load_default="")
    reporter_email = fields.String(load_default="")
    reporter_phone = fields.String(load_default="")
    client_name = fields.String(load_default="")
    client_birth_date = fields.Date(load_default=None, allow_none=True)
    client_reference = fields.String(load_default="")
    client_notes = fields.String(load_default="")


# Step inputs: required-ness is the service's to check (MeldingError → 422 per field), so that a
# melding of another gemeente is "not found" before any body is judged.


class MeldingTriageIn(Schema):
    client_safe = fields.Boolean(load_default=None, allow_none=True)
    other_support_needed = fields.Boolean(load_default=False)
    safety_notes = fields.String(load_default="")
    police_involved = fields.Boolean(load_default=False)
    veilig_thuis_involved = fields.Boolean(load_default=False)
    igj_involved = fields.Boolean(load_default=False)
    criteria_met = fields.Boolean(load_default=None, allow_none=True)
    criteria_reason = fields.String(load_default="")
    igj_care = fields.Boolean(load_default=False)
    igj_lead = fields.String(load_default=None, allow_none=True, validate=_choice(IgjLead))
    igj_reference = fields.String(load_default="")
    igj_involvement = fields.String(load_default="")
    administrative_angle = fields.Boolean(load_default=False)
    wethouder_informed_on = fields.Date(load_default=None, allow_none=True)
    public_order_angle = fields.Boolean(load_default=False)
    burgemeester_informed_on = fields.Date(load_default=None, allow_none=True)
    gemeente_informed = fields.Boolean(load_default=False)
    fraud_signal = fields.Boolean(load_default=False)
    fraud_team = fields.String(load_default="")
    fraud_handoff = fields.String(load_default="")


class MeldingProviderRequestIn(Schema):
    requested_on = fields.Date(load_default=None, allow_none=True)
    request_notes = fields.String(load_default="")


class MeldingReportReceivedIn(Schema):
    report_received_on = fields.Date(load_default=None, allow_none=True)


class MeldingAssessmentIn(Schema):
    has_independent_chair = fields.Boolean(load_default=None, allow_none=True)
    has_facts = fields.Boolean(load_default=None, allow_none=True)
    has_root_causes = fields.Boolean(load_default=None, allow_none=True)
    has_measures = fields.Boolean(load_default=None, allow_none=True)
    client_involved = fields.Boolean(load_default=None, allow_none=True)
    outcome = fields.String(load_default=None, allow_none=True, validate=_choice(ReviewOutcome))
    assessment = fields.String(load_default="")
    term_weeks = fields.Integer(load_default=None, allow_none=True)


class MeldingReasonIn(Schema):
    reason = fields.String(load_default="")


class MeldingCloseIn(Schema):
    closure_reason = fields.String(load_default="")
    lesson_theme = fields.String(
        load_default="", validate=validate.OneOf(["", *THEMES], error="Kies een thema uit de lijst van de regio."),
        metadata={"description": "Een van: " + ", ".join(THEMES)},
    )
    lesson_text = fields.String(load_default="")
    lesson_shareable = fields.Boolean(load_default=False)
    lesson_shared_text = fields.String(load_default="")


class MeldingTransferIn(Schema):
    gemeente_id = fields.Integer(load_default=None, allow_none=True)
    reason = fields.String(load_default="")


class MeldingAssignIn(Schema):
    user_id = fields.Integer(load_default=None, allow_none=True)


class MeldingDisclosureIn(Schema):
    recipient_kind = fields.String(load_default="", validate=validate.Length(max=20))
    recipient = fields.String(load_default="")
    basis = fields.String(load_default="")
    content = fields.String(load_default="")
    disclosed_on = fields.Date(load_default=None, allow_none=True)


class MeldingFilterArgs(Schema):
    status = fields.String(load_default=None)
    kind = fields.String(load_default=None)
    open = fields.Boolean(load_default=False)
    overdue = fields.Boolean(load_default=False)
    mine = fields.Boolean(load_default=False)
    q = fields.String(load_default="")


# --- output ---------------------------------------------------------------------------------


class MeldingDeadlineOut(Schema):
    label = fields.String()
    due_on = fields.Date()
    term = fields.String()
    explanation = fields.String()
    overdue = fields.Boolean()


class MeldingStatusChangeOut(Schema):
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    occurred_at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)


class MeldingStatusChangeWithReasonOut(MeldingStatusChangeOut):
    reason = fields.String()


class MeldingListOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    reference = fields.String()
    kind = fields.String()
    status = fields.String()
    received_on = fields.Date()
    provider_name = fields.String()
    summary = fields.String()
    deadline = fields.Nested(MeldingDeadlineOut, allow_none=True)
    overdue = fields.Boolean()


class MeldingGemeenteOut(Schema):
    """Gemeente roles: no client data, no reporter, no free text beyond the summary."""

    id = fields.Integer()
    gemeente_id = fields.Integer()
    reference = fields.String()
    kind = fields.String()
    reported_kind = fields.String(allow_none=True)
    local_category = fields.String(allow_none=True)
    channel = fields.String()
    received_on = fields.Date()
    status = fields.String()
    provider_id = fields.Integer(allow_none=True)
    provider_name = fields.String()
    service_type_id = fields.Integer(allow_none=True)
    occurred_on = fields.Date(allow_none=True)
    summary = fields.String()
    reporter_kind = fields.String()
    investigator = fields.String(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    deadline = fields.Nested(MeldingDeadlineOut, allow_none=True)
    history = fields.List(fields.Nested(MeldingStatusChangeOut))
    audience = fields.String()


class MeldingGgdOut(MeldingGemeenteOut):
    """GGD staff off the case: the facts and reasons, no personal data."""

    description = fields.String()
    location_text = fields.String()
    perpetrator = fields.String(allow_none=True)
    same_accommodation = fields.Boolean(allow_none=True)
    doubt_investigated = fields.Boolean()
    doubt_started_on = fields.Date(allow_none=True)
    doubt_concluded_on = fields.Date(allow_none=True)
    closure_reason = fields.String()
    history = fields.List(fields.Nested(MeldingStatusChangeWithReasonOut))
    personal_data_hidden = fields.Boolean()


class MeldingPersonalOut(Schema):
    reporter_name = fields.String()
    reporter_organisation = fields.String()
    reporter_email = fields.String()
    reporter_phone = fields.String()
    client_name = fields.String()
    client_birth_date = fields.Date(allow_none=True)
    client_reference = fields.String()
    client_notes = fields.String()


class MeldingCaseOut(MeldingGgdOut):
    personal = fields.Nested(MeldingPersonalOut, allow_none=True)


class ProviderMeldingOut(Schema):
    """What goes to the provider: never the reporter's identity."""

    reference = fields.String()
    kind = fields.String()
    received_on = fields.Date()
    occurred_on = fields.Date(allow_none=True)
    summary = fields.String()
    description = fields.String()
    client_reference = fields.String()


class MeldingAssignmentOut(Schema):
    id = fields.Integer()
    melding_id = fields.Integer()
    user_id = fields.Integer()
    assigned_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class MeldingDisclosureOut(Schema):
    id = fields.Integer()
    recipient_kind = fields.String()
    recipient = fields.String()
    legal_basis = fields.String()
    disclosed_on = fields.Date()


class MeldingDocumentIn(Schema):
    """multipart/form-data with one file under `file`."""

    file = Upload(required=True, error_messages=_REQUIRED)


class MeldingAttachmentOut(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    kind = fields.String()
    size = fields.Integer()
    uploaded_at = fields.DateTime()
