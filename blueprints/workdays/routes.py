"""Pages for the working-day calendar at /regio/werkdagen; Dutch date filters for every template."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from blueprints.workdays import queries, services
from blueprints.workdays.calendar import current_calendar
from blueprints.workdays.dates import format_date, format_day
from blueprints.workdays.forms import DecreedDayForm
from blueprints.workdays.holidays import legal_holidays
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_entitlements

bp = Blueprint("workdays", __name__, url_prefix="/regio/werkdagen", template_folder="templates")

FIRST_YEAR, LAST_YEAR = 2000, 2100


@bp.app_template_filter("datum")
def datum_filter(day: object) -> str:
    """{{ d | datum }} → "6 mei 2026"."""
    return format_date(day) if day else ""  # type: ignore[arg-type]


@bp.app_template_filter("dag")
def dag_filter(day: object) -> str:
    """{{ d | dag }} → "woensdag 6 mei 2026"."""
    return format_day(day) if day else ""  # type: ignore[arg-type]


def _year() -> int:
    raw = request.args.get("jaar", "")
    year = int(raw) if raw.isdigit() else today().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _page(form: DecreedDayForm, year: int) -> str:
    ents = current_entitlements()
    assert ents is not None
    decreed = {d.day: d for d in queries.decreed_days_in(year)}
    rows = [(day, name, None) for day, name in legal_holidays(year).items()]
    rows += [(day, row.description, row) for day, row in decreed.items()]
    rows.sort(key=lambda r: (r[0], r[2] is not None))
    return render_template(
        "workdays/index.html", year=year, rows=rows, form=form, confirm=ConfirmForm(),
        can_manage=ents.region_can(Permission.CALENDAR_MANAGE),
        years=queries.years_with_decreed_days(), today=today(),
        calendar=current_calendar(),
    )


@bp.get("/")
@requires(Permission.REGION_VIEW)
def index() -> str:
    return _page(DecreedDayForm(), _year())


@bp.post("/")
@requires(Permission.CALENDAR_MANAGE)
def add() -> Response | tuple[str, int]:
    form = DecreedDayForm()
    if form.validate_on_submit():
        try:
            row = services.add_decreed_day(
                form.day.data, form.description.data or "", form.decree_reference.data or "",
                created_by_id=current_user.id,
            )
        except services.DecreedDayError as error:
            for name, message in error.errors.items():
                getattr(form, name).errors = [message]
        else:
            flash(f"{format_day(row.day)} is toegevoegd als gelijkgestelde dag.", "success")
            return redirect(url_for("workdays.index", jaar=row.day.year))
    year = form.day.data.year if form.day.data else _year()
    return _page(form, year), 400


@bp.post("/<int:day_id>/verwijderen")
@requires(Permission.CALENDAR_MANAGE)
def remove(day_id: int) -> Response:
    row = queries.get_decreed_day_or_404(day_id)
    ConfirmForm().validate_on_submit()
    year, label = row.day.year, format_day(row.day)
    services.remove_decreed_day(row)
    flash(f"{label} is geen gelijkgestelde dag meer.", "info")
    return redirect(url_for("workdays.index", jaar=year))
