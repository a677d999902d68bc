"""URL rules of the toetsingskaders slice: pages under /regio/toetsingskaders."""

from __future__ import annotations

from blueprints.frameworks import routes

bp = routes.bp
