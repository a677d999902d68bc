"""Writes of the provider registry and of a gemeente's relations: check, change, flush, audit.

Every rule lives here, whichever door the data come through (page, API, demo seed): KvK numbers
of eight digits and one live record per number in a region (a duplicate is refused with a
pointer to the existing record), a warning on near-identical names, postcodes as 1234 AB,
relation periods, service types from the reference list, locations of the same provider.
Merging is a registry-level change: the merged record stays, points at the survivor and keeps
its locations and history; no tenant row of any gemeente is written. Services only flush.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, update

from blueprints.providers import queries
from blueprints.providers.models import (
    FinancingForm,
    Provider,
    ProviderLocation,
    ProviderMerge,
    ProviderRelation,
    ProviderRelationLocation,
    ProviderRelationServiceType,
    ServiceType,
)
from blueprints.providers.normalise import normalise_kvk, normalise_postcode
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db


class ProviderError(Exception):
    """A change the rules refuse, with a Dutch message per field ("_schema" for the whole).

    `existing` names the registry record a refused duplicate points to; `similar` the records
    with a near-identical name (a warning the caller may confirm past).
    """

    def __init__(
        self,
        errors: Mapping[str, str],
        *,
        existing: Provider | None = None,
        similar: list[Provider] | None = None,
    ) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)
        self.existing = existing
        self.similar = similar or []


@dataclass
class _Checks:
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self, **kwargs: Any) -> None:
        if self.errors:
            raise ProviderError(self.errors, **kwargs)


def _text(data: Mapping[str, Any], key: str, checks: _Checks, *, max_len: int, required: bool = False,
          label: str = "Dit veld") -> str:
    value = (data.get(key) or "").strip()
    if required and not value:
        checks.add(key, f"{label} is verplicht.")
    elif len(value) > max_len:
        checks.add(key, f"Hoogstens {max_len} tekens.")
    return value


# --- the registry ---------------------------------------------------------------------------

PROVIDER_FIELDS = ("name", "kvk_number", "is_informal_carer", "website", "notes")
LOCATION_FIELDS = ("name", "street", "house_number", "postcode", "city", "is_active")


def _provider_values(data: Mapping[str, Any], checks: _Checks, current: Provider | None) -> dict[str, Any]:
    """The provider fields present in `data`, checked and normalised (defaults from `current`)."""
    values: dict[str, Any] = {}
    if "name" in data or current is None:
        values["name"] = _text(data, "name", checks, max_len=200, required=True, label="De naam")
    for key in ("website", "notes"):
        if key in data:
            values[key] = _text(data, key, checks, max_len=200 if key == "website" else 5000)
    informal = bool(data.get("is_informal_carer", current.is_informal_carer if current else False))
    values["is_informal_carer"] = informal
    if "kvk_number" in data or current is None:
        try:
            values["kvk_number"] = normalise_kvk(data.get("kvk_number"))
        except ValueError as error:
            checks.add("kvk_number", str(error))
            values["kvk_number"] = None
    kvk = values.get("kvk_number", current.kvk_number if current else None)
    if kvk is None and not informal and "kvk_number" not in checks.errors:
        checks.add(
            "kvk_number",
            "Vul het KvK-nummer in (8 cijfers). Alleen een informele pgb-zorgverlener mag zonder.",
        )
    return values


def _check_duplicate(region_id: int, values: Mapping[str, Any], exclude_id: int | None) -> None:
    kvk = values.get("kvk_number")
    if kvk:
        existing = queries.find_by_kvk(kvk, region_id, exclude_id=exclude_id)
        if existing is not None:
            raise ProviderError(
                {"kvk_number": f"KvK-nummer {kvk} staat al in het register: {existing.name}. "
                               "Gebruik die aanbieder (of voeg de twee samen)."},
                existing=existing,
            )


def _check_similar(region_id: int, name: str, exclude_id: int | None, confirmed: bool) -> None:
    if confirmed or not name:
        return
    similar = queries.similar_names(name, region_id, exclude_id=exclude_id)
    if similar:
        names = ", ".join(p.name for p in similar[:5])
        raise ProviderError(
            {"name": f"Er staat al een aanbieder met een bijna gelijke naam in het register ({names}). "
                     "Controleer of het dezelfde is; bevestig anders dat het een andere aanbieder is."},
            similar=similar,
        )


def register_provider(
    data: Mapping[str, Any], *, region_id: int, confirm_similar_name: bool = False
) -> Provider:
    """Add a provider (and its locations in `data["locations"]`) to a reachable region's registry."""
    if region_id not in queries.reachable_region_ids():
        raise ProviderError({"region_id": "U kunt geen aanbieders toevoegen aan het register van deze regio."})
    checks = _Checks()
    values = _provider_values(data, checks, None)
    locations = [_location_values(loc, checks, prefix=f"locations.{i}.") for i, loc in enumerate(data.get("locations") or [])]
    checks.raise_if_any()
    _check_duplicate(region_id, values, None)
    _check_similar(region_id, values["name"], None, confirm_similar_name)
    provider = Provider(region_id=region_id, **values)
    db.session.add(provider)
    db.session.flush()
    for loc in locations:
        db.session.add(ProviderLocation(provider_id=provider.id, **loc))
    db.session.flush()
    audit.record("provider.registered", provider, detail={"region_id": region_id, "locations": len(locations)})
    return provider


