"""Turn a request into a tenant context: /g/<slug>/ → one gemeente, /regio/ → the entitled set.

An unknown gemeente answers 404; a known gemeente the user is not entitled to answers 403 and
leaves an audit row that survives the rollback (access logging in the spirit of NEN 7513).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import select

from regiotoezicht import audit
from regiotoezicht.context import TenantContext
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from regiotoezicht.web import Scope, scope_of
from tenants import rls, scoping
from tenants.entitlements import Entitlements, compute_entitlements
from tenants.models import Gemeente, Region


def current_gemeente() -> Gemeente | None:
    """The gemeente of this /g/<slug>/ request, or None elsewhere."""
    return g.get("gemeente")


def current_entitlements() -> Entitlements | None:
    """This request's entitlements (computed once per request, never kept in the session)."""
    if "entitlements" not in g:
        if not current_user.is_authenticated:
            return None
        g.entitlements = compute_entitlements(current_user.id)
    return g.entitlements


def refuse(gemeente_id: int | None, permission: Permission, reason: str) -> None:
    audit.record_outside_transaction(
        "access.refused",
        gemeente_id=gemeente_id,
        detail={"permission": permission.value, "reason": reason, "path": request.path},
    )
    abort(403)


class Resolver:
    def resolve(self, scope: Scope, view_args: dict[str, Any], permission: Permission) -> TenantContext:
        ents = current_entitlements()
        assert ents is not None
        user_id = ents.user_id
        if scope is Scope.GEMEENTE:
            slug = view_args.get("slug") or g.get("tenant_slug")
            gemeente = db.session.execute(
                select(Gemeente).where(Gemeente.slug == slug)
            ).scalar_one_or_none()
            if gemeente is None:
                abort(404)
            if gemeente.id not in ents.gemeente_ids:
                refuse(gemeente.id, permission, "not_entitled")
            if not ents.can(permission, gemeente.id):
                refuse(gemeente.id, permission, "permission")
            g.gemeente = gemeente
            return TenantContext(
                allowed_ids=frozenset({gemeente.id}), active_id=gemeente.id, user_id=user_id,
                reason="gemeente",
            )
        if scope is Scope.REGION:
            allowed = ents.gemeenten_with(permission)
            if not allowed and not ents.region_can(permission):
                refuse(None, permission, "permission")
            return TenantContext(allowed_ids=allowed, user_id=user_id, reason="region")
        if not ents.can(permission):
            refuse(None, permission, "permission")
        return TenantContext(user_id=user_id, reason="account")


class SecondFactorPolicy:
    """A second factor is required when any region or gemeente the user acts in requires it."""

    def required(self, user: Any) -> bool:
        ents = current_entitlements()
        if ents is None:
            return False
        if ents.roles_by_region and db.session.execute(
            select(Region.id).where(Region.id.in_(ents.roles_by_region), Region.require_totp)
        ).first():
            return True
        return bool(
            ents.gemeente_ids
            and db.session.execute(
                select(Gemeente.id).where(Gemeente.id.in_(ents.gemeente_ids), Gemeente.require_totp)
            ).first()
        )


def _pop_slug(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "slug" in values and request.url_rule is not None:
        if scope_of(request.url_rule.rule) is Scope.GEMEENTE:
            g.tenant_slug = values.pop("slug")


def _default_slug(endpoint: str, values: dict[str, Any]) -> None:
    if "slug" in values:
        return
    gemeente = g.get("gemeente")
    if gemeente is not None and current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = gemeente.slug


def _template_context() -> dict[str, Any]:
    ents = current_entitlements() if current_user.is_authenticated else None
    nav: list[Gemeente] = []
    if ents is not None and ents.gemeente_ids:
        nav = list(
            db.session.execute(
                select(Gemeente).where(Gemeente.id.in_(ents.gemeente_ids)).order_by(Gemeente.name)
            ).scalars()
        )
    return {"nav_gemeenten": nav, "current_gemeente": current_gemeente(), "entitlements": ents}


def init_app(app: Flask) -> None:
    """Register the resolver and both isolation layers with the core."""
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    scoping.install(session_cls)
    rls.install(session_cls)
    app.extensions["regiotoezicht.tenancy"] = Resolver()
    app.extensions["regiotoezicht.second_factor"] = SecondFactorPolicy()
    app.url_value_preprocessor(_pop_slug)
    app.url_defaults(_default_slug)
    app.context_processor(_template_context)
