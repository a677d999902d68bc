"""Reads of decreed days for the /regio/werkdagen page."""

from __future__ import annotations

from flask import abort
from sqlalchemy import extract, select

from blueprints.workdays.models import DecreedDay
from regiotoezicht import audit
from regiotoezicht.extensions import db


def decreed_days_in(year: int) -> list[DecreedDay]:
    return list(
        db.session.execute(
            select(DecreedDay).where(extract("year", DecreedDay.day) == year).order_by(DecreedDay.day)
        ).scalars()
    )


def years_with_decreed_days() -> list[int]:
    days = db.session.execute(select(DecreedDay.day)).scalars()
    return sorted({d.year for d in days})


def get_decreed_day_or_404(day_id: int) -> DecreedDay:
    row = db.session.get(DecreedDay, day_id)
    if row is None:
        audit.record_outside_transaction("access.not_found", object_type="DecreedDay", object_id=day_id)
        abort(404)
    return row
