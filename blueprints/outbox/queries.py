"""Reads of the outbox, newest first; every loader checks the region-level permission first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import abort
from sqlalchemy import select

from blueprints.outbox.labels import status_label
from blueprints.outbox.permissions import ensure_region_reader
from regiotoezicht.extensions import db
from regiotoezicht.mail import OutboxMessage
from tenants.entitlements import AMSTERDAM

PER_PAGE = 50


def local_time(moment: datetime | None) -> datetime | None:
    """A stored UTC moment in Dutch time (SQLite hands back naive UTC datetimes)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(AMSTERDAM)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    created_at: datetime
    recipient: str
    subject: str
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def created_local(self) -> datetime:
        moment = local_time(self.created_at)
        assert moment is not None
        return moment


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxRow]
    #: Pass as `before` for the next, older page (None: this is the oldest page).
    next_before: int | None


def messages_page(before: int | None = None, per_page: int = PER_PAGE) -> OutboxPage:
    """One page of messages without their bodies, newest first (ids grow with creation)."""
    ensure_region_reader()
    statement = select(
        OutboxMessage.id, OutboxMessage.created_at, OutboxMessage.recipient,
        OutboxMessage.subject, OutboxMessage.status,
    ).order_by(OutboxMessage.id.desc())
    if before is not None:
        statement = statement.where(OutboxMessage.id < before)
    rows = [OutboxRow(*r) for r in db.session.execute(statement.limit(per_page + 1))]
    more = len(rows) > per_page
    rows = rows[:per_page]
    return OutboxPage(rows, rows[-1].id if more else None)


def get_message_or_404(message_id: int) -> OutboxMessage:
    ensure_region_reader()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return message
