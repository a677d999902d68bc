"""JSON API: /api/v1/g/<slug>/providers (a gemeente's providers and relations) and
/api/v1/regio/providers (the registry: search, create, correct)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response
from flask_login import current_user
from werkzeug.exceptions import UnprocessableEntity

from blueprints.providers import queries, services
from blueprints.providers.models import Provider, ProviderLocation, ProviderMerge, ProviderRelation, ServiceType
from blueprints.providers.schemas import (
    GemeenteProviderOut,
    LocationIn,
    LocationOut,
    LocationPatch,
    MergeIn,
    MergeOut,
    OnDateArgs,
    ProviderIn,
    ProviderOut,
    ProviderPatch,
    RelationIn,
    RelationOut,
    RelationPatch,
    SearchArgs,
    ServiceTypeOut,
    UndoMergeIn,
)
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import json_error, requires
from tenants.resolution import current_gemeente

api_bp = ApiBlueprint("providers_api", __name__, description="Aanbieders: register en relaties van gemeenten")


def _unprocessable(error: services.ProviderError) -> UnprocessableEntity:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    messages: dict[str, list[str]] = {}
    for key, message in error.errors.items():
        if error.existing is not None and key == "kvk_number":
            message = f"{message} (aanbieder {error.existing.id})"
        if error.similar and key == "name":
            message = f"{message} (aanbieder(s) {', '.join(str(p.id) for p in error.similar)}; stuur confirm_similar_name: true)"
        messages.setdefault(key, []).append(message)
    exc.data = {"messages": {"json": messages}}  # type: ignore[attr-defined]
    return exc


@api_bp.errorhandler(services.ProviderError)
def _refused(error: services.ProviderError) -> tuple[Response, int]:
    return json_error(_unprocessable(error))


def _gemeente_id() -> int:
    gemeente = current_gemeente()
    assert gemeente is not None
    return gemeente.id


@dataclass
class _GemeenteProvider:
    """A provider with the relations of one gemeente, for GemeenteProviderOut."""

    provider: Provider
    relations: list[ProviderRelation]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.provider, name)


# --- a gemeente's providers -----------------------------------------------------------------


@api_bp.route("/g/<slug>/providers", methods=["GET"])
@api_bp.arguments(OnDateArgs, location="query")
@api_bp.response(200, GemeenteProviderOut(many=True))
@requires(Permission.PROVIDERS_VIEW)
def gemeente_providers(args: dict[str, Any]) -> list[_GemeenteProvider]:
    """The providers this gemeente has (had) a relation with, each with those relations.
    With on_date: only relations valid on that day."""
    day = args.get("on_date")
    result = []
    for overview in queries.overview_of_gemeente(_gemeente_id()):
        relations = overview.current(day) if day else overview.relations
        if relations:
            result.append(_GemeenteProvider(overview.provider, relations))
    return result


@api_bp.route("/g/<slug>/providers/<int:provider_id>", methods=["GET"])
@api_bp.response(200, GemeenteProviderOut)
@requires(Permission.PROVIDERS_VIEW)
def gemeente_provider(provider_id: int) -> _GemeenteProvider:
    """A registry record with this gemeente's relations (a merged record answers with its own
    data and `merged_into_id`; its relations are listed under the survivor)."""
    provider = queries.get_provider_or_404(provider_id)
    relations = [] if provider.is_merged else queries.relations_of_provider(provider.id, [_gemeente_id()])
    return _GemeenteProvider(provider, relations)


@api_bp.route("/g/<slug>/providers/relations", methods=["GET"])
@api_bp.response(200, RelationOut(many=True))
@requires(Permission.PROVIDERS_VIEW)
def relations() -> list[ProviderRelation]:
    return [r for o in queries.overview_of_gemeente(_gemeente_id()) for r in o.relations]


@api_bp.route("/g/<slug>/providers/relations", methods=["POST"])
@api_bp.arguments(RelationIn)
@api_bp.response(201, RelationOut)
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def create_relation(data: dict[str, Any]) -> ProviderRelation:
    provider = queries.get_provider_or_404(data.pop("provider_id"))
    return services.add_relation(provider, data)


@api_bp.route("/g/<slug>/providers/relations/<int:relation_id>", methods=["GET"])
@api_bp.response(200, RelationOut)
@requires(Permission.PROVIDERS_VIEW)
def get_relation(relation_id: int) -> ProviderRelation:
    return queries.get_relation_or_404(relation_id)


@api_bp.route("/g/<slug>/providers/relations/<int:relation_id>", methods=["PATCH"])
@api_bp.arguments(RelationPatch)
@api_bp.response(200, RelationOut)
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def patch_relation(data: dict[str, Any], relation_id: int) -> ProviderRelation:
    return services.update_relation(queries.get_relation_or_404(relation_id), data)


@api_bp.route("/g/<slug>/providers/relations/<int:relation_id>", methods=["DELETE"])
@api_bp.response(204)
@requires(Permission.PROVIDER_RELATIONS_MANAGE)
def delete_relation(relation_id: int) -> None:
    services.remove_relation(queries.get_relation_or_404(relation_id))


# --- the registry ---------------------------------------------------------------------------


@api_bp.route("/regio/providers", methods=["GET"])
@api_bp.arguments(SearchArgs, location="query")
@api_bp.response(200, ProviderOut(many=True))
@requires(Permission.PROVIDERS_VIEW)
def search(args: dict[str, Any]) -> list[Provider]:
    """Live registry records matching q (all, by name, when q is empty; at most 50)."""
    return queries.search_registry(args["q"], args.get("region_id"))


def _single_region() -> int:
    regions = sorted(queries.reachable_region_ids())
    if len(regions) != 1:
        raise services.ProviderError({"region_id": "Geef region_id: u bereikt meer dan één register (of geen)."})
    return regions[0]


@api_bp.route("/regio/providers", methods=["POST"])
@api_bp.arguments(ProviderIn)
@api_bp.response(201, ProviderOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def create_provider(data: dict[str, Any]) -> Provider:
    """Add a provider to the registry; a KvK number already there is refused with its id."""
    region_id = data.pop("region_id") or _single_region()
    confirm = data.pop("confirm_similar_name")
    return services.register_provider(data, region_id=region_id, confirm_similar_name=confirm)


@api_bp.route("/regio/providers/<int:provider_id>", methods=["GET"])
@api_bp.response(200, ProviderOut)
@requires(Permission.PROVIDERS_VIEW)
def get_provider(provider_id: int) -> Provider:
    return queries.get_provider_or_404(provider_id)


@api_bp.route("/regio/providers/<int:provider_id>", methods=["PATCH"])
@api_bp.arguments(ProviderPatch)
@api_bp.response(200, ProviderOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def patch_provider(data: dict[str, Any], provider_id: int) -> Provider:
    confirm = data.pop("confirm_similar_name", False)
    return services.update_provider(queries.get_provider_or_404(provider_id), data, confirm_similar_name=confirm)


@api_bp.route("/regio/providers/service-types", methods=["GET"])
@api_bp.response(200, ServiceTypeOut(many=True))
@requires(Permission.PROVIDERS_VIEW)
def service_types() -> list[ServiceType]:
    """The reference list of voorzieningen (codes for a relation's service_types)."""
    return queries.service_types()




@api_bp.route("/regio/providers/<int:provider_id>/locations", methods=["POST"])
@api_bp.arguments(LocationIn)
@api_bp.response(201, LocationOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def create_location(data: dict[str, Any], provider_id: int) -> ProviderLocation:
    return services.add_location(queries.get_provider_or_404(provider_id), data)


@api_bp.route("/regio/providers/locations/<int:location_id>", methods=["PATCH"])
@api_bp.arguments(LocationPatch)
@api_bp.response(200, LocationOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def patch_location(data: dict[str, Any], location_id: int) -> ProviderLocation:
    return services.update_location(queries.get_location_or_404(location_id), data)


@api_bp.route("/regio/providers/<int:provider_id>/merge", methods=["POST"])
@api_bp.arguments(MergeIn)
@api_bp.response(201, MergeOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def merge_provider(data: dict[str, Any], provider_id: int) -> ProviderMerge:
    """Merge this record into survivor_id: a registry-level change; nothing of any gemeente is
    rewritten, their rows follow the survivor. The merged record stays, pointing at it."""
    merged = queries.get_provider_or_404(provider_id)
    survivor = queries.get_provider_or_404(data["survivor_id"])
    return services.merge_providers(survivor, merged, reason=data["reason"], actor_id=current_user.id)


@api_bp.route("/regio/providers/merges/<int:merge_id>/undo", methods=["POST"])
@api_bp.arguments(UndoMergeIn)
@api_bp.response(200, MergeOut)
@requires(Permission.PROVIDER_REGISTRY_MANAGE)
def undo_merge(data: dict[str, Any], merge_id: int) -> ProviderMerge:
    """Undo a merge made in error (while it is in force and the survivor is not merged itself)."""
    return services.undo_merge(queries.get_merge_or_404(merge_id), reason=data["reason"], actor_id=current_user.id)
