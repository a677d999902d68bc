"""URL rules of the investigations slice: pages under /g/<slug>/onderzoeken and /regio/onderzoeken,
and the JSON API under /api/v1/g/<slug>/investigations."""

from __future__ import annotations

from blueprints.investigations import api, routes

bp = routes.bp
api_bp = api.api_bp
