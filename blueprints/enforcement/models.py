"""Enforcement records of a gemeente: advice, cases, improvement plans, measures and decisions.

What other gemeenten may read is split off on purpose. A case tied to a shared investigation,
and the besluit rows (MeasureDecision) of its measures, use the scope "tenant_or_participants":
the other participant gemeenten of that investigation read them, so they can decide alike, and
only the case's own gemeente writes them. Everything else (the advice, the improvement plan, the
voornemen, zienswijze, bezwaar and beroep procedure of a measure, and the findings an advice or a
measure rests on) stays strict tenant data.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.db import Base, TimestampMixin
from tenants.scoping import TenantOrParticipantsScoped, TenantScoped, tenant_fk, tenant_key

#: The participant rows of the investigation a shared row points at (tenants/scoping.py).
PARTICIPANTS_OF_INVESTIGATION = ("InvestigationParticipant", "investigation_id", "investigation_id")


class Advice(TenantScoped, TimestampMixin, Base):
    """The toezichthouder's advice to one college after an investigation (and its report)."""

    __tablename__ = "enforcement_advices"

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    advised_on: Mapped[date] = mapped_column(Date)
    advised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Ask for an improvement plan first (not a sanction; the usual first step).
    recommends_improvement_plan: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Measure kinds from the gemeente's ladder on advised_on.
    recommended_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasoning: Mapped[str] = mapped_column(Text)

    grounds: Mapped[list[AdviceFinding]] = relationship(order_by="AdviceFinding.id", viewonly=True)

    __table_args__ = (tenant_key(),)

    @property
    def finding_ids(self) -> list[int]:
        return [g.finding_id for g in self.grounds]


class AdviceFinding(TenantScoped, Base):
    """A finding (a tekortkoming of the advised provider) the advice rests on."""

    __tablename__ = "enforcement_advice_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    advice_id: Mapped[int] = mapped_column(Integer, index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("investigation_findings.id"), index=True)

    __table_args__ = (
        tenant_key(),
        tenant_fk("advice_id", "enforcement_advices"),
        UniqueConstraint("advice_id", "finding_id"),
    )


class EnforcementCase(TenantOrParticipantsScoped, TimestampMixin, Base):
    """One gemeente's enforcement of one provider; readable by the investigation's participants."""

    __tablename__ = "enforcement_cases"
    __tenant_participants__ = PARTICIPANTS_OF_INVESTIGATION

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    investigation_id: Mapped[int | None] = mapped_column(ForeignKey("investigations.id"), index=True)
    advice_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    opened_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_reasoning: Mapped[str] = mapped_column(Text, default="")
    #: The follow-up investigation (its follows_up link points at this case's investigation).
    follow_up_investigation_id: Mapped[int | None] = mapped_column(ForeignKey("investigations.id"))

    plans: Mapped[list[ImprovementPlan]] = relationship(
        back_populates="case", order_by="ImprovementPlan.requested_on", viewonly=True
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="case", order_by="Measure.intended_on", viewonly=True
    )

    __table_args__ = (
        tenant_key(),
        tenant_fk("advice_id", "enforcement_advices"),
    )


class ImprovementPlan(TenantScoped, TimestampMixin, Base):
    """The request for an improvement plan, its assessment and the re-check: not a sanction."""

    __tablename__ = "enforcement_improvement_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(20))
    requested_on: Mapped[date] = mapped_column(Date)
    term_weeks: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    assessed_on: Mapped[date | None] = mapped_column(Date)
    assessment: Mapped[str | None] = mapped_column(String(20))
    assessment_reasoning: Mapped[str] = mapped_column(Text, default="")
    recheck_on: Mapped[date | None] = mapped_column(Date)
    recheck_outcome: Mapped[str | None] = mapped_column(String(20))
    recheck_reasoning: Mapped[str] = mapped_column(Text, default="")
    #: A re-check can be a follow-up investigation of its own.
    recheck_investigation_id: Mapped[int | None] = mapped_column(ForeignKey("investigations.id"))

    case: Mapped[EnforcementCase] = relationship(back_populates="plans", viewonly=True)

    __table_args__ = (
        tenant_key(),
        tenant_fk("case_id", "enforcement_cases"),
    )


