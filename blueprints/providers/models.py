"""The provider registry (region-wide, not tenant data) and each gemeente's relations (tenant data).

A `Provider` belongs to a region: every gemeente the region serves finds it in the registry. What
a gemeente has with a provider — a contract (zorg in natura), a subsidy, pgb relations — is a
`ProviderRelation`, tenant data of that gemeente only. Merging keeps the merged record: it points
at the surviving one (`merged_into_id`, always a provider that is itself not merged), so tenant
rows of every gemeente follow the merge without being written.
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
    JSON,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.db import Base, TimestampMixin, utcnow
from tenants.models import Region
from tenants.scoping import TenantScoped, tenant_fk, tenant_key


class FinancingForm(enum.StrEnum):
    """How a gemeente pays for the support: which norms bind the provider depends on it."""

    CONTRACT = "contract"  # zorg in natura
    SUBSIDY = "subsidie"
    PGB = "pgb"

    @property
    def label(self) -> str:
        return FINANCING_FORM_LABELS[self]


FINANCING_FORM_LABELS = {
    FinancingForm.CONTRACT: "Contract (zorg in natura)",
    FinancingForm.SUBSIDY: "Subsidie",
    FinancingForm.PGB: "Pgb",
}


class ServiceType(Base):
    """A kind of support (voorziening) from the reference list, such as huishoudelijke hulp."""

    __tablename__ = "service_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Provider(TimestampMixin, Base):
    """A provider in a region's registry: one record per organisation (KvK number) or pgb carer."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Eight digits; NULL only for an informal pgb carer (a person, not a registered business).
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    is_informal_carer: Mapped[bool] = mapped_column(Boolean, default=False)
    website: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Set when this record was merged into another; that one is never itself merged.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)

    region: Mapped[Region] = relationship()
    merged_into: Mapped[Provider | None] = relationship(remote_side=[id])
    locations: Mapped[list[ProviderLocation]] = relationship(
        back_populates="provider", order_by="ProviderLocation.name"
    )

    __table_args__ = (
        CheckConstraint("kvk_number IS NULL OR length(kvk_number) = 8", name="kvk_length"),
        CheckConstraint("kvk_number IS NOT NULL OR is_informal_carer", name="kvk_or_informal"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_self"),
        # Duplicate detection's last line: one live record per KvK number in a region.
        Index(
            "uq_providers_region_kvk_live", "region_id", "kvk_number", unique=True,
            postgresql_where=text("merged_into_id IS NULL AND kvk_number IS NOT NULL"),
            sqlite_where=text("merged_into_id IS NULL AND kvk_number IS NOT NULL"),
        ),
    )

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def canonical_id(self) -> int:
        return self.merged_into_id or self.id

    def __repr__(self) -> str:
        return f"<Provider {self.id} {self.name!r}>"


class ProviderLocation(TimestampMixin, Base):
    """A place where a provider delivers support (registry data, like the provider itself)."""

    __tablename__ = "provider_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str] = mapped_column(String(20), default="")
    #: "1234 AB", normalised on the way in.
    postcode: Mapped[str] = mapped_column(String(7), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    provider: Mapped[Provider] = relationship(back_populates="locations")

    @property
    def address(self) -> str:
        street = " ".join(p for p in (self.street, self.house_number) if p)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (street, place) if p)


class ProviderMerge(Base):
    """That one registry record was merged into another, by whom and why (never deleted)."""

    __tablename__ = "provider_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    merged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: What the merge changed besides the merged record, so that it can be undone: the KvK
    #: number the survivor took over, and the records that pointed at the merged one.
    kvk_taken_over: Mapped[str | None] = mapped_column(String(8))
    repointed_ids: Mapped[list[int] | None] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undo_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    survivor: Mapped[Provider] = relationship(foreign_keys=[survivor_id])
    merged: Mapped[Provider] = relationship(foreign_keys=[merged_id])


class ProviderRelation(TenantScoped, TimestampMixin, Base):
    """What one gemeente has with a provider: a contract, a subsidy or pgb, for a period.

    Tenant data: only that gemeente (and those acting for it) sees it. `provider_id` may name a
    merged record; read through queries.py, which follows merges.
    """

    __tablename__ = "provider_relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    financing_form: Mapped[FinancingForm] = mapped_column(
        Enum(FinancingForm, native_enum=False, length=20, name="financing_form",
             values_callable=lambda e: [m.value for m in e])
    )
    #: Contract number, subsidy decision or pgb reference, as the gemeente knows it.
    reference: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    provider: Mapped[Provider] = relationship()
    service_type_links: Mapped[list[ProviderRelationServiceType]] = relationship(
        back_populates="relation", cascade="all, delete-orphan"
    )
    location_links: Mapped[list[ProviderRelationLocation]] = relationship(
        back_populates="relation", cascade="all, delete-orphan"
    )

    __table_args__ = (
        tenant_key(),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="valid_period"),
        Index("ix_provider_relations_gemeente_provider", "gemeente_id", "provider_id"),
    )

    @property
    def service_types(self) -> list[ServiceType]:
        return sorted(
            (link.service_type for link in self.service_type_links), key=lambda s: (s.sort_order, s.label)
        )

    @property
    def locations(self) -> list[ProviderLocation]:
        return sorted((link.location for link in self.location_links), key=lambda loc: loc.name)

    def valid_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class ProviderRelationServiceType(TenantScoped, Base):
    """A service type a relation covers (tenant data, same gemeente as its relation)."""

    __tablename__ = "provider_relation_service_types"

    relation_id: Mapped[int] = mapped_column(primary_key=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"), primary_key=True)

    relation: Mapped[ProviderRelation] = relationship(back_populates="service_type_links")
    service_type: Mapped[ServiceType] = relationship()

    __table_args__ = (tenant_fk("relation_id", "provider_relations", ondelete="CASCADE"),)


class ProviderRelationLocation(TenantScoped, Base):
    """A location of the provider a relation covers (tenant data, same gemeente as its relation)."""

    __tablename__ = "provider_relation_locations"

    relation_id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("provider_locations.id"), primary_key=True)

    relation: Mapped[ProviderRelation] = relationship(back_populates="location_links")
    location: Mapped[ProviderLocation] = relationship()

    __table_args__ = (tenant_fk("relation_id", "provider_relations", ondelete="CASCADE"),)
