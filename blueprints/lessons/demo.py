"""Demo lessons for the demo region (idempotent): what inspectors shared after calamiteiten."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.lessons.models import Lesson
from blueprints.lessons.services import share_lesson
from blueprints.providers.models import ServiceType
from regiotoezicht.extensions import db
from tenants.models import Region

DEMO_REGION = "GG7014"

#: (service type code, theme, source, month, text)
DEMO_LESSONS = [
    ("beschermd_wonen", "medicatie", "calamiteit", date(2026, 3, 1),
     "Bij een wisseling van apotheek ontbrak een actueel medicatieoverzicht. Leg bij elke overdracht vast "
     "wie het overzicht controleert en laat de nachtdienst het aftekenen."),
    ("beschermd_wonen", "geweld", "geweld", date(2026, 5, 1),
     "Spanningen tussen twee bewoners waren wekenlang bekend maar stonden niet in het "
     "ondersteuningsplan. Bespreek signalen van dreiging in het teamoverleg en maak een veiligheidsplan."),
    ("maatschappelijke_opvang", "samenwerking", "calamiteit", date(2026, 6, 1),
     "Een cliënt verliet de opvang zonder dat de ambulante begeleiding het wist. Spreek af wie binnen een "
     "werkdag contact opneemt met betrokken hulpverleners bij vertrek."),
    ("huishoudelijke_hulp", "signalering", "calamiteit", date(2026, 8, 1),
     "De hulp zag dat een cliënt sterk vermagerde maar wist niet bij wie zij dat kon melden. Geef "
     "huishoudelijke hulpen een vast meldpunt voor zorgen over de gezondheid van een cliënt."),
    ("begeleiding_groep", "veiligheid", "calamiteit", date(2026, 9, 1),
     "Een deelnemer met slikproblemen kreeg een verkeerde maaltijd. Zet dieetwensen zichtbaar op de "
     "deelnemerslijst en controleer ze bij invallers."),
]


def seed_demo_lessons() -> int:
    """Add the demo lessons that are missing (matched on their text)."""
    region = db.session.execute(select(Region).where(Region.code == DEMO_REGION)).scalar_one_or_none()
    if region is None:
        return 0
    codes = {t.code: t.id for t in db.session.execute(select(ServiceType)).scalars()}
    added = 0
    for code, theme, source, month, text in DEMO_LESSONS:
        exists = db.session.execute(
            select(Lesson.id).where(Lesson.region_id == region.id, Lesson.text == text)
        ).first()
        if exists:
            continue
        share_lesson(region.id, codes.get(code), theme, text, source_kind=source, learned_on=month)
        added += 1
    return added
