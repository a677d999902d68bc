"""URL rules of the settings slice: pages under /g/<slug>/instellingen and the JSON API."""

from __future__ import annotations

from blueprints.settings import api, routes

bp = routes.bp
api_bp = api.api_bp
