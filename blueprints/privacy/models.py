"""EmergencyAccess and Disclosure: the evidence of need-to-know (tenant data, never changed)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.auth.models import User
from regiotoezicht.db import Base, utcnow
from tenants.scoping import TenantScoped


class RecipientKind(enum.StrEnum):
    """To whom client data went outside the case team."""

    GEMEENTE = "gemeente"
    IGJ = "igj"
    POLITIE = "politie"
    VEILIG_THUIS = "veilig_thuis"
    FRAUDETEAM = "fraudeteam"
    AANBIEDER = "aanbieder"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return RECIPIENT_LABELS[self]


RECIPIENT_LABELS = {
    RecipientKind.GEMEENTE: "Gemeente",
    RecipientKind.IGJ: "Inspectie Gezondheidszorg en Jeugd (IGJ)",
    RecipientKind.POLITIE: "Politie",
    RecipientKind.VEILIG_THUIS: "Veilig Thuis",
    RecipientKind.FRAUDETEAM: "Rechtmatigheids- of fraudeteam",
    RecipientKind.AANBIEDER: "Aanbieder",
    RecipientKind.OVERIG: "Overig",
}


class EmergencyAccess(TenantScoped, Base):
    """A user outside the case team opened one subject's client data, with a stated reason.

    Valid until `expires_at`; the privacy officer sees every row. Rows are never changed.
    """

    __tablename__ = "emergency_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    __table_args__ = (
        Index("ix_emergency_accesses_subject", "subject_type", "subject_id", "user_id"),
    )


class Disclosure(TenantScoped, Base):
    """Client data went to someone outside the case: to whom, on which basis, what (AVG art. 30)."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    recipient_kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(300))
    content_summary: Mapped[str] = mapped_column(Text)
    disclosed_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_disclosures_subject", "subject_type", "subject_id"),)

    @property
    def recipient_kind_label(self) -> str:
        try:
            return RecipientKind(self.recipient_kind).label
        except ValueError:
            return self.recipient_kind
