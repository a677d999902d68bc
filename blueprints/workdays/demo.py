"""The decreed days of the decree for 2026–2028, for the demo and a fresh installation (idempotent)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.workdays.models import DecreedDay
from blueprints.workdays.services import add_decreed_day
from regiotoezicht.extensions import db

#: Besluit gelijkstelling (art. 3 lid 3 Atw) for 2026–2028, by its title. Check it against the
#: Staatscourant before production use; the next decree (2029–2031) must be added by an admin.
DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
    "26 mei 2028 met een algemeen erkende feestdag"
)
KNOWN_DECREED_DAYS: tuple[tuple[date, str, str], ...] = (
    (date(2026, 1, 2), "vrijdag na Nieuwjaarsdag", DECREE_2026_2028),
    (date(2026, 5, 15), "vrijdag na Hemelvaartsdag", DECREE_2026_2028),
    (date(2027, 5, 7), "vrijdag na Hemelvaartsdag", DECREE_2026_2028),
    (date(2028, 4, 28), "vrijdag na Koningsdag", DECREE_2026_2028),
    (date(2028, 5, 26), "vrijdag na Hemelvaartsdag", DECREE_2026_2028),
)


def seed_decreed_days() -> int:
    """Add the known decreed days that are missing; returns how many were added."""
    present = set(db.session.execute(select(DecreedDay.day)).scalars())
    added = 0
    for day, description, reference in KNOWN_DECREED_DAYS:
        if day not in present:
            add_decreed_day(day, description, reference)
            added += 1
    return added

