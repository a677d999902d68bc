"""API schemas of investigations: input (unknown fields rejected, Dutch messages) and output.

The output never names other participant gemeenten than the ones the caller's context sees.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from blueprints.investigations.models import InvestigationKind, ProactiveKind

_REQUIRED = {"required": "Dit veld is verplicht."}


class InvestigationIn(Schema):
    kind = fields.String(required=True, error_messages=_REQUIRED,
                         validate=validate.OneOf([k.value for k in InvestigationKind]))
    proactive_kind = fields.String(load_default=None, allow_none=True,
                                   validate=validate.OneOf([k.value for k in ProactiveKind]))
    title = fields.String(required=True, error_messages=_REQUIRED,
                          validate=validate.Length(1, 200, error="Geef een titel (hoogstens 200 tekens)."))
    gemeente_ids = fields.List(fields.Integer(), load_default=None,
                               metadata={"description": "Standaard: alleen de gemeente van de URL."})
    provider_ids = fields.List(fields.Integer(), required=True, error_messages=_REQUIRED)
    framework_id = fields.Integer(required=True, error_messages=_REQUIRED)
    lead_inspector_id = fields.Integer(required=True, error_messages=_REQUIRED)
    second_inspector_id = fields.Integer(load_default=None, allow_none=True)
    planned_on = fields.Date(load_default=None, allow_none=True)
    announced = fields.Boolean(load_default=True)
    follows_up_investigation_id = fields.Integer(load_default=None, allow_none=True)
    melding_id = fields.Integer(
        load_default=None, allow_none=True,
        metadata={"description": "Een melding die de GGD zelf onderzoekt: het (reactieve) onderzoek wordt eraan gekoppeld."},
    )


class StatusIn(Schema):
    status = fields.String(required=True, error_messages=_REQUIRED)
    note = fields.String(load_default="", validate=validate.Length(max=2000, error="Hoogstens 2000 tekens."))


class FindingIn(Schema):
    provider_id = fields.Integer(required=True, error_messages=_REQUIRED)
    norm_id = fields.Integer(required=True, error_messages=_REQUIRED)
    judgement_value_id = fields.Integer(required=True, error_messages=_REQUIRED)
    explanation = fields.String(load_default="", validate=validate.Length(max=10000, error="Hoogstens 10000 tekens."))
    evidence = fields.String(load_default="", validate=validate.Length(max=10000, error="Hoogstens 10000 tekens."))


class FindingOut(Schema):
    id = fields.Integer()
    investigation_id = fields.Integer()
    provider_id = fields.Integer()
    norm_id = fields.Integer()
    norm_code = fields.String()
    judgement_value_id = fields.Integer()
    judgement = fields.String()
    is_shortcoming = fields.Boolean()
    explanation = fields.String()
    evidence = fields.String()


class InvestigationOut(Schema):
    id = fields.Integer()
    reference = fields.String()
    kind = fields.String()
    proactive_kind = fields.String(allow_none=True)
    title = fields.String()
    status = fields.String()
    planned_on = fields.Date(allow_none=True)
    announced = fields.Boolean()
    lead_inspector_id = fields.Integer()
    second_inspector_id = fields.Integer(allow_none=True)
    framework_id = fields.Integer(allow_none=True)
    follows_up_investigation_id = fields.Integer(allow_none=True)
    region_id = fields.Integer()
    gemeente_ids = fields.List(fields.Integer(), metadata={"description": "De deelnemers die u ziet."})
    provider_ids = fields.List(fields.Integer())
