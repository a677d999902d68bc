"""Object rules for investigations: who may work on one (beyond seeing it)."""

from __future__ import annotations

from blueprints.investigations.models import Investigation
from regiotoezicht.permissions import Permission, permissions_for
from tenants.entitlements import Entitlements


def can_work_on(actor: Entitlements, investigation: Investigation, participant_ids: list[int]) -> bool:
    """The lead or second inspector, or a coordinator of the region, with INVESTIGATIONS_MANAGE in
    a participant gemeente the request can see (the scoping already hid all other investigations)."""
    if not any(actor.can(Permission.INVESTIGATIONS_MANAGE, g) for g in participant_ids):
        return False
    on_case = actor.user_id in (investigation.lead_inspector_id, investigation.second_inspector_id)
    coordinator = Permission.INVESTIGATIONS_MANAGE in _region_permissions(actor, investigation.region_id)
    return on_case or coordinator


def _region_permissions(actor: Entitlements, region_id: int) -> frozenset[Permission]:
    return permissions_for(actor.roles_by_region.get(region_id, frozenset()))
