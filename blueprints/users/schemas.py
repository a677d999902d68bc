"""API schemas of the users slice: every field declared, unknown fields rejected, Dutch messages.

Output schemas are per audience (CTFd's views): the user's own view (`MeOut`) shows no one
else; gemeente admins see the memberships of their gemeente; region admins see accounts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from blueprints.users.permissions import GEMEENTE_ROLE_ORDER
from tenants.entitlements import today

_REQUIRED = "Dit veld is verplicht."
_NULL = "Dit veld mag niet leeg zijn."
_DATE: dict[str, Any] = {
    "required": _REQUIRED,
    "null": _NULL,
    "invalid": "Geen geldige datum: gebruik JJJJ-MM-DD.",
}


class StrictSchema(Schema):
    """Input: unknown fields are rejected (marshmallow's default RAISE), in Dutch."""

    # Read per class by marshmallow (merged over its defaults), never mutated.
    error_messages = {"unknown": "Onbekend veld.", "type": "Verwacht een JSON-object."}  # noqa: RUF012


class MembershipIn(StrictSchema):
    user_id = fields.Integer(
        required=True,
        strict=True,
        error_messages={
            "required": _REQUIRED,
            "null": _NULL,
            "invalid": "Geef het nummer van een gebruiker.",
        },
    )
    role = fields.String(
        required=True,
        validate=validate.OneOf(
            [r.value for r in GEMEENTE_ROLE_ORDER], error="Kies een gemeenterol: {choices}."
        ),
        error_messages={"required": _REQUIRED, "null": _NULL, "invalid": "Geef de rol als tekst."},
    )
    valid_from = fields.Date(
        load_default=today, error_messages=_DATE, metadata={"description": "Standaard vandaag."}
    )
    valid_until = fields.Date(
        load_default=None,
        allow_none=True,
        error_messages=_DATE,
        metadata={"description": "Laatste geldige dag; leeg of null: geen einddatum."},
    )

    @validates_schema
    def check_period(self, data: dict[str, Any], **kwargs: Any) -> None:
        until, since = data.get("valid_until"), data.get("valid_from")
        if until is not None and since is not None and until < since:
            message = "De einddatum ligt vóór de begindatum."
            raise ValidationError(message, field_name="valid_until")


def _yesterday() -> Any:
    return today() - timedelta(days=1)


class MembershipEndIn(StrictSchema):
    valid_until = fields.Date(
        load_default=_yesterday,
        error_messages=_DATE,
        metadata={
            "description": "Laatste dag van de rol; standaard gisteren (de rol stopt meteen)."
        },
    )


class _RoleOut(Schema):
    id = fields.Integer()
    role = fields.String()
    role_label = fields.Function(lambda r: r.role.label)
    valid_from = fields.Date()
    valid_until = fields.Date(allow_none=True)
    is_current = fields.Function(lambda r: r.valid_on(today()))


class RegionRoleOut(_RoleOut):
    region_id = fields.Integer()
    region_code = fields.String(attribute="region.code")
    region_name = fields.String(attribute="region.name")


class OwnMembershipOut(_RoleOut):
    gemeente_id = fields.Integer()
    gemeente_slug = fields.String(attribute="gemeente.slug")
    gemeente_name = fields.String(attribute="gemeente.name")


class MembershipOut(OwnMembershipOut):
    """A membership as its gemeente's admins see it."""

    user_id = fields.Integer()
    user_email = fields.String(attribute="user.email")
    user_display_name = fields.String(attribute="user.display_name")
    granted_by_id = fields.Integer(allow_none=True)
    ended_by_id = fields.Integer(allow_none=True)


class EntitledGemeenteOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())


class MeOut(Schema):
    id = fields.Integer()
    email = fields.String()
    display_name = fields.String()
    has_totp = fields.Boolean()
    region_roles = fields.List(fields.Nested(RegionRoleOut))
    memberships = fields.List(fields.Nested(OwnMembershipOut))
    gemeenten = fields.List(
        fields.Nested(EntitledGemeenteOut),
        metadata={"description": "De gemeenten waarin u vandaag mag werken, met uw rollen daar."},
    )


class RegionUserOut(Schema):
    """An account as the region admin sees it, with every role in the region (also ended)."""

    id = fields.Integer(attribute="user.id")
    email = fields.String(attribute="user.email")
    display_name = fields.String(attribute="user.display_name")
    is_enabled = fields.Boolean(attribute="user.is_enabled")
    has_totp = fields.Boolean(attribute="user.has_totp")
    has_password = fields.Function(lambda row: row.user.password_hash is not None)
    region_roles = fields.List(fields.Nested(RegionRoleOut))
    memberships = fields.List(fields.Nested(OwnMembershipOut))
