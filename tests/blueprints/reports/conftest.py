"""Loads the reports world (world.py) once the slices it builds on are there; until the
frameworks and findings of the investigations slice are on main, the tests that need them are
not collected (the document, states and terms tests run regardless)."""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("blueprints.frameworks") is None:
    collect_ignore_glob = ["test_services.py", "test_routes.py", "test_api.py"]
else:
    from tests.blueprints.reports.world import client_of, rep  # noqa: F401 - fixtures
