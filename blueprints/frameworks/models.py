"""Toetsingskaders: versioned assessment frameworks of a region (domain → part → norm) and the
judgement scale the findings use.

Frameworks are the region's, not a gemeente's: no gemeente_id, no tenant scope. A version is a
concept until it is fixed (vastgesteld); a fixed version never changes — a new version is a copy
— so an investigation keeps assessing against exactly the norms it started with. The guard at
the bottom refuses any change to a fixed version's rows, whatever code path tries.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from regiotoezicht.db import Base, TimestampMixin


class FrameworkStatus(enum.StrEnum):
    CONCEPT = "concept"
    FIXED = "fixed"

    @property
    def label(self) -> str:
        return {"concept": "Concept", "fixed": "Vastgesteld"}[self.value]


class LegalSourceKind(enum.StrEnum):
    """Where a norm's binding force comes from."""

    WMO_ARTICLE = "wmo_artikel"
    BYLAW = "verordening"
    CONTRACT_CLAUSE = "contractbepaling"
    SUBSIDY_CONDITION = "subsidievoorwaarde"

    @property
    def label(self) -> str:
        return {
            "wmo_artikel": "Artikel Wmo 2015",
            "verordening": "Verordening",
            "contractbepaling": "Contractbepaling",
            "subsidievoorwaarde": "Subsidievoorwaarde",
        }[self.value]


class Framework(TimestampMixin, Base):
    __tablename__ = "frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=FrameworkStatus.CONCEPT.value)
    fixed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The version this one was copied from.
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id"))

    domains: Mapped[list[FrameworkDomain]] = relationship(
        back_populates="framework", order_by="FrameworkDomain.position", cascade="all, delete-orphan"
    )
    judgement_values: Mapped[list[JudgementValue]] = relationship(
        back_populates="framework", order_by="JudgementValue.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("region_id", "name", "version"),
        CheckConstraint("status IN ('concept', 'fixed')", name="status"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="valid_period"),
        CheckConstraint("(status = 'fixed') = (fixed_at IS NOT NULL)", name="fixed_at"),
    )

    @property
    def is_fixed(self) -> bool:
        return self.status == FrameworkStatus.FIXED

    @property
    def label(self) -> str:
        return f"{self.name} (versie {self.version})"

    def norms(self) -> list[Norm]:
        return [n for d in self.domains for p in d.parts for n in p.norms]


class FrameworkDomain(Base):
    __tablename__ = "framework_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))

    framework: Mapped[Framework] = relationship(back_populates="domains")
    parts: Mapped[list[FrameworkPart]] = relationship(
        back_populates="domain", order_by="FrameworkPart.position", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("framework_id", "code"),)


class FrameworkPart(Base):
    __tablename__ = "framework_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("framework_domains.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))

    domain: Mapped[FrameworkDomain] = relationship(back_populates="parts")
    norms: Mapped[list[Norm]] = relationship(
        back_populates="part", order_by="Norm.position", cascade="all, delete-orphan"
    )


class Norm(Base):
    """A criterion: what must hold, where that obligation comes from, and whom it binds."""

    __tablename__ = "framework_norms"

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("framework_parts.id"), index=True)
    #: Denormalised from part → domain so a finding can be checked against the framework at once.
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    legal_source_kind: Mapped[str] = mapped_column(String(30))
    legal_reference: Mapped[str] = mapped_column(String(200))
    #: providers.models.FinancingForm values this norm binds ("contract", "subsidie", "pgb").
    financing_forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The art. 3.1 quality aspects it gives shape to (veilig, doeltreffend, ...), for overviews.
    quality_aspects: Mapped[list[str]] = mapped_column(JSON, default=list)

    part: Mapped[FrameworkPart] = relationship(back_populates="norms")

    __table_args__ = (
        UniqueConstraint("framework_id", "code"),
        CheckConstraint(
            "legal_source_kind IN ('wmo_artikel', 'verordening', 'contractbepaling', 'subsidievoorwaarde')",
            name="legal_source_kind",
        ),
    )

    @property
    def legal_source_label(self) -> str:
        return f"{LegalSourceKind(self.legal_source_kind).label}: {self.legal_reference}"


class JudgementValue(Base):
    """One step of a framework's judgement scale (data, not code): voldoet, voldoet deels, ..."""

    __tablename__ = "judgement_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(100))
    #: Counts as a tekortkoming (for advice, enforcement and the figures).
    is_shortcoming: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "niet beoordeeld": recorded, but no judgement on the norm.
    is_assessed: Mapped[bool] = mapped_column(Boolean, default=True)

    framework: Mapped[Framework] = relationship(back_populates="judgement_values")

    __table_args__ = (UniqueConstraint("framework_id", "code"),)


class FixedFrameworkChanged(RuntimeError):
    """A write reached a fixed (vastgesteld) framework version."""


def _framework_id_of(obj: Any) -> int | None:
    if isinstance(obj, Framework):
        return obj.id
    if isinstance(obj, (Norm, JudgementValue, FrameworkDomain)):
        return obj.framework_id
    if isinstance(obj, FrameworkPart):
        return obj.domain.framework_id if obj.domain is not None else None
    return None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_fixed_versions(session: Session, flush_context: Any, instances: Any) -> None:
    """A fixed version is immutable: only the fixing itself (concept → fixed) may be flushed."""
    touched = [o for o in [*session.new, *session.dirty, *session.deleted] if _framework_id_of(o) is not None]
    if not touched:
        return
    for obj in touched:
        if isinstance(obj, Framework) and obj not in session.new:
            status = sa_inspect(obj).attrs.status.history
            was = (status.deleted or status.unchanged or [None])[0]
            if was == FrameworkStatus.FIXED and (session.is_modified(obj) or obj in session.deleted):
                raise FixedFrameworkChanged(f"framework {obj.id} is vastgesteld")
            continue
        if obj in session.new and isinstance(obj, Framework):
            continue
        framework = session.get(Framework, _framework_id_of(obj))
        if framework is not None and framework.is_fixed and not _fixed_in_this_flush(framework):
            if obj in session.new or obj in session.deleted or session.is_modified(obj):
                raise FixedFrameworkChanged(f"framework {framework.id} is vastgesteld")


def _fixed_in_this_flush(framework: Framework) -> bool:
    history = sa_inspect(framework).attrs.status.history
    return bool(history.added) and history.added[0] == FrameworkStatus.FIXED
