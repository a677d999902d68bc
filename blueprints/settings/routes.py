"""Pages for a gemeente's settings: parse → service → render."""

from __future__ import annotations

from flask import Blueprint

from blueprints.settings import queries, services  # noqa: F401 - routes follow

bp = Blueprint("settings", __name__, url_prefix="/g/<slug>/instellingen", template_folder="templates")
