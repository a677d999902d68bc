"""Investigations (onderzoeken) of providers, shared by the gemeenten that take part in them.

An Investigation is a region-level row: the investigation of one provider serves every
gemeente that contracts it. Each taking-part gemeente has an InvestigationParticipant row (a
strict tenant row), and the investigation and all its children (status history, visits, ...)
are visible exactly when a participant of an allowed gemeente exists: tenant scope
"participants" (tenants/scoping.py, one ORM criterion; tenants/rls.py, one policy with EXISTS).
No other gemeente sees anything of it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.db import Base, TimestampMixin, utcnow
from tenants.scoping import ParticipantScoped, TenantOrParticipantsScoped, TenantScoped, tenant_key

#: How the shared rows find their participants: (participant model, its column, our column).
PARTICIPANTS_OF_INVESTIGATION = ("InvestigationParticipant", "investigation_id", "id")
PARTICIPANTS_OF_CHILD = ("InvestigationParticipant", "investigation_id", "investigation_id")


class InvestigationKind(enum.StrEnum):
    REACTIVE = "reactive"
    PROACTIVE = "proactive"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        return {"reactive": "Reactief (na melding)", "proactive": "Proactief", "follow_up": "Vervolgonderzoek"}[
            self.value
        ]


class ProactiveKind(enum.StrEnum):
    CYCLICAL = "cyclical"
    RISK_BASED = "risk_based"
    THEMATIC = "thematic"

    @property
    def label(self) -> str:
        return {"cyclical": "Cyclisch", "risk_based": "Risicogestuurd", "thematic": "Thematisch"}[self.value]


class InvestigationStatus(enum.StrEnum):
    """The base life cycle; reports and enforcement add transitions in blueprints.investigations.status."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    FINDINGS_COMPLETE = "findings_complete"
    REPORTING = "reporting"
    CLOSED = "closed"


class Investigation(ParticipantScoped, TimestampMixin, Base):
    __tablename__ = "investigations"
    __tenant_participants__ = PARTICIPANTS_OF_INVESTIGATION

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    proactive_kind: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    lead_inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    second_inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    planned_on: Mapped[date | None] = mapped_column(Date)
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    #: A string, not an Enum type: later slices add statuses without a migration.
    status: Mapped[str] = mapped_column(String(30), default=InvestigationStatus.PLANNED.value)
    follows_up_investigation_id: Mapped[int | None] = mapped_column(
        ForeignKey("investigations.id"), index=True
    )
    #: The toetsingskader version this investigation assesses against, kept for good.
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    participants: Mapped[list[InvestigationParticipant]] = relationship(
        back_populates="investigation", order_by="InvestigationParticipant.id"
    )
    status_changes: Mapped[list[InvestigationStatusChange]] = relationship(
        order_by="InvestigationStatusChange.id", viewonly=True
    )
    visits: Mapped[list[Visit]] = relationship(order_by="Visit.visited_on", viewonly=True)
    providers: Mapped[list[InvestigationProvider]] = relationship(
        order_by="InvestigationProvider.id", viewonly=True
    )
    interviews: Mapped[list[Interview]] = relationship(order_by="Interview.held_on", viewonly=True)
    document_requests: Mapped[list[DocumentRequest]] = relationship(
        order_by="DocumentRequest.requested_on", viewonly=True
    )

    __table_args__ = (
        CheckConstraint("kind IN ('reactive', 'proactive', 'follow_up')", name="kind"),
        CheckConstraint(
            "(kind = 'proactive' AND proactive_kind IN ('cyclical', 'risk_based', 'thematic')) "
            "OR (kind <> 'proactive' AND proactive_kind IS NULL)",
            name="proactive_kind",
        ),
        CheckConstraint(
            "second_inspector_id IS NULL OR second_inspector_id <> lead_inspector_id",
            name="two_inspectors",
        ),
        CheckConstraint(
            "(kind = 'follow_up') = (follows_up_investigation_id IS NOT NULL)", name="follow_up"
        ),
        # Nobody can read a new investigation back until its participants exist, so its INSERT
        # must not use RETURNING: the id is drawn from the sequence first (tenants/rls.py).
        {"implicit_returning": False},
    )

    @property
    def reference(self) -> str:
        """"O-2026-0007": from the id, so no gemeente needs to see the others' numbers."""
        year = (self.created_at or utcnow()).year
        return f"O-{year}-{self.id:04d}"

    @property
    def gemeente_ids(self) -> list[int]:
        """The participant gemeenten the reader may see (the others are filtered out)."""
        return [p.gemeente_id for p in self.participants]


class InvestigationParticipant(TenantScoped, TimestampMixin, Base):
    """A gemeente that takes part in (and sees) an investigation: a strict tenant row."""

    __tablename__ = "investigation_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    investigation: Mapped[Investigation] = relationship(back_populates="participants")

    __table_args__ = (
        tenant_key(),
        # The probe of every participant policy and criterion: (investigation_id, gemeente_id).
        UniqueConstraint("investigation_id", "gemeente_id"),
    )


class InvestigationStatusChange(ParticipantScoped, Base):
    """Append-only history of an investigation's status (the service never updates a row)."""

    __tablename__ = "investigation_status_changes"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Visit(ParticipantScoped, TimestampMixin, Base):
    """A visit to the provider (or a location of it) as part of an investigation."""

    __tablename__ = "investigation_visits"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(200), default="")
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Functions of who was there ("teamleider, twee begeleiders"), not client names.
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class InvestigationProvider(ParticipantScoped, Base):
    """A provider assessed in an investigation (a thematic one assesses several)."""

    __tablename__ = "investigation_providers"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)

    __table_args__ = (UniqueConstraint("investigation_id", "provider_id"),)


class Interview(ParticipantScoped, TimestampMixin, Base):
    """An interview held for the investigation: the interviewee's role, never a client's name."""

    __tablename__ = "investigation_interviews"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("investigation_visits.id"))
    held_on: Mapped[date] = mapped_column(Date)
    interviewee_role: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DocumentRequest(ParticipantScoped, TimestampMixin, Base):
    """A document asked of the provider (policy, minutes, diplomas), and when it came in."""

    __tablename__ = "investigation_document_requests"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    requested_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        CheckConstraint("due_on IS NULL OR due_on >= requested_on", name="due_after_request"),
        CheckConstraint("received_on IS NULL OR received_on >= requested_on", name="received_after_request"),
    )


class Finding(ParticipantScoped, TimestampMixin, Base):
    """The judgement on one norm for one provider in an investigation, with its ground."""

    __tablename__ = "investigation_findings"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    norm_id: Mapped[int] = mapped_column(ForeignKey("framework_norms.id"), index=True)
    judgement_value_id: Mapped[int] = mapped_column(ForeignKey("judgement_values.id"))
    explanation: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (UniqueConstraint("investigation_id", "provider_id", "norm_id"),)


class InvestigationMelding(TenantOrParticipantsScoped, TimestampMixin, Base):
    """A melding of one gemeente that (partly) led to an investigation.

    Scope "tenant_or_participants": the gemeente of the melding owns the link; the other
    participant gemeenten may read that the investigation follows a melding (its reference and
    kind), never the melding itself, which stays a strict tenant row of its gemeente.
    """

    __tablename__ = "investigation_meldingen"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    melding_id: Mapped[int] = mapped_column()
    #: Copied at linking time so the other participants can read it without the melding.
    melding_reference: Mapped[str] = mapped_column(String(30), default="")
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (UniqueConstraint("investigation_id", "gemeente_id", "melding_id"),)


Index("ix_investigations_status", Investigation.status)
