"""Set a gemeente's setting in a test, through the settings slice's own service."""

from __future__ import annotations

from datetime import date
from typing import Any

from blueprints.settings.services import change_setting


def set_setting(gemeente_id: int, key: str, value: Any, valid_from: date) -> None:
    change_setting(gemeente_id, key, value, valid_from, note="test", allow_past=True)
