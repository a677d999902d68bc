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
    SETTINGS_MANAGE = "settings.manage"  # the gemeente's terms, lists and switches
    CALENDAR_MANAGE = "calendar.manage"  # decreed non-working days (region-wide data)
    # Providers: the region's registry and each gemeente's relations with them.
    PROVIDERS_VIEW = "providers.view"
    PROVIDER_RELATIONS_MANAGE = "provider_relations.manage"  # contracts, subsidies, pgb of a gemeente
    PROVIDER_REGISTRY_MANAGE = "provider_registry.manage"  # add, correct and merge registry records
    # Meldingen. Client data on top of these follow need-to-know (the case team) in the slice.
    MELDINGEN_VIEW = "meldingen.view"
    MELDINGEN_REGISTER = "meldingen.register"  # register one received by phone or mail
    MELDINGEN_TRIAGE = "meldingen.triage"  # intake, triage, decide who investigates, close
    MELDINGEN_TRANSFER = "meldingen.transfer"  # move to another gemeente (entitled to both)
    EMERGENCY_ACCESS = "emergency_access"  # reach client data outside the case team, with a reason
    PRIVACY_REVIEW = "privacy.review"  # see emergency accesses and disclosures
    LESSONS_READ = "lessons.read"  # the region's shared lessons after calamiteiten
    # Investigations, findings, frameworks.
    INVESTIGATIONS_VIEW = "investigations.view"
    INVESTIGATIONS_MANAGE = "investigations.manage"  # plan, visit, record findings
    FRAMEWORKS_MANAGE = "frameworks.manage"  # toetsingskaders and their versions
    # Reports and publication.
    REPORTS_VIEW = "reports.view"
    REPORTS_WRITE = "reports.write"  # draft, approve as second inspector, hoor en wederhoor
    PUBLICATION_DECIDE = "publication.decide"  # the gemeente's Woo decision, bezwaar, publication
    # Enforcement: the inspector advises, the college decides.
    ENFORCEMENT_VIEW = "enforcement.view"
    ENFORCEMENT_ADVISE = "enforcement.advise"
    ENFORCEMENT_DECIDE = "enforcement.decide"
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
            Permission.SETTINGS_MANAGE,
            Permission.CALENDAR_MANAGE,
            Permission.PROVIDERS_VIEW,
            Permission.PROVIDER_REGISTRY_MANAGE,
            Permission.FRAMEWORKS_MANAGE,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.REGION_VIEW,
            Permission.CONTACTS_MANAGE,
            Permission.PROVIDERS_VIEW,
            Permission.PROVIDER_REGISTRY_MANAGE,
            Permission.MELDINGEN_VIEW,
            Permission.MELDINGEN_REGISTER,
            Permission.MELDINGEN_TRANSFER,
            Permission.EMERGENCY_ACCESS,
            Permission.LESSONS_READ,
            Permission.INVESTIGATIONS_VIEW,
            Permission.INVESTIGATIONS_MANAGE,
            Permission.FRAMEWORKS_MANAGE,
            Permission.REPORTS_VIEW,
            Permission.ENFORCEMENT_VIEW,
        }
    ),
    Role.SECRETARIAAT: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.REGION_VIEW,
            Permission.PROVIDERS_VIEW,
            Permission.PROVIDER_REGISTRY_MANAGE,
            Permission.MELDINGEN_VIEW,
            Permission.MELDINGEN_REGISTER,
            Permission.MELDINGEN_TRANSFER,
        }
    ),
    Role.PRIVACY_OFFICER: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.REGION_VIEW,
            Permission.AUDIT_READ,
            Permission.PRIVACY_REVIEW,
        }
    ),
    Role.INSPECTOR: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.REGION_VIEW,
            Permission.PROVIDERS_VIEW,
            Permission.PROVIDER_REGISTRY_MANAGE,
            Permission.MELDINGEN_VIEW,
            Permission.MELDINGEN_REGISTER,
            Permission.MELDINGEN_TRIAGE,
            Permission.MELDINGEN_TRANSFER,
            Permission.EMERGENCY_ACCESS,
            Permission.LESSONS_READ,
            Permission.INVESTIGATIONS_VIEW,
            Permission.INVESTIGATIONS_MANAGE,
            Permission.REPORTS_VIEW,
            Permission.REPORTS_WRITE,
            Permission.ENFORCEMENT_VIEW,
            Permission.ENFORCEMENT_ADVISE,
        }
    ),
    Role.GEMEENTE_ADMIN: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.USERS_MANAGE,
            Permission.SECURITY_SETTINGS,
            Permission.CONTACTS_MANAGE,
            Permission.AUDIT_READ,
            Permission.SETTINGS_MANAGE,
            Permission.PROVIDERS_VIEW,
            Permission.PROVIDER_RELATIONS_MANAGE,
            Permission.MELDINGEN_VIEW,
            Permission.INVESTIGATIONS_VIEW,
            Permission.REPORTS_VIEW,
            Permission.PUBLICATION_DECIDE,
            Permission.ENFORCEMENT_VIEW,
            Permission.ENFORCEMENT_DECIDE,
        }
    ),
    Role.GEMEENTE_VIEWER: frozenset(
        {
            Permission.GEMEENTE_VIEW,
            Permission.PROVIDERS_VIEW,
            Permission.MELDINGEN_VIEW,
            Permission.INVESTIGATIONS_VIEW,
            Permission.REPORTS_VIEW,
            Permission.ENFORCEMENT_VIEW,
        }
    ),
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
