"""URL rules of the investigations slice (pages and JSON API)."""

from __future__ import annotations

from flask import Blueprint

from blueprints.investigations import models  # noqa: F401  (the tables exist before the pages)

bp = Blueprint("investigations", __name__, template_folder="templates")
