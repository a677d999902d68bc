"""Writes of the outbox slice: reading a message body (it may hold a one-time link) is logged."""

from __future__ import annotations

from regiotoezicht import audit
from regiotoezicht.mail import OutboxMessage


def record_read(message: OutboxMessage) -> None:
    """Record that the body was shown: whoever read a link could have used it."""
    audit.record("mail.viewed", message)
