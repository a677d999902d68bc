"""Liveness (/healthz: the process answers) and readiness (/readyz: database and Redis reachable)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from regiotoezicht.extensions import db
from regiotoezicht.jobs import redis_connection
from regiotoezicht.web import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readyz() -> tuple[Response, int]:
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # report, never crash the probe
        checks["database"] = f"fout: {type(exc).__name__}"
    if current_app.config.get("REDIS_URL"):
        try:
            conn = redis_connection()
            assert conn is not None
            conn.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"fout: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503
