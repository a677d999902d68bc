"""The JSON API under /api/v1/: flask-smorest, OpenAPI from the marshmallow schemas.

Clients authenticate with a personal bearer token (exempt from CSRF) or the browser session
(writes then need the X-CSRFToken header). Errors are JSON with field-level messages; unknown
fields are rejected (marshmallow's default RAISE).
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint as SmorestBlueprint

from regiotoezicht.extensions import api

API_PREFIX = "/api/v1"


class ApiBlueprint(SmorestBlueprint):
    """A slice's API blueprint; its views carry @requires/@public like every other view."""


def init_app(app: Flask) -> None:
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token"}
    )
    api.spec.components.security_scheme(
        "sessionCookie", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    api.spec.options["security"] = [{"bearerAuth": []}, {"sessionCookie": []}]


def register(app: Flask, blueprint: ApiBlueprint) -> None:
    api.register_blueprint(blueprint, url_prefix=API_PREFIX + (blueprint.url_prefix or ""))
