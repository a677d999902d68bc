"""Region API schemas: every output field declared; the queries take no parameters at all."""

from __future__ import annotations

from marshmallow import Schema, fields


class RegionApiNoParameters(Schema):
    """No query parameters: any one given is rejected, so a typo does not pass silently."""

    error_messages = {"unknown": "Onbekende parameter.", "type": "Ongeldige invoer."}  # noqa: RUF012


class RoleHeldOut(Schema):
    role = fields.String(required=True, metadata={"description": "Rolcode, bv. inspector"})
    label = fields.String(required=True, metadata={"description": "Naam van de rol, bv. Toezichthouder"})


class RegionGemeenteLinkOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "CBS-gemeentecode, bv. GM0503"})
    name = fields.String(required=True)
    slug = fields.String(required=True)
    valid_from = fields.Date(required=True, metadata={"description": "De regio houdt toezicht vanaf"})
    valid_until = fields.Date(allow_none=True, metadata={"description": "Tot en met (leeg: geen einde)"})
    serves_today = fields.Boolean(required=True)


class RegionWithGemeentenOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "CBS GGD-regiocode, bv. GG7014"})
    name = fields.String(required=True)
    roles = fields.List(fields.Nested(RoleHeldOut), required=True, metadata={"description": "Uw regiorollen hier"})
    gemeenten = fields.List(fields.Nested(RegionGemeenteLinkOut), required=True)


class GemeenteWithRolesOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    roles = fields.List(fields.Nested(RoleHeldOut), required=True, metadata={"description": "Uw rollen in deze gemeente, vandaag"})
