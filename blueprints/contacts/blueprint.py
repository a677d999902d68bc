"""URL rules of the contacts slice: pages under /g/<slug>/contactpersonen and the JSON API."""

from __future__ import annotations

from blueprints.contacts import api, routes

bp = routes.bp
api_bp = api.api_bp
