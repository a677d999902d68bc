"""effective_setting(): the typed value of a setting in force for a gemeente on a date.

Sources are asked in order and the first answer wins; the registry default comes last. Today
the only source is the gemeente's own values (GemeenteSetting, with their valid_from history);
the policy-template issue registers adopted policies ahead of it with `register_source(...,
first=True)`, without touching the callers. Past dates get what was in force then.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import g, has_app_context
from sqlalchemy import select

from blueprints.settings.models import GemeenteSetting
from blueprints.settings.registry import SETTINGS, SettingDefinition, definition
from blueprints.workdays.dates import format_date
from regiotoezicht.context import TenantViolation, current_tenant_context
from regiotoezicht.extensions import db

ORIGIN_DEFAULT = "standaard"
ORIGIN_GEMEENTE = "gemeente"


@dataclass(frozen=True)
class EffectiveValue:
    """A value with where it came from, for the pages ("gemeente sinds 1 januari 2026")."""

    key: str
    value: Any
    origin: str  # ORIGIN_DEFAULT, ORIGIN_GEMEENTE (later: an adopted policy)
    valid_from: date | None = None
    #: What a source names as its basis (a policy's title); empty for defaults.
    reference: str = ""

    @property
    def origin_label(self) -> str:
        if self.origin == ORIGIN_DEFAULT:
            if self.valid_from is None:
                return "standaard"
            return f"standaard (weer sinds {format_date(self.valid_from)})"
        since = f" sinds {format_date(self.valid_from)}" if self.valid_from else ""
        label = {ORIGIN_GEMEENTE: "gemeente"}.get(self.origin, self.origin)
        return f"{label}{since}"


#: A source answers for (gemeente_id, definition, on_date), or None to let the next one answer.
SettingSource = Callable[[int, SettingDefinition, date], EffectiveValue | None]


def _history(gemeente_id: int, key: str) -> list[tuple[date, Any, bool]]:
    """(valid_from, value, is_default) of a gemeente's key, newest first, cached per app context."""
    cache: dict[tuple[int, str], list[tuple[date, Any, bool]]] = g.setdefault("_setting_history", {})
    if (gemeente_id, key) not in cache:
        rows = db.session.execute(
            select(GemeenteSetting.valid_from, GemeenteSetting.value, GemeenteSetting.is_default)
            .where(GemeenteSetting.gemeente_id == gemeente_id, GemeenteSetting.key == key)
            .order_by(GemeenteSetting.valid_from.desc())
        ).all()
        cache[(gemeente_id, key)] = [tuple(r) for r in rows]  # type: ignore[misc]
    return cache[(gemeente_id, key)]


def prefetch(gemeente_ids: list[int]) -> None:
    """Read the values of many gemeenten in one query (lists, overviews) into the cache."""
    for gemeente_id in gemeente_ids:
        _check_tenant(gemeente_id)
    cache: dict[tuple[int, str], list[tuple[date, Any, bool]]] = g.setdefault("_setting_history", {})
    rows = db.session.execute(
        select(
            GemeenteSetting.gemeente_id, GemeenteSetting.key, GemeenteSetting.valid_from,
            GemeenteSetting.value, GemeenteSetting.is_default,
        )
        .where(GemeenteSetting.gemeente_id.in_(gemeente_ids))
        .order_by(GemeenteSetting.valid_from.desc())
    ).all()
    fetched: dict[tuple[int, str], list[tuple[date, Any, bool]]] = {
        (gid, key): [] for gid in gemeente_ids for key in SETTINGS
    }
    for row in rows:
        fetched.setdefault((row.gemeente_id, row.key), []).append((row.valid_from, row.value, row.is_default))
    cache.update(fetched)


def forget_cached_settings() -> None:
    """Drop the per-context cache after a change (the services call it)."""
    if has_app_context():
        g.pop("_setting_history", None)


def gemeente_source(gemeente_id: int, setting: SettingDefinition, on_date: date) -> EffectiveValue | None:
    """The gemeente's own value in force on `on_date` (the newest row from that date or before)."""
    for valid_from, value, is_default in _history(gemeente_id, setting.key):
        if valid_from <= on_date:
            if is_default:
                return EffectiveValue(setting.key, setting.default, ORIGIN_DEFAULT, valid_from)
            return EffectiveValue(setting.key, value, ORIGIN_GEMEENTE, valid_from)
    return None


_sources: list[SettingSource] = [gemeente_source]


def register_source(source: SettingSource, *, first: bool = True) -> None:
    """Add a source; `first` puts it ahead of the others (adopted policy beats gemeente values)."""
    if source in _sources:
        return
    if first:
        _sources.insert(0, source)
    else:
        _sources.append(source)


def _check_tenant(gemeente_id: int) -> None:
    # Reading outside the context would silently give the default: refuse instead.
    ctx = current_tenant_context()
    if ctx is None or gemeente_id not in ctx.allowed_ids:
        raise TenantViolation(f"settings of gemeente {gemeente_id} read outside its tenant context")


def resolve_setting(gemeente_id: int, key: str, on_date: date) -> EffectiveValue:
    """The value of `key` in force for the gemeente on `on_date`, with its origin."""
    setting = definition(key)
    _check_tenant(gemeente_id)
    for source in _sources:
        found = source(gemeente_id, setting, on_date)
        if found is not None:
            return EffectiveValue(
                found.key, copy.deepcopy(found.value), found.origin, found.valid_from, found.reference
            )
    return EffectiveValue(key, copy.deepcopy(setting.default), ORIGIN_DEFAULT)


def effective_setting(gemeente_id: int, key: str, on_date: date) -> Any:
    """The typed value of `key` in force for the gemeente on `on_date` (KeyError: unknown key).

    Needs a tenant context that includes the gemeente (a request, job or CLI context).
    """
    return resolve_setting(gemeente_id, key, on_date).value
