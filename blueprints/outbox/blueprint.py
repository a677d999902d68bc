"""URL rules of the outbox slice: /regio/mail and /regio/mail/<id> (pages only; no API, since
the bodies hold one-time links)."""

from __future__ import annotations

from blueprints.outbox import routes

bp = routes.bp
