"""Reads of investigations, always through the tenant scoping: a page sees the investigations
its gemeente (or the user's allowed gemeenten, under /regio/) takes part in, and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select

from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations.models import (
    DocumentRequest,
    Finding,
    Investigation,
    InvestigationParticipant,
    InvestigationProvider,
    InvestigationStatusChange,
)
from blueprints.providers.models import Provider
from regiotoezicht.auth.models import User
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.models import Gemeente, Membership, RegionGemeente


def list_investigations(*, inspector_id: int | None = None, status: str | None = None) -> list[Investigation]:
    """The investigations visible in the context (newest first), optionally one inspector's."""
    query = select(Investigation).order_by(Investigation.created_at.desc(), Investigation.id.desc())
    if inspector_id is not None:
        query = query.where(
            (Investigation.lead_inspector_id == inspector_id)
            | (Investigation.second_inspector_id == inspector_id)
        )
    if status:
        query = query.where(Investigation.status == status)
    return list(db.session.scalars(query))


def get_investigation_or_404(investigation_id: int) -> Investigation:
    """Visible in this context, or not found (another gemeente's investigation does not exist here)."""
    investigation = db.session.scalars(
        select(Investigation).where(Investigation.id == investigation_id)
    ).one_or_none()
    if investigation is None:
        abort(404)
    return investigation


def get_document_or_404(investigation: Investigation, document_id: int) -> DocumentRequest:
    document = db.session.scalars(
        select(DocumentRequest).where(
            DocumentRequest.id == document_id, DocumentRequest.investigation_id == investigation.id
        )
    ).one_or_none()
    if document is None:
        abort(404)
    return document


def participant_ids(investigation: Investigation) -> list[int]:
    """The participant gemeenten visible in this context (all of them for an entitled inspector)."""
    return sorted(
        db.session.scalars(
            select(InvestigationParticipant.gemeente_id).where(
                InvestigationParticipant.investigation_id == investigation.id
            )
        )
    )


def participant_gemeenten(investigation: Investigation) -> list[Gemeente]:
    ids = participant_ids(investigation)
    return list(db.session.scalars(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.name)))


def provider_ids(investigation: Investigation) -> list[int]:
    return sorted(
        db.session.scalars(
            select(InvestigationProvider.provider_id).where(
                InvestigationProvider.investigation_id == investigation.id
            )
        )
    )


def providers_of(investigation: Investigation) -> list[Provider]:
    ids = provider_ids(investigation)
    return list(db.session.scalars(select(Provider).where(Provider.id.in_(ids)).order_by(Provider.name)))


def provider_names(investigations: Iterable[Investigation]) -> dict[int, list[str]]:
    """investigation id → names of its providers (one query for a list page)."""
    ids = [i.id for i in investigations]
    if not ids:
        return {}
    rows = db.session.execute(
        select(InvestigationProvider.investigation_id, Provider.name)
        .join(Provider, Provider.id == InvestigationProvider.provider_id)
        .where(InvestigationProvider.investigation_id.in_(ids))
        .order_by(Provider.name)
    )
    names: dict[int, list[str]] = {i: [] for i in ids}
    for investigation_id, name in rows:
        names[investigation_id].append(name)
    return names


def status_history(investigation: Investigation) -> list[InvestigationStatusChange]:
    return list(
        db.session.scalars(
            select(InvestigationStatusChange)
            .where(InvestigationStatusChange.investigation_id == investigation.id)
            .order_by(InvestigationStatusChange.id)
        )
    )


def framework_of(investigation: Investigation) -> Framework | None:
    return db.session.get(Framework, investigation.framework_id) if investigation.framework_id else None


def findings_of(investigation: Investigation) -> dict[tuple[int, int], Finding]:
    """(provider id, norm id) → finding."""
    rows = db.session.scalars(select(Finding).where(Finding.investigation_id == investigation.id))
    return {(f.provider_id, f.norm_id): f for f in rows}


def judgement_values(investigation: Investigation) -> list[JudgementValue]:
    return list(
        db.session.scalars(
            select(JudgementValue)
            .where(JudgementValue.framework_id == investigation.framework_id)
            .order_by(JudgementValue.position)
        )
    )


def norms_without_finding(investigation: Investigation) -> list[tuple[int, Norm]]:
    """(provider id, norm) pairs that still need a finding (also 'niet beoordeeld' counts)."""
    framework = framework_of(investigation)
    if framework is None:
        return []
    done = set(findings_of(investigation))
    return [(p, n) for p in provider_ids(investigation) for n in framework.norms() if (p, n.id) not in done]


def user_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = sorted({u for u in user_ids if u is not None})
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).tuples().all())


def gemeente_names(gemeente_ids: Iterable[int]) -> list[str]:
    ids = sorted(set(gemeente_ids))
    return list(db.session.scalars(select(Gemeente.name).where(Gemeente.id.in_(ids)).order_by(Gemeente.name)))


def region_ids_serving(gemeente_ids: Iterable[int], on_date: date) -> set[int]:
    ids = sorted(set(gemeente_ids))
    rows = db.session.scalars(
        select(RegionGemeente.region_id).where(
            RegionGemeente.gemeente_id.in_(ids),
            RegionGemeente.valid_from <= on_date,
            (RegionGemeente.valid_until.is_(None)) | (RegionGemeente.valid_until >= on_date),
        )
    )
    return set(rows)


@dataclass(frozen=True)
class InspectorOption:
    user_id: int
    name: str
    gemeente_ids: frozenset[int]


def inspectors_in(gemeente_ids: Iterable[int], on_date: date) -> list[InspectorOption]:
    """Inspectors with a membership in any of these gemeenten (the context must include them)."""
    ids = sorted(set(gemeente_ids))
    if not ids:
        return []
    rows = db.session.execute(
        select(Membership.user_id, Membership.gemeente_id, User.display_name)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.gemeente_id.in_(ids), Membership.role == Role.INSPECTOR.value,
            Membership.valid_from <= on_date,
            (Membership.valid_until.is_(None)) | (Membership.valid_until >= on_date),
            User.is_enabled,
        )
    )
    by_user: dict[int, tuple[str, set[int]]] = {}
    for user_id, gemeente_id, name in rows:
        by_user.setdefault(user_id, (name, set()))[1].add(gemeente_id)
    return sorted(
        (InspectorOption(u, name, frozenset(gs)) for u, (name, gs) in by_user.items()), key=lambda o: o.name
    )
