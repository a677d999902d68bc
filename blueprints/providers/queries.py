"""Reads of the provider registry and of a gemeente's relations, for this slice and for others.

The registry is region-wide: a provider is reachable when its region serves a gemeente of the
request's tenant context (or the user holds a role in that region). Relations are tenant data
and are read through the tenant scoping, so a context only ever sees its own gemeenten' rows.
Every read follows merges: a merged record stands for the provider it was merged into, and
`merged_provider_ids()` gives the ids other slices filter their own `provider_id` columns by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import abort, has_request_context
from flask_login import current_user
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import selectinload

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
from blueprints.providers.normalise import name_key, names_look_alike
from regiotoezicht import audit
from regiotoezicht.context import current_tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import served_gemeenten, today
from tenants.models import Region, RegionGemeente
from tenants.resolution import current_entitlements

#: The most rows a registry search returns; people refine the search text instead.
SEARCH_LIMIT = 50


# --- reach ----------------------------------------------------------------------------------


def reachable_region_ids() -> frozenset[int]:
    """The regions whose registry this request, job or command may read.

    Regions that serve (or served) a gemeente of the tenant context, plus the regions where the
    logged-in user holds a region role. Without a context: none (fail closed).
    """
    ctx = current_tenant_context()
    if ctx is None:
        return frozenset()
    ids: set[int] = set()
    if ctx.allowed_ids:
        ids |= set(
            db.session.execute(
                select(RegionGemeente.region_id).where(
                    RegionGemeente.gemeente_id.in_(sorted(ctx.allowed_ids))
                )
            ).scalars()
        )
    if has_request_context() and current_user.is_authenticated and ctx.active_id is None:
        from_roles = _region_role_ids()
        ids |= from_roles
    return frozenset(ids)


def _region_role_ids() -> set[int]:
    ents = current_entitlements()
    return set(ents.roles_by_region) if ents is not None else set()


def regions_serving(gemeente_id: int, on_date: date | None = None) -> list[Region]:
    """The regions that serve a gemeente on a day (normally one), by name."""
    day = on_date or today()
    return list(
        db.session.execute(
            select(Region)
            .join(RegionGemeente, RegionGemeente.region_id == Region.id)
            .where(
                RegionGemeente.gemeente_id == gemeente_id,
                RegionGemeente.valid_from <= day,
                or_(RegionGemeente.valid_until.is_(None), RegionGemeente.valid_until >= day),
            )
            .order_by(Region.name)
        ).scalars()
    )


def regions_by_id(region_ids: Iterable[int]) -> list[Region]:
    ids = sorted(set(region_ids))
    if not ids:
        return []
    return list(db.session.execute(select(Region).where(Region.id.in_(ids)).order_by(Region.name)).scalars())


def gemeente_ids_of_region(region_id: int, on_date: date | None = None) -> set[int]:
    return served_gemeenten([region_id], on_date or today()).get(region_id, set())


# --- the registry ---------------------------------------------------------------------------


def get_provider_or_404(provider_id: int) -> Provider:
    """A registry record of a reachable region, merged or not; anything else is not found.

    Callers showing a provider follow `merged_into` themselves (the page of a merged record says
    it was merged); callers storing a provider id use canonical_provider_id().
    """
    provider = db.session.get(Provider, provider_id)
    if provider is None or provider.region_id not in reachable_region_ids():
        audit.record_outside_transaction("access.not_found", object_type="Provider", object_id=provider_id)
        abort(404)
    return provider


def canonical_provider_id(provider_id: int) -> int:
    """The id a provider stands for after merges (itself when never merged).

    Merging keeps `merged_into_id` pointing at a record that is not merged itself, so one step
    suffices; the loop guards against data from before that rule.
    """
    seen: set[int] = set()
    current = provider_id
    while current not in seen:
        seen.add(current)
        target = db.session.execute(
            select(Provider.merged_into_id).where(Provider.id == current)
        ).scalar_one_or_none()
        if target is None:
            return current
        current = target
    return current


def merged_provider_ids(provider_id: int) -> frozenset[int]:
    """The canonical provider and every record merged into it: filter `provider_id IN (...)` by
    this to show a merged record's meldingen, investigations … under the surviving provider."""
    canonical = canonical_provider_id(provider_id)
    merged = db.session.execute(
        select(Provider.id).where(Provider.merged_into_id == canonical)
    ).scalars()
    return frozenset({canonical, *merged})


def canonical_id_column() -> ColumnElement[int]:
    """SQL for the canonical id of a Provider row (merged_into_id is never itself merged)."""
    return func.coalesce(Provider.merged_into_id, Provider.id)


