"""Object rules of the users slice: which regions an actor manages, and refusing the rest.

The resolver lets anyone with USERS_MANAGE in some gemeente through /regio/ (the allowed set is
then that gemeente): region pages of this slice also need the permission from a region role.
"""

from __future__ import annotations

from flask import abort, request

from regiotoezicht import audit
from regiotoezicht.permissions import Permission, Role, permissions_for
from tenants.entitlements import Entitlements
from tenants.resolution import refuse

#: The order roles are offered in (most used first).
GEMEENTE_ROLE_ORDER = (Role.INSPECTOR, Role.GEMEENTE_ADMIN, Role.GEMEENTE_VIEWER)
REGION_ROLE_ORDER = (Role.REGION_ADMIN, Role.COORDINATOR, Role.SECRETARIAAT, Role.PRIVACY_OFFICER)


class OutOfScope(Exception):
    """A write outside what the actor manages (another gemeente, a region role from a gemeente).

    The message is Dutch and shown to the user; the refusal is logged like a write.
    """


def managed_region_ids(actor: Entitlements, permission: Permission) -> list[int]:
    """The regions in which a region role (held today) grants the permission."""
    return sorted(
        region_id
        for region_id, roles in actor.roles_by_region.items()
        if permission in permissions_for(roles)
    )


def require_region_ids(actor: Entitlements, permission: Permission) -> list[int]:
    """The managed regions, or 403 (logged) when the permission comes from no region role."""
    region_ids = managed_region_ids(actor, permission)
    if not region_ids:
        refuse(None, permission, "no_region_role")
    return region_ids


def log_refusal(gemeente_id: int | None) -> None:
    """Log a refused write in a transaction of its own, so it survives the request's rollback."""
    audit.record_outside_transaction(
        "access.refused",
        gemeente_id=gemeente_id,
        detail={"reason": "out_of_scope", "path": request.path},
    )


def abort_not_found(object_type: str, object_id: int) -> None:
    """404 for an id that is not visible here (another gemeente's rows are simply not found)."""
    audit.record_outside_transaction(
        "access.not_found", object_type=object_type, object_id=object_id
    )
    abort(404)
