"""JSON API: /api/v1/regio/lessen — search the region's shared lessons."""

from __future__ import annotations

from typing import Any

from blueprints.lessons import queries
from blueprints.lessons.schemas import LessonPageOut, LessonSearchArgs
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import current_entitlements

api_bp = ApiBlueprint(
    "lessons_api", __name__, url_prefix="/regio/lessen",
    description="Gedeelde lessen na calamiteiten (zonder persoonsgegevens)",
)


@api_bp.route("/", methods=["GET"])
@api_bp.arguments(LessonSearchArgs, location="query")
@api_bp.response(200, LessonPageOut)
@requires(Permission.LESSONS_READ)
def search_lessons(args: dict[str, Any]) -> queries.LessonPage:
    ents = current_entitlements()
    assert ents is not None
    region_ids = queries.reader_region_ids(ents, require_tenant_context())
    return queries.search(
        region_ids,
        queries.LessonQuery(args["service_type_id"], args["theme"], args["q"], args["page"]),
    )
