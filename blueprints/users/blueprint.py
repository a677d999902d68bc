"""URL rules of the users slice: pages under /regio/gebruikers, /g/<slug>/gebruikers and the
security settings (routes.py)."""

from __future__ import annotations

from blueprints.users import routes

bp = routes.bp
