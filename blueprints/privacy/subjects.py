"""Which kinds of records hold client data and can be opened by emergency access.

The slices that own such records (meldingen, later investigations) register their kind at import,
so privacy depends on none of them: `register_subject_type("melding", "melding", describe, url)`.
`describe(subject_id)` loads the record inside the current tenant scope and returns a short,
non-personal title (its reference), or None when it does not exist there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectType:
    name: str
    label: str
    describe: Callable[[int], str | None]
    url: Callable[[int], str]


_registry: dict[str, SubjectType] = {}


def register_subject_type(
    name: str, label: str, describe: Callable[[int], str | None], url: Callable[[int], str]
) -> None:
    """Register (or replace) a kind of record that emergency access can open."""
    _registry[name] = SubjectType(name, label, describe, url)


def subject_type(name: str) -> SubjectType | None:
    return _registry.get(name)


def subject_label(name: str) -> str:
    registered = _registry.get(name)
    return registered.label if registered else name
