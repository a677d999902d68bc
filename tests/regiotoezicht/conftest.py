"""Fixtures for the core's tests: SQL as the owner, audit rows, login flows step by step, Redis
and an in-process RQ worker."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from regiotoezicht.app import create_app
from regiotoezicht.extensions import db
from regiotoezicht.jobs import QUEUES
from tests.conftest import csrf_from
from tests.regiotoezicht.sample_jobs import register_test_routes

OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")
PG_URL = os.environ.get("DATABASE_URL", "")

SqlRunner = Callable[..., list[dict[str, Any]]]


@pytest.fixture()
def owner_sql(app: Flask) -> Iterator[SqlRunner]:
    """`owner_sql(sql, **params)` runs one statement as the schema owner and returns the rows.

    The owner is bound by row-level security too (FORCE), so every gemeente is opened for the
    statement: tests check what the app wrote, not what it may read.
    """
    engine = create_engine(OWNER_URL)

    def run(sql: str, **params: Any) -> list[dict[str, Any]]:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT set_config('app.gemeente_ids', "
                    "(SELECT string_agg(id::text, ',') FROM gemeenten), true)"
                )
            )
            result = conn.execute(text(sql), params)
            return [dict(row) for row in result.mappings()] if result.returns_rows else []

    yield run
    engine.dispose()


@pytest.fixture()
def audit_rows(owner_sql: SqlRunner) -> Callable[..., list[dict[str, Any]]]:
    """`audit_rows(action)` → the committed audit rows with that action, oldest first."""

    def rows(action: str) -> list[dict[str, Any]]:
        return owner_sql("SELECT * FROM audit_events WHERE action = :a ORDER BY id", a=action)

    return rows


def post_login(client: FlaskClient, email: str, password: str, next_url: str | None = None) -> TestResponse:
    """Submit the login form (with its CSRF token) and return the response, whatever it is."""
    path = "/login" + (f"?next={next_url}" if next_url is not None else "")
    token = csrf_from(client, "/login")
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


FLASH_RE = re.compile(r'role="alert"><p class="utrecht-paragraph">([^<]+)</p>')


def login_error(response: TestResponse) -> str:
    match = FLASH_RE.search(response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:800]
    return match.group(1)


@pytest.fixture()
def redis_conn(app: Flask) -> Iterator[Redis]:
    """The Redis of `make test`, emptied before and after the test."""
    conn = Redis.from_url(os.environ["REDIS_URL"])
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture()
def run_worker(app: Flask, redis_conn: Redis) -> Callable[..., None]:
    """`run_worker("default", ...)`: a real RQ worker in burst mode, in this process (no fork).

    It runs inside an app context of `app`, as `flask regio worker` does, so jobs use that app.
    """

    def run(*queues: str, on: Flask | None = None) -> None:
        with (on or app).app_context():
            worker = SimpleWorker([Queue(q, connection=redis_conn) for q in queues or QUEUES], connection=redis_conn)
            worker.work(burst=True, logging_level="WARNING")

    return run


@contextmanager
def extra_app(config: dict[str, Any] | None = None, *, test_routes: bool = False) -> Iterator[Flask]:
    """Another app on the same database, for settings read once at start (environment, log
    format); the shared logger and the engine are restored and closed afterwards."""
    logger = logging.getLogger("regiotoezicht")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    app = create_app({"TESTING": True, **(config or {})})
    if test_routes:
        register_test_routes(app)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture(scope="session")
def routes_app(pg_app: Flask) -> Iterator[Flask]:
    """The app with the test routes of sample_jobs (enqueue a job, then commit or roll back)."""
    with extra_app(test_routes=True) as app:
        yield app
