"""The reference list of service types (voorzieningen), loaded by a data migration.

Codes are stable (APIs and imports use them); labels are what people read. New kinds are added
at the end of the list by a new migration, never renumbered.
"""

from __future__ import annotations

SERVICE_TYPES: tuple[tuple[str, str], ...] = (
    ("huishoudelijke_hulp", "Huishoudelijke hulp"),
    ("begeleiding_individueel", "Begeleiding individueel"),
    ("begeleiding_groep", "Begeleiding groep / dagbesteding"),
    ("persoonlijke_verzorging", "Persoonlijke verzorging (Wmo)"),
    ("kortdurend_verblijf", "Kortdurend verblijf (respijtzorg)"),
    ("beschermd_wonen", "Beschermd wonen"),
    ("beschermd_thuis", "Beschermd thuis"),
    ("maatschappelijke_opvang", "Maatschappelijke opvang"),
    ("vrouwenopvang", "Vrouwenopvang"),
    ("hulpmiddelen", "Hulpmiddelen (rolstoelen, scootmobielen)"),
    ("woningaanpassingen", "Woningaanpassingen"),
    ("vervoer", "Vervoer (Wmo-vervoer)"),
    ("mantelzorgondersteuning", "Mantelzorgondersteuning"),
    ("clientondersteuning", "Onafhankelijke cliëntondersteuning"),
)


def service_type_rows() -> list[dict[str, object]]:
    """The rows as the migration inserts them, in list order."""
    return [
        {"code": code, "label": label, "sort_order": index * 10}
        for index, (code, label) in enumerate(SERVICE_TYPES, start=1)
    ]