def _refuse_merged(provider: Provider) -> None:
    if provider.merged_into_id is not None:
        survivor = provider.merged_into
        raise ProviderError(
            {"_schema": f"Deze aanbieder is samengevoegd met {survivor.name if survivor else 'een andere'}; "
                        "wijzig die aanbieder."}
        )


def update_provider(provider: Provider, data: Mapping[str, Any], *, confirm_similar_name: bool = False) -> Provider:
    """Correct a live registry record; the same checks as registering it."""
    _refuse_merged(provider)
    checks = _Checks()
    values = _provider_values(data, checks, provider)
    checks.raise_if_any()
    _check_duplicate(provider.region_id, values, provider.id)
    if values.get("name") and values["name"] != provider.name:
        _check_similar(provider.region_id, values["name"], provider.id, confirm_similar_name)
    changed = [k for k, v in values.items() if getattr(provider, k) != v]
    for key in changed:
        setattr(provider, key, values[key])
    db.session.flush()
    if changed:
        audit.record("provider.changed", provider, fields=sorted(changed))
    return provider


def _location_values(data: Mapping[str, Any], checks: _Checks, *, prefix: str = "") -> dict[str, Any]:
    local = _Checks()
    values = {
        "name": _text(data, "name", local, max_len=200, required=True, label="De naam van de locatie"),
        "street": _text(data, "street", local, max_len=200),
        "house_number": _text(data, "house_number", local, max_len=20),
        "city": _text(data, "city", local, max_len=120),
        "is_active": bool(data.get("is_active", True)),
    }
    try:
        values["postcode"] = normalise_postcode(data.get("postcode"))
    except ValueError as error:
        local.add("postcode", str(error))
    for key, message in local.errors.items():
        checks.add(prefix + key, message)
    return values


def add_location(provider: Provider, data: Mapping[str, Any]) -> ProviderLocation:
    _refuse_merged(provider)
    checks = _Checks()
    values = _location_values(data, checks)
    checks.raise_if_any()
    location = ProviderLocation(provider_id=provider.id, **values)
    db.session.add(location)
    db.session.flush()
    audit.record("provider.location_added", location, detail={"provider_id": provider.id})
    return location


def update_location(location: ProviderLocation, data: Mapping[str, Any]) -> ProviderLocation:
    checks = _Checks()
    merged = {**{k: getattr(location, k) for k in LOCATION_FIELDS}, **data}
    values = _location_values(merged, checks)
    checks.raise_if_any()
    changed = [k for k, v in values.items() if getattr(location, k) != v]
    for key in changed:
        setattr(location, key, values[key])
    db.session.flush()
    if changed:
        audit.record("provider.location_changed", location, fields=sorted(changed))
    return location


