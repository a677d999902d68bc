"""JSON API: /api/v1/g/<slug>/contactpersonen."""

from __future__ import annotations

from typing import Any

from blueprints.contacts import queries, services
from blueprints.contacts.models import GemeenteContact
from blueprints.contacts.schemas import ContactIn, ContactOut, ContactPatch
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires

api_bp = ApiBlueprint(
    "contacts_api", __name__, url_prefix="/g/<slug>/contactpersonen",
    description="Contactpersonen van een gemeente",
)


@api_bp.route("/", methods=["GET"])
@api_bp.response(200, ContactOut(many=True))
@requires(Permission.GEMEENTE_VIEW)
def list_contacts() -> list[GemeenteContact]:
    return queries.list_contacts()


@api_bp.route("/", methods=["POST"])
@api_bp.arguments(ContactIn)
@api_bp.response(201, ContactOut)
@requires(Permission.CONTACTS_MANAGE)
def create_contact(data: dict[str, Any]) -> GemeenteContact:
    return services.add_contact(data)


@api_bp.route("/<int:contact_id>", methods=["GET"])
@api_bp.response(200, ContactOut)
@requires(Permission.GEMEENTE_VIEW)
def get_contact(contact_id: int) -> GemeenteContact:
    return queries.get_contact_or_404(contact_id)


@api_bp.route("/<int:contact_id>", methods=["PATCH"])
@api_bp.arguments(ContactPatch(partial=True))
@api_bp.response(200, ContactOut)
@requires(Permission.CONTACTS_MANAGE)
def patch_contact(data: dict[str, Any], contact_id: int) -> GemeenteContact:
    return services.update_contact(queries.get_contact_or_404(contact_id), data)


@api_bp.route("/<int:contact_id>", methods=["DELETE"])
@api_bp.response(204)
@requires(Permission.CONTACTS_MANAGE)
def delete_contact(contact_id: int) -> None:
    services.remove_contact(queries.get_contact_or_404(contact_id))
