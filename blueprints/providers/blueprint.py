"""URL rules of the providers slice: pages under /g/<slug>/aanbieders and /regio/aanbieders, and the API."""

from __future__ import annotations

from blueprints.providers import api, models, routes

#: The models register their tables with the metadata (migrations and the model check read it).
MODELS = models
bp = routes.bp
api_bp = api.api_bp
