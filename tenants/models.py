"""Regions, gemeenten (the tenants), which gemeenten a region serves, and who holds which role."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiotoezicht.auth.models import User
from regiotoezicht.db import Base, TimestampMixin
from regiotoezicht.permissions import GEMEENTE_ROLES, REGION_ROLES, Role


def _role_enum(name: str) -> Enum:
    return Enum(Role, native_enum=False, length=30, name=name, values_callable=lambda e: [m.value for m in e])


class Region(TimestampMixin, Base):
    """A GGD region (toezichtsregio), with its CBS GGD-regio code such as GG7014."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Region admins can require a second factor for everyone with a region role.
    require_totp: Mapped[bool] = mapped_column(Boolean, default=False)

    links: Mapped[list[RegionGemeente]] = relationship(back_populates="region")


class Gemeente(TimestampMixin, Base):
    """A gemeente: the tenant. Its data are isolated from every other gemeente."""

    __tablename__ = "gemeenten"
    __audit_gemeente_attr__ = "id"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)  # CBS gemeentecode, GM0363
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The gemeente admin can require a second factor for everyone acting in this gemeente.
    require_totp: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (CheckConstraint("code LIKE 'GM____'", name="code_format"),)

    def __repr__(self) -> str:
        return f"<Gemeente {self.code} {self.slug}>"


class RegionGemeente(Base):
    """That a region serves a gemeente, from a date and possibly until one.

    Which gemeenten a GGD supervises is data with validity dates (Voorschoten joined GGD
    Haaglanden later than the others), never derived from the CBS region.
    """

    __tablename__ = "region_gemeenten"
    #: Readable by everyone (the public meldpunt lists them); written only inside the set.
    __tenant_scope__ = "shared"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    region: Mapped[Region] = relationship(back_populates="links")
    gemeente: Mapped[Gemeente] = relationship()

    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="valid_period"),
    )


class Membership(TimestampMixin, Base):
    """A user's role in one gemeente, for a period (user × gemeente × role × validity)."""

    __tablename__ = "memberships"
    #: Readable in the allowed gemeenten, and by the user it belongs to (to compute entitlements).
    __tenant_scope__ = "own_or_tenant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), index=True)
    role: Mapped[Role] = mapped_column(_role_enum("membership_role"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    gemeente: Mapped[Gemeente] = relationship()

    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="valid_period"),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r.value}'" for r in sorted(GEMEENTE_ROLES)) + ")",
            name="gemeente_role",
        ),
        Index("ix_memberships_user_gemeente", "user_id", "gemeente_id"),
    )

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class RegionRole(TimestampMixin, Base):
    """A region-wide role (region admin, coordinator, secretariaat, privacy officer), for a period."""

    __tablename__ = "region_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    role: Mapped[Role] = mapped_column(_role_enum("region_role"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    region: Mapped[Region] = relationship()

    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="valid_period"),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r.value}'" for r in sorted(REGION_ROLES)) + ")",
            name="region_role",
        ),
    )

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
