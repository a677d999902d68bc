"""URL rules of the privacy slice: /regio/privacy and /g/<slug>/noodtoegang/<type>/<id>."""

from __future__ import annotations

from blueprints.privacy import routes

bp = routes.bp
