"""Reports and their publication.

Region-level rows that belong to an investigation (scope "participants": visible to exactly the
gemeenten taking part in it): Report (the mutable working record of one investigation's report),
ReportVersion (an immutable HTML snapshot: concept, definitive or redacted; the app role may not
UPDATE or DELETE it), ReportStatusChange (append-only), ResponseRound + ResponsePoint (hoor en
wederhoor per provider assessed) and ReportDispatch (who received which version; append-only).

Tenant rows (each college decides for itself): Publication (the Woo decision and publication in
one gemeente), LegalRemedy (bezwaar / voorlopige voorziening) and PublicationStatusChange
(append-only).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht.db import Base, TimestampMixin, utcnow
from blueprints.investigations.models import PARTICIPANTS_OF_CHILD
from tenants.scoping import ParticipantScoped, TenantScoped, tenant_fk, tenant_key


class Report(ParticipantScoped, TimestampMixin, Base):
    """The report of one investigation: its status and the texts the inspector writes."""

    __tablename__ = "reports"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    summary: Mapped[str] = mapped_column(Text, default="")
    judgement: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The concept version the second inspector approved (the one that goes to the providers).
    approved_version_id: Mapped[int | None] = mapped_column(Integer)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReportVersion(ParticipantScoped, Base):
    """One snapshot of the report. Immutable: a new version is a new row."""

    __tablename__ = "report_versions"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    html: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The stored PDF (definitive and redacted versions), key r{region_id}/reports/<uuid>.
    pdf_key: Mapped[str | None] = mapped_column(String(300))
    #: The version this one was made from (a redacted version: its definitive one).
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    dated_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("report_id", "number"),)


class ReportStatusChange(ParticipantScoped, Base):
    """Append-only history of a report's status."""

    __tablename__ = "report_status_changes"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResponseRound(ParticipantScoped, TimestampMixin, Base):
    """Hoor en wederhoor with one provider assessed: the concept sent, the term, the reaction."""

    __tablename__ = "report_response_rounds"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    concept_version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"))
    contact_email: Mapped[str] = mapped_column(String(254))
    sent_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    #: The term applied and the participant gemeente whose setting gave it (the longest wins).
    term_weeks: Mapped[int] = mapped_column(Integer)
    term_gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    received_on: Mapped[date | None] = mapped_column(Date)
    reaction: Mapped[str] = mapped_column(Text, default="")
    reaction_words: Mapped[int] = mapped_column(Integer, default=0)
    #: The provider asked for its reaction to be attached to the definitive report.
    attach_reaction: Mapped[bool] = mapped_column(Boolean, default=False)
    publication_view: Mapped[str] = mapped_column(String(20), default="none")
    publication_view_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("report_id", "provider_id"),)


class ResponsePoint(ParticipantScoped, TimestampMixin, Base):
    """One point the provider raised, and how the inspector handled it."""

    __tablename__ = "report_response_points"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("report_response_rounds.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    handling: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class ReportDispatch(ParticipantScoped, Base):
    """A version sent to someone: the provider's contact or a gemeente contact. Append-only."""

    __tablename__ = "report_dispatches"
    __tenant_participants__ = PARTICIPANTS_OF_CHILD

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    recipient_kind: Mapped[str] = mapped_column(String(20))  # "provider" or "gemeente"
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    to_gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id"))
    recipient: Mapped[str] = mapped_column(String(254))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Publication(TenantScoped, TimestampMixin, Base):
    """One gemeente's publication phase of a definitive report: a besluit under the Woo."""

    __tablename__ = "report_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="undecided")
    #: True: publish; False: not publish. None while undecided.
    publish: Mapped[bool | None] = mapped_column(Boolean)
    decided_on: Mapped[date | None] = mapped_column(Date)
    woo_basis: Mapped[str] = mapped_column(String(300), default="")
    decision_reference: Mapped[str] = mapped_column(String(100), default="")
    delay_weeks: Mapped[int | None] = mapped_column(Integer)
    planned_on: Mapped[date | None] = mapped_column(Date)
    bestuurlijke_reactie: Mapped[str] = mapped_column(Text, default="")
    bestuurlijke_reactie_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    #: The redacted version that was published (report_versions, kind "redacted").
    published_version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))

    __table_args__ = (tenant_key(), UniqueConstraint("gemeente_id", "report_id"))


class LegalRemedy(TenantScoped, TimestampMixin, Base):
    """Bezwaar against the publication decision, or a request for a voorlopige voorziening."""

    __tablename__ = "report_legal_remedies"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    lodged_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (tenant_key(), tenant_fk("publication_id", "report_publications"))


class PublicationStatusChange(TenantScoped, Base):
    """Append-only history of a gemeente's publication status."""

    __tablename__ = "report_publication_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(Integer, index=True)
    step: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (tenant_fk("publication_id", "report_publications"),)
