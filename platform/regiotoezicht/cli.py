"""`flask regio ...`: seed the demo, create the first admin, run a worker.

A CLI command has no request and so no tenant context: tenant tables stay closed until a
command sets one explicitly, and the audit log records which set it used and why.
"""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from sqlalchemy import select

from blueprints.contacts.demo import seed_demo_contacts
from blueprints.lessons.demo import seed_demo_lessons
from blueprints.enforcement.demo import seed_demo_enforcement
from blueprints.providers.demo import seed_demo_providers
from blueprints.reports.demo import seed_demo_reports
from blueprints.meldingen.demo import seed_demo_meldingen
from blueprints.investigations.demo import seed_demo_investigations
from blueprints.settings.demo import seed_demo_settings
from blueprints.workdays.demo import seed_decreed_days
from regiotoezicht import audit, scheduler
from regiotoezicht.auth.models import LinkPurpose
from regiotoezicht.auth.services import create_user, find_user_by_email, issue_link
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import QUEUES, redis_connection
from regiotoezicht.liveness import HeartbeatWorker
from regiotoezicht.permissions import REGION_ROLES, Role
from tenants.demo import DEMO_PASSWORD, DEMO_USERS, HAAGLANDEN, seed_demo
from tenants.models import Gemeente, Region, RegionGemeente, RegionRole
from tenants.reference import gemeente_rows, load_reference_data

regio = AppGroup("regio", help="Regiotoezicht: demo, beheer en workers.")

#: Each slice's demo data, in dependency order: (label, function returning how many it added).
#: A seeder adds only what is missing and runs inside a tenant context of the demo gemeenten.
DEMO_SEEDERS: list[tuple[str, Callable[[], int]]] = [
    ("contacts", seed_demo_contacts),
    ("settings", seed_demo_settings),
    ("workdays", seed_decreed_days),
    ("providers", seed_demo_providers),
    ("meldingen", seed_demo_meldingen),
    ("lessons", seed_demo_lessons),
    ("investigations", seed_demo_investigations),
    ("reports", seed_demo_reports),
    ("enforcement", seed_demo_enforcement),
]


@contextmanager
def cli_tenant_context(gemeente_ids: set[int], reason: str) -> Iterator[None]:
    """Open tenant tables for a CLI command, for an explicit set, and say so in the audit log."""
    ctx = TenantContext(allowed_ids=frozenset(gemeente_ids), reason=f"cli:{reason}")
    with audit.acting_as(None, f"cli-{uuid.uuid4().hex[:12]}"), tenant_context(ctx):
        audit.record("cli.tenant_context", detail={"command": reason, "gemeenten": sorted(gemeente_ids)})
        yield


