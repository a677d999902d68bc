"""The kinds of measure a college can take after the toezichthouder's advice, as data.

The Wmo gives the toezichthouder no sanction power: every kind here is a decision of the college
(or of whoever holds its mandate). A kind says which financing form it presupposes (a contract
measure needs a contract with the provider), whether it is a herstelsanctie that needs a
begunstigingstermijn (Awb 5:32a), and whether it needs a prior investigation finding: the
dwangsom for refused cooperation (Awb 5:20) enforces the duty to cooperate with the
toezichthouder itself, so it needs none. The childcare "aanwijzing" and "bestuurlijke boete" do
not exist under the Wmo and are deliberately absent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class MeasureKind(enum.StrEnum):
    CONTRACT_CLIENT_STOP = "contract_client_stop"
    CONTRACT_TERMINATION = "contract_termination"
    SUBSIDY_WITHDRAWAL = "subsidy_withdrawal"
    PGB_REVOCATION = "pgb_revocation"
    PENALTY_ORDER = "last_onder_dwangsom"
    ADMINISTRATIVE_ORDER = "last_onder_bestuursdwang"
    COOPERATION_PENALTY = "dwangsom_medewerking"

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self]

    @property
    def label(self) -> str:
        return KIND_SPECS[self].label


@dataclass(frozen=True)
class KindSpec:
    label: str
    #: The legal basis a besluit of this kind usually rests on (prefilled, the college may refine).
    default_legal_basis: str
    #: Financing form (providers.FinancingForm value) the provider must have with the gemeente;
    #: None when the measure does not rest on a contract, subsidy or pgb.
    financing_form: str | None
    #: A herstelsanctie: the besluit sets a term for recovery (begunstigingstermijn, Awb 5:32a).
    needs_recovery_term: bool
    #: A dwangsom: the besluit names the amount and the maximum (Awb 5:32b).
    is_penalty: bool
    #: Needs a finding of the investigation (a norm not complied with) to rest on.
    needs_finding: bool = True


KIND_SPECS: dict[MeasureKind, KindSpec] = {
    MeasureKind.CONTRACT_CLIENT_STOP: KindSpec(
        "Cliëntenstop (contractmaatregel)", "Overeenkomst en verordening maatschappelijke ondersteuning",
        "contract", needs_recovery_term=True, is_penalty=False,
    ),
    MeasureKind.CONTRACT_TERMINATION: KindSpec(
        "Opzegging of ontbinding van het contract", "Overeenkomst en verordening maatschappelijke ondersteuning",
        "contract", needs_recovery_term=False, is_penalty=False,
    ),
    MeasureKind.SUBSIDY_WITHDRAWAL: KindSpec(
        "Intrekking of wijziging van de subsidieverlening", "Artikel 4:48 Awb",
        "subsidie", needs_recovery_term=False, is_penalty=False,
    ),
    MeasureKind.PGB_REVOCATION: KindSpec(
        "Herziening of intrekking van het pgb", "Artikel 2.3.10 Wmo 2015",
        "pgb", needs_recovery_term=False, is_penalty=False,
    ),
    MeasureKind.PENALTY_ORDER: KindSpec(
        "Last onder dwangsom", "Artikel 125 Gemeentewet en artikel 5:32 Awb",
        None, needs_recovery_term=True, is_penalty=True,
    ),
    MeasureKind.ADMINISTRATIVE_ORDER: KindSpec(
        "Last onder bestuursdwang", "Artikel 125 Gemeentewet en artikel 5:21 Awb",
        None, needs_recovery_term=True, is_penalty=False,
    ),
    MeasureKind.COOPERATION_PENALTY: KindSpec(
        "Last onder dwangsom wegens weigering medewerking aan het toezicht",
        "Artikel 5:20 Awb en artikel 6.1 Wmo 2015",
        None, needs_recovery_term=True, is_penalty=True, needs_finding=False,
    ),
}

#: The ladder used until the gemeente adopts an enforcement policy (setting
#: enforcement.measure_ladder): from the lightest contract measure up to the Awb sanctions.
DEFAULT_LADDER: list[str] = [k.value for k in MeasureKind]


def kind_label(value: str) -> str:
    """The Dutch label of a kind code; an unknown code (an old ladder) shows as itself."""
    try:
        return MeasureKind(value).label
    except ValueError:
        return value
