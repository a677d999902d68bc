"""The hook other slices use to show, on a melding's page, what follows from the melding.

The investigations slice imports meldingen (an investigation links the meldingen it follows),
so meldingen cannot import it back. Such a slice registers a loader at import time; the page
calls it with the melding, inside the request's tenant scope and after the page's own access
check, and shows what it returns: the records that follow the melding (an investigation's
reference, with a link) and the steps the user may take from here (open an investigation).
The loader decides what this user may see and do; returning None leaves its section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from blueprints.meldingen.models import Melding


@dataclass(frozen=True)
class FollowUpRecord:
    label: str
    url: str | None = None
    note: str = ""


@dataclass(frozen=True)
class FollowUpAction:
    label: str
    url: str


@dataclass(frozen=True)
class FollowUps:
    """One section on the melding's page (e.g. "Onderzoeken")."""

    title: str
    records: list[FollowUpRecord] = field(default_factory=list)
    actions: list[FollowUpAction] = field(default_factory=list)
    empty: str = ""


Loader = Callable[[Melding], FollowUps | None]

_loaders: dict[str, tuple[int, Loader]] = {}


def register_follow_up(key: str, loader: Loader, order: int = 100) -> None:
    """Add (or replace, by key) a section on the melding page."""
    _loaders[key] = (order, loader)


def follow_ups_for(melding: Melding) -> list[FollowUps]:
    sections = []
    for _, (_, loader) in sorted(_loaders.items(), key=lambda item: (item[1][0], item[0])):
        section = loader(melding)
        if section is not None:
            sections.append(section)
    return sections
