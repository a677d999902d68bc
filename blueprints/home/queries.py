"""Reads for the start pages: the gemeenten a user acts in, and the region's gemeenten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import Entitlements
from tenants.models import Gemeente, Region, RegionGemeente


@dataclass(frozen=True)
class GemeenteRow:
    gemeente: Gemeente
    roles: list[Role]


def my_gemeenten(ents: Entitlements) -> list[GemeenteRow]:
    if not ents.gemeente_ids:
        return []
    gemeenten = db.session.execute(
        select(Gemeente).where(Gemeente.id.in_(ents.gemeente_ids)).order_by(Gemeente.name)
    ).scalars()
    return [GemeenteRow(g, sorted(ents.roles_in(g.id), key=lambda r: r.label)) for g in gemeenten]


@dataclass(frozen=True)
class RegionLink:
    gemeente: Gemeente
    valid_from: date
    valid_until: date | None


def region_overview(region_ids: list[int], on_date: date) -> list[tuple[Region, list[RegionLink]]]:
    """Each region with the gemeenten it serves on that date (and those that start later)."""
    regions = db.session.execute(
        select(Region).where(Region.id.in_(region_ids)).order_by(Region.name)
    ).scalars().all()
    result = []
    for region in regions:
        rows = db.session.execute(
            select(RegionGemeente, Gemeente)
            .join(Gemeente, Gemeente.id == RegionGemeente.gemeente_id)
            .where(
                RegionGemeente.region_id == region.id,
                or_(RegionGemeente.valid_until.is_(None), RegionGemeente.valid_until >= on_date),
            )
            .order_by(Gemeente.name)
        ).all()
        result.append(
            (region, [RegionLink(g, link.valid_from, link.valid_until) for link, g in rows])
        )
    return result
