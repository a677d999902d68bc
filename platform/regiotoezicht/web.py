"""The request cycle every route runs through: access → tenant → view → one commit or rollback.

A view declares what it needs with @requires(Permission.X) or @public; the app refuses to start
when a URL rule does neither (see check_declarations). Before the view: login, CSRF (unless a
bearer token is used), the second factor, then the tenancy resolver registered by `tenants`
fills the tenant context or answers 404/403. After the view: one commit when the response is
not an error, else a rollback. Views and services only flush.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import Unauthorized

from regiotoezicht.context import TenantContext, clear_tenant_context, set_tenant_context
from regiotoezicht.errors import json_error, wants_json
from regiotoezicht.extensions import csrf, db
from regiotoezicht.permissions import Permission

F = TypeVar("F", bound=Callable[..., Any])

#: The public names; `json_error` and `wants_json` live in errors.py and are offered here too,
#: since slices answer API errors of their own with them.
__all__ = [
    "PUBLIC_EXTENSION_ENDPOINTS", "Access", "Scope", "SecondFactorPolicy", "TenancyResolver",
    "access_of", "check_declarations", "init_app", "json_error", "public", "requires", "scope_of",
    "second_factor_needed", "wants_json",
]


class Scope(enum.StrEnum):
    """Where a URL acts, inferred from its rule: one gemeente, the region, or no tenant."""

    GEMEENTE = "gemeente"  # /g/<slug>/..., /api/v1/g/<slug>/...
    REGION = "region"  # /regio/..., /api/v1/regio/...
    ACCOUNT = "account"  # the user's own things; tenant tables stay closed


@dataclass(frozen=True)
class Access:
    permission: Permission | None
    public: bool = False
    #: Reachable before the second factor is verified (the TOTP pages themselves).
    before_second_factor: bool = False


def requires(permission: Permission, *, before_second_factor: bool = False) -> Callable[[F], F]:
    """Declare the permission a view needs; checked centrally before it runs."""

    def decorate(view: F) -> F:
        view._access = Access(permission, before_second_factor=before_second_factor)  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: F) -> F:
    """Declare a view reachable without login (login page, health checks, public meldpunt)."""
    view._access = Access(None, public=True)  # type: ignore[attr-defined]
    return view


#: Endpoints of extensions that cannot carry our decorator; all are read-only and public.
PUBLIC_EXTENSION_ENDPOINTS = {"static", "api-docs.openapi_json"}


class TenancyResolver(Protocol):
    """Registered by `tenants`: turns the request into a tenant context, or refuses it."""

    def resolve(self, scope: Scope, view_args: dict[str, Any], permission: Permission) -> TenantContext:
        """Return the context for this request; raise NotFound (unknown) or Forbidden."""
        ...


class SecondFactorPolicy(Protocol):
    def required(self, user: Any) -> bool: ...


def second_factor_needed(user: Any) -> bool:
    """A user with TOTP always gives the code; others when a region or gemeente requires it."""
    if getattr(user, "has_totp", False):
        return True
    policy: SecondFactorPolicy | None = current_app.extensions.get("regiotoezicht.second_factor")
    return policy is not None and policy.required(user)


def scope_of(rule: str) -> Scope:
    for prefix in ("/g/<", "/api/v1/g/<"):
        if rule.startswith(prefix):
            return Scope.GEMEENTE
    for prefix in ("/regio", "/api/v1/regio"):
        if rule == prefix or rule.startswith(prefix + "/"):
            return Scope.REGION
    return Scope.ACCOUNT


def access_of(app: Flask, endpoint: str) -> Access | None:
    if endpoint in PUBLIC_EXTENSION_ENDPOINTS:
        return Access(None, public=True)
    view = app.view_functions.get(endpoint)
    return getattr(view, "_access", None)


def check_declarations(app: Flask) -> None:
    """Refuse to start when a URL rule declares neither a permission nor public access."""
    missing = sorted(
        {rule.endpoint for rule in app.url_map.iter_rules() if access_of(app, rule.endpoint) is None}
    )
    if missing:
        raise RuntimeError(
            "URL rules without a declared permission (use @requires or @public): "
            + ", ".join(missing)
        )
    for rule in app.url_map.iter_rules():
        if scope_of(rule.rule) is Scope.GEMEENTE and "slug" not in rule.arguments:
            raise RuntimeError(f"gemeente rule {rule.rule} must take <slug>")


def init_app(app: Flask) -> None:
    app.before_request(_enforce_access)
    app.after_request(_finish_transaction)
    app.teardown_request(_teardown)


def _resolver() -> TenancyResolver:
    resolver = current_app.extensions.get("regiotoezicht.tenancy")
    if resolver is None:  # never fail open: without tenancy no gemeente is reachable
        raise RuntimeError("no tenancy resolver registered")
    return resolver


def _enforce_access() -> Response | None:
    clear_tenant_context()
    if request.endpoint is None:  # no rule matched: Flask answers 404 itself
        return None
    access = access_of(current_app, request.endpoint)
    if access is None:
        raise RuntimeError(f"undeclared endpoint {request.endpoint}")
    if access.public:
        _check_csrf()
        return None
    if not current_user.is_authenticated:
        if wants_json():
            raise Unauthorized("Inloggen vereist (sessie of bearer-token).")
        return redirect(url_for("auth.login", next=_safe_next(request.full_path)))
    if not g.get("auth_via_token"):
        _check_csrf()
    if (
        not access.before_second_factor
        and not g.get("auth_via_token")
        and not session.get("second_factor_ok")
        and second_factor_needed(current_user)
    ):
        if wants_json():
            raise Unauthorized("Tweede factor vereist: log eerst in via de browser.")
        return redirect(url_for("auth.second_factor", next=_safe_next(request.full_path)))
    assert access.permission is not None
    rule = request.url_rule.rule if request.url_rule else request.path
    ctx = _resolver().resolve(scope_of(rule), dict(request.view_args or {}), access.permission)
    set_tenant_context(ctx)
    return None


def _check_csrf() -> None:
    """Every state-changing browser request carries the CSRF token (form field or X-CSRFToken)."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _safe_next(path: str) -> str:
    """A local path to return to after login, else "/" (no open redirect).

    urlsplit sees no host in "///evil.example" or "/\\evil.example", but browsers do: they
    read any run of slashes and backslashes after the scheme as the start of a host.
    """
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/"):
        return "/"
    if path[1:2] in ("/", "\\") or "\\" in path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return "/"
    return path.rstrip("?")


def _finish_transaction(response: Response) -> Response:
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def _teardown(exc: BaseException | None) -> None:
    if exc is not None:
        db.session.rollback()
    clear_tenant_context()

