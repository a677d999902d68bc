"""Reads for the privacy officer: emergency accesses and disclosures in the allowed gemeenten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from blueprints.privacy.models import Disclosure, EmergencyAccess
from regiotoezicht.extensions import db

#: The review pages show at most this many rows per list; a narrower period shows the rest.
LIMIT = 500


@dataclass(frozen=True)
class ReviewFilter:
    gemeente_id: int | None = None
    since: date | None = None
    until: date | None = None


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def emergency_accesses(flt: ReviewFilter) -> list[EmergencyAccess]:
    query = select(EmergencyAccess).options(selectinload(EmergencyAccess.user))
    if flt.gemeente_id is not None:
        query = query.where(EmergencyAccess.gemeente_id == flt.gemeente_id)
    if flt.since is not None:
        query = query.where(EmergencyAccess.granted_at >= _start(flt.since))
    if flt.until is not None:
        query = query.where(EmergencyAccess.granted_at < _start(flt.until + timedelta(days=1)))
    query = query.order_by(EmergencyAccess.granted_at.desc(), EmergencyAccess.id.desc()).limit(LIMIT)
    return list(db.session.execute(query).scalars())


def disclosures(flt: ReviewFilter) -> list[Disclosure]:
    query = select(Disclosure).options(selectinload(Disclosure.recorded_by))
    if flt.gemeente_id is not None:
        query = query.where(Disclosure.gemeente_id == flt.gemeente_id)
    if flt.since is not None:
        query = query.where(Disclosure.disclosed_on >= flt.since)
    if flt.until is not None:
        query = query.where(Disclosure.disclosed_on <= flt.until)
    query = query.order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc()).limit(LIMIT)
    return list(db.session.execute(query).scalars())


def disclosures_of(subject_type: str, subject_id: int) -> list[Disclosure]:
    """The disclosures of one subject, newest first (for the subject's own page)."""
    return list(
        db.session.execute(
            select(Disclosure)
            .where(Disclosure.subject_type == subject_type, Disclosure.subject_id == subject_id)
            .order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc())
        ).scalars()
    )


def emergency_accesses_of(subject_type: str, subject_id: int) -> list[EmergencyAccess]:
    return list(
        db.session.execute(
            select(EmergencyAccess)
            .options(selectinload(EmergencyAccess.user))
            .where(EmergencyAccess.subject_type == subject_type, EmergencyAccess.subject_id == subject_id)
            .order_by(EmergencyAccess.granted_at.desc())
        ).scalars()
    )
