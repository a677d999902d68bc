"""Pages for a gemeente's settings: parse → service → render."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from blueprints.settings import queries, services
from blueprints.settings.forms import form_for, value_from_request
from blueprints.settings.registry import GROUP_LABELS, SettingType
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_gemeente

bp = Blueprint("settings", __name__, template_folder="templates")
PREFIX = "/g/<slug>/instellingen"


def _gemeente_id() -> int:
    gemeente = current_gemeente()
    assert gemeente is not None
    return gemeente.id


@bp.get(PREFIX + "/")
@requires(Permission.SETTINGS_MANAGE)
def index() -> str | tuple[str, int]:
    """The values in force today, or on the date asked for (?datum=): what past work used."""
    day = today()
    on_date, date_error = day, None
    raw = request.args.get("datum", "").strip()
    if raw:
        try:
            on_date = date.fromisoformat(raw)
        except ValueError:
            date_error = "Vul een geldige datum in (dag-maand-jaar)."
    items = queries.overview(_gemeente_id(), on_date)
    groups: dict[str, list[queries.SettingOverview]] = {}
    for item in items:
        groups.setdefault(item.definition.group, []).append(item)
    html = render_template(
        "settings/index.html", groups=groups, group_labels=GROUP_LABELS, today=day,
        on_date=on_date, raw_date=raw, date_error=date_error,
    )
    return (html, 400) if date_error else html


@bp.route(PREFIX + "/<key>", methods=["GET", "POST"])
@requires(Permission.SETTINGS_MANAGE)
def edit(key: str) -> str | Response | tuple[str, int]:
    setting = queries.get_definition_or_404(key)
    gemeente_id = _gemeente_id()
    day = today()
    current = queries.overview_of(gemeente_id, key, day)
    if request.method == "POST":
        form = form_for(setting, request.form)
    else:
        form = form_for(setting, valid_from=day)
        _prefill(form, setting, current.current.value)
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                if form.use_default.data:
                    services.restore_default(
                        gemeente_id, key, form.valid_from.data, note=form.note.data or "",
                        changed_by_id=current_user.id,
                    )
                else:
                    services.change_setting(
                        gemeente_id, key, value_from_request(setting, form, request.form),
                        form.valid_from.data, note=form.note.data or "", changed_by_id=current_user.id,
                    )
            except services.SettingError as error:
                _put_errors(form, error)
            else:
                flash(f"{setting.label}: de wijziging is opgeslagen.", "success")
                return redirect(url_for("settings.edit", key=key))
        status = 400
    chosen = _chosen_items(setting, form, current.current.value)
    return render_template(
        "settings/edit.html", setting=setting, item=current, form=form, today=day,
        chosen=chosen, confirm=ConfirmForm(), SettingType=SettingType,
    ), status


@bp.post(PREFIX + "/wijziging/<int:change_id>/intrekken")
@requires(Permission.SETTINGS_MANAGE)
def withdraw(change_id: int) -> Response | tuple[str, int]:
    row = queries.get_change_or_404(change_id)
    ConfirmForm().validate_on_submit()
    key = row.key
    try:
        services.withdraw_planned_change(row)
    except services.SettingError as error:
        flash(error.errors["valid_from"], "error")
        return redirect(url_for("settings.edit", key=key))
    flash("De geplande wijziging is ingetrokken.", "info")
    return redirect(url_for("settings.edit", key=key))


@bp.get("/regio/instellingen")
@requires(Permission.REGION_VIEW)
def region_overview() -> str:
    """Per setting, which gemeenten deviate from the default today (the region's own gemeenten)."""
    ctx = require_tenant_context()
    day = today()
    return render_template(
        "settings/region.html", rows=queries.region_comparison(sorted(ctx.allowed_ids), day),
        group_labels=GROUP_LABELS, today=day,
    )


def _prefill(form, setting, value) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(form, "value"):
        return
    if setting.type is SettingType.BOOL:
        form.value.data = "ja" if value else "nee"
    elif setting.type is SettingType.LIST:
        form.value.data = "\n".join(value)
    else:
        form.value.data = str(value) if setting.type is SettingType.INT else value


def _chosen_items(setting, form, value) -> list[str]:  # type: ignore[no-untyped-def]
    """The items to show as checked: what was posted, else the value in force."""
    if setting.type is not SettingType.LIST or not setting.choices:
        return []
    if request.method == "POST":
        return value_from_request(setting, form, request.form)  # type: ignore[no-any-return]
    return list(value)


def _put_errors(form, error: services.SettingError) -> None:  # type: ignore[no-untyped-def]
    for field_name, message in error.errors.items():
        target = {"value": "value", "valid_from": "valid_from", "note": "note"}.get(field_name)
        field = getattr(form, target, None) if target else None
        if field is None:  # a list of checkboxes has no WTForms field: a form-level error
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