@regio.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Seed GGD Haaglanden with its gemeenten and demo users (idempotent)."""
    with audit.acting_as(None, f"cli-{uuid.uuid4().hex[:12]}"):
        load_reference_data()
        db.session.commit()
    ids = set(
        db.session.execute(select(Gemeente.id).where(Gemeente.code.in_(HAAGLANDEN))).scalars()
    )
    with cli_tenant_context(ids, "seed-demo"):
        counts = seed_demo()
        for name, seeder in DEMO_SEEDERS:
            counts[name] = seeder()
        db.session.commit()
    click.echo("Demo-regio klaar: " + ", ".join(f"{k} +{v}" for k, v in counts.items()))


@regio.command("load-reference")
@with_appcontext
def load_reference_command() -> None:
    """Load the 342 gemeenten and 25 GGD regions (CBS codes) that are missing (idempotent)."""
    with audit.acting_as(None, f"cli-{uuid.uuid4().hex[:12]}"):
        added_gemeenten, added_regions = load_reference_data()
        db.session.commit()
    click.echo(f"Referentiedata: gemeenten +{added_gemeenten}, regio's +{added_regions}")


@regio.command("demo-logins")
def demo_logins_command() -> None:
    """Print the demo logins."""
    click.echo("")
    click.echo("Regiotoezicht draait op http://127.0.0.1:5000 — demo-inloggegevens:")
    names = {row.code: row.name for row in gemeente_rows()}
    for spec in DEMO_USERS:
        click.echo(f"  {spec.email:45} {spec.description(names)}")
    click.echo(f"  Wachtwoord voor alle demo-accounts: {DEMO_PASSWORD}")
    click.echo("")


@regio.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--region", "region_code", required=True, help="CBS GGD-regiocode, bijv. GG7014")
@click.option("--role", type=click.Choice(sorted(r.value for r in REGION_ROLES)), default="region_admin")
@with_appcontext
def create_admin_command(email: str, name: str, region_code: str, role: str) -> None:
    """Create a region-level user and print a one-time link to choose a password."""
    with audit.acting_as(None, f"cli-{uuid.uuid4().hex[:12]}"):
        region = db.session.execute(select(Region).where(Region.code == region_code)).scalar_one_or_none()
        if region is None:
            raise click.ClickException(f"Onbekende regio {region_code}; laad eerst de referentiedata.")
        user = find_user_by_email(email) or create_user(email, name)
        db.session.add(
            RegionRole(user_id=user.id, region_id=region.id, role=Role(role), valid_from=date.today())
        )
        token = issue_link(user, LinkPurpose.INVITE, None)
        db.session.commit()
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    click.echo(f"Kies een wachtwoord via: {base}/uitnodiging/{token}")


@regio.command("link-gemeente")
@click.option("--region", "region_code", required=True)
@click.option("--gemeente", "gemeente_code", required=True)
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), required=True)
@with_appcontext
def link_gemeente_command(region_code: str, gemeente_code: str, valid_from: object) -> None:
    """Record that a region serves a gemeente from a date (a designation of the GGD)."""
    region = db.session.execute(select(Region).where(Region.code == region_code)).scalar_one()
    gemeente = db.session.execute(select(Gemeente).where(Gemeente.code == gemeente_code)).scalar_one()
    with cli_tenant_context({gemeente.id}, "link-gemeente"):
        db.session.add(
            RegionGemeente(region_id=region.id, gemeente_id=gemeente.id, valid_from=valid_from.date())  # type: ignore[attr-defined]
        )
        db.session.commit()
    click.echo(f"{gemeente.name} hoort vanaf {valid_from:%Y-%m-%d} bij {region.name}.")


@regio.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(queues: tuple[str, ...], burst: bool) -> None:
    """Run an RQ worker for the given queues (default: all)."""
    conn = redis_connection()
    if conn is None:
        raise click.ClickException("REDIS_URL is niet ingesteld: jobs draaien in het webproces.")
    names = list(queues) or list(QUEUES)
    unknown = set(names) - set(QUEUES)
    if unknown:
        raise click.ClickException(f"Onbekende queue(s): {', '.join(sorted(unknown))}")
    ok = HeartbeatWorker(names, connection=conn).work(burst=burst)
    sys.exit(0 if ok or burst else 1)


@regio.command("scheduler")
@click.option("--once", is_flag=True, help="Enqueue what is due now and stop.")
@click.option("--list", "show", is_flag=True, help="Show the periodic jobs and when they are due.")
@click.option("--tick", type=click.FloatRange(min=0.5), default=5.0, show_default=True,
              help="Seconds between two looks at what is due.")
@with_appcontext
def scheduler_command(once: bool, show: bool, tick: float) -> None:
    """Enqueue the periodic jobs when they are due (run exactly one of these processes)."""
    try:
        runner = scheduler.scheduler_for(current_app)
    except RuntimeError:
        raise click.ClickException("REDIS_URL is niet ingesteld: de scheduler zet jobs op RQ-queues.") from None
    if show:
        for row in runner.status():
            click.echo(
                f"{row['name']:40} elke {row['every']}  queue {row['queue']:8} "
                f"laatst {row['last_run'] or '-'}  weer over {row['due_in']}"
            )
        return
    if once:
        names = runner.run_due()
        click.echo("In de queue gezet: " + (", ".join(names) if names else "niets (nog niet aan de beurt)"))
        return
    stop = threading.Event()
    scheduler.stop_on_signals(stop)
    runner.run_forever(tick=tick, stop=stop)


def init_app(app: Flask) -> None:
    app.cli.add_command(regio)


def main() -> None:
    """Console script `regiotoezicht`: the flask CLI with this app."""
    from regiotoezicht.app import create_app  # cli is imported by app: a cycle by nature

    FlaskGroup(create_app=create_app)()
