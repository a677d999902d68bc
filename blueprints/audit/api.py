"""JSON API: GET /api/v1/regio/audit and GET /api/v1/g/<slug>/audit (read only)."""

from __future__ import annotations

from typing import Any

from flask_smorest import abort
from marshmallow import RAISE

from blueprints.audit import queries, services
from blueprints.audit.queries import AuditFilter, FilterError
from blueprints.audit.schemas import AuditPageOut, AuditQuery, RegionAuditQuery
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires

api_bp = ApiBlueprint("audit_api", __name__, description="Auditlog (alleen lezen, nieuwste eerst)")


@api_bp.route("/regio/audit", methods=["GET"])
@api_bp.arguments(RegionAuditQuery, location="query", unknown=RAISE)
@api_bp.response(200, AuditPageOut)
@requires(Permission.AUDIT_READ)
def region_log(args: dict[str, Any]) -> dict[str, Any]:
    return _page(args)


@api_bp.route("/g/<slug>/audit", methods=["GET"])
@api_bp.arguments(AuditQuery, location="query", unknown=RAISE)
@api_bp.response(200, AuditPageOut)
@requires(Permission.AUDIT_READ)
def gemeente_log(args: dict[str, Any]) -> dict[str, Any]:
    return _page(args)


def _page(args: dict[str, Any]) -> dict[str, Any]:
    scope = queries.current_log_scope()
    try:
        gemeente_id, region_level_only = queries.resolve_gemeente_filter(scope, args.get("gemeente"))
    except FilterError as exc:
        abort(422, messages={"query": {exc.field: [str(exc)]}})
    filters = AuditFilter(
        date_from=args.get("date_from"),
        date_to=args.get("date_to"),
        action=(args.get("action") or "").strip() or None,
        actor_id=args.get("actor"),
        gemeente_id=gemeente_id,
        region_level_only=region_level_only,
        object_type=(args.get("object_type") or "").strip() or None,
        object_id=(args.get("object_id") or "").strip() or None,
    )
    page = queries.events_page(
        scope, filters, before=args.get("before"), after=args.get("after"), per_page=args["per_page"]
    )
    services.record_viewed(scope, filters, "json")
    return {
        "items": page.rows,
        "per_page": args["per_page"],
        "next_before": page.next_before,
        "prev_after": page.prev_after,
    }
