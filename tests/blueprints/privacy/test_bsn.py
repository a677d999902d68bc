"""The BSN check: nine digits passing the elfproef, also written with dots or spaces."""

from __future__ import annotations

import pytest

from blueprints.privacy.bsn import contains_bsn, find_bsns, passes_elfproef


@pytest.mark.parametrize(
    "text",
    [
        "123456782",
        "BSN 111222333 van de cliënt",
        "123.456.782",
        "1234 56 782",
        "123-456-782",
        "regel één\n999999990\nregel drie",
    ],
)
def test_a_valid_bsn_is_found(text: str) -> None:
    assert contains_bsn(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "123456789",  # nine digits that fail the elfproef
        "000000000",
        "bel 0612345678",  # ten digits: a phone number
        "tel 06-12345678",
        "NL91ABNA0417164300",
        "kvk 12345678",
        "op 12-03-2025 om 14.30 uur",
        "1234567823",  # a valid BSN followed by a digit is part of a longer number
    ],
)
def test_other_numbers_are_not_a_bsn(text: str | None) -> None:
    assert not contains_bsn(text)


def test_the_elfproef_itself() -> None:
    assert passes_elfproef("111222333")
    assert not passes_elfproef("111222334")
    assert not passes_elfproef("12345678")
    assert find_bsns("a 123.456.782 en 111222333") == ["123.456.782", "111222333"]
