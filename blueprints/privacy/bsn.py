"""Recognising a burgerservicenummer (BSN) in free text, so forms can keep it out.

A BSN is nine digits that pass the elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11.
People write it with dots or spaces ("123.456.782", "1234 56 782"), so one separator between
digits is allowed. A longer run of digits (a phone or IBAN number) is not a BSN.
"""

from __future__ import annotations

import re

#: Nine digits with at most one space, dot or hyphen between two of them, not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d.\-])\d(?:[ .\-]?\d){8}(?![\d]|[ .\-]\d)")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    """Whether nine digits pass the elfproef (all zeros does not count)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


def find_bsns(text: str | None) -> list[str]:
    """The BSN-like numbers in `text`, as written (for pointing at them, never for storing)."""
    if not text:
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if passes_elfproef(digits):
            found.append(match.group(0))
    return found


def contains_bsn(text: str | None) -> bool:
    """True when `text` holds a number that is a valid BSN: forms refuse it in free text."""
    return bool(find_bsns(text))
