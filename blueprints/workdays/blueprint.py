"""URL rules of the workdays slice (/regio/werkdagen), its template filters and its CLI group."""

from __future__ import annotations

from blueprints.workdays import commands, routes

bp = routes.bp
bp.cli = commands.cli
