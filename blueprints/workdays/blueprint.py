"""URL rules of the workdays slice (/regio/werkdagen) and its template helpers."""

from __future__ import annotations

from blueprints.workdays import routes

bp = routes.bp
