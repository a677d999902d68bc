"""GemeenteContact: a person at the gemeente the supervision work informs (tenant data)."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht.db import Base, TimestampMixin
from tenants.scoping import TenantScoped, tenant_key


class GemeenteContact(TenantScoped, TimestampMixin, Base):
    __tablename__ = "gemeente_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    function: Mapped[str] = mapped_column(String(200), default="")
    #: Some gemeenten want a direct copy of every calamity melding for their own contact.
    receives_calamity_copies: Mapped[bool] = mapped_column(Boolean, default=False)
    receives_reports: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (tenant_key(),)
