"""Dates written out in Dutch ("woensdag 6 mei 2026"), independent of the server's locale."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def format_date(day: date) -> str:
    """"6 mei 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_day(day: date) -> str:
    """"woensdag 6 mei 2026"."""
    return f"{WEEKDAYS[day.weekday()]} {format_date(day)}"
