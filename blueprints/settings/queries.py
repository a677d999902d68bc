"""Reads of a gemeente's settings for the pages and the API: current values, origins, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select

from blueprints.settings.effective import ORIGIN_DEFAULT, EffectiveValue, prefetch, resolve_setting
from blueprints.settings.models import GemeenteSetting
from blueprints.settings.registry import SETTINGS, SettingDefinition
from regiotoezicht import audit
from regiotoezicht.extensions import db
from tenants.models import Gemeente


@dataclass(frozen=True)
class SettingOverview:
    """One setting as the page shows it: in force today, the next planned change, the history."""

    definition: SettingDefinition
    current: EffectiveValue
    planned: list[GemeenteSetting]
    history: list[GemeenteSetting]  # newest first, planned changes included


def get_definition_or_404(key: str) -> SettingDefinition:
    setting = SETTINGS.get(key)
    if setting is None:
        abort(404)
    return setting


def history_of(gemeente_id: int, key: str) -> list[GemeenteSetting]:
    return list(
        db.session.execute(
            select(GemeenteSetting)
            .where(GemeenteSetting.gemeente_id == gemeente_id, GemeenteSetting.key == key)
            .order_by(GemeenteSetting.valid_from.desc())
        ).scalars()
    )


def overview(gemeente_id: int, on_date: date) -> list[SettingOverview]:
    """Every registered setting for the gemeente, in registry order."""
    rows = db.session.execute(
        select(GemeenteSetting)
        .where(GemeenteSetting.gemeente_id == gemeente_id)
        .order_by(GemeenteSetting.valid_from.desc())
    ).scalars()
    by_key: dict[str, list[GemeenteSetting]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    result = []
    for key, setting in SETTINGS.items():
        history = by_key.get(key, [])
        result.append(
            SettingOverview(
                definition=setting,
                current=resolve_setting(gemeente_id, key, on_date),
                planned=sorted((r for r in history if r.valid_from > on_date), key=lambda r: r.valid_from),
                history=history,
            )
        )
    return result


def overview_of(gemeente_id: int, key: str, on_date: date) -> SettingOverview:
    history = history_of(gemeente_id, key)
    return SettingOverview(
        definition=SETTINGS[key],
        current=resolve_setting(gemeente_id, key, on_date),
        planned=sorted((r for r in history if r.valid_from > on_date), key=lambda r: r.valid_from),
        history=history,
    )


def get_change_or_404(change_id: int) -> GemeenteSetting:
    """A dated value of the active gemeente; another gemeente's id is simply not found (logged)."""
    row = db.session.execute(
        select(GemeenteSetting).where(GemeenteSetting.id == change_id)
    ).scalar_one_or_none()
    if row is None:
        audit.record_outside_transaction("access.not_found", object_type="GemeenteSetting", object_id=change_id)
        abort(404)
    return row


@dataclass(frozen=True)
class RegionRow:
    """One setting across gemeenten: the default, and the gemeenten whose value differs today."""

    definition: SettingDefinition
    deviations: list[tuple[Gemeente, EffectiveValue]]


def region_comparison(gemeente_ids: list[int], on_date: date) -> list[RegionRow]:
    """For every setting, the gemeenten (of those given) not following the default on `on_date`."""
    gemeenten = list(
        db.session.execute(select(Gemeente).where(Gemeente.id.in_(gemeente_ids)).order_by(Gemeente.name)).scalars()
    )
    prefetch([gm.id for gm in gemeenten])
    rows = []
    for key, setting in SETTINGS.items():
        deviations = []
        for gemeente in gemeenten:
            found = resolve_setting(gemeente.id, key, on_date)
            if found.origin != ORIGIN_DEFAULT or found.value != setting.default:
                deviations.append((gemeente, found))
        rows.append(RegionRow(setting, deviations))
    return rows
