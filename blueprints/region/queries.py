"""Reads for the region API: regions with the gemeenten they serve, and the user's gemeenten.

Both start from the request's entitlements (tenants.resolution.current_entitlements), so they
say exactly what the rest of the platform lets the user do today.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import Entitlements
from tenants.models import Gemeente, Region, RegionGemeente


@dataclass(frozen=True)
class HeldRole:
    role: str
    label: str


def held_roles(roles: Iterable[Role]) -> list[HeldRole]:
    return [HeldRole(r.value, r.label) for r in sorted(roles, key=lambda r: r.label)]


@dataclass(frozen=True)
class ServedGemeente:
    id: int
    code: str
    name: str
    slug: str
    valid_from: date
    valid_until: date | None
    serves_today: bool


@dataclass(frozen=True)
class RegionView:
    id: int
    code: str
    name: str
    #: The user's region roles here; empty when they reach the region through their gemeenten.
    roles: list[HeldRole]
    gemeenten: list[ServedGemeente]


def regions_for(ents: Entitlements, gemeente_ids: frozenset[int]) -> list[RegionView]:
    """The regions the user sees, each with the gemeenten it serves today or from a later date.

    A region where the user holds a region role lists all its gemeenten; a region reached only
    through `gemeente_ids` (an inspector's own gemeenten) lists just those it serves today.
    """
    day = ents.on_date
    role_regions = set(ents.roles_by_region)
    reach = []
    if role_regions:
        reach.append(RegionGemeente.region_id.in_(sorted(role_regions)))
    if gemeente_ids:
        reach.append(
            and_(RegionGemeente.gemeente_id.in_(sorted(gemeente_ids)), RegionGemeente.valid_from <= day)
        )
    served: dict[int, list[ServedGemeente]] = defaultdict(list)
    if reach:
        rows = db.session.execute(
            select(RegionGemeente, Gemeente)
            .join(Gemeente, Gemeente.id == RegionGemeente.gemeente_id)
            .where(
                or_(RegionGemeente.valid_until.is_(None), RegionGemeente.valid_until >= day),
                or_(*reach),
            )
            .order_by(Gemeente.name, RegionGemeente.valid_from)
        )
        for link, gemeente in rows:
            served[link.region_id].append(
                ServedGemeente(
                    gemeente.id, gemeente.code, gemeente.name, gemeente.slug,
                    link.valid_from, link.valid_until, link.valid_from <= day,
                )
            )
    region_ids = role_regions | set(served)
    if not region_ids:
        return []
    regions = db.session.execute(
        select(Region).where(Region.id.in_(sorted(region_ids))).order_by(Region.name)
    ).scalars()
    return [
        RegionView(
            r.id, r.code, r.name, held_roles(ents.roles_by_region.get(r.id, ())), served.get(r.id, [])
        )
        for r in regions
    ]


@dataclass(frozen=True)
class EntitledGemeente:
    id: int
    code: str
    name: str
    slug: str
    roles: list[HeldRole]


def entitled_gemeenten(ents: Entitlements) -> list[EntitledGemeente]:
    """The gemeenten the user may act in today, by name, with the roles they hold in each."""
    if not ents.gemeente_ids:
        return []
    gemeenten = db.session.execute(
        select(Gemeente).where(Gemeente.id.in_(sorted(ents.gemeente_ids))).order_by(Gemeente.name)
    ).scalars()
    return [
        EntitledGemeente(g.id, g.code, g.name, g.slug, held_roles(ents.roles_in(g.id)))
        for g in gemeenten
    ]
