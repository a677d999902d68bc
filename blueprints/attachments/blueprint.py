"""URL rules of the attachments slice: /g/<slug>/bijlagen/<id> (download)."""

from __future__ import annotations

from blueprints.attachments import routes

bp = routes.bp
