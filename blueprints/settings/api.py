"""JSON API: /api/v1/g/<slug>/settings — the settings in force, and a change per key from a date."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from flask import request
from flask_login import current_user
from werkzeug.exceptions import UnprocessableEntity

from blueprints.settings import queries, services
from blueprints.settings.schemas import SettingChangeIn, SettingOut, setting_out
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_gemeente

api_bp = ApiBlueprint(
    "settings_api", __name__, url_prefix="/g/<slug>/settings",
    description="Instellingen van een gemeente (termijnen, lijsten, keuzes) met hun geschiedenis",
)


def _gemeente_id() -> int:
    gemeente = current_gemeente()
    assert gemeente is not None
    return gemeente.id


def _on_date() -> date:
    """?on_date=YYYY-MM-DD reads the values in force on another day (default: today)."""
    raw = request.args.get("on_date")
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        _unprocessable({"on_date": "Geen geldige datum (JJJJ-MM-DD)."}, location="query")


def _unprocessable(errors: dict[str, str], location: str = "json") -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    exc.data = {"messages": {location: {k: [v] for k, v in errors.items()}}}  # type: ignore[attr-defined]
    raise exc


@api_bp.route("/", methods=["GET"])
@api_bp.response(200, SettingOut(many=True))
@requires(Permission.SETTINGS_MANAGE)
def list_settings() -> list[dict[str, Any]]:
    """Alle instellingen met de waarde die geldt (vandaag of op `on_date`) en hun herkomst."""
    on_date = _on_date()
    return [setting_out(item, on_date) for item in queries.overview(_gemeente_id(), on_date)]


@api_bp.route("/<key>", methods=["GET"])
@api_bp.response(200, SettingOut)
@requires(Permission.SETTINGS_MANAGE)
def get_setting(key: str) -> dict[str, Any]:
    queries.get_definition_or_404(key)
    on_date = _on_date()
    return setting_out(queries.overview_of(_gemeente_id(), key, on_date), on_date)


@api_bp.route("/<key>", methods=["PUT"])
@api_bp.arguments(SettingChangeIn)
@api_bp.response(200, SettingOut)
@requires(Permission.SETTINGS_MANAGE)
def put_setting(data: dict[str, Any], key: str) -> dict[str, Any]:
    """Een eigen waarde vanaf `valid_from` (vandaag of later), of met `use_default` weer de standaard."""
    queries.get_definition_or_404(key)
    gemeente_id = _gemeente_id()
    try:
        if data["use_default"]:
            services.restore_default(
                gemeente_id, key, data["valid_from"], note=data["note"], changed_by_id=current_user.id
            )
        else:
            services.change_setting(
                gemeente_id, key, data["value"], data["valid_from"], note=data["note"],
                changed_by_id=current_user.id,
            )
    except services.SettingError as error:
        _unprocessable(error.errors)
    on_date = today()
    return setting_out(queries.overview_of(gemeente_id, key, on_date), on_date)
