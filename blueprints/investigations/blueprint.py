"""URL rules of the investigations slice: pages under /g/<slug>/onderzoeken and /regio/onderzoeken,
and the JSON API under /api/v1/g/<slug>/investigations; importing it adds the investigations of a
melding to the melding's page."""

from __future__ import annotations

from blueprints.investigations import api, melding_links, routes

bp = routes.bp
api_bp = api.api_bp
melding_links.install()  # the "Onderzoeken" section on a melding's page
