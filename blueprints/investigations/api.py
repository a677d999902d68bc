"""JSON API: /api/v1/g/<slug>/investigations (+ findings and status).

Everything runs in the gemeente of the URL: an investigation it does not take part in is not
found, a new one has that gemeente as participant (others only when the caller may manage
investigations there too, which a /g/ context never allows), and the financing-form check of a
finding uses the relations of the participant gemeenten this context sees.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask_login import current_user
from werkzeug.exceptions import Forbidden, UnprocessableEntity

from blueprints.frameworks.models import JudgementValue, Norm
from blueprints.investigations import melding_links, queries, services
from blueprints.investigations.models import Finding, Investigation
from blueprints.investigations.permissions import can_work_on
from blueprints.investigations.schemas import (
    FindingIn,
    FindingOut,
    InvestigationIn,
    InvestigationOut,
    StatusIn,
)
from regiotoezicht.api import ApiBlueprint, found_first
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import Entitlements
from tenants.resolution import current_entitlements, current_gemeente

api_bp = ApiBlueprint(
    "investigations_api", __name__, url_prefix="/g/<slug>/investigations",
    description="Onderzoeken waaraan de gemeente deelneemt, en hun bevindingen",
)


def _actor() -> Entitlements:
    ents = current_entitlements()
    assert ents is not None
    return ents


def _unprocessable(error: services.InvestigationError) -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    exc.data = {"messages": {"json": {error.field or "_schema": [error.message]}}}  # type: ignore[attr-defined]
    raise exc


def _out(investigation: Investigation) -> dict[str, Any]:
    data = {k: getattr(investigation, k) for k in InvestigationOut().fields if hasattr(investigation, k)}
    data["gemeente_ids"] = queries.participant_ids(investigation)
    data["provider_ids"] = queries.provider_ids(investigation)
    return data


def _finding_out(finding: Finding) -> dict[str, Any]:
    norm = db.session.get(Norm, finding.norm_id)
    value = db.session.get(JudgementValue, finding.judgement_value_id)
    assert norm is not None and value is not None
    return {
        "id": finding.id, "investigation_id": finding.investigation_id, "provider_id": finding.provider_id,
        "norm_id": finding.norm_id, "norm_code": norm.code, "judgement_value_id": value.id,
        "judgement": value.code, "is_shortcoming": value.is_shortcoming,
        "explanation": finding.explanation, "evidence": finding.evidence,
    }


def _workable(investigation_id: int) -> Investigation:
    investigation = queries.get_investigation_or_404(investigation_id)
    if not can_work_on(_actor(), investigation, queries.participant_ids(investigation)):
        raise Forbidden("U werkt niet aan dit onderzoek.")
    return investigation


@api_bp.route("/", methods=["GET"])
@api_bp.response(200, InvestigationOut(many=True))
@requires(Permission.INVESTIGATIONS_VIEW)
def list_investigations() -> list[dict[str, Any]]:
    return [_out(i) for i in queries.list_investigations()]


@api_bp.route("/", methods=["POST"])
@api_bp.arguments(InvestigationIn)
@api_bp.response(201, InvestigationOut)
@requires(Permission.INVESTIGATIONS_MANAGE)
def create_investigation(data: dict[str, Any]) -> dict[str, Any]:
    gemeente = current_gemeente()
    assert gemeente is not None
    if not data.get("gemeente_ids"):
        data["gemeente_ids"] = [gemeente.id]
    melding_id = data.pop("melding_id", None)
    melding = melding_links.melding_or_404(melding_id) if melding_id is not None else None
    try:
        if melding is not None:
            return _out(services.create_after_melding(data, _actor(), melding))
        return _out(services.create_investigation(data, _actor()))
    except services.InvestigationError as error:
        _unprocessable(error)


@api_bp.route("/<int:investigation_id>", methods=["GET"])
@api_bp.response(200, InvestigationOut)
@requires(Permission.INVESTIGATIONS_VIEW)
def get_investigation(investigation_id: int) -> dict[str, Any]:
    return _out(queries.get_investigation_or_404(investigation_id))


@api_bp.route("/<int:investigation_id>/status", methods=["POST"])
@found_first(queries.get_investigation_or_404, "investigation_id")
@api_bp.arguments(StatusIn)
@api_bp.response(200, InvestigationOut)
@requires(Permission.INVESTIGATIONS_MANAGE)
def change_status(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    investigation = _workable(investigation_id)
    try:
        services.change_status(investigation, data["status"], current_user.id, data.get("note", ""))
    except services.InvestigationError as error:
        _unprocessable(error)
    return _out(investigation)


@api_bp.route("/<int:investigation_id>/findings", methods=["GET"])
@api_bp.response(200, FindingOut(many=True))
@requires(Permission.INVESTIGATIONS_VIEW)
def list_findings(investigation_id: int) -> list[dict[str, Any]]:
    investigation = queries.get_investigation_or_404(investigation_id)
    return [_finding_out(f) for f in queries.findings_of(investigation).values()]


@api_bp.route("/<int:investigation_id>/findings", methods=["POST"])
@found_first(queries.get_investigation_or_404, "investigation_id")
@api_bp.arguments(FindingIn)
@api_bp.response(201, FindingOut)
@requires(Permission.INVESTIGATIONS_MANAGE)
def record_finding(data: dict[str, Any], investigation_id: int) -> dict[str, Any]:
    investigation = _workable(investigation_id)
    try:
        return _finding_out(services.record_finding(investigation, data, current_user.id))
    except services.InvestigationError as error:
        _unprocessable(error)
