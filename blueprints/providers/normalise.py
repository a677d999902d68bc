"""Normalising what people type: KvK numbers, postcodes, and a name key for duplicate detection."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_KVK = re.compile(r"^\d{8}$")
_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")
#: Legal forms and filler words that do not tell two providers apart.
_NOISE = {
    "bv", "b v", "nv", "vof", "cv", "stichting", "stg", "vereniging", "cooperatie", "ua",
    "holding", "de", "het", "en", "the",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")

KVK_MESSAGE = "Een KvK-nummer bestaat uit precies 8 cijfers."
POSTCODE_MESSAGE = "Vul een postcode in als 1234 AB."


def normalise_kvk(value: str | None) -> str | None:
    """Eight digits, or None for an empty value; spaces and dots people type are dropped.

    Raises ValueError with a Dutch message when what remains is not eight digits.
    """
    if value is None:
        return None
    digits = re.sub(r"[\s.]", "", value)
    if not digits:
        return None
    if not _KVK.match(digits):
        raise ValueError(KVK_MESSAGE)
    return digits


def normalise_postcode(value: str | None) -> str:
    """"1234 AB" (upper case, one space), or "" for an empty value; ValueError otherwise."""
    text = (value or "").strip()
    if not text:
        return ""
    match = _POSTCODE.match(text)
    if not match:
        raise ValueError(POSTCODE_MESSAGE)
    return f"{match.group(1)} {match.group(2).upper()}"


def name_key(name: str) -> str:
    """A provider name reduced to what identifies it: no accents, case, punctuation or legal form.

    "Stichting Zorg & Welzijn B.V." and "zorg en welzijn bv" give the same key.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ascii_name = ascii_name.replace("&", " en ")
    # "B.V." → "bv" before splitting, so dotted legal forms disappear as one word.
    ascii_name = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", ascii_name).replace(".", "")
    words = [w for w in _NON_WORD.split(ascii_name) if w and w not in _NOISE]
    return " ".join(words)


def names_look_alike(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether two names are near-identical: the same key, or keys that differ by a typo."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    return SequenceMatcher(None, key_a, key_b).ratio() >= threshold
