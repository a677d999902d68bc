"""Pages for the working-day calendar at /regio/werkdagen; Dutch date filters for every template."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from blueprints.workdays import queries, services
from blueprints.workdays.calendar import Deadline, current_calendar
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


#: (deadline, the raw input, field errors) of the term calculator on the page.
Calculation = tuple[Deadline | None, dict[str, str], dict[str, str]]


def _year() -> int:
    raw = request.args.get("jaar", "")
    year = int(raw) if raw.isdigit() else today().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _term_calculation() -> Calculation:
    """The optional calculator (GET ?vanaf=…&termijn=…&eenheid=…): a deadline, or field errors."""
    raw = {k: request.args.get(k, "").strip() for k in ("vanaf", "termijn", "eenheid")}
    if not raw["vanaf"] and not raw["termijn"]:
        return None, raw, {}
    errors: dict[str, str] = {}
    try:
        start = date.fromisoformat(raw["vanaf"])
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise ValueError
    except ValueError:
        errors["vanaf"] = "Vul een geldige datum in."
    term = int(raw["termijn"]) if raw["termijn"].isdigit() else -1
    if not 0 <= term <= 520:
        errors["termijn"] = "Vul een heel getal in van 0 tot en met 520."
    if raw["eenheid"] not in ("werkdagen", "weken"):
        errors["eenheid"] = "Kies werkdagen of weken."
    if errors:
        return None, raw, errors
    calendar = current_calendar()
    if raw["eenheid"] == "weken":
        return calendar.add_weeks(start, term), raw, {}
    return calendar.add_working_days(start, term), raw, {}


def _page(form: DecreedDayForm, year: int, calculation: Calculation = (None, {}, {})) -> str:
    ents = current_entitlements()
    assert ents is not None
    deadline, calc, calc_errors = calculation
    decreed = {d.day: d for d in queries.decreed_days_in(year)}
    rows = [(day, name, None) for day, name in legal_holidays(year).items()]
    rows += [(day, row.description, row) for day, row in decreed.items()]
    rows.sort(key=lambda r: (r[0], r[2] is not None))
    return render_template(
        "workdays/index.html", year=year, rows=rows, form=form, confirm=ConfirmForm(),
        can_manage=ents.region_can(Permission.CALENDAR_MANAGE),
        years=queries.years_with_decreed_days(), today=today(),
        deadline=deadline, calc=calc, calc_errors=calc_errors,
    )


@bp.get("/")
@requires(Permission.REGION_VIEW)
def index() -> str | tuple[str, int]:
    calculation = _term_calculation()
    html = _page(DecreedDayForm(), _year(), calculation)
    return (html, 400) if calculation[2] else html


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
