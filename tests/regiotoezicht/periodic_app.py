"""An app with one periodic job registered, for the scheduler's command-line test."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from regiotoezicht.app import create_app as create_platform_app
from regiotoezicht.scheduler import register_periodic
from tests.regiotoezicht.periodic_sample import mark_run


def create_app() -> Flask:
    register_periodic("test.cli-mark", timedelta(hours=1), mark_run)
    return create_platform_app()
