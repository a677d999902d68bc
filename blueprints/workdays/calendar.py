"""Working days and deadlines under the Algemene termijnenwet (Atw).

A werkdag is not a Saturday or Sunday, nor a legal holiday of art. 3 (holidays.py), nor a day a
royal decree equates with one (DecreedDay, read from the database once per app context).
Counting working days starts the day after the start (received Thursday 30 April 2026 + 3
working days = Wednesday 6 May 2026); a term in weeks that ends on a non-working day moves to the
next working day (art. 1 Atw). Every Deadline lists the days it skipped and explains them in
Dutch. "Overdue" is computed when read (`Deadline.is_overdue(today)`), never stored by a job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from flask import g, has_app_context
from sqlalchemy import select

from blueprints.workdays.dates import format_day
from blueprints.workdays.holidays import legal_holidays
from blueprints.workdays.models import DecreedDay
from regiotoezicht.extensions import db
from tenants.entitlements import today

__all__ = [
    "Deadline", "SkippedDay", "WorkingDayCalendar", "add_weeks", "add_working_days",
    "current_calendar", "forget_decreed_days", "is_working_day", "non_working_reason", "today",
]

WEEKDAY_REASONS = {5: "zaterdag", 6: "zondag"}


@dataclass(frozen=True)
class SkippedDay:
    """A day a deadline did not count, and why (in Dutch: "zaterdag", "Koningsdag", ...)."""

    day: date
    reason: str

    def __str__(self) -> str:
        return f"{format_day(self.day)} ({self.reason})"


@dataclass(frozen=True)
class Deadline:
    """A computed due date: from `start_on`, `term` working days or weeks, to `due_on`.

    `skipped` holds the non-working days the computation passed over, in date order.
    """

    start_on: date
    due_on: date
    term: int
    unit: Literal["werkdagen", "weken"]
    skipped: tuple[SkippedDay, ...] = field(default=())

    def is_overdue(self, today: date) -> bool:
        """Whether the term has passed: the whole due day still counts as in time."""
        return today > self.due_on

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due_on).days)

    @property
    def term_label(self) -> str:
        if self.unit == "werkdagen":
            return f"{self.term} werkdag" if self.term == 1 else f"{self.term} werkdagen"
        return f"{self.term} week" if self.term == 1 else f"{self.term} weken"

    @property
    def explanation(self) -> str:
        """Dutch text: the term, where it started, and which days it skipped (and why)."""
        if self.unit == "werkdagen":
            text = (
                f"Termijn van {self.term_label}, geteld vanaf de dag na {format_day(self.start_on)}: "
                f"uiterlijk {format_day(self.due_on)}."
            )
        else:
            text = (
                f"Termijn van {self.term_label} vanaf {format_day(self.start_on)}: "
                f"uiterlijk {format_day(self.due_on)}."
            )
        if not self.skipped:
            return text + " Er zijn geen dagen overgeslagen."
        if self.unit == "weken":
            return (
                text + " De termijn eindigde op een dag die geen werkdag is en is verlengd tot de "
                "eerstvolgende werkdag (art. 1 Algemene termijnenwet). Overgeslagen: "
                + ", ".join(str(s) for s in self.skipped) + "."
            )
        return text + " Niet meegeteld: " + ", ".join(str(s) for s in self.skipped) + "."


class WorkingDayCalendar:
    """The Atw calendar with a given set of decreed days ({day: description})."""

    def __init__(self, decreed: Mapping[date, str] | None = None) -> None:
        self.decreed: dict[date, str] = dict(decreed or {})

    def non_working_reason(self, day: date) -> str | None:
        """Why `day` is not a working day (Dutch), or None when it is one."""
        # A holiday's name says more than its weekday (Koningsdag on a Saturday).
        holiday = legal_holidays(day.year).get(day)
        if holiday is not None:
            return holiday
        if day in self.decreed:
            return self.decreed[day]
        return WEEKDAY_REASONS.get(day.weekday())

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: date, days: int) -> Deadline:
        """`days` working days after `start`; counting starts the day after `start`."""
        if days < 0:
            raise ValueError("a term cannot be negative")
        skipped: list[SkippedDay] = []
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            reason = self.non_working_reason(day)
            if reason is None:
                counted += 1
            else:
                skipped.append(SkippedDay(day, reason))
        return Deadline(start, day, days, "werkdagen", tuple(skipped))

    def add_weeks(self, start: date, weeks: int) -> Deadline:
        """`weeks` weeks after `start`; a non-working end day moves to the next working day."""
        if weeks < 0:
            raise ValueError("a term cannot be negative")
        day = start + timedelta(weeks=weeks)
        skipped: list[SkippedDay] = []
        while (reason := self.non_working_reason(day)) is not None:
            skipped.append(SkippedDay(day, reason))
            day += timedelta(days=1)
        return Deadline(start, day, weeks, "weken", tuple(skipped))

    def non_working_days(self, year: int) -> list[SkippedDay]:
        """The legal holidays and decreed days of `year` (not the weekends), in date order."""
        days = dict(legal_holidays(year))
        for day, description in self.decreed.items():
            if day.year == year:
                days[day] = f"{days[day]}; {description}" if day in days else description
        return [SkippedDay(d, r) for d, r in sorted(days.items())]


def _load_decreed() -> dict[date, str]:
    rows = db.session.execute(select(DecreedDay.day, DecreedDay.description)).all()
    return {row.day: row.description for row in rows}


def current_calendar() -> WorkingDayCalendar:
    """The calendar with the decreed days from the database, read once per app context."""
    if not has_app_context():
        raise RuntimeError("the working-day calendar reads decreed days: it needs an app context")
    calendar: WorkingDayCalendar | None = g.get("_workday_calendar")
    if calendar is None:
        calendar = WorkingDayCalendar(_load_decreed())
        g._workday_calendar = calendar
    return calendar


def forget_decreed_days() -> None:
    """Drop the cached calendar after decreed days changed (the services call it)."""
    if has_app_context():
        g.pop("_workday_calendar", None)


def non_working_reason(day: date) -> str | None:
    return current_calendar().non_working_reason(day)


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def add_working_days(start: date, days: int) -> Deadline:
    """`days` working days after `start` (counting starts the day after), decreed days included."""
    return current_calendar().add_working_days(start, days)


def add_weeks(start: date, weeks: int) -> Deadline:
    """`weeks` weeks after `start`, moved to the next working day when it ends on a day off."""
    return current_calendar().add_weeks(start, weeks)
