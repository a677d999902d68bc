"""JSON API: /api/v1/me, /api/v1/regio/gebruikers and /api/v1/g/<slug>/lidmaatschappen."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response
from flask_login import current_user
from werkzeug.exceptions import Forbidden, UnprocessableEntity

from blueprints.users import queries, services
from blueprints.users.permissions import OutOfScope, log_refusal, require_region_ids
from blueprints.users.schemas import (
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    MeOut,
    RegionUserOut,
)
from regiotoezicht.api import ApiBlueprint
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission, Role
from regiotoezicht.web import json_error, requires
from tenants.entitlements import Entitlements, today
from tenants.models import Membership
from tenants.resolution import current_entitlements, current_gemeente

api_bp = ApiBlueprint(
    "users_api", __name__, description="Uw account, gebruikers en lidmaatschappen"
)


def _actor() -> Entitlements:
    ents = current_entitlements()
    assert ents is not None
    return ents


def _unprocessable(error: services.UserError) -> NoReturn:
    exc = UnprocessableEntity("Een of meer velden kloppen niet.")
    # The shape webargs gives its own validation errors: {"json": {field: [messages]}}.
    messages = {"json": {error.field or "_schema": [error.message]}}
    exc.data = {"messages": messages}  # type: ignore[attr-defined]
    raise exc


@api_bp.errorhandler(OutOfScope)
def _out_of_scope(error: OutOfScope) -> tuple[Response, int]:
    gemeente = current_gemeente()
    log_refusal(gemeente.id if gemeente else None)
    return json_error(Forbidden(str(error)))


@api_bp.route("/me", methods=["GET"])
@api_bp.response(200, MeOut)
@requires(Permission.ACCOUNT)
def me() -> dict[str, Any]:
    """Uw account, uw rollen van vandaag en de gemeenten waarin u mag werken."""
    ents = _actor()
    user = current_user._get_current_object()
    region_roles, memberships = queries.own_roles_on(user.id, today())
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "has_totp": user.has_totp,
        "region_roles": region_roles,
        "memberships": memberships,
        "gemeenten": [
            {
                "id": g.id,
                "slug": g.slug,
                "name": g.name,
                "roles": sorted(role.value for role in ents.roles_in(g.id)),
            }
            for g in queries.gemeenten(ents.gemeente_ids)
        ],
    }


@api_bp.route("/regio/gebruikers", methods=["GET"])
@api_bp.response(200, RegionUserOut(many=True))
@requires(Permission.USERS_MANAGE)
def region_users() -> list[queries.UserRoles]:
    """Iedereen met een rol in de regio of haar gemeenten, met huidige en beëindigde rollen."""
    region_ids = require_region_ids(_actor(), Permission.USERS_MANAGE)
    gemeente_ids = queries.region_gemeente_ids(
        region_ids, require_tenant_context().allowed_ids, today()
    )
    return queries.region_users(region_ids, gemeente_ids)


@api_bp.route("/g/<slug>/lidmaatschappen", methods=["GET"])
@api_bp.response(200, MembershipOut(many=True))
@requires(Permission.USERS_MANAGE)
def list_memberships() -> list[Membership]:
    """Alle lidmaatschappen van deze gemeente, ook beëindigde."""
    gemeente = current_gemeente()
    assert gemeente is not None
    return queries.memberships_in(gemeente.id)


@api_bp.route("/g/<slug>/lidmaatschappen", methods=["POST"])
@api_bp.arguments(MembershipIn)
@api_bp.response(201, MembershipOut)
@requires(Permission.USERS_MANAGE)
def grant_membership(data: dict[str, Any]) -> Membership:
    """Ken een gebruiker die al een (beëindigd) lidmaatschap in deze gemeente heeft een rol toe.

    Nieuwe gebruikers nodigt u uit via de pagina Gebruikers (per e-mail).
    """
    gemeente = current_gemeente()
    assert gemeente is not None
    user = queries.find_gemeente_user(data["user_id"], gemeente.id)
    if user is None:
        _unprocessable(
            services.UserError(
                "Onbekende gebruiker in deze gemeente. Nodig nieuwe gebruikers uit via e-mail.",
                "user_id",
            )
        )
    grant = services.RoleGrant(
        role=Role(data["role"]),
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        gemeente_id=gemeente.id,
    )
    try:
        granted = services.grant_role(_actor(), user, grant)
    except services.UserError as error:
        _unprocessable(error)
    assert isinstance(granted, Membership)
    return granted


@api_bp.route("/g/<slug>/lidmaatschappen/<int:membership_id>/beeindigen", methods=["POST"])
@api_bp.arguments(MembershipEndIn)
@api_bp.response(200, MembershipOut)
@requires(Permission.USERS_MANAGE)
def end_membership(data: dict[str, Any], membership_id: int) -> Membership:
    """Beëindig een lidmaatschap: de laatste dag wordt gezet, de geschiedenis blijft."""
    membership = queries.get_membership_or_404(membership_id)
    try:
        return services.end_membership(_actor(), membership, data["valid_until"])
    except services.UserError as error:
        _unprocessable(error)
