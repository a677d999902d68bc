"""URL rules of the public meldpunt: /meldpunt/, /meldpunt/<slug>, its two forms and the receipt."""

from __future__ import annotations

from blueprints.meldpunt import routes

bp = routes.bp
