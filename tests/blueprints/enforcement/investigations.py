"""Investigations for the enforcement tests, written as rows (the investigations slice's own
rules are tested there): an investigation with its participant gemeenten, the providers it
assessed and findings with a judgement of the default toetsingskader."""

from __future__ import annotations

from blueprints.frameworks.models import Framework
from blueprints.investigations.models import (
    Finding,
    Investigation,
    InvestigationParticipant,
    InvestigationProvider,
)
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region


def _participants(gemeenten: list[Gemeente]) -> TenantContext:
    return TenantContext(allowed_ids=frozenset(g.id for g in gemeenten), reason="test")


def make_investigation(
    r: Region, title: str, lead_id: int, gemeenten: list[Gemeente], *, follows_up: int | None = None,
    provider_ids: tuple[int, ...] = (), framework_id: int | None = None, second_id: int | None = None,
) -> int:
    """An investigation that `gemeenten` take part in, assessing `provider_ids`; its id."""
    with tenant_context(_participants(gemeenten)):
        investigation = Investigation(
            region_id=r.id, kind="follow_up" if follows_up else "proactive",
            proactive_kind=None if follows_up else "thematic", title=title, lead_inspector_id=lead_id,
            second_inspector_id=second_id, follows_up_investigation_id=follows_up, status="in_progress",
            framework_id=framework_id,
        )
        investigation.participants.extend(InvestigationParticipant(gemeente_id=g.id) for g in gemeenten)
        db.session.add(investigation)
        db.session.flush()
        db.session.add_all(
            InvestigationProvider(investigation_id=investigation.id, provider_id=p) for p in provider_ids
        )
        db.session.flush()
        return investigation.id


def make_finding(
    investigation_id: int, gemeenten: list[Gemeente], framework: Framework, provider_id: int,
    norm_index: int, judgement: str,
) -> int:
    """A finding on the framework's `norm_index`-th norm with the judgement of that code; its id."""
    with tenant_context(_participants(gemeenten)):
        value = next(v for v in framework.judgement_values if v.code == judgement)
        finding = Finding(
            investigation_id=investigation_id, provider_id=provider_id,
            norm_id=framework.norms()[norm_index].id, judgement_value_id=value.id,
            explanation=f"Toelichting ({judgement}).",
        )
        db.session.add(finding)
        db.session.flush()
        return finding.id
