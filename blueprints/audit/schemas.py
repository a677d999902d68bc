"""Audit API schemas: the query (unknown parameters rejected, Dutch messages) and the output.

The output allow-lists what a reader gets: names and codes, changed field names, the request id.
It holds no field values, no free-text detail and no IP address.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

_DATE = {"invalid": "Geen geldige datum; gebruik JJJJ-MM-DD."}
_NUMBER = {"invalid": "Geen geldig geheel getal."}
_TEXT = {"invalid": "Geen geldige tekst."}
_MAX_80 = validate.Length(max=80, error="Hoogstens 80 tekens.")
_CURSOR = validate.Range(min=1, error="Geen geldige positie in het log.")


class AuditQuery(Schema):
    """The filters of GET /api/v1/g/<slug>/audit, as query parameters."""

    error_messages = {"unknown": "Onbekende parameter.", "type": "Ongeldige invoer."}  # noqa: RUF012

    date_from = fields.Date(error_messages=_DATE, metadata={"description": "Vanaf deze datum (Nederlandse tijd)"})
    date_to = fields.Date(error_messages=_DATE, metadata={"description": "Tot en met deze datum"})
    action = fields.String(validate=_MAX_80, error_messages=_TEXT, metadata={"description": "Begin van de actiecode, bv. access."})
    actor = fields.Integer(error_messages=_NUMBER, metadata={"description": "Id van de gebruiker die handelde"})
    object_type = fields.String(validate=_MAX_80, error_messages=_TEXT)
    object_id = fields.String(validate=_MAX_80, error_messages=_TEXT)
    before = fields.Integer(
        validate=_CURSOR, error_messages=_NUMBER,
        metadata={"description": "Regels ouder dan deze regel (next_before van de vorige pagina)"},
    )
    after = fields.Integer(
        validate=_CURSOR, error_messages=_NUMBER,
        metadata={"description": "Regels nieuwer dan deze regel (prev_after van de vorige pagina)"},
    )
    per_page = fields.Integer(
        load_default=50, error_messages=_NUMBER,
        validate=validate.Range(min=1, max=200, error="Kies een aantal van 1 tot en met 200."),
    )

    @validates_schema
    def _check_combinations(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError("De einddatum ligt vóór de begindatum.", "date_to")
        if data.get("before") is not None and data.get("after") is not None:
            raise ValidationError("Gebruik before of after, niet allebei.", "after")


class RegionAuditQuery(AuditQuery):
    """The filters of GET /api/v1/regio/audit: also a gemeente, among those the reader may see."""

    gemeente = fields.String(
        validate=_MAX_80, error_messages=_TEXT,
        metadata={"description": "Slug van een gemeente, of 'regioniveau' voor regels zonder gemeente"},
    )


class AuditEventOut(Schema):
    id = fields.Integer(required=True)
    occurred_at = fields.DateTime(required=True)
    actor_user_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    gemeente_id = fields.Integer(allow_none=True)
    gemeente_name = fields.String(allow_none=True)
    action = fields.String(required=True)
    action_label = fields.String(required=True)
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    changed_fields = fields.List(fields.String(), metadata={"description": "Namen van gewijzigde velden, nooit waarden"})
    request_id = fields.String(allow_none=True)
    reason = fields.String(allow_none=True, metadata={"description": "Redencode, bv. bij geweigerde toegang"})


class AuditPageOut(Schema):
    items = fields.List(fields.Nested(AuditEventOut), required=True)
    per_page = fields.Integer(required=True)
    next_before = fields.Integer(allow_none=True, metadata={"description": "Geef mee als before voor de volgende (oudere) pagina"})
    prev_after = fields.Integer(allow_none=True, metadata={"description": "Geef mee als after voor de vorige (nieuwere) pagina"})
