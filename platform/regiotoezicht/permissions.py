"""Roles, permissions and the one table that maps the first to the second.

Every URL rule declares the Permission it needs (web.py checks it before the view runs); no view
checks a role by name. Region roles act in every gemeente the region serves; gemeente roles in
one gemeente each. Inspectors act in the gemeenten they are entitled to (memberships now,
designations later: see tenants/entitlements.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Role(enum.StrEnum):
    REGION_ADMIN = "region_admin"
    COORDINATOR = "coordinator"
    SECRETARIAAT = "secretariaat"
    PRIVACY_OFFICER = "privacy_officer"
    INSPECTOR = "inspector"
    GEMEENTE_ADMIN = "gemeente_admin"
    GEMEENTE_VIEWER = "gemeente_viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_region_role(self) -> bool:
        return self in REGION_ROLES


ROLE_LABELS = {
    Role.REGION_ADMIN: "Regiobeheerder",
    Role.COORDINATOR: "Coördinator",
    Role.SECRETARIAAT: "Secretariaat",
    Role.PRIVACY_OFFICER: "Privacyfunctionaris",
    Role.INSPECTOR: "Toezichthouder",
    Role.GEMEENTE_ADMIN: "Gemeentebeheerder",
    Role.GEMEENTE_VIEWER: "Gemeentelezer",
}

#: Roles held for a whole region (RegionRole); the others are held per gemeente (Membership).
REGION_ROLES = frozenset(
    {Role.REGION_ADMIN, Role.COORDINATOR, Role.SECRETARIAAT, Role.PRIVACY_OFFICER}
)
GEMEENTE_ROLES = frozenset({Role.INSPECTOR, Role.GEMEENTE_ADMIN, Role.GEMEENTE_VIEWER})


class Permission(enum.StrEnum):
    # Being inside a gemeente or the region at all.
    GEMEENTE_VIEW = "gemeente.view"
    REGION_VIEW = "region.view"
    # People and access.
    USERS_MANAGE = "users.manage"  # invite, reset passwords, grant memberships in a gemeente
    REGION_ROLES_MANAGE = "region_roles.manage"  # grant region-wide roles
    SECURITY_SETTINGS = "security.settings"  # require a second factor
    # The gemeente's own configuration.
    CONTACTS_MANAGE = "contacts.manage"  # who at the gemeente receives copies and notices
    # Evidence.
    AUDIT_READ = "audit.read"
    OUTBOX_READ = "outbox.read"
    # Anyone who is logged in (own account, own tokens).
    ACCOUNT = "account"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REGION_ADMIN: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.REGION_VIEW,
            Permission.USERS_MANAGE,
            Permission.REGION_ROLES_MANAGE,
            Permission.SECURITY_SETTINGS,
            Permission.CONTACTS_MANAGE,
            Permission.AUDIT_READ,
            Permission.OUTBOX_READ,
        }
    ),
    Role.COORDINATOR: frozenset(
        {Permission.GEMEENTE_VIEW, Permission.REGION_VIEW, Permission.CONTACTS_MANAGE}
    ),
    Role.SECRETARIAAT: frozenset({Permission.GEMEENTE_VIEW, Permission.REGION_VIEW}),
    Role.PRIVACY_OFFICER: frozenset(
        {Permission.GEMEENTE_VIEW, Permission.REGION_VIEW, Permission.AUDIT_READ}
    ),
    Role.INSPECTOR: frozenset({Permission.GEMEENTE_VIEW, Permission.REGION_VIEW}),
    Role.GEMEENTE_ADMIN: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.USERS_MANAGE,
            Permission.SECURITY_SETTINGS,
            Permission.CONTACTS_MANAGE,
            Permission.AUDIT_READ,
        }
    ),
    Role.GEMEENTE_VIEWER: frozenset({Permission.GEMEENTE_VIEW}),
}

#: Permissions every authenticated user has, whatever their roles.
BASELINE = frozenset({Permission.ACCOUNT})


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set(BASELINE)
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def roles_grant(roles: Iterable[Role], permission: Permission) -> bool:
    return permission in permissions_for(roles)
