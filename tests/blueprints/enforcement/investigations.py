"""Investigations for the enforcement tests, written as rows (the investigations slice's own
rules are tested there): an investigation with its participant gemeenten."""

from __future__ import annotations

from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from blueprints.investigations.models import Investigation, InvestigationParticipant
from tenants.models import Gemeente, Region


def make_investigation(
    r: Region, title: str, lead_id: int, gemeenten: list[Gemeente], *, follows_up: int | None = None
) -> int:
    """An investigation that `gemeenten` take part in; its id."""
    with tenant_context(TenantContext(allowed_ids=frozenset(g.id for g in gemeenten), reason="test")):
        investigation = Investigation(
            region_id=r.id, kind="follow_up" if follows_up else "proactive",
            proactive_kind=None if follows_up else "thematic", title=title, lead_inspector_id=lead_id,
            follows_up_investigation_id=follows_up, status="in_progress",
        )
        investigation.participants.extend(InvestigationParticipant(gemeente_id=g.id) for g in gemeenten)
        db.session.add(investigation)
        db.session.flush()
        return investigation.id
