"""URL slugs of gemeenten: ASCII, lower case, apostrophes dropped, anything else becomes '-'."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’‘`´"


def slugify(name: str) -> str:
    """`'s-Gravenhage` → `s-gravenhage`, `Rijswijk (ZH.)` → `rijswijk-zh`, `Súdwest-Fryslân` →
    `sudwest-fryslan`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    for mark in _APOSTROPHES:
        ascii_name = ascii_name.replace(mark, "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
