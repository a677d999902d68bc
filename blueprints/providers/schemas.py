"""API schemas of the providers slice: every field declared, unknown fields rejected, Dutch messages.

Output per audience: the registry record (`ProviderOut`) carries no tenant data; a gemeente's
view of a provider (`GemeenteProviderOut`) adds that gemeente's relations only.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from blueprints.providers.models import FinancingForm

_REQUIRED = "Dit veld is verplicht."
_NULL = "Dit veld mag niet leeg zijn."
_DATE: dict[str, Any] = {"required": _REQUIRED, "null": _NULL, "invalid": "Geen geldige datum: gebruik JJJJ-MM-DD."}
_TEXT: dict[str, Any] = {"required": _REQUIRED, "null": _NULL, "invalid": "Geef tekst."}


def _max(n: int) -> validate.Length:
    return validate.Length(max=n, error=f"Hoogstens {n} tekens.")


class StrictSchema(Schema):
    """Input: unknown fields are rejected (marshmallow's default RAISE), in Dutch."""

    error_messages = {"unknown": "Onbekend veld.", "type": "Verwacht een JSON-object."}  # noqa: RUF012


class LocationIn(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200, error="Geef een naam (hoogstens 200 tekens)."),
                         error_messages=_TEXT)
    street = fields.String(load_default="", validate=_max(200), error_messages=_TEXT)
    house_number = fields.String(load_default="", validate=_max(20), error_messages=_TEXT)
    postcode = fields.String(load_default="", error_messages=_TEXT, metadata={"description": "1234 AB"})
    city = fields.String(load_default="", validate=_max(120), error_messages=_TEXT)
    is_active = fields.Boolean(load_default=True)


class ProviderIn(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200, error="Geef een naam (hoogstens 200 tekens)."),
                         error_messages=_TEXT)
    kvk_number = fields.String(load_default=None, allow_none=True, error_messages=_TEXT,
                               metadata={"description": "8 cijfers; null alleen voor een informele pgb-zorgverlener."})
    is_informal_carer = fields.Boolean(load_default=False)
    website = fields.String(load_default="", validate=_max(200), error_messages=_TEXT)
    notes = fields.String(load_default="", validate=_max(5000), error_messages=_TEXT)
    locations = fields.List(fields.Nested(LocationIn), load_default=list)
    region_id = fields.Integer(load_default=None, allow_none=True, strict=True,
                               metadata={"description": "Nodig als u meer dan één register bereikt."})
    confirm_similar_name = fields.Boolean(
        load_default=False, metadata={"description": "true: toch toevoegen naast een aanbieder met een bijna gelijke naam."}
    )


class ProviderPatch(StrictSchema):
    """Correcting a registry record (PATCH: every field optional)."""

    name = fields.String(validate=validate.Length(1, 200, error="Geef een naam (hoogstens 200 tekens)."), error_messages=_TEXT)
    kvk_number = fields.String(allow_none=True, error_messages=_TEXT)
    is_informal_carer = fields.Boolean()
    website = fields.String(validate=_max(200), error_messages=_TEXT)
    notes = fields.String(validate=_max(5000), error_messages=_TEXT)
    confirm_similar_name = fields.Boolean(load_default=False)


class SearchArgs(StrictSchema):
    q = fields.String(load_default="", metadata={"description": "Naam, KvK-nummer, plaats of postcode."})
    region_id = fields.Integer(load_default=None, allow_none=True)


class OnDateArgs(StrictSchema):
    on_date = fields.Date(load_default=None, allow_none=True, error_messages=_DATE,
                          metadata={"description": "Alleen aanbieders met een relatie op die dag."})


class ServiceTypeOut(Schema):
    code = fields.String()
    label = fields.String()


class LocationOut(Schema):
    id = fields.Integer()
    provider_id = fields.Integer()
    name = fields.String()
    street = fields.String()
    house_number = fields.String()
    postcode = fields.String()
    city = fields.String()
    is_active = fields.Boolean()