def search_registry(text: str, region_id: int | None = None, *, limit: int = SEARCH_LIMIT) -> list[Provider]:
    """Live providers of the region (default: every reachable region) whose name, KvK number,
    location name, postcode or city matches the text; a merged record's match shows its survivor."""
    region_ids = reachable_region_ids()
    if region_id is not None:
        region_ids = region_ids & {region_id}
    if not region_ids:
        return []
    query = select(canonical_id_column()).where(Provider.region_id.in_(sorted(region_ids)))
    words = (text or "").split()
    for word in words:
        digits = word.replace(".", "")
        pattern = f"%{word.lower()}%"
        location_match = (
            select(ProviderLocation.id)
            .where(
                ProviderLocation.provider_id == Provider.id,
                or_(
                    func.lower(ProviderLocation.name).like(pattern),
                    func.lower(ProviderLocation.city).like(pattern),
                    func.lower(func.replace(ProviderLocation.postcode, " ", "")).like(pattern),
                ),
            )
            .exists()
        )
        query = query.where(
            or_(
                func.lower(Provider.name).like(pattern),
                Provider.kvk_number == digits,
                location_match,
            )
        )
    ids = set(db.session.execute(query).scalars())
    if not ids:
        return []
    return list(
        db.session.execute(
            select(Provider)
            .where(Provider.id.in_(ids), Provider.merged_into_id.is_(None))
            .options(selectinload(Provider.locations))
            .order_by(func.lower(Provider.name), Provider.id)
            .limit(limit)
        ).scalars()
    )


def find_by_kvk(kvk_number: str, region_id: int, *, exclude_id: int | None = None) -> Provider | None:
    """The live provider with this KvK number in the region, if any."""
    query = select(Provider).where(
        Provider.region_id == region_id,
        Provider.kvk_number == kvk_number,
        Provider.merged_into_id.is_(None),
    )
    if exclude_id is not None:
        query = query.where(Provider.id != exclude_id)
    return db.session.execute(query).scalars().first()


def similar_names(name: str, region_id: int, *, exclude_id: int | None = None) -> list[Provider]:
    """Live providers of the region whose name is near-identical to `name`."""
    query = select(Provider).where(Provider.region_id == region_id, Provider.merged_into_id.is_(None))
    if exclude_id is not None:
        query = query.where(Provider.id != exclude_id)
    return [p for p in db.session.execute(query.order_by(Provider.name)).scalars() if names_look_alike(name, p.name)]


@dataclass(frozen=True)
class DuplicateGroup:
    """Live providers of one region that are probably the same organisation, and why."""

    reason: str
    providers: list[Provider]


def duplicate_candidates(region_id: int) -> list[DuplicateGroup]:
    """Groups of live providers with the same name key (legal form, case and accents ignored).

    The same KvK number cannot occur twice among live records (a unique index), so names are
    what is left: a record without KvK number next to one with it, or two spellings of one name.
    """
    by_key: dict[str, list[Provider]] = defaultdict(list)
    rows = db.session.execute(
        select(Provider)
        .where(Provider.region_id == region_id, Provider.merged_into_id.is_(None))
        .order_by(Provider.id)
    ).scalars()
    for provider in rows:
        key = name_key(provider.name)
        if key:
            by_key[key].append(provider)
    groups = []
    for providers in by_key.values():
        if len(providers) < 2:
            continue
        kvks = {p.kvk_number for p in providers if p.kvk_number}
        if len(kvks) > 1:
            reason = "Zelfde naam, verschillende KvK-nummers: controleer of het om één onderneming gaat."
        else:
            reason = "Zelfde naam (rechtsvorm, hoofdletters en leestekens genegeerd)."
        groups.append(DuplicateGroup(reason, providers))
    return sorted(groups, key=lambda g: g.providers[0].name.lower())


def merges_of(provider_id: int) -> list[ProviderMerge]:
    """The merge history around a provider: records merged into it, and its own merge."""
    return list(
        db.session.execute(
            select(ProviderMerge)
            .where(or_(ProviderMerge.survivor_id == provider_id, ProviderMerge.merged_id == provider_id))
            .order_by(ProviderMerge.merged_at)
        ).scalars()
    )


def get_merge_or_404(merge_id: int) -> ProviderMerge:
    """A merge in a reachable region's registry; anything else is not found."""
    merge = db.session.get(ProviderMerge, merge_id)
    if merge is None or merge.region_id not in reachable_region_ids():
        audit.record_outside_transaction("access.not_found", object_type="ProviderMerge", object_id=merge_id)
        abort(404)
    return merge


def locations_of(provider_id: int) -> list[ProviderLocation]:
    """The locations of a provider and of every record merged into it."""
    ids = merged_provider_ids(provider_id)
    return list(
        db.session.execute(
            select(ProviderLocation)
            .where(ProviderLocation.provider_id.in_(sorted(ids)))
            .order_by(ProviderLocation.name, ProviderLocation.id)
        ).scalars()
    )


def get_location_or_404(location_id: int) -> ProviderLocation:
    location = db.session.get(ProviderLocation, location_id)
    if location is None or location.provider.region_id not in reachable_region_ids():
        audit.record_outside_transaction(
            "access.not_found", object_type="ProviderLocation", object_id=location_id
        )
        abort(404)
    return location


def service_types() -> list[ServiceType]:
    return list(
        db.session.execute(select(ServiceType).order_by(ServiceType.sort_order, ServiceType.label)).scalars()
    )


# --- relations (tenant data) ----------------------------------------------------------------


