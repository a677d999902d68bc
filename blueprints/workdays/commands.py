"""`flask workdays load-decree`: put the known decreed days in a fresh installation (idempotent)."""

from __future__ import annotations

import uuid

import click
from flask.cli import AppGroup

from blueprints.workdays.demo import DECREE_2026_2028, seed_decreed_days
from regiotoezicht import audit
from regiotoezicht.extensions import db

cli = AppGroup("workdays", help="Werkdagen: gelijkgestelde dagen (Algemene termijnenwet).")


@cli.command("load-decree")
def load_decree_command() -> None:
    """Add the days of the 2026–2028 decree that are missing; an admin maintains later decrees."""
    with audit.acting_as(None, f"cli-{uuid.uuid4().hex[:12]}"):
        added = seed_decreed_days()
        db.session.commit()
    click.echo(f"Gelijkgestelde dagen toegevoegd: {added} ({DECREE_2026_2028}).")