class ProviderOut(Schema):
    """A registry record: no tenant data."""

    id = fields.Integer()
    region_id = fields.Integer()
    name = fields.String()
    kvk_number = fields.String(allow_none=True)
    is_informal_carer = fields.Boolean()
    website = fields.String()
    merged_into_id = fields.Integer(allow_none=True)
    locations = fields.List(fields.Nested(LocationOut))


def _codes(relation: Any) -> list[str]:
    return [t.code for t in relation.service_types]


def _location_ids(relation: Any) -> list[int]:
    return [loc.id for loc in relation.locations]


class RelationOut(Schema):
    id = fields.Integer()
    gemeente_id = fields.Integer()
    provider_id = fields.Function(lambda r: r.provider.canonical_id,
                                  metadata={"description": "De aanbieder, na samenvoegingen."})
    recorded_provider_id = fields.Integer(attribute="provider_id",
                                          metadata={"description": "Het record waarbij de relatie is vastgelegd."})
    financing_form = fields.Function(lambda r: r.financing_form.value)
    reference = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    notes = fields.String()
    service_types = fields.Function(_codes)
    location_ids = fields.Function(_location_ids)


class RelationIn(StrictSchema):
    provider_id = fields.Integer(required=True, strict=True,
                                 error_messages={"required": _REQUIRED, "null": _NULL, "invalid": "Geef het nummer van een aanbieder."})
    financing_form = fields.String(
        required=True, validate=validate.OneOf([f.value for f in FinancingForm], error="Kies een van: {choices}."),
        error_messages=_TEXT,
    )
    reference = fields.String(load_default="", validate=_max(100), error_messages=_TEXT)
    starts_on = fields.Date(required=True, error_messages=_DATE)
    ends_on = fields.Date(load_default=None, allow_none=True, error_messages=_DATE)
    service_types = fields.List(fields.String(), required=True, error_messages={"required": _REQUIRED},
                                metadata={"description": "Codes uit de lijst van voorzieningen."})
    location_ids = fields.List(fields.Integer(strict=True), load_default=list)
    notes = fields.String(load_default="", validate=_max(5000), error_messages=_TEXT)


class RelationPatch(StrictSchema):
    financing_form = fields.String(validate=validate.OneOf([f.value for f in FinancingForm], error="Kies een van: {choices}."),
                                   error_messages=_TEXT)
    reference = fields.String(validate=_max(100), error_messages=_TEXT)
    starts_on = fields.Date(error_messages=_DATE)
    ends_on = fields.Date(allow_none=True, error_messages=_DATE)
    service_types = fields.List(fields.String())
    location_ids = fields.List(fields.Integer(strict=True))
    notes = fields.String(validate=_max(5000), error_messages=_TEXT)


class GemeenteProviderOut(ProviderOut):
    """A provider as one gemeente sees it: the registry record plus that gemeente's relations."""

    relations = fields.List(fields.Nested(RelationOut))


class LocationPatch(StrictSchema):
    """Correcting a location (PATCH: every field optional)."""

    name = fields.String(validate=validate.Length(1, 200, error="Geef een naam (hoogstens 200 tekens)."), error_messages=_TEXT)
    street = fields.String(validate=_max(200), error_messages=_TEXT)
    house_number = fields.String(validate=_max(20), error_messages=_TEXT)
    postcode = fields.String(error_messages=_TEXT)
    city = fields.String(validate=_max(120), error_messages=_TEXT)
    is_active = fields.Boolean()


class MergeIn(StrictSchema):
    survivor_id = fields.Integer(required=True, strict=True,
                                 error_messages={"required": _REQUIRED, "null": _NULL, "invalid": "Geef het nummer van een aanbieder."},
                                 metadata={"description": "De aanbieder die blijft."})
    reason = fields.String(required=True, error_messages=_TEXT)


class UndoMergeIn(StrictSchema):
    reason = fields.String(required=True, error_messages=_TEXT)


class MergeOut(Schema):
    id = fields.Integer()
    region_id = fields.Integer()
    survivor_id = fields.Integer()
    merged_id = fields.Integer()
    merged_at = fields.DateTime()
    merged_by_id = fields.Integer(allow_none=True)
    reason = fields.String()
    kvk_taken_over = fields.String(allow_none=True)
    undone_at = fields.DateTime(allow_none=True)
    undo_reason = fields.String()
