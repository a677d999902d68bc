"""Melding and its parts: personal data, triage, status history, case team, provider requests,
lessons. All tenant data of the gemeente that provides the client's voorziening.

Children point at the melding with a composite (gemeente_id, melding_id) key that cascades on
update: a transfer to another gemeente changes the melding's gemeente_id once and PostgreSQL
moves every child with it (the referential action runs as the table owner, so the append-only
status history needs no UPDATE grant for the app role).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.db import Base, TimestampMixin, utcnow
from tenants.scoping import TenantScoped, tenant_fk, tenant_key


def _enum(cls: type[enum.Enum], name: str, length: int = 40) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, name=name, values_callable=lambda e: [m.value for m in e]
    )


class MeldingKind(enum.StrEnum):
    CALAMITEIT = "calamiteit"
    GEWELD = "geweld"
    SIGNAAL = "signaal"

    @property
    def label(self) -> str:
        return {"calamiteit": "Calamiteit", "geweld": "Geweld", "signaal": "Signaal"}[self.value]

    @property
    def is_mandatory(self) -> bool:
        """Calamiteit and geweld fall under the meldplicht of art. 3.4 Wmo 2015."""
        return self is not MeldingKind.SIGNAAL


class MeldingChannel(enum.StrEnum):
    MELDPUNT_AANBIEDER = "meldpunt_aanbieder"
    MELDPUNT_PUBLIEK = "meldpunt_publiek"
    TELEFOON = "telefoon"
    EMAIL = "email"
    BRIEF = "brief"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    MeldingChannel.MELDPUNT_AANBIEDER: "Meldpunt (aanbieder)",
    MeldingChannel.MELDPUNT_PUBLIEK: "Meldpunt (publiek)",
    MeldingChannel.TELEFOON: "Telefoon",
    MeldingChannel.EMAIL: "E-mail",
    MeldingChannel.BRIEF: "Brief",
}
#: Channels the secretariaat and inspectors register by hand (the meldpunt uses the others).
MANUAL_CHANNELS = (MeldingChannel.TELEFOON, MeldingChannel.EMAIL, MeldingChannel.BRIEF)


class ReporterKind(enum.StrEnum):
    AANBIEDER = "aanbieder"
    CLIENT = "client"
    NAASTE = "naaste"
    PROFESSIONAL = "professional"
    GEMEENTE = "gemeente"
    INWONER = "inwoner"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return REPORTER_LABELS[self]


REPORTER_LABELS = {
    ReporterKind.AANBIEDER: "Aanbieder",
    ReporterKind.CLIENT: "Cliënt",
    ReporterKind.NAASTE: "Naaste of mantelzorger",
    ReporterKind.PROFESSIONAL: "Professional",
    ReporterKind.GEMEENTE: "Gemeente",
    ReporterKind.INWONER: "Inwoner",
    ReporterKind.ANDERS: "Anders",
}


class Perpetrator(enum.StrEnum):
    """Who used violence: art. 3.4 counts a professional or a fellow client in the same
    accommodation; anyone else makes it a signaal."""

    PROFESSIONAL = "professional"
    FELLOW_CLIENT = "medeclient"
    OTHER = "anders"

    @property
    def label(self) -> str:
        return {
            "professional": "Een professional (medewerker of vrijwilliger)",
            "medeclient": "Een medecliënt",
            "anders": "Iemand anders",
        }[self.value]


class MeldingStatus(enum.StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    PROVIDER_INVESTIGATION_REQUESTED = "provider_investigation_requested"
    PROVIDER_REPORT_RECEIVED = "provider_report_received"
    PROVIDER_REPORT_ACCEPTED = "provider_report_accepted"
    INVESTIGATING = "investigating"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    MeldingStatus.RECEIVED: "Ontvangen",
    MeldingStatus.TRIAGED: "Getrieerd",
    MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED: "Onderzoek aanbieder gevraagd",
    MeldingStatus.PROVIDER_REPORT_RECEIVED: "Rapport aanbieder ontvangen",
    MeldingStatus.PROVIDER_REPORT_ACCEPTED: "Rapport aanbieder geaccepteerd",
    MeldingStatus.INVESTIGATING: "In onderzoek bij de GGD",
    MeldingStatus.CLOSED: "Afgesloten",
}


class Investigator(enum.StrEnum):
    """Who investigates after triage."""

    PROVIDER = "aanbieder"
    GGD = "ggd"
    NONE = "geen"

    @property
    def label(self) -> str:
        return {"aanbieder": "De aanbieder", "ggd": "De GGD zelf", "geen": "Niemand (afgesloten)"}[self.value]


class IgjLead(enum.StrEnum):
    GGD = "ggd"
    IGJ = "igj"

    @property
    def label(self) -> str:
        return {"ggd": "GGD (Wmo-toezichthouder)", "igj": "IGJ"}[self.value]


class ReviewOutcome(enum.StrEnum):
    ACCEPTED = "geaccepteerd"
    MORE_REQUESTED = "aanvulling_gevraagd"
    OWN_INVESTIGATION = "eigen_onderzoek"

    @property
    def label(self) -> str:
        return {
            "geaccepteerd": "Geaccepteerd",
            "aanvulling_gevraagd": "Aanvulling gevraagd",
            "eigen_onderzoek": "De GGD onderzoekt zelf",
        }[self.value]


class MeldingReferenceCounter(Base):
    """The last reference number used per region and year (region-level, not tenant data):
    references stay unique in the region whichever gemeente a melding belongs to."""

    __tablename__ = "melding_reference_counters"
    __audit_skip__ = True

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Melding(TenantScoped, TimestampMixin, Base):
    """A calamiteit, geweld or signaal about the support a gemeente provides."""

    __tablename__ = "meldingen"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20))
    kind: Mapped[MeldingKind] = mapped_column(_enum(MeldingKind, "melding_kind", 20))
    #: The kind as reported, when the criteria check continued it as a signaal.
    reported_kind: Mapped[MeldingKind | None] = mapped_column(_enum(MeldingKind, "melding_reported_kind", 20))
    #: A per-gemeente extra category (setting meldingen.local_categories), apart from the kind.
    local_category: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[MeldingChannel] = mapped_column(_enum(MeldingChannel, "melding_channel", 30))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[MeldingStatus] = mapped_column(_enum(MeldingStatus, "melding_status"), index=True)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The provider as found in the region's registry, or as the reporter named it.
    provider_id: Mapped[int | None] = mapped_column(Integer, index=True)
    provider_location_id: Mapped[int | None] = mapped_column(Integer)
    service_type_id: Mapped[int | None] = mapped_column(Integer)
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    location_text: Mapped[str] = mapped_column(String(300), default="")

    # What happened. `summary` is what gemeente roles see: no personal data.
    occurred_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    perpetrator: Mapped[Perpetrator | None] = mapped_column(_enum(Perpetrator, "melding_perpetrator", 20))
    same_accommodation: Mapped[bool | None] = mapped_column(Boolean)
    reporter_kind: Mapped[ReporterKind] = mapped_column(_enum(ReporterKind, "melding_reporter_kind", 20))

    # Art. 3.4 lid 2: when in doubt, the provider may first investigate for at most 6 weeks
    # whether it is a calamiteit. Its own facts; not the provider investigation term.
    doubt_investigated: Mapped[bool] = mapped_column(Boolean, default=False)
    doubt_started_on: Mapped[date | None] = mapped_column(Date)
    doubt_concluded_on: Mapped[date | None] = mapped_column(Date)

    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Decision after triage, and closure.
    investigator: Mapped[Investigator | None] = mapped_column(_enum(Investigator, "melding_investigator", 20))
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str] = mapped_column(Text, default="")

    personal: Mapped[MeldingPersonalData | None] = relationship(
        primaryjoin="Melding.id == foreign(MeldingPersonalData.melding_id)", viewonly=True, uselist=False
    )
    triage: Mapped[MeldingTriage | None] = relationship(
        primaryjoin="Melding.id == foreign(MeldingTriage.melding_id)", viewonly=True, uselist=False
    )
    history: Mapped[list[MeldingStatusChange]] = relationship(
        primaryjoin="Melding.id == foreign(MeldingStatusChange.melding_id)", viewonly=True,
        order_by="MeldingStatusChange.id",
    )
    provider_requests: Mapped[list[ProviderInvestigationRequest]] = relationship(
        primaryjoin="Melding.id == foreign(ProviderInvestigationRequest.melding_id)", viewonly=True,
        order_by="ProviderInvestigationRequest.round",
    )
    lesson: Mapped[MeldingLesson | None] = relationship(
        primaryjoin="Melding.id == foreign(MeldingLesson.melding_id)", viewonly=True, uselist=False
    )

    __table_args__ = (
        tenant_key(),
        UniqueConstraint("region_id", "reference"),
        CheckConstraint("doubt_concluded_on IS NULL OR doubt_started_on IS NULL OR doubt_concluded_on >= doubt_started_on", name="doubt_period"),
    )

    @property
    def is_closed(self) -> bool:
        return self.status is MeldingStatus.CLOSED


def _melding_fk() -> object:
    return tenant_fk("melding_id", "meldingen", onupdate="CASCADE", ondelete="CASCADE")


class MeldingPersonalData(TenantScoped, TimestampMixin, Base):
    """Who reported and who the client is: only past the need-to-know gate (queries.visible_personal).

    The reporter's identity is never shown to the provider nor put in anything sent to it.
    """

    __tablename__ = "melding_personal_data"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, unique=True)
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_organisation: Mapped[str] = mapped_column(String(200), default="")
    reporter_email: Mapped[str] = mapped_column(String(254), default="")
    reporter_phone: Mapped[str] = mapped_column(String(40), default="")
    client_name: Mapped[str] = mapped_column(String(200), default="")
    client_birth_date: Mapped[date | None] = mapped_column(Date)
    #: The provider's own client number, to find the file during an investigation.
    client_reference: Mapped[str] = mapped_column(String(100), default="")
    client_notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (_melding_fk(),)


class MeldingTriage(TenantScoped, TimestampMixin, Base):
    """Intake and triage as the published GGD procedures do it: safety first, then the criteria,
    IGJ, the administrative angle, informing the gemeente, rechtmatigheid/fraud."""

    __tablename__ = "melding_triages"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, unique=True)
    triaged_on: Mapped[date] = mapped_column(Date)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # 1. The client's safety.
    client_safe: Mapped[bool] = mapped_column(Boolean)
    other_support_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    safety_notes: Mapped[str] = mapped_column(Text, default="")
    police_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    veilig_thuis_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    igj_involved: Mapped[bool] = mapped_column(Boolean, default=False)
    # 2. The legal criteria (calamiteit: unexpected, serious harm or death, linked to the quality
    # of support; geweld: by a professional or a fellow client in the same accommodation).
    criteria_met: Mapped[bool | None] = mapped_column(Boolean)  # None: a signaal, no legal test
    criteria_reason: Mapped[str] = mapped_column(Text, default="")
    # 3. Care under IGJ supervision: referred, with the agreement on who leads.
    igj_care: Mapped[bool] = mapped_column(Boolean, default=False)
    igj_lead: Mapped[IgjLead | None] = mapped_column(_enum(IgjLead, "melding_igj_lead", 10))
    igj_reference: Mapped[str] = mapped_column(String(100), default="")
    igj_involvement: Mapped[str] = mapped_column(Text, default="")
    # 4. Administrative or public-order angle.
    administrative_angle: Mapped[bool] = mapped_column(Boolean, default=False)
    wethouder_informed_on: Mapped[date | None] = mapped_column(Date)
    public_order_angle: Mapped[bool] = mapped_column(Boolean, default=False)
    burgemeester_informed_on: Mapped[date | None] = mapped_column(Date)
    # 5. Informing the gemeente; copies per setting meldingen.copy_kinds.
    gemeente_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    copies_sent: Mapped[int] = mapped_column(Integer, default=0)
    # 6. Rechtmatigheid or fraud signal for the gemeente's team.
    fraud_signal: Mapped[bool] = mapped_column(Boolean, default=False)
    fraud_team: Mapped[str] = mapped_column(String(200), default="")
    fraud_handoff: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (_melding_fk(),)


class MeldingStatusChange(TenantScoped, Base):
    """One step of a melding's life: append-only (the app role has no UPDATE or DELETE)."""

    __tablename__ = "melding_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[MeldingStatus | None] = mapped_column(_enum(MeldingStatus, "melding_from_status"))
    to_status: Mapped[MeldingStatus] = mapped_column(_enum(MeldingStatus, "melding_to_status"))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (_melding_fk(),)


