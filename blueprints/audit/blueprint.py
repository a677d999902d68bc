"""URL rules of the audit slice: /regio/audit, /g/<slug>/audit (+ CSV) and the JSON API."""

from __future__ import annotations

from blueprints.audit import api, routes

bp = routes.bp
api_bp = api.api_bp
