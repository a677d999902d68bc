"""URL rules of the lessons slice: /regio/lessen and the JSON API /api/v1/regio/lessen."""

from __future__ import annotations

from blueprints.lessons import api, routes

bp = routes.bp
api_bp = api.api_bp