class MeldingAssignment(TenantScoped, Base):
    """An inspector on the case team: sees the melding's personal data (need-to-know)."""

    __tablename__ = "melding_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id], viewonly=True)

    __table_args__ = (
        _melding_fk(),
        Index("ix_melding_assignments_active", "melding_id", "user_id"),
    )


class ProviderInvestigationRequest(TenantScoped, TimestampMixin, Base):
    """A request to the provider for its own calamity investigation (round 1), or for more
    (round 2+), and the check of the report it sent."""

    __tablename__ = "provider_investigation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    requested_on: Mapped[date] = mapped_column(Date)
    #: The term in force on requested_on (setting meldingen.provider_investigation_term_weeks).
    term_weeks: Mapped[int] = mapped_column(Integer)
    request_notes: Mapped[str] = mapped_column(Text, default="")
    report_received_on: Mapped[date | None] = mapped_column(Date)
    # The check on receipt.
    has_independent_chair: Mapped[bool | None] = mapped_column(Boolean)
    has_facts: Mapped[bool | None] = mapped_column(Boolean)
    has_root_causes: Mapped[bool | None] = mapped_column(Boolean)
    has_measures: Mapped[bool | None] = mapped_column(Boolean)
    client_involved: Mapped[bool | None] = mapped_column(Boolean)
    assessment: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[ReviewOutcome | None] = mapped_column(_enum(ReviewOutcome, "provider_review_outcome", 30))
    assessed_on: Mapped[date | None] = mapped_column(Date)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (_melding_fk(), UniqueConstraint("melding_id", "round"))


