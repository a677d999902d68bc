"""JSON API: GET /api/v1/regio (regions and their gemeenten) and GET /api/v1/gemeenten (mine)."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE

from blueprints.region import queries
from blueprints.region.schemas import (
    GemeenteWithRolesOut,
    RegionApiNoParameters,
    RegionWithGemeentenOut,
)
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import Entitlements
from tenants.resolution import current_entitlements

api_bp = ApiBlueprint("region_api", __name__, description="Regio's en de gemeenten van de gebruiker")


def _entitlements() -> Entitlements:
    ents = current_entitlements()
    assert ents is not None  # every view here requires a login
    return ents


@api_bp.route("/regio", methods=["GET"])
@api_bp.arguments(RegionApiNoParameters, location="query", unknown=RAISE)
@api_bp.response(200, RegionWithGemeentenOut(many=True))
@requires(Permission.REGION_VIEW)
def regions(_args: dict[str, Any]) -> list[queries.RegionView]:
    """Regions where you hold a region role, with every gemeente they serve (and its dates);
    otherwise the regions that serve your gemeenten, with just those gemeenten."""
    return queries.regions_for(_entitlements(), require_tenant_context().allowed_ids)


@api_bp.route("/gemeenten", methods=["GET"])
@api_bp.arguments(RegionApiNoParameters, location="query", unknown=RAISE)
@api_bp.response(200, GemeenteWithRolesOut(many=True))
@requires(Permission.ACCOUNT)
def gemeenten(_args: dict[str, Any]) -> list[queries.EntitledGemeente]:
    """The gemeenten you may act in today, with your roles in each."""
    return queries.entitled_gemeenten(_entitlements())
