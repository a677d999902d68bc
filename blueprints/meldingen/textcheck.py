"""Free-text checks every service applies: trimmed, within its length, and no BSN in it."""

from __future__ import annotations

from typing import Any

from blueprints.meldingen.errors import FieldErrors
from blueprints.privacy.bsn import contains_bsn

BSN_MESSAGE = (
    "Dit lijkt een burgerservicenummer (BSN). Een BSN hoort niet in een vrij tekstveld: laat het weg."
)


def check_text(errors: FieldErrors, field: str, value: Any, limit: int | None = None) -> str:
    """The trimmed text; adds a message when it is too long or holds a valid BSN (elfproef)."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors.add(field, "Geen geldige tekst.")
    if limit is not None and len(text) > limit:
        errors.add(field, f"Hoogstens {limit} tekens.")
    if contains_bsn(text):
        errors.add(field, BSN_MESSAGE)
    return text
