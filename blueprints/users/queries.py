"""Reads of accounts and their roles, always inside the tenant scope.

Memberships are readable in the allowed gemeenten and, by design, the acting user's own rows
everywhere (`own_or_tenant`, for the entitlements). So lists that mean "the users of this
gemeente" or "of this region" name their gemeenten; loaders of one membership do not, and the
services refuse a membership outside the actor's gemeenten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from blueprints.users.permissions import abort_not_found
from regiotoezicht.auth.models import User
from regiotoezicht.extensions import db
from tenants.entitlements import served_gemeenten
from tenants.models import Gemeente, Membership, Region, RegionRole


@dataclass
class UserRoles:
    """One account with the roles it holds (or held) where the viewer looks."""

    user: User
    region_roles: list[RegionRole] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)

    def roles(self) -> list[RegionRole | Membership]:
        return [*self.region_roles, *self.memberships]

    def current(self, day: date) -> list[RegionRole | Membership]:
        """Roles valid on the day or starting later."""
        return [r for r in self.roles() if r.valid_until is None or r.valid_until >= day]

    def ended(self, day: date) -> list[RegionRole | Membership]:
        return [r for r in self.roles() if r.valid_until is not None and r.valid_until < day]


def regions(region_ids: Iterable[int]) -> list[Region]:
    ids = list(region_ids)
    return list(
        db.session.execute(select(Region).where(Region.id.in_(ids)).order_by(Region.name)).scalars()
    )


def gemeenten(gemeente_ids: Iterable[int]) -> list[Gemeente]:
    ids = list(gemeente_ids)
    return list(
        db.session.execute(
            select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.name)
        ).scalars()
    )


def region_gemeente_ids(
    region_ids: Iterable[int], allowed_ids: frozenset[int], day: date
) -> set[int]:
    """The gemeenten the regions serve on the day, as far as the tenant context allows."""
    served: set[int] = set()
    for ids in served_gemeenten(region_ids, day).values():
        served |= ids
    return served & allowed_ids


def _membership_rows(*criteria: object) -> list[Membership]:
    # selectinload: users and gemeenten come in one query each, with no join inside the scoped
    # statement on memberships.
    return list(
        db.session.execute(
            select(Membership)
            .options(selectinload(Membership.user), selectinload(Membership.gemeente))
            .where(*criteria)  # type: ignore[arg-type]
            .order_by(Membership.valid_from.desc(), Membership.id.desc())
        ).scalars()
    )


def _region_role_rows(*criteria: object) -> list[RegionRole]:
    return list(
        db.session.execute(
            select(RegionRole)
            .options(joinedload(RegionRole.user), joinedload(RegionRole.region))
            .where(*criteria)  # type: ignore[arg-type]
            .order_by(RegionRole.valid_from.desc(), RegionRole.id.desc())
        ).scalars()
    )


def _group(region_roles: list[RegionRole], memberships: list[Membership]) -> list[UserRoles]:
    by_user: dict[int, UserRoles] = {}
    for role in region_roles:
        by_user.setdefault(role.user_id, UserRoles(role.user)).region_roles.append(role)
    for membership in memberships:
        by_user.setdefault(membership.user_id, UserRoles(membership.user)).memberships.append(
            membership
        )
    return sorted(by_user.values(), key=lambda row: (row.user.display_name.lower(), row.user.id))


def region_users(region_ids: list[int], gemeente_ids: set[int]) -> list[UserRoles]:
    """Everyone with a role (current, ended or coming) in the regions or their gemeenten."""
    return _group(
        _region_role_rows(RegionRole.region_id.in_(region_ids)),
        _membership_rows(Membership.gemeente_id.in_(gemeente_ids)),
    )


def gemeente_users(gemeente_id: int) -> list[UserRoles]:
    """Everyone with a membership (current, ended or coming) in this gemeente."""
    return _group([], _membership_rows(Membership.gemeente_id == gemeente_id))


def get_region_user_or_404(
    user_id: int, region_ids: list[int], gemeente_ids: set[int]
) -> UserRoles:
    """A user with a role in the regions or their gemeenten; anyone else is not found here."""
    row = _group(
        _region_role_rows(RegionRole.user_id == user_id, RegionRole.region_id.in_(region_ids)),
        _membership_rows(Membership.user_id == user_id, Membership.gemeente_id.in_(gemeente_ids)),
    )
    if not row:
        abort_not_found("User", user_id)
    return row[0]


def get_gemeente_user_or_404(user_id: int, gemeente_id: int) -> UserRoles:
    row = _group(
        [], _membership_rows(Membership.user_id == user_id, Membership.gemeente_id == gemeente_id)
    )
    if not row:
        abort_not_found("User", user_id)
    return row[0]


def find_gemeente_user(user_id: int, gemeente_id: int) -> User | None:
    """The user when they have (or had) a membership in this gemeente, else None."""
    return db.session.execute(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(User.id == user_id, Membership.gemeente_id == gemeente_id)
        .limit(1)
    ).scalar_one_or_none()


def get_membership_or_404(membership_id: int, user_id: int | None = None) -> Membership:
    """Load by id inside the scope; the service checks the gemeente before any change."""
    criteria = [Membership.id == membership_id]
    if user_id is not None:
        criteria.append(Membership.user_id == user_id)
    rows = _membership_rows(*criteria)
    if not rows:
        abort_not_found("Membership", membership_id)
    return rows[0]


def get_region_role_or_404(role_id: int, user_id: int, region_ids: list[int]) -> RegionRole:
    rows = _region_role_rows(
        RegionRole.id == role_id,
        RegionRole.user_id == user_id,
        RegionRole.region_id.in_(region_ids),
    )
    if not rows:
        abort_not_found("RegionRole", role_id)
    return rows[0]


def memberships_in(gemeente_id: int) -> list[Membership]:
    return _membership_rows(Membership.gemeente_id == gemeente_id)


def own_roles_on(user_id: int, day: date) -> tuple[list[RegionRole], list[Membership]]:
    """The user's own region roles and memberships valid on the day."""
    region_roles = _region_role_rows(
        RegionRole.user_id == user_id,
        RegionRole.valid_from <= day,
        or_(RegionRole.valid_until.is_(None), RegionRole.valid_until >= day),
    )
    memberships = _membership_rows(
        Membership.user_id == user_id,
        Membership.valid_from <= day,
        or_(Membership.valid_until.is_(None), Membership.valid_until >= day),
    )
    return region_roles, memberships
