"""URL rules of the meldingen slice: pages under /g/<slug>/meldingen and /regio/meldingen, the JSON API;
importing it registers the daily deadline reminders with the scheduler."""

from __future__ import annotations

from blueprints.meldingen import api, receivers, reminders, routes
from blueprints.meldingen.transitions import Action

bp = routes.bp
api_bp = api.api_bp
receivers.install()
__all__ = ["api_bp", "bp", "reminders"]


@bp.app_template_filter("action_label")
def action_label(value: str) -> str:
    """The Dutch name of a step in the status history."""
    try:
        return Action(value).label
    except ValueError:
        return value
