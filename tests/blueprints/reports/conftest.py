"""Loads the reports world (world.py): the fixtures every reports test builds on."""

from __future__ import annotations

from tests.blueprints.reports.world import client_of, rep  # noqa: F401 - fixtures
