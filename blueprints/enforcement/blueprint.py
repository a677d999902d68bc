"""URL rules of the enforcement slice: pages under /g/<slug>/handhaving and the JSON API."""

from __future__ import annotations

from blueprints.enforcement import api, routes

bp = routes.bp
api_bp = api.api_bp
