"""Attachment: a file belonging to one tenant record; its bytes live in regiotoezicht.storage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht.db import Base, utcnow
from tenants.scoping import TenantScoped, tenant_key


class Attachment(TenantScoped, Base):
    """A checked upload: the type is what the bytes are, not what the client said."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The record it belongs to, e.g. ("melding", 42); the owning slice decides who may read it.
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        tenant_key(),
        Index("ix_attachments_subject", "subject_type", "subject_id"),
    )
