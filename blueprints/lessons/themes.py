"""The controlled list of lesson themes: one list for the region, so a search finds every lesson."""

from __future__ import annotations

THEMES: dict[str, str] = {
    "veiligheid": "Veiligheid en risico-inschatting",
    "geweld": "Geweld en grensoverschrijdend gedrag",
    "medicatie": "Medicatie",
    "deskundigheid": "Deskundigheid en bezetting",
    "samenwerking": "Samenwerking en overdracht",
    "signalering": "Signaleren, meldcode en opschalen",
    "ondersteuningsplan": "Ondersteuningsplan en afspraken met de cliënt",
    "woonomgeving": "Woon- en verblijfsomgeving",
    "incidenten": "Incidenten melden, leren en verbeteren",
    "communicatie": "Communicatie met cliënt en naasten",
    "overig": "Overig",
}

#: What the lesson came from (never which record: that would lead back to a client).
SOURCE_KINDS: dict[str, str] = {
    "calamiteit": "Calamiteit",
    "geweld": "Geweld",
    "signaal": "Signaal",
    "onderzoek": "Onderzoek",
}


def theme_label(key: str) -> str:
    return THEMES.get(key, key)


def source_label(key: str) -> str:
    return SOURCE_KINDS.get(key, key)
