"""Report pages under /g/<slug>/onderzoeken/<id>/rapport: parse → service → render."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from blueprints.reports import queries, services, sources
from blueprints.reports.dates import report_date
from blueprints.reports.forms import (
    DecisionForm,
    DefinitiveForm,
    HandleForm,
    PointForm,
    ReactieForm,
    ReasonForm,
    RedactForm,
    RemedyForm,
    ResolveForm,
    ResponseForm,
    TextsForm,
    lines,
    start_response_form,
)
from blueprints.reports.models import Report
from blueprints.reports.permissions import can_read_version
from blueprints.reports.states import (
    Handling,
    PublicationStatus,
    PublicationView,
    RemedyKind,
    RemedyStatus,
    ReportError,
    ReportStatus,
    RoundStatus,
    VersionKind,
)
from regiotoezicht import audit
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.form_errors import show_errors
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint(
    "reports", __name__, url_prefix="/g/<slug>/onderzoeken/<int:investigation_id>/rapport",
    template_folder="templates",
)
bp.add_app_template_filter(report_date, "report_date")

_HEADING = re.compile(r"<(/?)h([1-5])\b")


@bp.app_template_filter("demote_headings")
def demote_headings(html: str) -> Markup:
    """A report shown inside a page: its h1 becomes h2 and so on, so the page keeps one h1."""
    return Markup(_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", str(html)))

Page = str | Response | tuple[str, int]


def _attach(form: FlaskForm, error: ReportError) -> None:
    """Show a service's refusal at the field it concerns, or above the form."""
    show_errors(form, error.errors)


def _can(permission: Permission) -> bool:
    ents, gemeente = current_entitlements(), current_gemeente()
    return bool(ents and gemeente and ents.can(permission, gemeente.id))


def _user_id() -> int:
    return int(current_user.id)


def _report(investigation_id: int) -> Report:
    return queries.get_report_or_404(investigation_id)


def _context(investigation_id: int, report: Report | None, **extra: Any) -> dict[str, Any]:
    source = sources.load_source(investigation_id)
    return {
        "source": source, "report": report, "Status": ReportStatus, "RoundStatus": RoundStatus,
        "VersionKind": VersionKind, "PublicationStatus": PublicationStatus,
        "can_write": _can(Permission.REPORTS_WRITE), "can_decide": _can(Permission.PUBLICATION_DECIDE),
        "confirm": ConfirmForm(), "today": today(), **extra,
    }


@bp.get("/")
@requires(Permission.REPORTS_VIEW)
def index(investigation_id: int) -> str:
    report = queries.report_of(investigation_id)
    source = sources.load_source(investigation_id)  # 404 for a non-participant gemeente
    extra: dict[str, Any] = {}
    if report is not None:
        ents, gemeente = current_entitlements(), current_gemeente()
        assert ents is not None and gemeente is not None
        all_versions = services.versions(report)
        extra = {
            "versions": [v for v in all_versions if can_read_version(ents, gemeente.id, v)],
            "history": services.history(report),
            "rounds": services.rounds_of(report),
            "points": {r.id: services.points_of(r) for r in services.rounds_of(report)},
            "dispatches": services.dispatches(v.id for v in all_versions),
            "version_numbers": {v.id: v.number for v in all_versions},
            "publication": services.publication_of(report),
            "is_second_reader": source.second_inspector_id == _user_id(),
        }
    return render_template("reports/index.html", **_context(investigation_id, report, **extra))


@bp.post("/openen")
@requires(Permission.REPORTS_WRITE)
def open_(investigation_id: int) -> Page:
    ConfirmForm().validate_on_submit()
    try:
        services.open_report(investigation_id, _user_id())
    except ReportError as error:
        messages = [m for ms in error.errors.values() for m in ms]
        return render_template("reports/refused.html", messages=messages, **_context(investigation_id, None)), 422
    flash("Het rapport is aangemaakt als concept.", "success")
    return redirect(url_for("reports.texts", investigation_id=investigation_id))


