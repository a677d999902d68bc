"""Writes of a gemeente's settings: validate, add a dated row, flush, audit. The request commits.

History is never rewritten: a change takes effect from a date (today or later) and earlier
dates keep the value that was in force then. A change planned for a later date may be replaced
or withdrawn until it takes effect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from blueprints.settings.effective import forget_cached_settings, resolve_setting
from blueprints.settings.models import GemeenteSetting
from blueprints.settings.registry import SETTINGS, SettingValueError
from blueprints.workdays.dates import format_date
from regiotoezicht import audit
from regiotoezicht.extensions import db
from tenants.entitlements import today as amsterdam_today

MAX_NOTE = 500


class SettingError(ValueError):
    """Invalid input, with Dutch messages per field (key, value, valid_from, note)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _check_common(key: str, valid_from: date | None, note: str, allow_past: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if key not in SETTINGS:
        errors["key"] = "Onbekende instelling."
    if valid_from is None:
        errors["valid_from"] = "Kies de datum waarop de wijziging ingaat."
    elif not allow_past and valid_from < amsterdam_today():
        errors["valid_from"] = (
            "Een wijziging gaat in op vandaag of later: voor eerdere data blijft gelden wat toen gold."
        )
    if len(note) > MAX_NOTE:
        errors["note"] = f"Hoogstens {MAX_NOTE} tekens."
    return errors


def _store(
    gemeente_id: int, key: str, valid_from: date, value: Any, is_default: bool, note: str,
    changed_by_id: int | None,
) -> GemeenteSetting:
    row = db.session.execute(
        select(GemeenteSetting).where(
            GemeenteSetting.gemeente_id == gemeente_id,
            GemeenteSetting.key == key,
            GemeenteSetting.valid_from == valid_from,
        )
    ).scalar_one_or_none()
    action = "setting.changed"
    if row is None:
        row = GemeenteSetting(gemeente_id=gemeente_id, key=key, valid_from=valid_from)
        db.session.add(row)
    else:
        action = "setting.replaced"  # a planned change for the same date, not yet in force
    row.value, row.is_default, row.note, row.changed_by_id = value, is_default, note, changed_by_id
    db.session.flush()
    forget_cached_settings()
    audit.record(
        action, row,
        detail={"key": key, "valid_from": valid_from.isoformat(), "value": value, "default": is_default},
    )
    return row


def change_setting(
    gemeente_id: int,
    key: str,
    value: Any,
    valid_from: date | None,
    *,
    note: str = "",
    changed_by_id: int | None = None,
    allow_past: bool = False,
) -> GemeenteSetting:
    """Give the gemeente its own value of `key` from `valid_from` on.

    `allow_past` is for seeding and migrations of existing data only: a user cannot change
    what was in force on a date that has passed.
    """
    note = (note or "").strip()
    errors = _check_common(key, valid_from, note, allow_past)
    cleaned: Any = None
    if "key" not in errors:
        try:
            cleaned = SETTINGS[key].clean(value)
        except SettingValueError as exc:
            errors["value"] = exc.message
    if not errors:
        assert valid_from is not None
        current = resolve_setting(gemeente_id, key, valid_from)
        if current.value == cleaned and not _planned_on(gemeente_id, key, valid_from):
            errors["value"] = f"Deze waarde geldt op {format_date(valid_from)} al."
    if errors:
        raise SettingError(errors)
    assert valid_from is not None
    return _store(gemeente_id, key, valid_from, cleaned, False, note, changed_by_id)


def restore_default(
    gemeente_id: int,
    key: str,
    valid_from: date | None,
    *,
    note: str = "",
    changed_by_id: int | None = None,
    allow_past: bool = False,
) -> GemeenteSetting:
    """From `valid_from` on the gemeente follows the standard value again (history kept)."""
    note = (note or "").strip()
    errors = _check_common(key, valid_from, note, allow_past)
    if not errors:
        assert valid_from is not None
        if resolve_setting(gemeente_id, key, valid_from).origin == "standaard" and not _planned_on(
            gemeente_id, key, valid_from
        ):
            errors["value"] = f"Op {format_date(valid_from)} geldt de standaardwaarde al."
    if errors:
        raise SettingError(errors)
    assert valid_from is not None
    return _store(gemeente_id, key, valid_from, None, True, note, changed_by_id)


def _planned_on(gemeente_id: int, key: str, valid_from: date) -> bool:
    return db.session.execute(
        select(GemeenteSetting.id).where(
            GemeenteSetting.gemeente_id == gemeente_id,
            GemeenteSetting.key == key,
            GemeenteSetting.valid_from == valid_from,
        )
    ).first() is not None


def withdraw_planned_change(row: GemeenteSetting) -> None:
    """Remove a change that has not taken effect yet; one in force stays in the history."""
    if row.valid_from <= amsterdam_today():
        raise SettingError({"valid_from": "Deze wijziging is al ingegaan en blijft in de geschiedenis staan."})
    audit.record("setting.withdrawn", row, detail={"key": row.key, "valid_from": row.valid_from.isoformat()})
    db.session.delete(row)
    db.session.flush()
    forget_cached_settings()
