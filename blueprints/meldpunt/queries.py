"""Which gemeenten the public meldpunt offers: those a region serves today (readable by anyone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from blueprints.providers.models import ServiceType
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region, RegionGemeente


@dataclass(frozen=True)
class RegionChoice:
    region: Region
    gemeenten: list[Gemeente]


def _served_on(day: date):  # type: ignore[no-untyped-def]
    return (RegionGemeente.valid_from <= day) & or_(
        RegionGemeente.valid_until.is_(None), RegionGemeente.valid_until >= day
    )


def regions_with_gemeenten(day: date) -> list[RegionChoice]:
    """Every region serving at least one active gemeente on `day`, with those gemeenten by name."""
    rows = db.session.execute(
        select(Region, Gemeente)
        .join(RegionGemeente, RegionGemeente.region_id == Region.id)
        .join(Gemeente, Gemeente.id == RegionGemeente.gemeente_id)
        .where(_served_on(day), Gemeente.is_active)
        .order_by(Region.name, Gemeente.name)
    ).all()
    grouped: dict[int, RegionChoice] = {}
    for region, gemeente in rows:
        choice = grouped.setdefault(region.id, RegionChoice(region, []))
        if gemeente not in choice.gemeenten:
            choice.gemeenten.append(gemeente)
    return list(grouped.values())


def served_gemeente(slug: str, day: date) -> Gemeente | None:
    """The active gemeente with this slug, if a region serves it on `day`."""
    return db.session.execute(
        select(Gemeente)
        .join(RegionGemeente, RegionGemeente.gemeente_id == Gemeente.id)
        .where(Gemeente.slug == slug, Gemeente.is_active, _served_on(day))
        .limit(1)
    ).scalar_one_or_none()


def region_of(gemeente: Gemeente, day: date) -> Region | None:
    return db.session.execute(
        select(Region)
        .join(RegionGemeente, RegionGemeente.region_id == Region.id)
        .where(RegionGemeente.gemeente_id == gemeente.id, _served_on(day))
        .order_by(RegionGemeente.valid_from.desc())
        .limit(1)
    ).scalar_one_or_none()


def service_type_choices() -> list[tuple[str, str]]:
    types = db.session.execute(select(ServiceType).order_by(ServiceType.sort_order, ServiceType.label)).scalars()
    return [(str(t.id), t.label) for t in types]
