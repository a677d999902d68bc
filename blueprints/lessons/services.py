"""Sharing a lesson region-wide: checked for personal data, month precision, audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.lessons.models import Lesson
from blueprints.lessons.themes import SOURCE_KINDS, THEMES
from blueprints.privacy.personal_data import describe_kinds, personal_data_kinds
from blueprints.providers.models import ServiceType
from regiotoezicht import audit
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tenants.models import Region

MIN_TEXT, MAX_TEXT = 20, 4000


class LessonInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_lesson_text(text: str | None) -> str:
    """The lesson text, stripped; raise LessonInputError when it is too short or holds personal data."""
    text = (text or "").strip()
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        raise LessonInputError("text", f"Beschrijf de les in {MIN_TEXT} tot {MAX_TEXT} tekens.")
    kinds = personal_data_kinds(text)
    if kinds:
        raise LessonInputError(
            "text",
            f"De les bevat {describe_kinds(kinds)}. Een gedeelde les bevat geen persoonsgegevens: "
            "laat namen, nummers, adressen en datums weg.",
        )
    return text


def share_lesson(
    region_id: int,
    service_type_id: int | None,
    theme: str,
    text: str,
    *,
    source_kind: str = "calamiteit",
    learned_on: date | None = None,
) -> Lesson:
    """Copy a lesson into the region's table: no gemeente, no personal data, the month only."""
    if db.session.get(Region, region_id) is None:
        raise LessonInputError("region_id", "Onbekende regio.")
    if theme not in THEMES:
        raise LessonInputError("theme", "Kies een thema uit de lijst.")
    if source_kind not in SOURCE_KINDS:
        raise LessonInputError("source_kind", "Kies waar de les uit voortkomt.")
    if service_type_id is not None and db.session.execute(
        select(ServiceType.id).where(ServiceType.id == service_type_id)
    ).first() is None:
        raise LessonInputError("service_type_id", "Kies een voorziening uit de lijst.")
    checked = check_lesson_text(text)
    day = learned_on or today()
    lesson = Lesson(
        region_id=region_id, service_type_id=service_type_id, theme=theme, text=checked,
        learned_in=day.replace(day=1), source_kind=source_kind,
    )
    db.session.add(lesson)
    db.session.flush()
    # No gemeente on the audit row either: the row would otherwise tie the lesson to one.
    audit.record("lesson.shared", lesson, detail={"region_id": region_id, "theme": theme})
    return lesson