@bp.route("/teksten", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def texts(investigation_id: int) -> Page:
    report = _report(investigation_id)
    form = TextsForm(obj=report)
    if form.validate_on_submit():
        try:
            services.update_texts(report, {"summary": form.summary.data or "", "judgement": form.judgement.data or "", "advice": form.advice.data or ""})
        except ReportError as error:
            _attach(form, error)
        else:
            flash("De teksten zijn opgeslagen.", "success")
            return redirect(url_for("reports.index", investigation_id=investigation_id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("reports/texts.html", form=form, **_context(investigation_id, report)), status


@bp.get("/voorbeeld")
@requires(Permission.REPORTS_WRITE)
def preview(investigation_id: int) -> str:
    report = _report(investigation_id)
    html = services.preview_html(report, today())
    return render_template("reports/preview.html", body=html, **_context(investigation_id, report))


@bp.post("/aanbieden")
@requires(Permission.REPORTS_WRITE)
def submit(investigation_id: int) -> Page:
    report = _report(investigation_id)
    ConfirmForm().validate_on_submit()
    try:
        version = services.submit_for_approval(report, _user_id(), today())
    except ReportError as error:
        return _refused(investigation_id, report, error)
    flash(f"Concept versie {version.number} ligt ter beoordeling bij de tweede toezichthouder.", "success")
    return redirect(url_for("reports.index", investigation_id=investigation_id))


def _refused(investigation_id: int, report: Report, error: ReportError) -> tuple[str, int]:
    """A step refused by the rules: the report page with the reasons on top (422)."""
    messages = [m for ms in error.errors.values() for m in ms]
    return render_template("reports/refused.html", messages=messages, **_context(investigation_id, report)), 422


@bp.route("/beoordelen", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def review(investigation_id: int) -> Page:
    report = _report(investigation_id)
    form = ReasonForm()
    concept = services.latest_version(report, VersionKind.CONCEPT)
    if request.method == "POST" and form.validate_on_submit():
        try:
            if request.form.get("decision") == "approve":
                services.approve(report, _user_id())
                flash("Het concept is goedgekeurd: hoor en wederhoor kan beginnen.", "success")
            else:
                services.return_to_draft(report, _user_id(), form.reason.data or "")
                flash("Het concept is teruggegeven aan de opsteller.", "info")
        except ReportError as error:
            _attach(form, error)
        else:
            return redirect(url_for("reports.index", investigation_id=investigation_id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("reports/review.html", form=form, concept=concept, **_context(investigation_id, report)), status


@bp.get("/versies/<int:version_id>")
@requires(Permission.REPORTS_VIEW)
def version(investigation_id: int, version_id: int) -> str:
    report = _report(investigation_id)
    found = queries.get_version_or_404(report, version_id)
    _check_read(found)
    audit.record("report.version_read", found, gemeente_id=_gemeente_id())
    return render_template("reports/version.html", version=found, **_context(investigation_id, report))


@bp.get("/versies/<int:version_id>/pdf")
@requires(Permission.REPORTS_VIEW)
def version_pdf(investigation_id: int, version_id: int) -> Response:
    report = _report(investigation_id)
    found = queries.get_version_or_404(report, version_id)
    _check_read(found)
    data = services.version_pdf(found)
    audit.record("report.pdf_downloaded", found, gemeente_id=_gemeente_id())
    source = sources.load_source(investigation_id)
    name = f"rapport-{source.reference}-v{found.number}-{found.kind}.pdf".replace("/", "-")
    return Response(
        data, mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _gemeente_id() -> int:
    gemeente = current_gemeente()
    assert gemeente is not None
    return int(gemeente.id)


def _check_read(found: Any) -> None:
    ents = current_entitlements()
    assert ents is not None
    if not can_read_version(ents, _gemeente_id(), found):
        audit.record_outside_transaction(
            "access.refused", gemeente_id=_gemeente_id(),
            detail={"permission": Permission.REPORTS_WRITE.value, "reason": "concept", "path": request.path},
        )
        abort(403)


@bp.route("/wederhoor", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def start_response(investigation_id: int) -> Page:
    report = _report(investigation_id)
    source = sources.load_source(investigation_id)
    providers = [(pid, name, sources.provider_email(pid)) for pid, name in zip(source.provider_ids, source.provider_names, strict=True)]
    form = start_response_form(providers, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        contacts = {pid: getattr(form, f"contact_{pid}").data or "" for pid, _, _ in providers}
        try:
            services.start_response(report, _user_id(), form.sent_on.data, contacts, today())  # type: ignore[attr-defined]
        except ReportError as error:
            _attach(form, error)
        else:
            flash("Het concept is naar de aanbieder(s) gestuurd; de termijn loopt.", "success")
            return redirect(url_for("reports.index", investigation_id=investigation_id))
    status = 400 if form.errors or form.form_errors else 200
    fields = [getattr(form, f"contact_{pid}") for pid, _, _ in providers]
    return render_template("reports/start_response.html", form=form, contact_fields=fields, **_context(investigation_id, report)), status


@bp.route("/wederhoor/<int:round_id>", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def response(investigation_id: int, round_id: int) -> Page:
    report = _report(investigation_id)
    round_ = queries.get_round_or_404(report, round_id)
    form = ResponseForm()
    if round_.status == RoundStatus.OPEN and form.validate_on_submit():
        data = services.ResponseInput(
            received_on=form.received_on.data, reaction=form.reaction.data or "",  # type: ignore[arg-type]
            attach_reaction=bool(form.attach_reaction.data),
            publication_view=PublicationView(form.publication_view.data or "none"),
            publication_view_text=form.publication_view_text.data or "", points=lines(form.points.data),
        )
        try:
            services.record_response(report, round_, data, today())
        except ReportError as error:
            _attach(form, error)
        else:
            flash("De reactie is vastgelegd. Geef per punt aan hoe het is verwerkt.", "success")
            return redirect(url_for("reports.response", investigation_id=investigation_id, round_id=round_id))
    status = 400 if form.errors or form.form_errors else 200
    return _response_page(investigation_id, report, round_, form=form), status


def _response_page(investigation_id: int, report: Report, round_: Any, **forms: Any) -> str:
    source = sources.load_source(investigation_id)
    names = dict(zip(source.provider_ids, source.provider_names, strict=True))
    points = services.points_of(round_)
    handle_forms = forms.pop("handle_forms", {})
    for point in points:
        if point.id not in handle_forms:
            handle_forms[point.id] = HandleForm(
                formdata=None, prefix=f"p{point.id}", handling=point.handling or Handling.ADOPTED.value, note=point.note
            )
    return render_template(
        "reports/response.html", round=round_, provider_name=names.get(round_.provider_id, ""),
        points=points, handle_forms=handle_forms, point_form=forms.pop("point_form", PointForm(formdata=None)),
        form=forms.pop("form", ResponseForm(formdata=None)), **_context(investigation_id, report),
    )


@bp.post("/wederhoor/<int:round_id>/punten")
@requires(Permission.REPORTS_WRITE)
def add_point(investigation_id: int, round_id: int) -> Page:
    report = _report(investigation_id)
    round_ = queries.get_round_or_404(report, round_id)
    form = PointForm()
    if form.validate_on_submit():
        try:
            services.add_point(report, round_, form.text.data or "")
        except ReportError as error:
            _attach(form, error)
        else:
            flash("Het punt is toegevoegd.", "success")
            return redirect(url_for("reports.response", investigation_id=investigation_id, round_id=round_id))
    return _response_page(investigation_id, report, round_, point_form=form), 400


@bp.post("/wederhoor/<int:round_id>/punten/<int:point_id>")
@requires(Permission.REPORTS_WRITE)
def handle_point(investigation_id: int, round_id: int, point_id: int) -> Page:
    report = _report(investigation_id)
    round_ = queries.get_round_or_404(report, round_id)
    point = queries.get_point_or_404(round_, point_id)
    form = HandleForm(prefix=f"p{point.id}")
    if form.validate_on_submit():
        try:
            services.handle_point(report, point, Handling(form.handling.data), form.note.data or "")
        except ReportError as error:
            _attach(form, error)
        else:
            flash("De verwerking is vastgelegd.", "success")
            return redirect(url_for("reports.response", investigation_id=investigation_id, round_id=round_id))
    return _response_page(investigation_id, report, round_, handle_forms={point.id: form}), 400


@bp.post("/wederhoor/<int:round_id>/verlopen")
@requires(Permission.REPORTS_WRITE)
def lapse(investigation_id: int, round_id: int) -> Page:
    report = _report(investigation_id)
    round_ = queries.get_round_or_404(report, round_id)
    ConfirmForm().validate_on_submit()
    try:
        services.mark_lapsed(report, round_, today())
    except ReportError as error:
        return _refused(investigation_id, report, error)
    flash("Vastgelegd: geen reactie binnen de termijn.", "info")
    return redirect(url_for("reports.index", investigation_id=investigation_id))


@bp.route("/definitief", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def definitive(investigation_id: int) -> Page:
    report = _report(investigation_id)
    form = DefinitiveForm()
    if form.validate_on_submit():
        try:
            version = services.issue_definitive(report, _user_id(), today(), form.note.data or "")
        except ReportError as error:
            _attach(form, error)
        else:
            flash(f"Definitieve versie {version.number} is vastgelegd en verstuurd.", "success")
            return redirect(url_for("reports.index", investigation_id=investigation_id))
    status = 422 if form.errors or form.form_errors else 200
    body = services.preview_html(report, today()) if report.status == ReportStatus.IN_RESPONSE else None
    return render_template("reports/definitive.html", form=form, body=body, **_context(investigation_id, report)), status


@bp.route("/openbare-versie", methods=["GET", "POST"])
@requires(Permission.REPORTS_WRITE)
def redact(investigation_id: int) -> Page:
    report = _report(investigation_id)
    form = RedactForm()
    if form.validate_on_submit():
        try:
            version = services.redact(report, lines(form.passages.data), _user_id(), today())
        except ReportError as error:
            _attach(form, error)
        else:
            flash(f"De openbare versie (versie {version.number}) is vastgelegd.", "success")
            return redirect(url_for("reports.version", investigation_id=investigation_id, version_id=version.id))
    status = 422 if form.errors or form.form_errors else 200
    definitive_version = services.latest_version(report, VersionKind.DEFINITIVE)
    return render_template("reports/redact.html", form=form, definitive=definitive_version, **_context(investigation_id, report)), status


# --- publication: the gemeente's own phase -----------------------------------------------------


def _publication_page(investigation_id: int, report: Report, status: int = 200, **forms: Any) -> tuple[str, int]:
    publication = services.publication_of(report)
    remedies = services.remedies_of(publication) if publication else []
    blockers = services.publication_blockers(report, publication, today()) if publication else []
    context = _context(investigation_id, report)
    page = render_template(
        "reports/publication.html", publication=publication, remedies=remedies, blockers=blockers,
        redacted=services.redacted_for(report), decision_form=forms.get("decision_form") or DecisionForm(formdata=None),
        remedy_form=forms.get("remedy_form") or RemedyForm(formdata=None),
        resolve_forms={r.id: (forms.get("resolve_forms") or {}).get(r.id) or ResolveForm(formdata=None, prefix=f"r{r.id}") for r in remedies},
        reactie_form=forms.get("reactie_form") or ReactieForm(formdata=None, obj=publication) if publication else ReactieForm(formdata=None),
        RemedyStatus=RemedyStatus, RemedyKind=RemedyKind, **context,
    )
    return page, status


@bp.get("/openbaarmaking")
@requires(Permission.PUBLICATION_DECIDE)
def publication(investigation_id: int) -> Page:
    return _publication_page(investigation_id, _report(investigation_id))


@bp.post("/openbaarmaking/openen")
@requires(Permission.PUBLICATION_DECIDE)
def open_publication(investigation_id: int) -> Page:
    report = _report(investigation_id)
    ConfirmForm().validate_on_submit()
    try:
        services.open_publication(report, _user_id())
    except ReportError as error:
        return _refused(investigation_id, report, error)
    return redirect(url_for("reports.publication", investigation_id=investigation_id))


def _publication_or_404(report: Report) -> Any:
    found = services.publication_of(report)
    if found is None:
        abort(404)
    return found


@bp.post("/openbaarmaking/besluit")
@requires(Permission.PUBLICATION_DECIDE)
def decide(investigation_id: int) -> Page:
    report = _report(investigation_id)
    publication_ = _publication_or_404(report)
    form = DecisionForm()
    if form.validate_on_submit():
        data = services.DecisionInput(
            publish=form.publish.data == "ja", decided_on=form.decided_on.data,  # type: ignore[arg-type]
            woo_basis=form.woo_basis.data or "", decision_reference=form.decision_reference.data or "",
        )
        try:
            services.decide_publication(report, publication_, data, _user_id(), today())
        except ReportError as error:
            _attach(form, error)
        else:
            flash("Het besluit over de openbaarmaking is vastgelegd.", "success")
            return redirect(url_for("reports.publication", investigation_id=investigation_id))
    return _publication_page(investigation_id, report, 400, decision_form=form)


@bp.post("/openbaarmaking/rechtsmiddelen")
@requires(Permission.PUBLICATION_DECIDE)
def lodge(investigation_id: int) -> Page:
    report = _report(investigation_id)
    publication_ = _publication_or_404(report)
    form = RemedyForm()
    if form.validate_on_submit():
        try:
            services.lodge_remedy(publication_, RemedyKind(form.kind.data), form.lodged_on.data, form.note.data or "", _user_id(), today())  # type: ignore[arg-type]
        except ReportError as error:
            _attach(form, error)
        else:
            flash("Vastgelegd; de publicatie wacht tot hierop is beslist.", "success")
            return redirect(url_for("reports.publication", investigation_id=investigation_id))
    return _publication_page(investigation_id, report, 400, remedy_form=form)


@bp.post("/openbaarmaking/rechtsmiddelen/<int:remedy_id>")
@requires(Permission.PUBLICATION_DECIDE)
def resolve(investigation_id: int, remedy_id: int) -> Page:
    report = _report(investigation_id)
    publication_ = _publication_or_404(report)
    remedy = queries.get_remedy_or_404(publication_, remedy_id)
    form = ResolveForm(prefix=f"r{remedy.id}")
    if form.validate_on_submit():
        try:
            services.resolve_remedy(publication_, remedy, RemedyStatus(form.status.data), form.decided_on.data, form.note.data or "", _user_id(), today())  # type: ignore[arg-type]
        except ReportError as error:
            _attach(form, error)
        else:
            flash("De uitkomst is vastgelegd.", "success")
            return redirect(url_for("reports.publication", investigation_id=investigation_id))
    return _publication_page(investigation_id, report, 400, resolve_forms={remedy.id: form})


@bp.post("/openbaarmaking/bestuurlijke-reactie")
@requires(Permission.PUBLICATION_DECIDE)
def reactie(investigation_id: int) -> Page:
    report = _report(investigation_id)
    publication_ = _publication_or_404(report)
    form = ReactieForm()
    if form.validate_on_submit():
        try:
            services.record_bestuurlijke_reactie(publication_, form.bestuurlijke_reactie.data or "", form.bestuurlijke_reactie_on.data, _user_id(), today())  # type: ignore[arg-type]
        except ReportError as error:
            _attach(form, error)
        else:
            flash("De bestuurlijke reactie is vastgelegd.", "success")
            return redirect(url_for("reports.publication", investigation_id=investigation_id))
    return _publication_page(investigation_id, report, 400, reactie_form=form)


@bp.post("/openbaarmaking/publiceren")
@requires(Permission.PUBLICATION_DECIDE)
def publish(investigation_id: int) -> Page:
    report = _report(investigation_id)
    publication_ = _publication_or_404(report)
    ConfirmForm().validate_on_submit()
    try:
        services.publish(report, publication_, _user_id(), today())
    except ReportError as error:
        return _refused(investigation_id, report, error)
    flash("Het rapport is als openbaar gemaakt vastgelegd.", "success")
    return redirect(url_for("reports.publication", investigation_id=investigation_id))
