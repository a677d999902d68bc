"""Lesson: region-wide, without a gemeente and without personal data (not tenant data)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blueprints.lessons.themes import source_label, theme_label
from blueprints.providers.models import ServiceType
from regiotoezicht.db import Base


class Lesson(Base):
    """A lesson learned, copied from a closed melding when the inspector marks it shareable.

    No gemeente, no provider, no link to the melding, and only the month it was learned in:
    every inspector of the region reads it, so nothing may lead back to a client.
    """

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_types.id"), index=True)
    theme: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: The first day of the month the lesson was learned in (month precision on purpose).
    learned_in: Mapped[date] = mapped_column(Date, index=True)
    source_kind: Mapped[str] = mapped_column(String(20))

    service_type: Mapped[ServiceType | None] = relationship()

    #: The theme and source lists live in themes.py (the service checks them), so the region's
    #: list can grow without a migration.
    __table_args__ = (Index("ix_lessons_region_theme", "region_id", "theme"),)

    @property
    def theme_label(self) -> str:
        return theme_label(self.theme)

    @property
    def source_label(self) -> str:
        return source_label(self.source_kind)