class Measure(TenantScoped, TimestampMixin, Base):
    """A measure through the Awb steps: voornemen → zienswijze → besluit → bezwaar → beroep."""

    __tablename__ = "enforcement_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    #: What the measure demands of the provider, and the basis the voornemen names.
    description: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(300))
    # Voornemen and zienswijze (Awb 4:8).
    intended_on: Mapped[date] = mapped_column(Date)
    view_term_weeks: Mapped[int] = mapped_column(Integer)
    view_due_on: Mapped[date] = mapped_column(Date)
    view_recorded_on: Mapped[date | None] = mapped_column(Date)
    view_received: Mapped[bool | None] = mapped_column(Boolean)
    view_received_on: Mapped[date | None] = mapped_column(Date)
    view_summary: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    # Bezwaar (Awb 6:7, 7:10).
    objection_due_on: Mapped[date | None] = mapped_column(Date)
    objection_lodged_on: Mapped[date | None] = mapped_column(Date)
    objection_late: Mapped[bool] = mapped_column(Boolean, default=False)
    objection_committee: Mapped[bool] = mapped_column(Boolean, default=False)
    objection_decision_due_on: Mapped[date | None] = mapped_column(Date)
    objection_decided_on: Mapped[date | None] = mapped_column(Date)
    objection_outcome: Mapped[str | None] = mapped_column(String(20))
    # Beroep.
    appeal_due_on: Mapped[date | None] = mapped_column(Date)
    appeal_lodged_on: Mapped[date | None] = mapped_column(Date)
    appeal_decided_on: Mapped[date | None] = mapped_column(Date)
    appeal_outcome: Mapped[str | None] = mapped_column(String(20))

    case: Mapped[EnforcementCase] = relationship(back_populates="measures", viewonly=True)
    decision: Mapped[MeasureDecision | None] = relationship(
        back_populates="measure", uselist=False, viewonly=True
    )
    grounds: Mapped[list[MeasureFinding]] = relationship(order_by="MeasureFinding.id", viewonly=True)

    __table_args__ = (
        tenant_key(),
        tenant_fk("case_id", "enforcement_cases"),
    )

    @property
    def finding_ids(self) -> list[int]:
        return [g.finding_id for g in self.grounds]


class MeasureFinding(TenantScoped, Base):
    """A finding (a tekortkoming of the case's provider in its investigation) a measure rests on."""

    __tablename__ = "enforcement_measure_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(Integer, index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("investigation_findings.id"), index=True)

    __table_args__ = (
        tenant_key(),
        tenant_fk("measure_id", "enforcement_measures"),
        UniqueConstraint("measure_id", "finding_id"),
    )


class MeasureDecision(TenantOrParticipantsScoped, TimestampMixin, Base):
    """The besluit on a measure: what the college decided, on which basis, under which mandate.

    Readable by the other participant gemeenten of the case's investigation (so they can decide
    alike); `standing` follows bezwaar and beroep (in force, revoked, annulled).
    """

    __tablename__ = "enforcement_measure_decisions"
    __tenant_participants__ = PARTICIPANTS_OF_INVESTIGATION

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(Integer, index=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    #: Copied from the case: the participant scope reads it on this row.
    investigation_id: Mapped[int | None] = mapped_column(ForeignKey("investigations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    imposed: Mapped[bool] = mapped_column(Boolean)
    decided_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(String(300))
    #: Who took it (the college, or a named official) and under which mandate or college decision.
    decided_by: Mapped[str] = mapped_column(String(200))
    mandate: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    # A herstelsanctie's begunstigingstermijn (Awb 5:32a) and a dwangsom's amounts (Awb 5:32b).
    recovery_term_weeks: Mapped[int | None] = mapped_column(Integer)
    recovery_due_on: Mapped[date | None] = mapped_column(Date)
    penalty_amount_cents: Mapped[int | None] = mapped_column(Integer)
    penalty_unit: Mapped[str] = mapped_column(String(40), default="")
    penalty_cap_cents: Mapped[int | None] = mapped_column(Integer)
    standing: Mapped[str] = mapped_column(String(20))

    measure: Mapped[Measure] = relationship(back_populates="decision", viewonly=True)

    __table_args__ = (
        tenant_key(),
        tenant_fk("measure_id", "enforcement_measures"),
        tenant_fk("case_id", "enforcement_cases"),
    )
