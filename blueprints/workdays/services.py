"""Writes of decreed days: validate, change, flush, audit. The request commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.workdays.calendar import forget_decreed_days
from blueprints.workdays.dates import format_date
from blueprints.workdays.holidays import legal_holidays
from blueprints.workdays.models import DecreedDay
from regiotoezicht import audit
from regiotoezicht.extensions import db

#: The years a decree can reasonably concern; outside them a typo is likelier than a decree.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class DecreedDayError(ValueError):
    """Invalid input, with Dutch messages per field (field name → message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def add_decreed_day(
    day: date, description: str, decree_reference: str, *, created_by_id: int | None = None
) -> DecreedDay:
    """Record a day a royal decree equates with a legal holiday (one row per day)."""
    description, decree_reference = description.strip(), decree_reference.strip()
    errors: dict[str, str] = {}
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        errors["day"] = f"Kies een datum tussen {EARLIEST_YEAR} en {LATEST_YEAR}."
    elif day.weekday() >= 5:
        errors["day"] = f"{format_date(day)} valt in het weekend en is al geen werkdag."
    elif day in legal_holidays(day.year):
        errors["day"] = f"{format_date(day)} is al een feestdag: {legal_holidays(day.year)[day]}."
    elif db.session.execute(select(DecreedDay.id).where(DecreedDay.day == day)).first():
        errors["day"] = f"{format_date(day)} staat al in de lijst."
    if not description:
        errors["description"] = "Geef een omschrijving, bijv. 'vrijdag na Hemelvaartsdag'."
    elif len(description) > 200:
        errors["description"] = "Hoogstens 200 tekens."
    if not decree_reference:
        errors["decree_reference"] = "Noem het besluit (titel of Staatscourant-nummer)."
    elif len(decree_reference) > 300:
        errors["decree_reference"] = "Hoogstens 300 tekens."
    if errors:
        raise DecreedDayError(errors)
    row = DecreedDay(
        day=day, description=description, decree_reference=decree_reference,
        created_by_id=created_by_id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("decreed_day.added", row, detail={"day": day.isoformat()})
    forget_decreed_days()
    return row


def remove_decreed_day(row: DecreedDay) -> None:
    audit.record("decreed_day.removed", row, detail={"day": row.day.isoformat()})
    db.session.delete(row)
    db.session.flush()
    forget_decreed_days()
