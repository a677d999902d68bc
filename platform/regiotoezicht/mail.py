"""Outgoing mail through an outbox table: written in the request's transaction, sent after it.

Every message is stored first (so none is lost when the mail server is down); with MAIL_URL set
a job on the `mail` queue delivers it over SMTP. Without MAIL_URL (the embedded default) the
outbox is the delivery: region admins read it in the UI, so the demo needs no mail server.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht import audit
from regiotoezicht.db import Base, utcnow
from regiotoezicht.extensions import db
from regiotoezicht.jobs import enqueue_after_commit, system_job


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    #: Mail bodies hold one-time links; the audit log records that a message exists, not its text.
    __audit_skip__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: "outbox" (kept for reading, no mail server), "queued", "sent" or "failed".
    status: Mapped[str] = mapped_column(String(20), default="queued")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def send_mail(recipient: str, subject: str, body: str, *, created_by_id: int | None = None) -> OutboxMessage:
    """Store a message in the outbox; deliver it after commit when a mail server is configured."""
    smtp = bool(current_app.config.get("MAIL_URL"))
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        status="queued" if smtp else "outbox",
        created_by_id=created_by_id,
    )
    db.session.add(message)
    db.session.flush()
    audit.record("mail.queued", message, detail={"subject": subject})
    if smtp:
        enqueue_after_commit(deliver_message, message.id, queue="mail", retry=3)
    return message


@system_job
def deliver_message(message_id: int) -> None:
    """Send one outbox message over SMTP (idempotent: a sent message is not sent again)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status == "sent":
        return
    url = urlsplit(current_app.config["MAIL_URL"])
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    smtp_cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    try:
        with smtp_cls(url.hostname or "localhost", url.port or 25, timeout=30) as server:
            if url.scheme == "smtp+starttls":
                server.starttls()
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        message.status = "failed"
        message.error = str(exc)[:500]
        db.session.commit()
        raise
    message.status = "sent"
    message.sent_at = utcnow()
