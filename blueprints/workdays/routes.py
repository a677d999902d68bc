"""Pages for the decreed days at /regio/werkdagen; the Dutch date filters every template can use."""

from __future__ import annotations

from flask import Blueprint

from blueprints.workdays import queries, services  # noqa: F401 - routes follow
from blueprints.workdays.dates import format_date, format_day

bp = Blueprint("workdays", __name__, url_prefix="/regio/werkdagen", template_folder="templates")


@bp.app_template_filter("datum")
def datum_filter(day: object) -> str:
    """{{ d | datum }} → "6 mei 2026"."""
    return format_date(day) if day else ""  # type: ignore[arg-type]


@bp.app_template_filter("dag")
def dag_filter(day: object) -> str:
    """{{ d | dag }} → "woensdag 6 mei 2026"."""
    return format_day(day) if day else ""  # type: ignore[arg-type]
