"""Reads of meldingen, always inside the tenant scope: lists with deadlines, one melding, its parts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import Select, or_, select

from blueprints.meldingen.deadlines import OpenDeadline, current_deadline
from blueprints.meldingen.models import (
    Melding,
    MeldingAssignment,
    MeldingDeadlineReminder,
    MeldingKind,
    MeldingPersonalData,
    MeldingStatus,
    MeldingStatusChange,
    ProviderInvestigationRequest,
)
from regiotoezicht import audit
from regiotoezicht.auth.models import User
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tenants.models import Gemeente, Membership

LIST_LIMIT = 500


def get_melding_or_404(melding_id: int) -> Melding:
    """Load by id inside the scope; an id of another gemeente is simply not found (and logged)."""
    melding = db.session.execute(select(Melding).where(Melding.id == melding_id)).scalar_one_or_none()
    if melding is None:
        audit.record_outside_transaction("access.not_found", object_type="Melding", object_id=melding_id)
        abort(404)
    return melding


def find_by_reference(reference: str) -> Melding | None:
    return db.session.execute(select(Melding).where(Melding.reference == reference)).scalar_one_or_none()


@dataclass(frozen=True)
class MeldingFilter:
    status: MeldingStatus | None = None
    kind: MeldingKind | None = None
    open_only: bool = False
    overdue_only: bool = False
    assigned_to: int | None = None
    text: str = ""


@dataclass(frozen=True)
class MeldingRow:
    melding: Melding
    gemeente_name: str
    gemeente_slug: str
    deadline: OpenDeadline | None
    overdue: bool


def _filtered(flt: MeldingFilter) -> Select[tuple[Melding]]:
    query = select(Melding)
    if flt.status is not None:
        query = query.where(Melding.status == flt.status)
    if flt.kind is not None:
        query = query.where(Melding.kind == flt.kind)
    if flt.open_only or flt.overdue_only:
        query = query.where(Melding.status != MeldingStatus.CLOSED)
    if flt.assigned_to is not None:
        query = query.where(
            select(MeldingAssignment.id).where(
                MeldingAssignment.melding_id == Melding.id, MeldingAssignment.user_id == flt.assigned_to,
                MeldingAssignment.ended_at.is_(None),
            ).exists()
        )
    if flt.text:
        like = f"%{flt.text.strip()}%"
        query = query.where(or_(Melding.reference.ilike(like), Melding.provider_name.ilike(like),
                                Melding.summary.ilike(like)))
    return query.order_by(Melding.received_on.desc(), Melding.id.desc()).limit(LIST_LIMIT)


def list_meldingen(flt: MeldingFilter, on: date | None = None) -> list[MeldingRow]:
    """Meldingen of the gemeenten in scope, each with the deadline it waits on; overdue is
    computed now, on read."""
    day = on or today()
    rows = list(db.session.execute(_filtered(flt)).scalars())
    ids = [m.id for m in rows]
    gemeenten = {
        g.id: g for g in db.session.execute(
            select(Gemeente).where(Gemeente.id.in_({m.gemeente_id for m in rows}))
        ).scalars()
    } if rows else {}
    requests: dict[int, list[ProviderInvestigationRequest]] = {}
    if ids:
        for request in db.session.execute(
            select(ProviderInvestigationRequest)
            .where(ProviderInvestigationRequest.melding_id.in_(ids))
            .order_by(ProviderInvestigationRequest.round)
        ).scalars():
            requests.setdefault(request.melding_id, []).append(request)
    result = []
    for melding in rows:
        deadline = current_deadline(melding, requests.get(melding.id, []))
        overdue = deadline is not None and deadline.is_overdue(day)
        if flt.overdue_only and not overdue:
            continue
        gemeente = gemeenten[melding.gemeente_id]
        result.append(MeldingRow(melding, gemeente.name, gemeente.slug, deadline, overdue))
    return result


def history_of(melding: Melding) -> list[MeldingStatusChange]:
    return list(
        db.session.execute(
            select(MeldingStatusChange).where(MeldingStatusChange.melding_id == melding.id)
            .order_by(MeldingStatusChange.occurred_at, MeldingStatusChange.id)
        ).scalars()
    )


def requests_of(melding: Melding) -> list[ProviderInvestigationRequest]:
    return list(
        db.session.execute(
            select(ProviderInvestigationRequest).where(ProviderInvestigationRequest.melding_id == melding.id)
            .order_by(ProviderInvestigationRequest.round)
        ).scalars()
    )


def personal_data_of(melding: Melding) -> MeldingPersonalData | None:
    """Only after the need-to-know gate (permissions.can_see_personal_data) said yes."""
    return db.session.execute(
        select(MeldingPersonalData).where(MeldingPersonalData.melding_id == melding.id)
    ).scalar_one_or_none()


def team_of(melding: Melding) -> list[tuple[MeldingAssignment, User]]:
    """The active case team, with each inspector's account."""
    assignments = list(
        db.session.execute(
            select(MeldingAssignment)
            .where(MeldingAssignment.melding_id == melding.id, MeldingAssignment.ended_at.is_(None))
            .order_by(MeldingAssignment.assigned_at)
        ).scalars()
    )
    users = {u.id: u for u in db.session.execute(
        select(User).where(User.id.in_({a.user_id for a in assignments}))
    ).scalars()} if assignments else {}
    return [(a, users[a.user_id]) for a in assignments]


def inspectors_of(gemeente_id: int, on: date | None = None) -> list[User]:
    """The inspectors who act in this gemeente today (candidates for the case team)."""
    day = on or today()
    return list(
        db.session.execute(
            select(User).join(Membership, Membership.user_id == User.id)
            .where(
                Membership.gemeente_id == gemeente_id, Membership.role == Role.INSPECTOR,
                Membership.valid_from <= day,
                or_(Membership.valid_until.is_(None), Membership.valid_until >= day),
            )
            .order_by(User.display_name).distinct()
        ).scalars()
    )


def user_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).tuples().all())


def reminders_of(melding: Melding) -> list[MeldingDeadlineReminder]:
    """The deadline reminders the daily job sent about this melding, oldest first."""
    return list(db.session.execute(
        select(MeldingDeadlineReminder).where(MeldingDeadlineReminder.melding_id == melding.id)
        .order_by(MeldingDeadlineReminder.sent_at, MeldingDeadlineReminder.id)
    ).scalars())