def merge_providers(survivor: Provider, merged: Provider, *, reason: str, actor_id: int | None) -> ProviderMerge:
    """Merge `merged` into `survivor`: a registry-level change every gemeente's rows follow.

    The merged record stays (with its locations and history) and points at the survivor; records
    merged into it earlier now point at the survivor too, so a pointer is never two steps long.
    Relations, meldingen and investigations keep their provider_id and are read through it.
    """
    checks = _Checks()
    reason = (reason or "").strip()
    if not reason:
        checks.add("reason", "Geef een reden voor het samenvoegen.")
    elif len(reason) > 2000:
        checks.add("reason", "Hoogstens 2000 tekens.")
    if survivor.id == merged.id:
        checks.add("survivor_id", "Kies een andere aanbieder om mee samen te voegen.")
    elif survivor.region_id != merged.region_id:
        checks.add("survivor_id", "Alleen aanbieders uit het register van dezelfde regio kunnen samen.")
    elif survivor.merged_into_id is not None or merged.merged_into_id is not None:
        checks.add("survivor_id", "Een van beide aanbieders is al samengevoegd; kies de aanbieder waarin die opging.")
    elif survivor.kvk_number and merged.kvk_number and survivor.kvk_number != merged.kvk_number:
        checks.add(
            "survivor_id",
            "De twee aanbieders hebben verschillende KvK-nummers: het zijn verschillende ondernemingen.",
        )
    checks.raise_if_any()
    inherit_kvk = merged.kvk_number if not survivor.kvk_number else None
    repointed = sorted(db.session.execute(select(Provider.id).where(Provider.merged_into_id == merged.id)).scalars())
    merged.merged_into_id = survivor.id
    db.session.flush()  # the KvK number is free once the merged record is no longer live
    db.session.execute(
        update(Provider).where(Provider.merged_into_id == merged.id).values(merged_into_id=survivor.id)
    )
    if inherit_kvk:
        survivor.kvk_number = inherit_kvk
        survivor.is_informal_carer = False
    row = ProviderMerge(
        region_id=survivor.region_id, survivor_id=survivor.id, merged_id=merged.id,
        merged_by_id=actor_id, reason=reason, kvk_taken_over=inherit_kvk, repointed_ids=repointed,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "provider.merged", survivor,
        detail={"survivor_id": survivor.id, "merged_id": merged.id, "merge_id": row.id,
                "kvk_taken_over": bool(inherit_kvk)},
    )
    return row


def undo_merge(merge: ProviderMerge, *, reason: str, actor_id: int | None) -> ProviderMerge:
    """Undo a merge made in error: the merged record is live again, with what it had.

    The records that pointed at it before the merge point at it again, and a KvK number the
    survivor took over goes back. Relations recorded after the merge against the survivor stay
    with the survivor. Only while the merge is still in force and the survivor is not merged
    itself (undo that one first). Like the merge, this writes registry rows only.
    """
    checks = _Checks()
    reason = (reason or "").strip()
    if not reason:
        checks.add("reason", "Geef een reden om de samenvoeging ongedaan te maken.")
    elif len(reason) > 2000:
        checks.add("reason", "Hoogstens 2000 tekens.")
    survivor, merged = merge.survivor, merge.merged
    if merge.undone_at is not None:
        checks.add("_schema", "Deze samenvoeging is al ongedaan gemaakt.")
    elif survivor.merged_into_id is not None:
        checks.add("_schema", f"{survivor.name} is zelf later samengevoegd; maak dat eerst ongedaan.")
    elif merged.merged_into_id != survivor.id:
        checks.add("_schema", "Dit record is inmiddels niet meer met deze aanbieder samengevoegd.")
    checks.raise_if_any()
    if merge.kvk_taken_over and survivor.kvk_number == merge.kvk_taken_over:
        survivor.kvk_number = None
        survivor.is_informal_carer = True  # it had no KvK number before the merge: an informal carer
        db.session.flush()  # free the number before the merged record is live again
    merged.merged_into_id = None
    db.session.flush()
    repointed = [int(i) for i in (merge.repointed_ids or [])]
    if repointed:
        db.session.execute(
            update(Provider)
            .where(Provider.id.in_(repointed), Provider.merged_into_id == survivor.id)
            .values(merged_into_id=merged.id)
        )
    merge.undone_at = utcnow()
    merge.undone_by_id = actor_id
    merge.undo_reason = reason
    db.session.flush()
    audit.record(
        "provider.merge_undone", merged,
        detail={"survivor_id": survivor.id, "merged_id": merged.id, "merge_id": merge.id},
    )
    return merge


