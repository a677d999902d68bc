"""Who may act where, today: the one place that turns roles into gemeenten.

Entitlements are computed per request for today's date in Europe/Amsterdam and never cached in
the session, so an ended membership stops working the next request. Sources are pluggable: the
pool issue adds designations (gemeente × task × kind of support × validity) as one more source
through `register_source`, without touching the callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission, Role, permissions_for
from tenants.models import Gemeente, Membership, RegionGemeente, RegionRole

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    """Today's date where the gemeenten are, whatever the server's time zone."""
    return datetime.now(AMSTERDAM).date()


@dataclass(frozen=True)
class Grant:
    """One reason a user holds a role in a gemeente (or a region), for the UI and the audit log."""

    role: Role
    gemeente_id: int | None
    region_id: int | None
    source: str  # "membership", "region_role" (later: "designation")


@dataclass(frozen=True)
class Entitlements:
    user_id: int
    on_date: date
    grants: tuple[Grant, ...] = ()
    #: gemeente id → roles held there (region roles apply to every gemeente the region serves)
    roles_by_gemeente: dict[int, frozenset[Role]] = field(default_factory=dict)
    #: region id → region roles
    roles_by_region: dict[int, frozenset[Role]] = field(default_factory=dict)

    @property
    def gemeente_ids(self) -> frozenset[int]:
        return frozenset(self.roles_by_gemeente)

    def roles_in(self, gemeente_id: int) -> frozenset[Role]:
        return self.roles_by_gemeente.get(gemeente_id, frozenset())

    def all_roles(self) -> frozenset[Role]:
        roles: set[Role] = set()
        for held in self.roles_by_gemeente.values():
            roles |= held
        for held in self.roles_by_region.values():
            roles |= held
        return frozenset(roles)

    def can(self, permission: Permission, gemeente_id: int | None = None) -> bool:
        if gemeente_id is None:
            return permission in permissions_for(self.all_roles())
        return permission in permissions_for(self.roles_in(gemeente_id))

    def gemeenten_with(self, permission: Permission) -> frozenset[int]:
        return frozenset(
            gid for gid, roles in self.roles_by_gemeente.items() if permission in permissions_for(roles)
        )

    def region_can(self, permission: Permission) -> bool:
        """Whether a region-level role grants it (for region-level rows such as logins)."""
        return any(permission in permissions_for(r) for r in self.roles_by_region.values())


Source = Callable[[int, date], Iterable[Grant]]
_sources: list[Source] = []


def register_source(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def _valid(model: type[Membership] | type[RegionRole] | type[RegionGemeente], day: date):  # type: ignore[no-untyped-def]
    return (model.valid_from <= day) & or_(model.valid_until.is_(None), model.valid_until >= day)


def membership_grants(user_id: int, day: date) -> Iterable[Grant]:
    rows = db.session.execute(
        select(Membership.role, Membership.gemeente_id).where(
            Membership.user_id == user_id, _valid(Membership, day)
        )
    )
    for role, gemeente_id in rows:
        yield Grant(Role(role), gemeente_id, None, "membership")


def region_role_grants(user_id: int, day: date) -> Iterable[Grant]:
    rows = db.session.execute(
        select(RegionRole.role, RegionRole.region_id).where(
            RegionRole.user_id == user_id, _valid(RegionRole, day)
        )
    )
    for role, region_id in rows:
        yield Grant(Role(role), None, region_id, "region_role")


register_source(membership_grants)
register_source(region_role_grants)


def served_gemeenten(region_ids: Iterable[int], day: date) -> dict[int, set[int]]:
    """region id → ids of the active gemeenten it serves on that day."""
    ids = list(region_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(RegionGemeente.region_id, RegionGemeente.gemeente_id)
        .join(Gemeente, Gemeente.id == RegionGemeente.gemeente_id)
        .where(RegionGemeente.region_id.in_(ids), _valid(RegionGemeente, day), Gemeente.is_active)
    )
    served: dict[int, set[int]] = defaultdict(set)
    for region_id, gemeente_id in rows:
        served[region_id].add(gemeente_id)
    return served


def compute_entitlements(user_id: int, on_date: date | None = None) -> Entitlements:
    """All roles the user holds on that date, and the gemeenten each applies to.

    Runs in an identity context (the user's own rows only), because no gemeente is known yet.
    A gemeente that is inactive grants nothing.
    """
    day = on_date or today()
    with tenant_context(TenantContext(user_id=user_id, reason="entitlements")):
        grants = tuple(g for source in _sources for g in source(user_id, day))
        region_roles: dict[int, set[Role]] = defaultdict(set)
        for grant in grants:
            if grant.region_id is not None:
                region_roles[grant.region_id].add(grant.role)
        served = served_gemeenten(region_roles, day)
        by_gemeente: dict[int, set[Role]] = defaultdict(set)
        for region_id, roles in region_roles.items():
            for gemeente_id in served.get(region_id, ()):
                by_gemeente[gemeente_id] |= roles
        direct = {g.gemeente_id for g in grants if g.gemeente_id is not None}
        active = set(
            db.session.execute(
                select(Gemeente.id).where(Gemeente.id.in_(direct), Gemeente.is_active)
            ).scalars()
        ) if direct else set()
        for grant in grants:
            if grant.gemeente_id is not None and grant.gemeente_id in active:
                by_gemeente[grant.gemeente_id].add(grant.role)
    return Entitlements(
        user_id=user_id,
        on_date=day,
        grants=grants,
        roles_by_gemeente={gid: frozenset(r) for gid, r in by_gemeente.items()},
        roles_by_region={rid: frozenset(r) for rid, r in region_roles.items()},
    )
