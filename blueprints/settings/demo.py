"""Demo values for some gemeenten, so the pages show origins and history (idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from blueprints.settings.models import GemeenteSetting
from blueprints.settings.services import change_setting
from regiotoezicht.extensions import db
from tenants.models import Gemeente

#: (CBS code, key, value, valid_from, note)
DEMO_SETTINGS: tuple[tuple[str, str, Any, date, str], ...] = (
    ("GM0518", "meldingen.triage_term_working_days", 2, date(2026, 1, 1),
     "Afspraak met de GGD in het werkplan 2026."),
    ("GM0637", "meldingen.copy_kinds", ["calamiteit"], date(2026, 1, 1),
     "Alleen calamiteiten: geweld volgt de gewone route."),
    ("GM0503", "meldingen.local_categories", ["Beschermd wonen", "Huishoudelijke hulp"], date(2026, 3, 1),
     "Indeling van het team Wmo-kwaliteit."),
    ("GM0503", "reports.response_term_weeks", 3, date(2026, 7, 1),
     "Verordening maatschappelijke ondersteuning, wijziging 2026."),
)


def seed_demo_settings() -> int:
    """Add the demo values that are missing; the caller sets a tenant context covering them."""
    added = 0
    for code, key, value, valid_from, note in DEMO_SETTINGS:
        gemeente = db.session.execute(select(Gemeente).where(Gemeente.code == code)).scalar_one()
        exists = db.session.execute(
            select(GemeenteSetting.id).where(
                GemeenteSetting.gemeente_id == gemeente.id,
                GemeenteSetting.key == key,
                GemeenteSetting.valid_from == valid_from,
            )
        ).first()
        if not exists:
            change_setting(gemeente.id, key, value, valid_from, note=note, allow_past=True)
            added += 1
    return added
