"""The provider, location and voorziening a melding is about, checked against the region's registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from blueprints.meldingen.errors import FieldErrors
from blueprints.providers.models import Provider, ProviderLocation, ServiceType
from blueprints.providers.queries import canonical_provider_id
from regiotoezicht.extensions import db


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def resolve_provider(errors: FieldErrors, data: Mapping[str, Any], region_id: int | None) -> dict[str, Any]:
    """Registry ids for the melding: the provider (after merges) of the melding's region, a
    location of that provider, a known voorziening. Without a registry record the name the
    reporter gave is required instead."""
    provider_id = _int(data.get("provider_id"))
    location_id = _int(data.get("provider_location_id"))
    service_type_id = _int(data.get("service_type_id"))
    result: dict[str, Any] = {"provider_id": None, "provider_location_id": None, "service_type_id": None}
    if provider_id is not None:
        provider = db.session.get(Provider, provider_id) if provider_id > 0 else None
        if provider is None or (region_id is not None and provider.region_id != region_id):
            errors.add("provider_id", "Deze aanbieder staat niet in het register van de regio.")
        else:
            result["provider_id"] = canonical_provider_id(provider.id)
    elif not (data.get("provider_name") or "").strip():
        errors.add("provider_name", "Vul de aanbieder in (kies uit het register of typ de naam).")
    if location_id is not None:
        location = db.session.get(ProviderLocation, location_id) if location_id > 0 else None
        owners = {provider_id, result["provider_id"]} - {None}
        if location is None or not owners or canonical_provider_id(location.provider_id) != result["provider_id"]:
            errors.add("provider_location_id", "Deze locatie hoort niet bij de gekozen aanbieder.")
        else:
            result["provider_location_id"] = location.id
    if service_type_id is not None:
        exists = service_type_id > 0 and db.session.execute(
            select(ServiceType.id).where(ServiceType.id == service_type_id)
        ).first()
        if not exists:
            errors.add("service_type_id", "Onbekende voorziening.")
        else:
            result["service_type_id"] = service_type_id
    return result


def provider_label(melding: Any) -> str:
    """The provider's registry name, else the name as reported."""
    if melding.provider_id is not None:
        provider = db.session.get(Provider, melding.provider_id)
        if provider is not None:
            return provider.name
    return melding.provider_name or "—"


def location_label(melding: Any) -> str:
    if melding.provider_location_id is not None:
        location = db.session.get(ProviderLocation, melding.provider_location_id)
        if location is not None:
            parts = [location.name, " ".join(p for p in (location.street, location.house_number) if p), location.city]
            return ", ".join(p for p in parts if p)
    return melding.location_text or "—"


def service_type_label(service_type_id: int | None) -> str:
    if service_type_id is None:
        return "—"
    row = db.session.get(ServiceType, service_type_id)
    return row.label if row is not None else "—"
