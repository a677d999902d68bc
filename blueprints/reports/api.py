"""JSON API: /api/v1/g/<slug>/onderzoeken/<id>/rapport — the same services as the pages."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import request
from flask_login import current_user
from werkzeug.exceptions import UnprocessableEntity

from blueprints.investigations.queries import get_investigation_or_404
from blueprints.reports import queries, schemas, services
from blueprints.reports.models import Publication, Report
from blueprints.reports.states import Handling, PublicationView, RemedyKind, RemedyStatus, ReportError
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today

api_bp = ApiBlueprint(
    "reports_api", __name__, url_prefix="/g/<slug>/onderzoeken/<int:investigation_id>/rapport",
    description="Rapporten: concept, hoor en wederhoor, definitief, openbaarmaking",
)


@api_bp.before_request
def _investigation_first() -> None:
    """Every route names an investigation: look it up after the central permission check and
    before the body is validated, so an investigation of another gemeente answers 404 whatever
    the body says (a 422 would tell nothing about the lookup)."""
    investigation_id = (request.view_args or {}).get("investigation_id")
    if investigation_id is not None:
        get_investigation_or_404(investigation_id)


def _unprocessable(error: ReportError) -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    exc.data = {"messages": {"json": error.errors}}  # type: ignore[attr-defined]
    raise exc


def _user_id() -> int:
    return int(current_user.id)


def _report_out(report: Report) -> dict[str, Any]:
    rounds = []
    for round_ in services.rounds_of(report):
        data = {k: getattr(round_, k) for k in schemas.ReportRoundOut().fields if k != "points"}
        data["points"] = services.points_of(round_)
        rounds.append(data)
    from_report = {k: getattr(report, k) for k in ("id", "investigation_id", "status", "summary", "judgement", "advice", "approved_version_id")}
    # A concept is for the inspectors; readers of reports see the definitive and redacted versions.
    return {**from_report, "versions": services.versions(report), "rounds": rounds}


def _publication_out(report: Report, publication: Publication) -> dict[str, Any]:
    data = {k: getattr(publication, k) for k in schemas.ReportPublicationOut().fields if k not in ("remedies", "blockers")}
    data["remedies"] = services.remedies_of(publication)
    data["blockers"] = services.publication_blockers(report, publication, today())
    return data


def _run(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except ReportError as error:
        _unprocessable(error)


@api_bp.route("/", methods=["GET"])
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def get_report(investigation_id: int) -> dict[str, Any]:
    return _report_out(queries.get_report_or_404(investigation_id))


@api_bp.route("/", methods=["POST"])
@api_bp.response(201, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def create_report(investigation_id: int) -> dict[str, Any]:
    return _report_out(services.open_report(investigation_id, _user_id()))


@api_bp.route("/", methods=["PATCH"])
@api_bp.arguments(schemas.ReportTextsIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def patch_texts(data: dict[str, str], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.update_texts, report, data)
    return _report_out(report)


@api_bp.route("/aanbieden", methods=["POST"])
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def submit(investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.submit_for_approval, report, _user_id(), today())
    return _report_out(report)


@api_bp.route("/goedkeuren", methods=["POST"])
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def approve(investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.approve, report, _user_id())
    return _report_out(report)


@api_bp.route("/teruggeven", methods=["POST"])
@api_bp.arguments(schemas.ReportReasonIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def return_(data: dict[str, str], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.return_to_draft, report, _user_id(), data["reason"])
    return _report_out(report)


@api_bp.route("/wederhoor", methods=["POST"])
@api_bp.arguments(schemas.ReportStartResponseIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def start_response(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    contacts = {c["provider_id"]: c["email"] for c in data["contacts"]}
    _run(services.start_response, report, _user_id(), data["sent_on"], contacts, today())
    return _report_out(report)


@api_bp.route("/wederhoor/<int:round_id>/reactie", methods=["POST"])
@api_bp.arguments(schemas.ReportResponseIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def record_response(data: dict[str, Any], investigation_id: int, round_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    round_ = queries.get_round_or_404(report, round_id)
    value = services.ResponseInput(
        received_on=data["received_on"], reaction=data["reaction"], attach_reaction=data["attach_reaction"],
        publication_view=PublicationView(data["publication_view"]),
        publication_view_text=data["publication_view_text"], points=data["points"],
    )
    _run(services.record_response, report, round_, value, today())
    return _report_out(report)


@api_bp.route("/wederhoor/<int:round_id>/punten/<int:point_id>", methods=["POST"])
@api_bp.arguments(schemas.ReportHandlingIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def handle_point(data: dict[str, Any], investigation_id: int, round_id: int, point_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    point = queries.get_point_or_404(queries.get_round_or_404(report, round_id), point_id)
    _run(services.handle_point, report, point, Handling(data["handling"]), data["note"])
    return _report_out(report)


@api_bp.route("/wederhoor/<int:round_id>/verlopen", methods=["POST"])
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def lapse(investigation_id: int, round_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.mark_lapsed, report, queries.get_round_or_404(report, round_id), today())
    return _report_out(report)


@api_bp.route("/definitief", methods=["POST"])
@api_bp.arguments(schemas.ReportDefinitiveIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def definitive(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.issue_definitive, report, _user_id(), today(), data["note"])
    return _report_out(report)


@api_bp.route("/openbare-versie", methods=["POST"])
@api_bp.arguments(schemas.ReportRedactIn)
@api_bp.response(200, schemas.ReportOut)
@requires(Permission.REPORTS_WRITE)
def redact(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    _run(services.redact, report, data["passages"], _user_id(), today())
    return _report_out(report)


def _require(data: dict[str, Any], *names: str) -> None:
    missing = {name: ["Dit veld is verplicht."] for name in names if data.get(name) is None}
    if missing:
        _unprocessable(ReportError(missing))


def _publication_or_422(report: Report) -> Publication:
    publication = services.publication_of(report)
    if publication is None:
        _unprocessable(ReportError.at("_schema", "De openbaarmakingsfase is in deze gemeente nog niet begonnen."))
    return publication


@api_bp.route("/openbaarmaking", methods=["GET"])
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def get_publication(investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    return _publication_out(report, _publication_or_422(report))


@api_bp.route("/openbaarmaking", methods=["POST"])
@api_bp.response(201, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def open_publication(investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    return _publication_out(report, _run(services.open_publication, report, _user_id()))


@api_bp.route("/openbaarmaking/besluit", methods=["POST"])
@api_bp.arguments(schemas.ReportDecisionIn)
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def decide(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    publication = _publication_or_422(report)
    _require(data, "publish", "decided_on", "woo_basis", "decision_reference")
    _run(services.decide_publication, report, publication, services.DecisionInput(**data), _user_id(), today())
    return _publication_out(report, publication)


@api_bp.route("/openbaarmaking/rechtsmiddelen", methods=["POST"])
@api_bp.arguments(schemas.ReportRemedyIn)
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def lodge(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    publication = _publication_or_422(report)
    _require(data, "kind", "lodged_on")
    _run(services.lodge_remedy, publication, RemedyKind(data["kind"]), data["lodged_on"], data["note"], _user_id(), today())
    return _publication_out(report, publication)


@api_bp.route("/openbaarmaking/rechtsmiddelen/<int:remedy_id>", methods=["POST"])
@api_bp.arguments(schemas.ReportResolveIn)
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def resolve(data: dict[str, Any], investigation_id: int, remedy_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    publication = _publication_or_422(report)
    remedy = queries.get_remedy_or_404(publication, remedy_id)
    _require(data, "status", "decided_on")
    _run(services.resolve_remedy, publication, remedy, RemedyStatus(data["status"]), data["decided_on"], data["note"], _user_id(), today())
    return _publication_out(report, publication)


@api_bp.route("/openbaarmaking/bestuurlijke-reactie", methods=["POST"])
@api_bp.arguments(schemas.ReportReactieIn)
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def reactie(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    publication = _publication_or_422(report)
    _require(data, "bestuurlijke_reactie", "bestuurlijke_reactie_on")
    _run(services.record_bestuurlijke_reactie, publication, data["bestuurlijke_reactie"], data["bestuurlijke_reactie_on"], _user_id(), today())
    return _publication_out(report, publication)


@api_bp.route("/openbaarmaking/publiceren", methods=["POST"])
@api_bp.response(200, schemas.ReportPublicationOut)
@requires(Permission.PUBLICATION_DECIDE)
def publish(investigation_id: int) -> dict[str, Any]:
    report = queries.get_report_or_404(investigation_id)
    publication = _publication_or_422(report)
    _run(services.publish, report, publication, _user_id(), today())
    return _publication_out(report, publication)
