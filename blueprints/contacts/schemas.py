"""Contact schemas for the API: one for input (unknown fields rejected), one for output."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

_REQUIRED = {"required": "Dit veld is verplicht."}


class ContactIn(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200, error="Geef een naam (hoogstens 200 tekens)."), error_messages=_REQUIRED)
    email = fields.Email(required=True, error_messages={**_REQUIRED, "invalid": "Geen geldig e-mailadres."})
    function = fields.String(load_default="", validate=validate.Length(max=200, error="Hoogstens 200 tekens."))
    receives_calamity_copies = fields.Boolean(load_default=False)
    receives_reports = fields.Boolean(load_default=False)




class ContactPatch(ContactIn):
    """The same fields for PATCH; used with partial=True so every field is optional."""


class ContactOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    function = fields.String()
    receives_calamity_copies = fields.Boolean()
    receives_reports = fields.Boolean()
