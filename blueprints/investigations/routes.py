"""Pages for investigations: a gemeente's list and read-only detail under /g/<slug>/onderzoeken,
and the inspector's work under /regio/onderzoeken (own list, create, fieldwork, findings per
domain, status). Parse → service → render; the request commits once."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from blueprints.frameworks import queries as framework_queries
from blueprints.investigations import forms, melding_links, queries, services
from blueprints.investigations import status as lifecycle
from blueprints.investigations.models import Investigation
from blueprints.investigations.permissions import can_work_on
from blueprints.providers import queries as provider_queries
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import Entitlements, today
from tenants.models import Gemeente
from tenants.resolution import current_entitlements

bp = Blueprint("investigations", __name__, template_folder="templates")

Page = str | Response | tuple[str, int]


def _actor() -> Entitlements:
    ents = current_entitlements()
    assert ents is not None
    return ents


def _attach(form: Any, error: services.InvestigationError) -> None:
    show_errors(form, {error.field: error.message})


def _detail_context(investigation: Investigation) -> dict[str, Any]:
    participants = queries.participant_gemeenten(investigation)
    return {
        "investigation": investigation,
        "participants": participants,
        "providers": queries.providers_of(investigation),
        "framework": queries.framework_of(investigation),
        "history": queries.status_history(investigation),
        "findings": queries.findings_of(investigation),
        "values": {v.id: v for v in queries.judgement_values(investigation)},
        "names": queries.user_names(
            [investigation.lead_inspector_id, investigation.second_inspector_id]
            + [c.changed_by_id for c in queries.status_history(investigation)]
        ),
        "lifecycle": lifecycle,
        "open": queries.norms_without_finding(investigation),
        "melding_references": melding_links.references_of(investigation),
        "report_url": _report_url(investigation, participants),
    }


def _report_url(investigation: Investigation, participants: list[Gemeente]) -> str | None:
    """The report pages live under a gemeente (its publication is that gemeente's own); the
    first participant gemeente in which the viewer may read reports leads there."""
    ents = current_entitlements()
    for gemeente in participants:
        if ents is not None and ents.can(Permission.REPORTS_VIEW, gemeente.id):
            return url_for("reports.index", slug=gemeente.slug, investigation_id=investigation.id)
    return None


# --- the gemeente's view ----------------------------------------------------------------------


@bp.get("/g/<slug>/onderzoeken/")
@requires(Permission.INVESTIGATIONS_VIEW)
def gemeente_index() -> str:
    investigations = queries.list_investigations()
    return render_template(
        "investigations/index.html", investigations=investigations, region=False,
        providers=queries.provider_names(investigations), lifecycle=lifecycle,
    )


@bp.get("/g/<slug>/onderzoeken/<int:investigation_id>")
@requires(Permission.INVESTIGATIONS_VIEW)
def gemeente_detail(investigation_id: int) -> str:
    investigation = queries.get_investigation_or_404(investigation_id)
    return render_template(
        "investigations/detail.html", region=False, can_work=False, **_detail_context(investigation)
    )


# --- the inspector's work ---------------------------------------------------------------------


@bp.get("/regio/onderzoeken/")
@requires(Permission.INVESTIGATIONS_VIEW)
def region_index() -> str:
    everything = request.args.get("alle") == "1"
    investigations = queries.list_investigations(inspector_id=None if everything else current_user.id)
    return render_template(
        "investigations/index.html", investigations=investigations, region=True, everything=everything,
        providers=queries.provider_names(investigations), lifecycle=lifecycle,
        can_create=bool(_manageable()),
    )


def _manageable() -> list[Gemeente]:
    actor = _actor()
    ids = [g for g in require_tenant_context().allowed_ids if actor.can(Permission.INVESTIGATIONS_MANAGE, g)]
    return sorted(
        (g for g in map(_gemeente, ids) if g is not None), key=lambda g: g.name
    )


def _gemeente(gemeente_id: int) -> Gemeente | None:
    return db.session.get(Gemeente, gemeente_id)


def _setup_create(form: forms.InvestigationForm) -> None:
    gemeenten = _manageable()
    on = form.planned_on.data if isinstance(form.planned_on.data, date) else today()
    form.gemeente_ids.choices = forms.choices((g.id, g.name) for g in gemeenten)
    providers: dict[int, str] = {}
    for g in gemeenten:
        for provider in provider_queries.providers_of_gemeente(g.id, on):
            providers[provider.id] = provider.name
    form.provider_ids.choices = forms.choices(sorted(providers.items(), key=lambda item: item[1].lower()))
    region_ids = queries.region_ids_serving([g.id for g in gemeenten], on)
    form.framework_id.choices = forms.choices(
        [("", "— kies —")] + [(f.id, f.label) for f in framework_queries.usable_frameworks(region_ids, on)]
    )
    inspectors = queries.inspectors_in([g.id for g in gemeenten], on)
    options = [(o.user_id, o.name) for o in inspectors]
    form.lead_inspector_id.choices = forms.choices([("", "— kies —")] + options)
    form.second_inspector_id.choices = forms.choices([("", "— geen —")] + options)
    earlier = queries.list_investigations()
    form.follows_up_investigation_id.choices = forms.choices(
        [("", "— niet van toepassing —")] + [(i.id, f"{i.reference} {i.title}") for i in earlier]
    )


@bp.route("/regio/onderzoeken/nieuw", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def create() -> Page:
    form = forms.InvestigationForm()
    # Opened from a melding (?melding=<id>, then the hidden field): prefilled, linked on creation.
    melding_id = form.melding_id.data if form.is_submitted() else request.args.get("melding", type=int)
    melding = melding_links.melding_or_404(melding_id) if melding_id is not None else None
    if not form.is_submitted():
        form.lead_inspector_id.data = current_user.id
        if melding is not None:
            melding_links.prefill(form, melding)
    _setup_create(form)
    if form.validate_on_submit():
        try:
            if melding is not None:
                investigation = services.create_after_melding(form.data_for_service(), _actor(), melding)
            else:
                investigation = services.create_investigation(form.data_for_service(), _actor())
        except services.InvestigationError as error:
            _attach(form, error)
        else:
            flash(f"Onderzoek {investigation.reference} is aangemaakt"
                  + (f" en gekoppeld aan melding {melding.reference}." if melding is not None else "."), "success")
            return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))
    return render_template(
        "investigations/create.html", form=form, melding=melding,
        melding_url=melding_links.melding_url(melding) if melding is not None else None,
    ), status_of(form)


def _workable(investigation_id: int) -> Investigation:
    investigation = queries.get_investigation_or_404(investigation_id)
    if not can_work_on(_actor(), investigation, queries.participant_ids(investigation)):
        abort(403)
    return investigation


@bp.get("/regio/onderzoeken/<int:investigation_id>")
@requires(Permission.INVESTIGATIONS_VIEW)
def region_detail(investigation_id: int) -> str:
    investigation = queries.get_investigation_or_404(investigation_id)
    context = _detail_context(investigation)
    status_form = forms.StatusForm()
    status_form.to_status.choices = forms.choices(
        (s, lifecycle.label(s)) for s in lifecycle.allowed_next(investigation.status)
    )
    return render_template(
        "investigations/detail.html", region=True, status_form=status_form,
        can_work=can_work_on(_actor(), investigation, [g.id for g in context["participants"]]),
        receive_form=forms.ReceiveForm(received_on=today()), **context,
    )


@bp.route("/regio/onderzoeken/<int:investigation_id>/wijzigen", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def edit(investigation_id: int) -> Page:
    investigation = _workable(investigation_id)
    form = forms.EditForm(obj=investigation)
    participants = queries.participant_ids(investigation)
    options = [
        (o.user_id, o.name) for o in queries.inspectors_in(participants, services.investigation_date(investigation))
        if o.gemeente_ids >= set(participants)
    ]
    form.lead_inspector_id.choices = forms.choices([("", "— kies —")] + options)
    form.second_inspector_id.choices = forms.choices([("", "— geen —")] + options)
    if form.validate_on_submit():
        try:
            services.update_investigation(investigation, {
                "title": form.title.data, "planned_on": form.planned_on.data, "announced": form.announced.data,
                "lead_inspector_id": form.lead_inspector_id.data,
                "second_inspector_id": form.second_inspector_id.data,
            })
        except services.InvestigationError as error:
            _attach(form, error)
        else:
            flash("De wijzigingen zijn opgeslagen.", "success")
            return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))
    return render_template(
        "investigations/fieldwork.html", form=form, investigation=investigation, heading="Onderzoek wijzigen"
    ), status_of(form)


@bp.route("/regio/onderzoeken/<int:investigation_id>/bevindingen/<int:domain_id>", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def findings(investigation_id: int, domain_id: int) -> Page:
    investigation = _workable(investigation_id)
    framework = queries.framework_of(investigation)
    domain = next((d for d in framework.domains if d.id == domain_id), None) if framework else None
    if domain is None:
        abort(404)
    providers = queries.providers_of(investigation)
    values = queries.judgement_values(investigation)
    form = forms.findings_form(domain, providers, values, queries.findings_of(investigation))
    saved = 0
    if form.validate_on_submit():
        for provider in providers:
            for part in domain.parts:
                for norm in part.norms:
                    judgement = form[forms.field_name("judgement", provider.id, norm.id)]
                    explanation = form[forms.field_name("explanation", provider.id, norm.id)]
                    evidence = form[forms.field_name("evidence", provider.id, norm.id)]
                    if not judgement.data:
                        continue
                    try:
                        services.record_finding(investigation, {
                            "provider_id": provider.id, "norm_id": norm.id,
                            "judgement_value_id": int(judgement.data),
                            "explanation": explanation.data, "evidence": evidence.data,
                        }, current_user.id)
                        saved += 1
                    except services.InvestigationError as error:
                        target = {"norm_id": judgement, "judgement_value_id": judgement,
                                  "explanation": explanation, "evidence": evidence}.get(error.field or "", judgement)
                        target.errors = [*target.errors, error.message]
        if not form.errors:
            flash(f"{saved} bevinding(en) opgeslagen voor domein {domain.code} {domain.title}.", "success")
            return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))
    rows = [(provider, part, norm) for provider in providers for part in domain.parts for norm in part.norms]
    return render_template(
        "investigations/findings.html", investigation=investigation, framework=framework, domain=domain,
        form=form, rows=rows, field_name=forms.field_name,
    ), (400 if form.errors else 200)


def _fieldwork(investigation_id: int, form: Any, action: Any, heading: str, message: str) -> Page:
    investigation = _workable(investigation_id)
    if form.validate_on_submit():
        try:
            action(investigation, dict(form.data), current_user.id)
        except services.InvestigationError as error:
            _attach(form, error)
        else:
            flash(message, "success")
            return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))
    return render_template(
        "investigations/fieldwork.html", form=form, investigation=investigation, heading=heading
    ), status_of(form)


@bp.route("/regio/onderzoeken/<int:investigation_id>/bezoeken/nieuw", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def add_visit(investigation_id: int) -> Page:
    return _fieldwork(investigation_id, forms.VisitForm(), services.add_visit,
                      "Bezoek vastleggen", "Het bezoek is vastgelegd.")


@bp.route("/regio/onderzoeken/<int:investigation_id>/gesprekken/nieuw", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def add_interview(investigation_id: int) -> Page:
    return _fieldwork(investigation_id, forms.InterviewForm(), services.add_interview,
                      "Gesprek vastleggen", "Het gesprek is vastgelegd.")


@bp.route("/regio/onderzoeken/<int:investigation_id>/documenten/nieuw", methods=["GET", "POST"])
@requires(Permission.INVESTIGATIONS_MANAGE)
def request_document(investigation_id: int) -> Page:
    form = forms.DocumentRequestForm()
    if not form.is_submitted():
        form.requested_on.data = today()
    return _fieldwork(investigation_id, form, services.request_document,
                      "Document opvragen", "Het documentverzoek is vastgelegd.")


@bp.post("/regio/onderzoeken/<int:investigation_id>/documenten/<int:document_id>/ontvangen")
@requires(Permission.INVESTIGATIONS_MANAGE)
def receive_document(investigation_id: int, document_id: int) -> Response:
    investigation = _workable(investigation_id)
    document = queries.get_document_or_404(investigation, document_id)
    form = forms.ReceiveForm()
    if not form.validate_on_submit():
        flash("Vul een geldige datum van ontvangst in.", "error")
    else:
        try:
            services.receive_document(document, form.received_on.data)
        except services.InvestigationError as error:
            flash(error.message, "error")
        else:
            flash(f"Ontvangst van '{document.description}' is vastgelegd.", "success")
    return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))


@bp.post("/regio/onderzoeken/<int:investigation_id>/fase")
@requires(Permission.INVESTIGATIONS_MANAGE)
def change_status(investigation_id: int) -> Response:
    investigation = _workable(investigation_id)
    form = forms.StatusForm()
    form.to_status.choices = forms.choices(
        (s, lifecycle.label(s)) for s in lifecycle.allowed_next(investigation.status)
    )
    if not form.validate_on_submit():
        flash("Kies een fase die na de huidige mogelijk is.", "error")
    else:
        try:
            services.change_status(investigation, form.to_status.data, current_user.id, form.note.data or "")
        except services.InvestigationError as error:
            flash(error.message, "error")
        else:
            flash(f"Het onderzoek is nu in de fase '{lifecycle.label(investigation.status)}'.", "success")
    return redirect(url_for("investigations.region_detail", investigation_id=investigation.id))