def _valid_on(day: date) -> ColumnElement[bool]:
    return (ProviderRelation.starts_on <= day) & or_(
        ProviderRelation.ends_on.is_(None), ProviderRelation.ends_on >= day
    )


def _relation_options() -> tuple[object, ...]:
    return (
        selectinload(ProviderRelation.service_type_links).selectinload(ProviderRelationServiceType.service_type),
        selectinload(ProviderRelation.location_links).selectinload(ProviderRelationLocation.location),
        selectinload(ProviderRelation.provider),
    )


def get_relation_or_404(relation_id: int) -> ProviderRelation:
    """A relation inside the tenant scope; another gemeente's id is simply not found (and logged)."""
    relation = db.session.execute(
        select(ProviderRelation).where(ProviderRelation.id == relation_id).options(*_relation_options())
    ).scalar_one_or_none()
    if relation is None:
        audit.record_outside_transaction(
            "access.not_found", object_type="ProviderRelation", object_id=relation_id
        )
        abort(404)
    return relation


def providers_of_gemeente(gemeente_id: int, on_date: date | None = None) -> list[Provider]:
    """The (canonical) providers a gemeente has a relation with on that day, by name.

    Without a date: every provider it ever had a relation with. Reads through the tenant
    scoping: the context must include the gemeente, or the answer is empty.
    """
    query = select(canonical_id_column()).join(
        ProviderRelation, ProviderRelation.provider_id == Provider.id
    ).where(ProviderRelation.gemeente_id == gemeente_id)
    if on_date is not None:
        query = query.where(_valid_on(on_date))
    ids = set(db.session.execute(query).scalars())
    if not ids:
        return []
    return list(
        db.session.execute(
            select(Provider).where(Provider.id.in_(ids)).order_by(func.lower(Provider.name), Provider.id)
        ).scalars()
    )


def relations_of_provider(
    provider_id: int, gemeente_ids: Iterable[int] | None = None, on_date: date | None = None
) -> list[ProviderRelation]:
    """The relations with a provider (and every record merged into it) that the scope shows,
    optionally limited to some gemeenten and to those valid on a day; newest first."""
    query = (
        select(ProviderRelation)
        .where(ProviderRelation.provider_id.in_(sorted(merged_provider_ids(provider_id))))
        .options(*_relation_options())
        .order_by(ProviderRelation.gemeente_id, ProviderRelation.starts_on.desc(), ProviderRelation.id)
    )
    if gemeente_ids is not None:
        query = query.where(ProviderRelation.gemeente_id.in_(sorted(set(gemeente_ids))))
    if on_date is not None:
        query = query.where(_valid_on(on_date))
    return list(db.session.execute(query).scalars())


def financing_forms_for(provider_id: int, gemeente_ids: Iterable[int], on_date: date) -> set[FinancingForm]:
    """Which financing forms bind the provider in those gemeenten on that day.

    A norm that names only other forms does not bind it there (findings against it are refused).
    Follows merges; reads through the tenant scoping, so gemeenten outside the context add nothing.
    """
    ids = sorted(set(gemeente_ids))
    if not ids:
        return set()
    rows = db.session.execute(
        select(ProviderRelation.financing_form).where(
            ProviderRelation.provider_id.in_(sorted(merged_provider_ids(provider_id))),
            ProviderRelation.gemeente_id.in_(ids),
            _valid_on(on_date),
        )
    ).scalars()
    return {FinancingForm(form) for form in rows}


@dataclass
class ProviderOverview:
    """One provider on a gemeente's list: its relations there, current first."""

    provider: Provider
    relations: list[ProviderRelation] = field(default_factory=list)

    def current(self, day: date) -> list[ProviderRelation]:
        return [r for r in self.relations if r.valid_on(day)]

    def forms_on(self, day: date) -> list[FinancingForm]:
        return sorted({r.financing_form for r in self.current(day)}, key=list(FinancingForm).index)


def overview_of_gemeente(gemeente_id: int) -> list[ProviderOverview]:
    """Every provider the gemeente has (had) a relation with, with those relations, by name."""
    relations = db.session.execute(
        select(ProviderRelation)
        .where(ProviderRelation.gemeente_id == gemeente_id)
        .options(*_relation_options())
        .order_by(ProviderRelation.starts_on.desc(), ProviderRelation.id)
    ).scalars()
    by_provider: dict[int, ProviderOverview] = {}
    for relation in relations:
        canonical = relation.provider.merged_into or relation.provider
        overview = by_provider.setdefault(canonical.id, ProviderOverview(canonical))
        overview.relations.append(relation)
    return sorted(by_provider.values(), key=lambda o: (o.provider.name.lower(), o.provider.id))


def gemeente_ids_with_relation(provider_id: int, on_date: date | None = None) -> set[int]:
    """The gemeenten (of the tenant context) that have a relation with the provider (and the
    records merged into it), on a day or ever: who an investigation of it can serve."""
    query = select(ProviderRelation.gemeente_id).where(
        ProviderRelation.provider_id.in_(sorted(merged_provider_ids(provider_id)))
    )
    if on_date is not None:
        query = query.where(_valid_on(on_date))
    return set(db.session.execute(query).scalars())
