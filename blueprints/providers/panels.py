"""The hook other slices use to show their records on a provider's page inside a gemeente.

A slice that stores provider ids (meldingen, investigations, reports …) registers a panel at
import time: a title, a template, and a function that loads what the template needs. The page
calls each loader with every id the provider stands for (its merged records too) and the active
gemeente, inside that gemeente's tenant context, and includes the template with the result.
Imports point one way: the other slice imports this module, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: (provider ids, gemeente id) -> the template's context, or None to leave the panel out.
PanelLoader = Callable[[frozenset[int], int], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    loader: PanelLoader
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def register_panel(key: str, title: str, template: str, loader: PanelLoader, order: int = 100) -> None:
    """Add (or replace, by key) a panel on the provider page of a gemeente."""
    _panels[key] = Panel(key, title, template, loader, order)


def panels_for(provider_ids: frozenset[int], gemeente_id: int) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.loader(provider_ids, gemeente_id)
        if context is not None:
            rendered.append(RenderedPanel(panel.key, panel.title, panel.template, context))
    return rendered
