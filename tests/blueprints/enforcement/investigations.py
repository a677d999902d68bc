"""Investigations for the enforcement tests, written as rows (the investigations slice's own
rules are tested there): participants, assessed providers, and a finding with or without a
tekortkoming on a norm of the default toetsingskader."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.frameworks import services as framework_services
from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations.models import (
    Finding,
    Investigation,
    InvestigationParticipant,
    InvestigationProvider,
)
from blueprints.providers.models import Provider
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region


def _framework(r: Region) -> Framework:
    found = db.session.execute(select(Framework).where(Framework.region_id == r.id)).scalars().first()
    return found or framework_services.install_default_framework(r.id, date(2026, 1, 1))


def make_investigation(
    r: Region,
    title: str,
    lead_id: int,
    gemeenten: list[Gemeente],
    providers: list[Provider],
    *,
    unmet: bool = False,
    follows_up: int | None = None,
) -> int:
    """An investigation of `providers` for `gemeenten`; with `unmet`, a finding that counts as a
    tekortkoming for each provider, else one that complies. Returns its id."""
    ctx = TenantContext(allowed_ids=frozenset(g.id for g in gemeenten), reason="test")
    with tenant_context(ctx):
        framework = _framework(r)
        investigation = Investigation(
            region_id=r.id, kind="follow_up" if follows_up else "proactive",
            proactive_kind=None if follows_up else "thematic", title=title, lead_inspector_id=lead_id,
            follows_up_investigation_id=follows_up, framework_id=framework.id, status="in_progress",
        )
        db.session.add(investigation)
        db.session.flush()
        for g in gemeenten:
            db.session.add(InvestigationParticipant(investigation_id=investigation.id, gemeente_id=g.id))
        db.session.flush()
        norm = db.session.execute(
            select(Norm).where(Norm.framework_id == framework.id).order_by(Norm.id)
        ).scalars().first()
        value = db.session.execute(
            select(JudgementValue).where(
                JudgementValue.framework_id == framework.id, JudgementValue.is_shortcoming.is_(unmet),
                JudgementValue.is_assessed.is_(True),
            ).order_by(JudgementValue.position)
        ).scalars().first()
        assert norm is not None and value is not None
        for p in providers:
            db.session.add(InvestigationProvider(investigation_id=investigation.id, provider_id=p.id))
            db.session.add(Finding(investigation_id=investigation.id, provider_id=p.id, norm_id=norm.id,
                                   judgement_value_id=value.id, explanation="Test"))
        db.session.flush()
        return investigation.id
