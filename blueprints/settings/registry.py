"""The definitions of every setting: key, Dutch label and help, type, default and bounds.

A definition validates and normalises a value (`clean`) with Dutch messages; the services call
it before anything is stored, the API and the forms only parse. Add new keys at the end.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class SettingType(enum.StrEnum):
    INT = "int"
    BOOL = "bool"
    LIST = "list"  # a list of strings; with `choices`, each item must be one of them
    CHOICE = "choice"  # one of `choices`


class SettingValueError(ValueError):
    """A value a definition refuses; `message` is Dutch and fit for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SettingDefinition:
    key: str
    label: str
    help: str
    type: SettingType
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    #: Allowed values (CHOICE, LIST items) → Dutch label, in display order.
    choices: Mapping[str, str] = field(default_factory=dict)
    #: Shown after a number ("werkdagen", "weken").
    unit: str = ""
    #: LIST only: how many items at most, and how long each may be (free-text lists).
    max_items: int = 50
    max_item_length: int = 100
    #: LIST only: the order of the items means something (a ladder), so it is kept.
    ordered: bool = False

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    def clean(self, value: Any) -> Any:
        """The value as stored, or SettingValueError with a Dutch message."""
        if self.type is SettingType.INT:
            return self._clean_int(value)
        if self.type is SettingType.BOOL:
            if isinstance(value, bool):
                return value
            raise SettingValueError("Kies ja of nee.")
        if self.type is SettingType.CHOICE:
            if isinstance(value, str) and value in self.choices:
                return value
            raise SettingValueError("Kies een van de mogelijke waarden: " + ", ".join(self.choices.values()) + ".")
        return self._clean_list(value)

    def _clean_int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())
            else:
                raise SettingValueError("Vul een heel getal in.")
        if self.minimum is not None and value < self.minimum:
            raise SettingValueError(f"Het getal moet minstens {self.minimum} zijn.")
        if self.maximum is not None and value > self.maximum:
            raise SettingValueError(f"Het getal mag hoogstens {self.maximum} zijn.")
        return value

    def _clean_list(self, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise SettingValueError("Geef een lijst van teksten.")
        items = [v.strip() for v in value if v.strip()]
        folded = [v.casefold() for v in items]
        if len(set(folded)) != len(folded):
            raise SettingValueError("Elke waarde mag maar één keer voorkomen.")
        if self.choices:
            unknown = [v for v in items if v not in self.choices]
            if unknown:
                raise SettingValueError("Onbekende waarde(n): " + ", ".join(unknown) + ".")
            if not self.ordered:  # a set of choices: keep the registry's order
                items = [c for c in self.choices if c in items]
        else:
            if len(items) > self.max_items:
                raise SettingValueError(f"Hoogstens {self.max_items} waarden.")
            too_long = [v for v in items if len(v) > self.max_item_length]
            if too_long:
                raise SettingValueError(f"Een waarde mag hoogstens {self.max_item_length} tekens hebben.")
        if self.minimum is not None and len(items) < self.minimum:
            raise SettingValueError(f"Kies er minstens {self.minimum}.")
        return items

    def display(self, value: Any) -> str:
        """The value as a Dutch reader sees it ("3 werkdagen", "calamiteit, geweld", "ja")."""
        if self.type is SettingType.INT:
            return f"{value} {self.unit}".strip()
        if self.type is SettingType.BOOL:
            return "ja" if value else "nee"
        if self.type is SettingType.CHOICE:
            return self.choices.get(value, str(value))
        if not value:
            return "(geen)"
        labels = [self.choices.get(v, v) for v in value]
        return " → ".join(labels) if self.ordered else ", ".join(labels)


#: Melding kinds (blueprints.meldingen.models.MeldingKind values) and their Dutch names.
MELDING_KINDS = {"calamiteit": "Calamiteit", "geweld": "Geweld", "signaal": "Signaal"}
#: Investigation types (blueprints.investigations) and their Dutch names.
INVESTIGATION_TYPES = {
    "reactive": "Reactief onderzoek (na een melding)",
    "proactive": "Proactief onderzoek",
    "follow_up": "Vervolgonderzoek",
}
#: Measure kinds a college can take after a toezichthouder's advice (DOMAIN.md: contract,
#: subsidy and pgb measures, Awb sanctions), in the codes of blueprints.enforcement.kinds
#: (MeasureKind; a test keeps both equal, since enforcement imports settings and not the other
#: way round). No "aanwijzing" or "bestuurlijke boete": those belong to childcare law. The
#: improvement plan is no measure but the usual step before one (enforcement's own flow).
MEASURE_KINDS = {
    "contract_client_stop": "Cliëntenstop (contractmaatregel)",
    "contract_termination": "Opzegging of ontbinding van het contract",
    "subsidy_withdrawal": "Intrekking of wijziging van de subsidieverlening (Awb 4:48)",
    "pgb_revocation": "Herziening of intrekking van het pgb",
    "last_onder_dwangsom": "Last onder dwangsom",
    "last_onder_bestuursdwang": "Last onder bestuursdwang",
    "dwangsom_medewerking": "Last onder dwangsom wegens weigering medewerking (Awb 5:20)",
}

_DEFINITIONS = (
    SettingDefinition(
        "meldingen.triage_term_working_days", "Termijn voor triage",
        "Binnen hoeveel werkdagen na ontvangst de toezichthouder een melding beoordeelt.",
        SettingType.INT, 3, minimum=1, maximum=30, unit="werkdagen",
    ),
    SettingDefinition(
        "meldingen.acknowledgement_term_working_days", "Termijn voor de ontvangstbevestiging",
        "Binnen hoeveel werkdagen de melder een ontvangstbevestiging krijgt.",
        SettingType.INT, 3, minimum=0, maximum=10, unit="werkdagen",
    ),
    SettingDefinition(
        "meldingen.provider_investigation_term_weeks", "Termijn voor het onderzoek van de aanbieder",
        "Binnen hoeveel weken de aanbieder het rapport van zijn eigen calamiteitenonderzoek stuurt.",
        SettingType.INT, 8, minimum=1, maximum=26, unit="weken",
    ),
    SettingDefinition(
        "meldingen.local_categories", "Eigen categorieën voor meldingen",
        "Extra categorieën die deze gemeente gebruikt om meldingen in te delen, naast de landelijke soorten.",
        SettingType.LIST, [], max_items=30, max_item_length=80,
    ),
    SettingDefinition(
        "meldingen.copy_kinds", "Kopie van meldingen naar de gemeente",
        "Van welke soorten meldingen de contactpersonen van de gemeente direct een kopie krijgen.",
        SettingType.LIST, ["calamiteit", "geweld"], choices=MELDING_KINDS,
    ),
    SettingDefinition(
        "reports.response_term_weeks", "Termijn voor hoor en wederhoor",
        "Hoeveel weken de aanbieder heeft om op het conceptrapport te reageren.",
        SettingType.INT, 2, minimum=1, maximum=12, unit="weken",
    ),
    SettingDefinition(
        "reports.published_investigation_types", "Openbaar te maken rapporten",
        "Van welke soorten onderzoek de gemeente de definitieve rapporten openbaar maakt.",
        SettingType.LIST, ["reactive", "proactive", "follow_up"], choices=INVESTIGATION_TYPES,
    ),
    SettingDefinition(
        "reports.publication_delay_weeks", "Wachttijd voor openbaarmaking",
        "Hoeveel weken na het besluit tot openbaarmaking het rapport openbaar wordt "
        "(ruimte voor een voorlopige voorziening).",
        SettingType.INT, 2, minimum=0, maximum=12, unit="weken",
    ),
    SettingDefinition(
        "enforcement.measure_ladder", "Handhavingsladder",
        "De maatregelen die het college kan nemen, van licht naar zwaar. De toezichthouder "
        "adviseert langs deze ladder; het college besluit.",
        SettingType.LIST, list(MEASURE_KINDS), choices=MEASURE_KINDS, ordered=True, minimum=1,
    ),
    SettingDefinition(
        "enforcement.improvement_plan_term_weeks", "Termijn voor een verbeterplan",
        "Binnen hoeveel weken de aanbieder een gevraagd verbeterplan indient.",
        SettingType.INT, 6, minimum=1, maximum=26, unit="weken",
    ),
    SettingDefinition(
        "enforcement.zienswijze_term_weeks", "Termijn voor een zienswijze",
        "Hoeveel weken de aanbieder heeft voor een zienswijze op een voorgenomen besluit (Awb 4:8).",
        SettingType.INT, 2, minimum=1, maximum=12, unit="weken",
    ),
)

SETTINGS: dict[str, SettingDefinition] = {d.key: d for d in _DEFINITIONS}

GROUP_LABELS = {"meldingen": "Meldingen", "reports": "Rapporten", "enforcement": "Handhaving"}


def definition(key: str) -> SettingDefinition:
    """The definition of `key`; KeyError for a key nobody registered."""
    return SETTINGS[key]
