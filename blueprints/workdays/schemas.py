"""Marshmallow schemas for deadlines, for the slices whose API shows one (nest DeadlineOut)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields

from blueprints.workdays.calendar import Deadline


class SkippedDayOut(Schema):
    day = fields.Date()
    reason = fields.String(metadata={"description": "zaterdag, zondag, de feestdag of het besluit"})


class DeadlineOut(Schema):
    start_on = fields.Date()
    due_on = fields.Date()
    term = fields.Integer()
    unit = fields.String(metadata={"description": "werkdagen of weken"})
    skipped = fields.List(fields.Nested(SkippedDayOut))
    explanation = fields.String()
    is_overdue = fields.Boolean(metadata={"description": "berekend bij het opvragen, voor vandaag"})
    days_overdue = fields.Integer()


def deadline_out(deadline: Deadline, today: date) -> dict[str, Any]:
    """The dict DeadlineOut dumps: the deadline plus its state on `today` (computed now)."""
    return {
        "start_on": deadline.start_on,
        "due_on": deadline.due_on,
        "term": deadline.term,
        "unit": deadline.unit,
        "skipped": [{"day": s.day, "reason": s.reason} for s in deadline.skipped],
        "explanation": deadline.explanation,
        "is_overdue": deadline.is_overdue(today),
        "days_overdue": deadline.days_overdue(today),
    }
