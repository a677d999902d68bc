"""Who may read the outbox: a region-level OUTBOX_READ holder, never a gemeente role.

Messages are not tenant data: they hold invitation and reset links of people in every gemeente.
So a permission held for some gemeenten is not enough; the refusal is logged like any other.
"""

from __future__ import annotations

from regiotoezicht.permissions import Permission
from tenants.resolution import current_entitlements, refuse


def ensure_region_reader() -> None:
    """Answer 403 (and log access.refused) unless a region-level role grants OUTBOX_READ."""
    ents = current_entitlements()
    if ents is None or not ents.region_can(Permission.OUTBOX_READ):
        refuse(None, Permission.OUTBOX_READ, "region_level_only")
