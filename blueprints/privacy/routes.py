"""Privacy pages: the privacy officer's review (/regio/privacy) and the emergency-access form."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from blueprints.privacy import queries, services
from blueprints.privacy.forms import EmergencyAccessForm
from blueprints.privacy.models import RecipientKind
from blueprints.privacy.subjects import subject_label, subject_type
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from regiotoezicht.web import _safe_next, requires
from tenants.models import Gemeente
from tenants.resolution import current_gemeente

bp = Blueprint("privacy", __name__, template_folder="templates")


def _date_arg(name: str, errors: dict[str, str]) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "Vul een geldige datum in, bijvoorbeeld 2026-01-31."
        return None


@bp.get("/regio/privacy/")
@requires(Permission.PRIVACY_REVIEW)
def review() -> ResponseReturnValue:
    """Every emergency access and disclosure in the gemeenten the reader reviews."""
    ctx = require_tenant_context()
    gemeenten = list(
        db.session.execute(
            select(Gemeente).where(Gemeente.id.in_(ctx.allowed_ids)).order_by(Gemeente.name)
        ).scalars()
    )
    names = {g.id: g.name for g in gemeenten}
    errors: dict[str, str] = {}
    gemeente_id = request.args.get("gemeente", type=int)
    if request.args.get("gemeente") and gemeente_id not in names:
        errors["gemeente"] = "Kies een gemeente uit de lijst."
    since, until = _date_arg("since", errors), _date_arg("until", errors)
    if since and until and until < since:
        errors["until"] = "De einddatum ligt vóór de begindatum."
    if errors:
        return render_template(
            "privacy/review.html", gemeenten=gemeenten, names=names, errors=errors,
            accesses=None, disclosures=None, args=request.args, subject_label=subject_label,
        ), 400
    flt = queries.ReviewFilter(gemeente_id=gemeente_id, since=since, until=until)
    accesses, disclosures = queries.emergency_accesses(flt), queries.disclosures(flt)
    audit.record("privacy.reviewed", detail={"gemeente_id": gemeente_id, "since": str(since or ""),
                                              "until": str(until or "")})
    return render_template(
        "privacy/review.html", gemeenten=gemeenten, names=names, errors=errors, accesses=accesses,
        disclosures=disclosures, args=request.args, subject_label=subject_label,
        limit=queries.LIMIT, RecipientKind=RecipientKind,
    )


@bp.route("/g/<slug>/noodtoegang/<subject_type_name>/<int:subject_id>", methods=["GET", "POST"])
@requires(Permission.EMERGENCY_ACCESS)
def emergency_access(subject_type_name: str, subject_id: int) -> ResponseReturnValue:
    """Ask for emergency access to one record's client data: a reason, logged, then back."""
    kind = subject_type(subject_type_name)
    title = kind.describe(subject_id) if kind is not None else None
    if kind is None or title is None:
        audit.record_outside_transaction(
            "access.not_found", object_type=subject_type_name[:80], object_id=subject_id,
            gemeente_id=current_gemeente().id if current_gemeente() else None,
        )
        abort(404)
    form = EmergencyAccessForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            services.record_emergency_access(kind.name, subject_id, form.reason.data)
        except services.PrivacyInputError as exc:
            form.reason.errors = [exc.message]
        else:
            hours = services.emergency_access_hours()
            flash(f"Noodtoegang vastgelegd voor {hours} uur. De privacyfunctionaris ziet dit.", "warning")
            target = _safe_next(form.next.data or "")
            return redirect(target if target != "/" else kind.url(subject_id))
    status = 400 if form.errors else 200
    return render_template(
        "privacy/emergency_access.html", form=form, kind=kind, title=title,
        hours=services.emergency_access_hours(), back=kind.url(subject_id),
    ), status
