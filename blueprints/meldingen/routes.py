"""Pages of meldingen: parse → service → render. Lists per gemeente and for the region."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from blueprints.attachments import access as attachment_access
from blueprints.attachments.queries import attachments_of
from blueprints.attachments.services import human_size, max_bytes
from blueprints.lessons.themes import theme_label
from blueprints.meldingen import (
    follow_ups,
    permissions,
    presenting,
    provider_refs,
    queries,
    services,
)
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.forms import (
    AssessmentForm,
    AssignForm,
    CloseForm,
    DisclosureForm,
    DocumentForm,
    MeldingForm,
    ProviderRequestForm,
    ReasonForm,
    ReportReceivedForm,
    TransferForm,
    TriageForm,
    choices,
)
from blueprints.meldingen.gemeente_settings import local_categories
from blueprints.meldingen.models import Melding, MeldingAssignment, MeldingKind, MeldingStatus
from blueprints.meldingen.permissions import Audience
from blueprints.meldingen.transitions import Action, actions_from
from blueprints.privacy.queries import disclosures_of, emergency_accesses_of
from blueprints.providers.queries import providers_of_gemeente, service_types
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.extensions import db
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.models import Gemeente
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint("meldingen", __name__, template_folder="templates")
G = "/g/<slug>/meldingen"


def _attach(form: FlaskForm, error: MeldingError) -> None:
    """Show a service's refusal at the fields it concerns (or above the form); "action" names
    the step itself (a transition not allowed from this status), never a field."""
    for name, messages in error.errors.items():
        show_errors(form, {"_schema" if name == "action" else name: messages})


def _filter_from_args() -> tuple[queries.MeldingFilter, dict[str, Any]]:
    args = request.args
    ents = current_entitlements()
    assert ents is not None
    status = args.get("status") or ""
    kind = args.get("kind") or ""
    flt = queries.MeldingFilter(
        status=MeldingStatus(status) if status in MeldingStatus._value2member_map_ else None,
        kind=MeldingKind(kind) if kind in MeldingKind._value2member_map_ else None,
        open_only=args.get("open") == "1", overdue_only=args.get("overdue") == "1",
        assigned_to=ents.user_id if args.get("mine") == "1" else None, text=(args.get("q") or "")[:100],
    )
    return flt, {"status": status, "kind": kind, "open": args.get("open") == "1",
                 "overdue": args.get("overdue") == "1", "mine": args.get("mine") == "1", "q": flt.text}


@bp.get(G + "/")
@requires(Permission.MELDINGEN_VIEW)
def index() -> str:
    gemeente = current_gemeente()
    ents = current_entitlements()
    assert gemeente is not None and ents is not None
    flt, chosen = _filter_from_args()
    return render_template(
        "meldingen/index.html", rows=queries.list_meldingen(flt), chosen=chosen, region=False,
        can_register=ents.can(Permission.MELDINGEN_REGISTER, gemeente.id),
        MeldingStatus=MeldingStatus, MeldingKind=MeldingKind, today=today(),
    )


@bp.get("/regio/meldingen/")
@requires(Permission.MELDINGEN_VIEW)
def region_index() -> str:
    """Meldingen of every gemeente the user may see them in (an inspector's inbox)."""
    flt, chosen = _filter_from_args()
    return render_template(
        "meldingen/index.html", rows=queries.list_meldingen(flt), chosen=chosen, region=True,
        can_register=False, MeldingStatus=MeldingStatus, MeldingKind=MeldingKind, today=today(),
    )


def _melding_form(gemeente_id: int) -> MeldingForm:
    form = MeldingForm()
    on = form.received_on.data if form.received_on.data and form.received_on.data <= today() else today()
    form.local_category.choices = choices([("", "—")] + [(c, c) for c in local_categories(gemeente_id, on)])
    form.provider_id.choices = choices([("", "— niet in het register —")] + [
        (p.id, p.name) for p in providers_of_gemeente(gemeente_id, today())
    ])
    form.service_type_id.choices = choices([("", "—")] + [(s.id, s.label) for s in service_types()])
    return form


@bp.route(G + "/nieuw", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_REGISTER)
def create() -> str | Response | tuple[str, int]:
    gemeente = current_gemeente()
    assert gemeente is not None
    form = _melding_form(gemeente.id)
    if form.validate_on_submit():
        try:
            melding = services.register_melding(
                form.data_for_service(), channel=form.channel.data, received_on=form.received_on.data
            )
        except MeldingError as error:
            _attach(form, error)
        else:
            flash(f"Melding {melding.reference} is geregistreerd.", "success")
            return redirect(url_for("meldingen.detail", melding_id=melding.id))
    return render_template("meldingen/form.html", form=form), status_of(form)


@bp.get(G + "/<int:melding_id>")
@requires(Permission.MELDINGEN_VIEW)
def detail(melding_id: int) -> str:
    melding = queries.get_melding_or_404(melding_id)
    ents = current_entitlements()
    assert ents is not None
    audience = permissions.audience_for(ents, melding)
    gid = melding.gemeente_id
    ggd = audience is not Audience.GEMEENTE
    view = presenting.melding_dict(melding, audience)
    return render_template(
        "meldingen/detail.html", m=melding, view=view, audience=audience, Audience=Audience,
        provider=provider_refs.provider_label(melding), location=provider_refs.location_label(melding),
        service_type=provider_refs.service_type_label(melding.service_type_id),
        triage=melding.triage if ggd else None, requests=queries.requests_of(melding),
        lesson=melding.lesson, team=queries.team_of(melding) if ggd else [],
        names=queries.user_names({c.actor_id for c in view["history"] if c.actor_id}),
        actions=actions_from(melding.status) if ents.can(Permission.MELDINGEN_TRIAGE, gid) else [],
        Action=Action, can_transfer=ents.can(Permission.MELDINGEN_TRANSFER, gid) and not melding.is_closed,
        can_assign=ents.can(Permission.MELDINGEN_REGISTER, gid) and not melding.is_closed,
        can_emergency=audience is Audience.GGD and ents.can(Permission.EMERGENCY_ACCESS, gid),
        can_disclose=ents.can(Permission.MELDINGEN_TRIAGE, gid),
        on_team=permissions.on_case_team(ents.user_id, melding),
        assign_form=_assign_form(melding), confirm=ConfirmForm(),
        disclosures=disclosures_of("melding", melding.id) if ggd else [],
        accesses=emergency_accesses_of("melding", melding.id) if audience is Audience.CASE else [],
        theme_label=theme_label, today=today(),
        attachments=attachments_of(permissions.SUBJECT_TYPE, melding.id)
        if attachment_access.may_read(permissions.SUBJECT_TYPE, melding.id) else None,
        can_add_document=_can_add_document(melding), document_form=DocumentForm(),
        max_upload=human_size(max_bytes()), follow_ups=follow_ups.follow_ups_for(melding),
        reminders=queries.reminders_of(melding) if ggd else [],
    )


def _can_add_document(melding: Melding) -> bool:
    """Offer the upload where the service will take it: an open melding, an inspector on its team."""
    ents = current_entitlements()
    assert ents is not None
    return (not melding.is_closed and ents.can(Permission.MELDINGEN_TRIAGE, melding.gemeente_id)
            and permissions.on_case_team(ents.user_id, melding))


def _assign_form(melding: Melding) -> AssignForm:
    form = AssignForm()
    on_team = {a.user_id for a, _ in queries.team_of(melding)}
    form.user_id.choices = choices((u.id, u.display_name) for u in queries.inspectors_of(melding.gemeente_id) if u.id not in on_team)
    return form


def _step_page(
    melding_id: int, action: Action, form_cls: type[FlaskForm], template_title: str,
    run: Callable[[Melding, Any], Any], success: str,
) -> str | Response | tuple[str, int]:
    melding = queries.get_melding_or_404(melding_id)
    form = form_cls()
    if form.validate_on_submit():
        try:
            run(melding, form)
        except MeldingError as error:
            _attach(form, error)
        else:
            flash(success.format(ref=melding.reference), "success")
            return redirect(url_for("meldingen.detail", melding_id=melding.id))
    return render_template(
        "meldingen/step.html", m=melding, form=form, title=template_title, action=action,
        allowed=action in actions_from(melding.status) or action is Action.TRANSFER,
    ), status_of(form)


def _data(form: FlaskForm) -> dict[str, Any]:
    if hasattr(form, "data_for_service"):
        return form.data_for_service()  # type: ignore[no-any-return]
    return {f.name: f.data for f in form if f.name != "csrf_token"}


@bp.route(G + "/<int:melding_id>/triage", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def triage(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.TRIAGE, TriageForm, "Triage",
                      lambda m, f: services.triage(m, _data(f)), "De triage van {ref} is vastgelegd.")


@bp.route(G + "/<int:melding_id>/onderzoek-aanbieder", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def provider_request(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.REQUEST_PROVIDER_INVESTIGATION, ProviderRequestForm,
                      "Onderzoek door de aanbieder vragen",
                      lambda m, f: services.request_provider_investigation(m, _data(f)),
                      "Het onderzoek door de aanbieder is gevraagd ({ref}).")


@bp.route(G + "/<int:melding_id>/rapport-aanbieder", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def report_received(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.RECEIVE_PROVIDER_REPORT, ReportReceivedForm,
                      "Rapport van de aanbieder ontvangen",
                      lambda m, f: services.receive_provider_report(m, _data(f)),
                      "De ontvangst van het rapport is vastgelegd ({ref}).")


@bp.route(G + "/<int:melding_id>/beoordeling", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def assessment(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.ACCEPT_PROVIDER_REPORT, AssessmentForm,
                      "Rapport van de aanbieder beoordelen",
                      lambda m, f: services.assess_provider_report(m, _data(f)),
                      "De beoordeling van het rapport is vastgelegd ({ref}).")


@bp.route(G + "/<int:melding_id>/eigen-onderzoek", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def start_investigation(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.START_INVESTIGATION, ReasonForm, "Eigen onderzoek door de GGD",
                      lambda m, f: services.start_investigation(m, f.reason.data),
                      "Het eigen onderzoek is gestart ({ref}).")


@bp.route(G + "/<int:melding_id>/afsluiten", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def close(melding_id: int) -> str | Response | tuple[str, int]:
    return _step_page(melding_id, Action.CLOSE, CloseForm, "Melding afsluiten",
                      lambda m, f: services.close(m, _data(f)), "Melding {ref} is afgesloten.")


@bp.route(G + "/<int:melding_id>/documenten", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def add_document(melding_id: int) -> str | Response | tuple[str, int]:
    """The case team adds a document (a letter, an e-mail, the provider's report) to the melding."""
    melding = queries.get_melding_or_404(melding_id)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            attachment = services.add_document(melding, form.file.data)
        except MeldingError as error:
            _attach(form, error)
        else:
            flash(f"{attachment.filename} is aan melding {melding.reference} toegevoegd.", "success")
            return redirect(url_for("meldingen.detail", melding_id=melding.id) + "#bijlagen")
    return render_template(
        "meldingen/step.html", m=melding, form=form, title="Document toevoegen", action=None,
        allowed=not melding.is_closed, multipart=True,
        note=f"Hoogstens {human_size(max_bytes())} per bestand. Alleen het zaakteam ziet de documenten.",
    ), status_of(form)


@bp.route(G + "/<int:melding_id>/overdragen", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRANSFER)
def transfer(melding_id: int) -> str | Response | tuple[str, int]:
    melding = queries.get_melding_or_404(melding_id)
    ents = current_entitlements()
    assert ents is not None
    form = TransferForm()
    targets = sorted(ents.gemeenten_with(Permission.MELDINGEN_TRANSFER) - {melding.gemeente_id})
    names = dict(db.session.execute(select(Gemeente.id, Gemeente.name).where(Gemeente.id.in_(targets))).tuples().all()) if targets else {}
    form.gemeente_id.choices = choices(sorted(((gid, names[gid]) for gid in targets if gid in names), key=lambda c: c[1]))
    if form.validate_on_submit():
        try:
            services.transfer(melding, form.gemeente_id.data, form.reason.data)
        except MeldingError as error:
            _attach(form, error)
        else:
            target = db.session.get(Gemeente, form.gemeente_id.data)
            assert target is not None
            flash(f"Melding {melding.reference} is overgedragen aan {target.name}.", "success")
            return redirect(url_for("meldingen.index", slug=current_gemeente().slug))  # type: ignore[union-attr]
    return render_template(
        "meldingen/step.html", m=melding, form=form, title="Overdragen aan een andere gemeente",
        action=Action.TRANSFER, allowed=not melding.is_closed,
    ), status_of(form)


@bp.post(G + "/<int:melding_id>/team")
@requires(Permission.MELDINGEN_REGISTER)
def assign(melding_id: int) -> Response:
    melding = queries.get_melding_or_404(melding_id)
    form = _assign_form(melding)
    if form.validate_on_submit():
        try:
            services.assign(melding, form.user_id.data)
        except MeldingError as error:
            flash(" ".join(m for msgs in error.errors.values() for m in msgs), "error")
        else:
            flash("De toezichthouder is aan de zaak toegevoegd.", "success")
    return redirect(url_for("meldingen.detail", melding_id=melding.id))


@bp.post(G + "/<int:melding_id>/team/<int:assignment_id>/beeindigen")
@requires(Permission.MELDINGEN_REGISTER)
def unassign(melding_id: int, assignment_id: int) -> Response:
    melding = queries.get_melding_or_404(melding_id)
    assignment = db.session.execute(
        select(MeldingAssignment).where(MeldingAssignment.id == assignment_id, MeldingAssignment.melding_id == melding.id)
    ).scalar_one_or_none()
    ConfirmForm().validate_on_submit()
    if assignment is None:
        flash("Deze toewijzing bestaat niet.", "error")
    else:
        try:
            services.end_assignment(melding, assignment)
        except MeldingError as error:
            flash(" ".join(m for msgs in error.errors.values() for m in msgs), "error")
        else:
            flash("De toezichthouder is van de zaak gehaald.", "info")
    return redirect(url_for("meldingen.detail", melding_id=melding.id))


@bp.route(G + "/<int:melding_id>/verstrekking", methods=["GET", "POST"])
@requires(Permission.MELDINGEN_TRIAGE)
def disclosure(melding_id: int) -> str | Response | tuple[str, int]:
    melding = queries.get_melding_or_404(melding_id)
    form = DisclosureForm()
    if form.validate_on_submit():
        try:
            services.record_melding_disclosure(melding, _data(form))
        except MeldingError as error:
            _attach(form, error)
        else:
            flash("De verstrekking is vastgelegd.", "success")
            return redirect(url_for("meldingen.detail", melding_id=melding.id))
    return render_template(
        "meldingen/step.html", m=melding, form=form, title="Verstrekking vastleggen", action=None, allowed=True,
    ), status_of(form)


@bp.get(G + "/<int:melding_id>/brief-aanbieder")
@requires(Permission.MELDINGEN_TRIAGE)
def provider_letter(melding_id: int) -> str:
    """What the provider receives with the request: never the reporter's identity."""
    melding = queries.get_melding_or_404(melding_id)
    ents = current_entitlements()
    assert ents is not None
    personal = permissions.can_see_personal_data(ents, melding)
    return render_template(
        "meldingen/provider_letter.html", m=melding, data=presenting.provider_dict(melding, with_client=personal),
        provider=provider_refs.provider_label(melding), requests=queries.requests_of(melding),
    )
