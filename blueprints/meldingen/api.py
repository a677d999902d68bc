"""JSON API: /api/v1/g/<slug>/meldingen — list, register, detail per audience, each step, documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from flask import Response, jsonify
from werkzeug.exceptions import UnprocessableEntity

from blueprints.meldingen import permissions, presenting, queries, services
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.models import Melding, MeldingKind, MeldingStatus
from blueprints.meldingen.permissions import Audience
from blueprints.meldingen.schemas import (
    MeldingAssessmentIn,
    MeldingAttachmentOut,
    MeldingAssignIn,
    MeldingAssignmentOut,
    MeldingCloseIn,
    MeldingDisclosureIn,
    MeldingDisclosureOut,
    MeldingDocumentIn,
    MeldingCaseOut,
    MeldingFilterArgs,
    MeldingGemeenteOut,
    MeldingGgdOut,
    MeldingIn,
    MeldingListOut,
    MeldingProviderRequestIn,
    MeldingReasonIn,
    MeldingReportReceivedIn,
    MeldingTransferIn,
    MeldingTriageIn,
)
from blueprints.attachments import access as attachment_access
from blueprints.attachments.queries import attachments_of
from regiotoezicht.api import ApiBlueprint, found_first
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import current_entitlements, refuse

api_bp = ApiBlueprint(
    "meldingen_api", __name__, url_prefix="/g/<slug>/meldingen",
    description="Meldingen (calamiteiten, geweld, signalen) van een gemeente",
)

SCHEMAS = {Audience.GEMEENTE: MeldingGemeenteOut, Audience.GGD: MeldingGgdOut, Audience.CASE: MeldingCaseOut}


def _unprocessable(error: MeldingError) -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    exc.data = {"messages": {"json": error.errors}}  # type: ignore[attr-defined]
    raise exc


def _detail(melding: Melding, status: int = 200) -> Response:
    """The melding in the schema of the caller's audience (the documented schema is the widest):
    dumped here, so smorest passes the response through as it is."""
    ents = current_entitlements()
    assert ents is not None
    audience = permissions.audience_for(ents, melding)
    response = jsonify(SCHEMAS[audience]().dump(presenting.melding_dict(melding, audience)))
    response.status_code = status
    return response


def _step(melding_id: int, step: Callable[[Melding], Any]) -> Response:
    melding = queries.get_melding_or_404(melding_id)
    try:
        step(melding)
    except MeldingError as error:
        _unprocessable(error)
    return _detail(melding)


@api_bp.route("/", methods=["GET"])
@api_bp.arguments(MeldingFilterArgs, location="query")
@api_bp.response(200, MeldingListOut(many=True))
@requires(Permission.MELDINGEN_VIEW)
def list_meldingen(args: dict[str, Any]) -> list[dict[str, Any]]:
    """Meldingen van de gemeente, met de termijn waarop ze wachten (te laat: berekend bij lezen)."""
    ents = current_entitlements()
    assert ents is not None
    try:
        status = MeldingStatus(args["status"]) if args.get("status") else None
        kind = MeldingKind(args["kind"]) if args.get("kind") else None
    except ValueError:
        _unprocessable(MeldingError("Onbekende status of soort.", "status"))
    flt = queries.MeldingFilter(
        status=status, kind=kind, open_only=args["open"], overdue_only=args["overdue"],
        assigned_to=ents.user_id if args["mine"] else None, text=args["q"],
    )
    return [
        {**{c: getattr(r.melding, c) for c in ("id", "gemeente_id", "reference", "kind", "status",
                                               "received_on", "provider_name", "summary")},
         "deadline": presenting.deadline_dict(r.deadline), "overdue": r.overdue}
        for r in queries.list_meldingen(flt)
    ]


@api_bp.route("/", methods=["POST"])
@api_bp.arguments(MeldingIn)
@api_bp.response(201, MeldingCaseOut)
@requires(Permission.MELDINGEN_REGISTER)
def create_melding(data: dict[str, Any]) -> Response:
    """Registreer een melding die per telefoon, e-mail of brief binnenkwam."""
    channel, received_on = data.pop("channel"), data.pop("received_on")
    try:
        melding = services.register_melding(data, channel=channel, received_on=received_on)
    except MeldingError as error:
        _unprocessable(error)
    return _detail(melding, 201)


@api_bp.route("/<int:melding_id>", methods=["GET"])
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_VIEW)
def get_melding(melding_id: int) -> Response:
    """Eén melding; welke velden u ziet hangt af van uw rol en of u op de zaak zit."""
    return _detail(queries.get_melding_or_404(melding_id))


@api_bp.route("/<int:melding_id>/triage", methods=["POST"])
@api_bp.arguments(MeldingTriageIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def triage(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.triage(m, data))


@api_bp.route("/<int:melding_id>/onderzoek-aanbieder", methods=["POST"])
@api_bp.arguments(MeldingProviderRequestIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def request_provider_investigation(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.request_provider_investigation(m, data))


@api_bp.route("/<int:melding_id>/rapport-aanbieder", methods=["POST"])
@api_bp.arguments(MeldingReportReceivedIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def receive_provider_report(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.receive_provider_report(m, data))


@api_bp.route("/<int:melding_id>/beoordeling", methods=["POST"])
@api_bp.arguments(MeldingAssessmentIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def assess_provider_report(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.assess_provider_report(m, data))


@api_bp.route("/<int:melding_id>/eigen-onderzoek", methods=["POST"])
@api_bp.arguments(MeldingReasonIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def start_investigation(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.start_investigation(m, data["reason"]))


@api_bp.route("/<int:melding_id>/afsluiten", methods=["POST"])
@api_bp.arguments(MeldingCloseIn)
@api_bp.response(200, MeldingCaseOut)
@requires(Permission.MELDINGEN_TRIAGE)
def close(data: dict[str, Any], melding_id: int) -> Response:
    return _step(melding_id, lambda m: services.close(m, data))


@api_bp.route("/<int:melding_id>/overdragen", methods=["POST"])
@api_bp.arguments(MeldingTransferIn)
@api_bp.response(200, MeldingGemeenteOut)
@requires(Permission.MELDINGEN_TRANSFER)
def transfer(data: dict[str, Any], melding_id: int) -> dict[str, Any]:
    """Draag over aan een andere gemeente (u moet in beide mogen overdragen)."""
    melding = queries.get_melding_or_404(melding_id)
    try:
        services.transfer(melding, data["gemeente_id"], data["reason"])
    except MeldingError as error:
        _unprocessable(error)
    return {"id": melding.id, "gemeente_id": melding.gemeente_id, "reference": melding.reference,
            "status": melding.status, "kind": melding.kind}


@api_bp.route("/<int:melding_id>/team", methods=["POST"])
@api_bp.arguments(MeldingAssignIn)
@api_bp.response(201, MeldingAssignmentOut)
@requires(Permission.MELDINGEN_REGISTER)
def assign(data: dict[str, Any], melding_id: int) -> Any:
    melding = queries.get_melding_or_404(melding_id)
    try:
        return services.assign(melding, data["user_id"])
    except MeldingError as error:
        _unprocessable(error)


@api_bp.route("/<int:melding_id>/verstrekkingen", methods=["POST"])
@api_bp.arguments(MeldingDisclosureIn)
@api_bp.response(201, MeldingDisclosureOut)
@requires(Permission.MELDINGEN_TRIAGE)
def record_disclosure(data: dict[str, Any], melding_id: int) -> Any:
    """Leg vast dat gegevens van de melding naar iemand buiten de zaak gingen (grondslag, inhoud)."""
    melding = queries.get_melding_or_404(melding_id)
    try:
        return services.record_melding_disclosure(melding, data)
    except MeldingError as error:
        _unprocessable(error)


@api_bp.route("/<int:melding_id>/documenten", methods=["GET"])
@api_bp.response(200, MeldingAttachmentOut(many=True))
@requires(Permission.MELDINGEN_VIEW)
def list_documents(melding_id: int) -> Any:
    """De bijlagen van de melding (ook die van het meldpunt): alleen voor het zaakteam of met noodtoegang.
    Downloaden gaat via /g/<slug>/bijlagen/<id>."""
    melding = queries.get_melding_or_404(melding_id)
    if not attachment_access.may_read(permissions.SUBJECT_TYPE, melding.id):
        refuse(melding.gemeente_id, Permission.MELDINGEN_VIEW, "need_to_know")
    return attachments_of(permissions.SUBJECT_TYPE, melding.id)


@api_bp.route("/<int:melding_id>/documenten", methods=["POST"])
@found_first(queries.get_melding_or_404, "melding_id")
@api_bp.arguments(MeldingDocumentIn, location="files")
@api_bp.response(201, MeldingAttachmentOut)
@requires(Permission.MELDINGEN_TRIAGE)
def add_document(files: dict[str, Any], melding_id: int) -> Any:
    """Voeg een document toe (multipart, veld `file`); alleen een toezichthouder op de zaak, bij een open melding."""
    melding = queries.get_melding_or_404(melding_id)
    try:
        return services.add_document(melding, files["file"])
    except MeldingError as error:
        _unprocessable(error)
