"""Reads of a gemeente's settings for the pages and the API: current values, origins, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select

from blueprints.settings.effective import EffectiveValue, resolve_setting
from blueprints.settings.models import GemeenteSetting
from blueprints.settings.registry import SETTINGS, SettingDefinition
from regiotoezicht import audit
from regiotoezicht.extensions import db


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
