"""URL rules of the region slice: GET /api/v1/regio and GET /api/v1/gemeenten.

The region's pages live in the home slice (/regio/); `bp` exists because app.py registers
every slice's page blueprint, and holds no rules.
"""

from __future__ import annotations

from flask import Blueprint

from blueprints.region import api

bp = Blueprint("region", __name__)
api_bp = api.api_bp