class MeldingLesson(TenantScoped, TimestampMixin, Base):
    """The lessons learned, recorded on the closed melding (required after every calamiteit).

    `shared_text` is the version without personal data or gemeente that went to the region's
    lessons table when the inspector marked it shareable.
    """

    __tablename__ = "melding_lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer, unique=True)
    theme: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_text: Mapped[str] = mapped_column(Text, default="")
    shared_lesson_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (_melding_fk(),)


class ReminderDeadline(enum.StrEnum):
    """Which deadline a reminder is about."""

    TRIAGE = "triage"
    PROVIDER_REPORT = "provider_report"

    @property
    def label(self) -> str:
        return {"triage": "Triage", "provider_report": "Rapport van de aanbieder"}[self.value]


class ReminderStage(enum.StrEnum):
    """A deadline is reminded of twice at most: when it is near, and once it has passed."""

    DUE = "due"  # due today or on the next working day
    OVERDUE = "overdue"


class MeldingDeadlineReminder(TenantScoped, Base):
    """A reminder about a melding's deadline that went to its case team. The daily job records it
    in the same transaction as the outbox mail, and the unique key makes sure the same reminder
    (deadline, provider round, stage) is never sent twice. Overdue itself is computed on read."""

    __tablename__ = "melding_deadline_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    melding_id: Mapped[int] = mapped_column(Integer)  # indexed by the unique key
    deadline: Mapped[ReminderDeadline] = mapped_column(_enum(ReminderDeadline, "melding_reminder_deadline", 20))
    #: The provider request's round; 0 for the triage deadline.
    round: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[ReminderStage] = mapped_column(_enum(ReminderStage, "melding_reminder_stage", 10))
    due_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        _melding_fk(),
        UniqueConstraint("melding_id", "deadline", "round", "stage", name="uq_melding_deadline_reminders_once"),
    )


__all__ = [
    "CHANNEL_LABELS", "MANUAL_CHANNELS", "IgjLead", "Investigator", "Melding", "MeldingAssignment",
    "MeldingChannel", "MeldingDeadlineReminder", "MeldingKind", "MeldingLesson", "MeldingPersonalData", "MeldingReferenceCounter",
    "MeldingStatus", "MeldingStatusChange", "MeldingTriage", "Perpetrator", "ProviderInvestigationRequest",
    "ReminderDeadline", "ReminderStage", "ReporterKind", "ReviewOutcome",
]