# --- relations (tenant data of the active gemeente) ------------------------------------------

RELATION_FIELDS = ("financing_form", "reference", "starts_on", "ends_on", "notes")


def _service_types_by_code(codes: Iterable[str], checks: _Checks) -> list[ServiceType]:
    wanted = [c for c in dict.fromkeys(codes) if c]
    if not wanted:
        checks.add("service_types", "Kies ten minste één voorziening.")
        return []
    found = {
        s.code: s for s in db.session.execute(select(ServiceType).where(ServiceType.code.in_(wanted))).scalars()
    }
    unknown = [c for c in wanted if c not in found]
    if unknown:
        checks.add("service_types", f"Onbekende voorziening(en): {', '.join(unknown)}.")
    return [found[c] for c in wanted if c in found]


def _locations_of(provider: Provider, ids: Iterable[int], checks: _Checks) -> list[ProviderLocation]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    allowed = {loc.id: loc for loc in queries.locations_of(provider.id)}
    if any(i not in allowed for i in wanted):
        checks.add("location_ids", "Kies alleen locaties van deze aanbieder.")
    return [allowed[i] for i in wanted if i in allowed]


def _relation_values(data: Mapping[str, Any], checks: _Checks, current: ProviderRelation | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "financing_form" in data or current is None:
        try:
            values["financing_form"] = FinancingForm(data.get("financing_form"))
        except ValueError:
            checks.add("financing_form", "Kies de financieringsvorm: contract, subsidie of pgb.")
    if "reference" in data:
        values["reference"] = _text(data, "reference", checks, max_len=100)
    if "notes" in data:
        values["notes"] = _text(data, "notes", checks, max_len=5000)
    if "starts_on" in data or current is None:
        if not isinstance(data.get("starts_on"), date):
            checks.add("starts_on", "Vul de ingangsdatum in.")
        else:
            values["starts_on"] = data["starts_on"]
    if "ends_on" in data:
        ends_on = data.get("ends_on")
        if ends_on is not None and not isinstance(ends_on, date):
            checks.add("ends_on", "Geen geldige datum.")
        else:
            values["ends_on"] = ends_on
    starts_on = values.get("starts_on", current.starts_on if current else None)
    ends_on = values.get("ends_on", current.ends_on if current else None)
    if starts_on and ends_on and ends_on < starts_on:
        checks.add("ends_on", "De einddatum ligt vóór de ingangsdatum.")
    return values


def _check_relation_rules(provider: Provider, values: Mapping[str, Any], current: ProviderRelation | None,
                          checks: _Checks) -> None:
    form = values.get("financing_form", current.financing_form if current else None)
    if provider.is_informal_carer and form is not None and form != FinancingForm.PGB:
        checks.add("financing_form", "Een informele pgb-zorgverlener kan alleen een pgb-relatie hebben.")
    if checks.errors or form is None:
        return
    starts_on = values.get("starts_on", current.starts_on if current else None)
    ends_on = values.get("ends_on", current.ends_on if current else None)
    reference = values.get("reference", current.reference if current else "")
    for other in queries.relations_of_provider(provider.id, [require_tenant_context().active_id or 0]):
        if current is not None and other.id == current.id:
            continue
        overlaps = other.starts_on <= (ends_on or date.max) and starts_on <= (other.ends_on or date.max)
        if other.financing_form == form and other.reference == reference and overlaps:
            checks.add(
                "starts_on",
                f"Er is al een {form.label.lower()}-relatie met deze aanbieder en dit kenmerk in die "
                "periode. Wijzig die relatie, of geef een ander kenmerk.",
            )
            return


def _active_gemeente_id() -> int:
    ctx = require_tenant_context()
    if ctx.active_id is None:
        raise ProviderError({"_schema": "Relaties met aanbieders legt u vast binnen een gemeente."})
    return ctx.active_id


def add_relation(provider: Provider, data: Mapping[str, Any]) -> ProviderRelation:
    """Record that the active gemeente has a contract, subsidy or pgb relation with a provider.

    A merged record is replaced by the provider it was merged into. The provider's region must
    serve the gemeente (the registry is the region's).
    """
    gemeente_id = _active_gemeente_id()
    if provider.merged_into is not None:
        provider = provider.merged_into
    if provider.region_id not in queries.reachable_region_ids():
        raise ProviderError(
            {"provider_id": "Deze aanbieder staat niet in het register van de regio van deze gemeente."}
        )
    checks = _Checks()
    values = _relation_values(data, checks, None)
    values.setdefault("reference", "")
    values.setdefault("notes", "")
    values.setdefault("ends_on", None)
    types = _service_types_by_code(data.get("service_types") or [], checks)
    locations = _locations_of(provider, data.get("location_ids") or [], checks)
    _check_relation_rules(provider, values, None, checks)
    checks.raise_if_any()
    relation = ProviderRelation(gemeente_id=gemeente_id, provider_id=provider.id, **values)
    relation.service_type_links = [
        ProviderRelationServiceType(gemeente_id=gemeente_id, service_type_id=t.id, service_type=t) for t in types
    ]
    relation.location_links = [
        ProviderRelationLocation(gemeente_id=gemeente_id, location_id=loc.id, location=loc) for loc in locations
    ]
    db.session.add(relation)
    db.session.flush()
    audit.record(
        "provider_relation.added", relation,
        detail={"provider_id": provider.id, "financing_form": relation.financing_form.value},
    )
    return relation


def update_relation(relation: ProviderRelation, data: Mapping[str, Any]) -> ProviderRelation:
    """Change a relation of the active gemeente (period, kind, reference, service types, locations)."""
    gemeente_id = _active_gemeente_id()
    checks = _Checks()
    values = _relation_values(data, checks, relation)
    types = _service_types_by_code(data["service_types"], checks) if "service_types" in data else None
    provider = relation.provider.merged_into or relation.provider
    locations = _locations_of(provider, data["location_ids"], checks) if "location_ids" in data else None
    _check_relation_rules(provider, values, relation, checks)
    checks.raise_if_any()
    changed = [k for k, v in values.items() if getattr(relation, k) != v]
    for key in changed:
        setattr(relation, key, values[key])
    if types is not None and _sync_links(
        relation.service_type_links, "service_type_id", [t.id for t in types],
        lambda i: ProviderRelationServiceType(gemeente_id=gemeente_id, service_type_id=i),
    ):
        changed.append("service_types")
    if locations is not None and _sync_links(
        relation.location_links, "location_id", [loc.id for loc in locations],
        lambda i: ProviderRelationLocation(gemeente_id=gemeente_id, location_id=i),
    ):
        changed.append("locations")
    db.session.flush()
    if changed:
        audit.record("provider_relation.changed", relation, fields=sorted(changed))
    return relation


def _sync_links(links: list[Any], key: str, wanted: list[int], make: Any) -> bool:
    """Make a relation's link rows name exactly `wanted`: remove the others, add the missing."""
    have = {getattr(link, key) for link in links}
    for link in [link for link in links if getattr(link, key) not in wanted]:
        links.remove(link)
    for item in wanted:
        if item not in have:
            links.append(make(item))
    return have != set(wanted)


def remove_relation(relation: ProviderRelation) -> None:
    """Delete a relation entered by mistake (an ended one is ended with `ends_on`, not removed)."""
    _active_gemeente_id()
    audit.record("provider_relation.removed", relation, detail={"provider_id": relation.provider_id})
    db.session.delete(relation)
    db.session.flush()
