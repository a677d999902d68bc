"""What a shared text must not contain: BSN, e-mail address, phone number, postcode, full date."""

from __future__ import annotations

import pytest

from blueprints.privacy.personal_data import describe_kinds, personal_data_kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("BSN 111222333", ["bsn"]),
        ("mail j.jansen@zorg.nl", ["email"]),
        ("bel 06-12345678 of +31 15 212 3456", ["phone"]),
        ("woont op 2611 AB", ["postcode"]),
        ("op 12-03-2026 gevallen", ["date"]),
        ("op 2026-03-12 gevallen", ["date"]),
        ("op 3 maart 2026 gevallen", ["date"]),
        ("BSN 123.456.782, mail a@b.nl", ["bsn", "email"]),
    ],
)
def test_personal_data_is_found(text: str, kinds: list[str]) -> None:
    assert personal_data_kinds(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Leg bij elke overdracht vast wie het medicatieoverzicht controleert.",
        "In maart 2026 bleek de nachtdienst onderbezet.",  # a month is not a date
        "Drie van de 12 medewerkers hadden geen VOG.",
        "Artikel 3.4 Wmo 2015 en 6 weken onderzoek.",
        None,
    ],
)
def test_ordinary_lesson_text_passes(text: str | None) -> None:
    assert personal_data_kinds(text) == []


def test_kinds_read_as_dutch() -> None:
    assert describe_kinds(["email", "phone", "date"]) == "een e-mailadres, een telefoonnummer en een volledige datum"
