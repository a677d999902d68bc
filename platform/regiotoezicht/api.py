"""The JSON API under /api/v1/: flask-smorest, OpenAPI from the marshmallow schemas.

Clients authenticate with a personal bearer token (exempt from CSRF) or the browser session
(writes then need the X-CSRFToken header). Errors are JSON with field-level messages; unknown
fields are rejected (marshmallow's default RAISE).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask_smorest import Blueprint as SmorestBlueprint

from regiotoezicht.extensions import api

API_PREFIX = "/api/v1"

F = TypeVar("F", bound=Callable[..., Any])


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


def found_first(loader: Callable[[int], Any], arg: str) -> Callable[[F], F]:
    """Look the object named in the URL up before the body is validated (place it above
    `@arguments`): an id of another gemeente answers 404 whatever the body says, so a probe with
    an empty or wrong body learns nothing from a 422. Permission is checked before either."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            loader(kwargs[arg])
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
