"""GemeenteSetting: a gemeente's own value of a setting from a date on (tenant data, history kept)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht.db import Base, TimestampMixin
from tenants.scoping import TenantScoped


class GemeenteSetting(TenantScoped, TimestampMixin, Base):
    """The value of `key` for this gemeente from `valid_from` until the next row's valid_from.

    Rows are never rewritten once in force, so past work keeps the value of its own date.
    `is_default` marks a return to the registry default from that date on (value is then null).
    """

    __tablename__ = "gemeente_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    is_default: Mapped[bool] = mapped_column(default=False)
    valid_from: Mapped[date] = mapped_column(Date)
    #: Why it changed (a council decision, a contract) — shown in the history.
    note: Mapped[str] = mapped_column(String(500), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        # Also the index of the lookup "latest row of this key on or before a date".
        UniqueConstraint("gemeente_id", "key", "valid_from"),
    )
