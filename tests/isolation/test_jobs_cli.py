"""Jobs and CLI commands fail closed: no gemeente id, no tenant data.

A @tenant_job without a gemeente id raises before it runs; a @system_job (no tenant) touching a
tenant table raises; a CLI command without an explicit tenant context cannot read tenant
tables, through the ORM or raw SQL; with `cli_tenant_context` it sees exactly its set.
"""

from __future__ import annotations

from typing import Any

import click
import pytest
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select, text

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.cli import cli_tenant_context
from regiotoezicht.context import TenantContextMissing, current_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import system_job, tenant_job
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

C = GemeenteContact
calls: list[Any] = []


@tenant_job
def list_contacts(gemeente_id: int) -> list[tuple[int, int]]:
    calls.append(gemeente_id)
    return [tuple(r) for r in db.session.execute(select(C.id, C.gemeente_id))]  # type: ignore[misc]


@tenant_job
def raw_contacts(gemeente_id: int) -> list[int]:
    return list(db.session.execute(text("SELECT gemeente_id FROM gemeente_contacts")).scalars())


@system_job
def sneaky_system_job() -> list[Any]:
    return list(db.session.execute(select(C)).scalars())


@system_job
def raw_system_job() -> list[int]:
    return list(db.session.execute(text("SELECT gemeente_id FROM gemeente_contacts")).scalars())


@pytest.mark.parametrize("bad", [None, "1", 1.0])
def test_tenant_job_without_a_gemeente_id_fails_closed(app: Flask, world: World, bad: Any) -> None:
    calls.clear()
    with app.app_context(), pytest.raises(TenantContextMissing):
        list_contacts(bad)  # type: ignore[arg-type]
    with app.app_context(), pytest.raises(TenantContextMissing):
        list_contacts()  # type: ignore[call-arg]
    assert calls == []


def test_tenant_job_sees_only_its_gemeente(app: Flask, world: World) -> None:
    with app.app_context():
        assert list_contacts(world.a_id) == [(world.contact_a_id, world.a_id)]
        assert list_contacts(gemeente_id=world.b_id) == [(world.contact_b_id, world.b_id)]
        assert raw_contacts(world.a_id) == [world.a_id]
        assert current_tenant_context() is None  # nothing leaks out of the job


def test_system_job_cannot_touch_tenant_tables(app: Flask, world: World) -> None:
    with app.app_context():
        with pytest.raises(TenantContextMissing):
            sneaky_system_job()
        assert raw_system_job() == []


def cli_read() -> click.Command:
    @click.command("lees-contacten")
    @click.option("--raw", is_flag=True)
    @with_appcontext
    def command(raw: bool) -> None:
        if raw:
            rows = (
                db.session.execute(text("SELECT gemeente_id FROM gemeente_contacts"))
                .scalars()
                .all()
            )
        else:
            rows = db.session.execute(select(C.gemeente_id)).scalars().all()
        click.echo(f"rijen: {sorted(rows)}")

    return command


def test_cli_command_without_context_cannot_read_tenant_tables(app: Flask, world: World) -> None:
    runner = app.test_cli_runner()
    orm = runner.invoke(cli_read(), [])
    assert isinstance(orm.exception, TenantContextMissing), orm.output
    raw = runner.invoke(cli_read(), ["--raw"])
    assert raw.exit_code == 0 and raw.output.strip() == "rijen: []"


def test_cli_command_with_an_explicit_set_sees_that_set_and_says_so(
    app: Flask, world: World
) -> None:
    @click.command("lees-a")
    @with_appcontext
    def read_a() -> None:
        with cli_tenant_context({world.a_id}, "test-lees-a"):
            orm = db.session.execute(select(C.gemeente_id)).scalars().all()
            raw = (
                db.session.execute(text("SELECT gemeente_id FROM gemeente_contacts"))
                .scalars()
                .all()
            )
            db.session.commit()
        click.echo(f"{orm} {raw}")

    result = app.test_cli_runner().invoke(read_a, [])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"[{world.a_id}] [{world.a_id}]"
    logged = inspect_rows(
        "SELECT detail->>'command', detail->'gemeenten' FROM audit_events WHERE action = 'cli.tenant_context'"
    )
    assert logged == [("test-lees-a", [world.a_id])]
