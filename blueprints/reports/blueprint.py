"""URL rules of the reports slice: pages under /g/<slug>/onderzoeken/<id>/rapport and the JSON API."""

from __future__ import annotations

from blueprints.reports import api, routes

bp = routes.bp
api_bp = api.api_bp
