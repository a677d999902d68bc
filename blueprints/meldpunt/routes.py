"""The public meldpunt pages (no login): choose the gemeente, choose the form, report, receipt.

parse → bot checks → tenant context of the chosen gemeente → service → redirect to the receipt.
The receipt shows the reference number only: nothing the reporter typed is echoed back.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from blueprints.meldpunt import botcheck, queries, services
from blueprints.meldpunt.forms import ProviderForm, SignalForm, options
from regiotoezicht import audit
from regiotoezicht.context import TenantContext, set_tenant_context
from regiotoezicht.web import public
from tenants.entitlements import today
from tenants.models import Gemeente

bp = Blueprint("meldpunt", __name__, url_prefix="/meldpunt", template_folder="templates")



@bp.before_request
def _no_address_in_the_audit_log() -> None:
    audit.omit_client_ip()


_RECEIPT_KEY = "meldpunt_receipt"
FORMS = {
    "aanbieder": (ProviderForm, "meldpunt_aanbieder", "meldpunt/provider_form.html"),
    "signaal": (SignalForm, "meldpunt_publiek", "meldpunt/signal_form.html"),
}


def _gemeente_or_404(slug: str) -> Gemeente:
    gemeente = queries.served_gemeente(slug, today())
    if gemeente is None:
        abort(404)
    return gemeente


@bp.get("/")
@public
def index() -> ResponseReturnValue:
    """Choose the gemeente that provides the client's voorziening (a GET form, works without JS)."""
    regions = queries.regions_with_gemeenten(today())
    chosen = (request.args.get("gemeente") or "").strip()
    error = None
    if chosen:
        if any(g.slug == chosen for r in regions for g in r.gemeenten):
            return redirect(url_for("meldpunt.gemeente", slug=chosen))
        error = "Kies een gemeente uit de lijst."
    return render_template("meldpunt/index.html", regions=regions, error=error), (400 if error else 200)


@bp.get("/privacy")
@public
def privacy() -> ResponseReturnValue:
    return render_template("meldpunt/privacy.html")


@bp.get("/<slug>")
@public
def gemeente(slug: str) -> ResponseReturnValue:
    g = _gemeente_or_404(slug)
    return render_template("meldpunt/gemeente.html", gemeente=g, region=queries.region_of(g, today()))


@bp.route("/<slug>/aanbieder", methods=["GET", "POST"])
@public
def provider_form(slug: str) -> ResponseReturnValue:
    return _form_page(slug, "aanbieder")


@bp.route("/<slug>/signaal", methods=["GET", "POST"])
@public
def signal_form(slug: str) -> ResponseReturnValue:
    return _form_page(slug, "signaal")


def _form_page(slug: str, which: str) -> ResponseReturnValue:
    g = _gemeente_or_404(slug)
    form_cls, channel, template = FORMS[which]
    form = form_cls()
    form.service_type_id.choices = options(("", "Weet ik niet"), *queries.service_type_choices())
    status = 200
    if request.method == "POST":
        status = _handle_post(g, form, which, channel)
        if status == 303:
            return redirect(url_for("meldpunt.receipt", slug=g.slug), code=303)
    form.shown.data = botcheck.issue_form_token(which)
    form.website.data = ""
    return render_template(template, form=form, gemeente=g), status


def _handle_post(g: Gemeente, form: ProviderForm | SignalForm, which: str, channel: str) -> int:
    """Validate and submit; 303 on success, else the status for the re-rendered form."""
    if botcheck.over_rate_limit():
        audit.record_outside_transaction("meldpunt.rate_limited", gemeente_id=g.id)
        abort(429)
    if botcheck.honeypot_filled(form.website.data):
        audit.record_outside_transaction("meldpunt.bot_refused", gemeente_id=g.id, detail={"check": "honeypot"})
        form.form_errors.append("Uw melding kon niet worden verstuurd. Neem telefonisch contact op met de GGD.")
        return 400
    timing = botcheck.timing_problem(form.shown.data, which)
    if not form.validate_on_submit():
        if timing:
            form.form_errors.append(timing)
        return 400
    if timing:
        form.form_errors.append(timing)
        return 400
    set_tenant_context(
        TenantContext(allowed_ids=frozenset({g.id}), active_id=g.id, reason="meldpunt")
    )
    try:
        melding = services.submit(
            form.data_for_melding(), request.files.getlist(form.attachments.name), channel=channel
        )
    except services.SubmissionRefused as exc:
        _attach_errors(form, exc.errors)
        return 400
    session[_RECEIPT_KEY] = {"reference": melding.reference, "slug": g.slug, "kind": which,
                             "email": bool(form.reporter_email.data)}
    return 303


def _attach_errors(form: ProviderForm | SignalForm, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is not None and name not in ("shown", "website", "csrf_token"):
            field.errors = list(field.errors or []) + list(messages)
        else:
            form.form_errors.extend(messages)


@bp.get("/<slug>/ontvangen")
@public
def receipt(slug: str) -> ResponseReturnValue:
    """The acknowledgement: the reference number and what happens next, shown once."""
    g = _gemeente_or_404(slug)
    data = session.pop(_RECEIPT_KEY, None)
    if not data or data.get("slug") != g.slug:
        return redirect(url_for("meldpunt.gemeente", slug=g.slug))
    return render_template("meldpunt/receipt.html", gemeente=g, receipt=data)
