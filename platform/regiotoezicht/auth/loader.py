"""Flask-Login wiring: session users (with a version that ends old sessions), bearer tokens,
and the idle timeout."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, request, session
from flask_login import logout_user

from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import user_for_bearer
from regiotoezicht.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user


@login_manager.request_loader
def load_user_from_bearer(req) -> User | None:  # type: ignore[no-untyped-def]
    if not req.path.startswith("/api/"):
        # A token is for the API only. On the pages it would pass without CSRF (no session) and
        # could mint new tokens or switch the second factor off, outliving its own revocation.
        return None
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    user = user_for_bearer(token.strip())
    if user is not None:
        g.auth_via_token = True  # API clients: no session cookie, no CSRF token needed
    return user


def _idle_timeout() -> None:
    """End a session after SESSION_IDLE_TIMEOUT without requests, and PERMANENT_SESSION_LIFETIME
    (SESSION_MAX_HOURS) after login however active it is.

    Flask re-signs the cookie on every request, so its own lifetime slides and is no maximum.
    """
    if request.endpoint in (None, "static", "health.healthz", "health.readyz"):
        return
    if "_user_id" not in session:
        return
    now = time.time()
    last_seen = session.get("last_seen", 0)
    limit = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    longest = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    if now - last_seen > limit:
        message = "U bent uitgelogd omdat u een tijd niets hebt gedaan. Log opnieuw in."
    elif now - session.get("login_at", 0) > longest:
        message = "U bent uitgelogd omdat u al lang bent ingelogd. Log opnieuw in."
    else:
        session["last_seen"] = now
        return
    logout_user()
    session.clear()
    flash(message, "info")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te zien."
    login_manager.session_protection = "basic"
    app.before_request(_idle_timeout)
