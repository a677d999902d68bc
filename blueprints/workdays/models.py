"""DecreedDay: a day a royal decree equates with a legal holiday (national data, no gemeente)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from regiotoezicht.db import Base, TimestampMixin


class DecreedDay(TimestampMixin, Base):
    """Art. 3 lid 3 Atw: a day equated with an algemeen erkende feestdag by royal decree.

    A decree covers three years at a time and is the same for every gemeente, so this table is
    region-less; an admin with CALENDAR_MANAGE keeps it up to date.
    """

    __tablename__ = "decreed_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    description: Mapped[str] = mapped_column(String(200))
    #: The decree's title or Staatscourant number, so anyone can check it.
    decree_reference: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
