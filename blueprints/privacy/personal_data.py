"""Spotting what is plainly personal data in a text meant to be shared without it.

It finds what a pattern can find: a BSN, an e-mail address, a phone number, a postcode with
house number or a full date (a birth or incident date narrows a client down). Names cannot be
found this way; the form asks the inspector to leave them out.
"""

from __future__ import annotations

import re

from blueprints.privacy.bsn import contains_bsn

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})\b",
    re.IGNORECASE,
)

KINDS = {
    "bsn": "een burgerservicenummer",
    "email": "een e-mailadres",
    "phone": "een telefoonnummer",
    "postcode": "een postcode",
    "date": "een volledige datum",
}


def personal_data_kinds(text: str | None) -> list[str]:
    """The kinds of personal data found in `text` (keys of KINDS), in a fixed order."""
    if not text:
        return []
    found = []
    if contains_bsn(text):
        found.append("bsn")
    for key, pattern in (("email", _EMAIL), ("phone", _PHONE), ("postcode", _POSTCODE), ("date", _DATE)):
        if pattern.search(text):
            found.append(key)
    return found


def describe_kinds(kinds: list[str]) -> str:
    """'een e-mailadres en een telefoonnummer' for a message."""
    labels = [KINDS[k] for k in kinds]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]
