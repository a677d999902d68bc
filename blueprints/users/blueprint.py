"""URL rules of the users slice: pages under /regio/gebruikers, /g/<slug>/gebruikers and the
security settings (routes.py), and the JSON API under /api/v1 (api.py)."""

from __future__ import annotations

from blueprints.users import api, routes

bp = routes.bp
api_bp = api.api_bp
