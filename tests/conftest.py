"""Fixtures: the app on the real PostgreSQL of `make test` (as the non-owner app role), a SQLite
app for the embedded default, a committed two-gemeente world, and logged-in clients.

Tests that commit clean up with TRUNCATE as the owner: a worker or a browser never sees
uncommitted rows, so isolation, job and browser tests work on committed data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from regiotoezicht.app import create_app
from regiotoezicht.extensions import db
from tests.factories import World, build_world

PG_URL = os.environ.get("DATABASE_URL", "")
OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")
HAS_PG = PG_URL.startswith("postgresql")

#: Tables holding reference data that every test shares; everything else is truncated.
KEEP = {"alembic_version", "gemeenten", "regions", "service_types"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAS_PG and os.environ.get("REDIS_URL"):
        return
    if os.environ.get("CI") or os.environ.get("REGIOTOEZICHT_REQUIRE_SERVICES"):
        raise pytest.UsageError("make test starts PostgreSQL and Redis; run the suite through it")
    skip = pytest.mark.skip(reason="needs the PostgreSQL and Redis that `make test` starts")
    for item in items:
        if "postgres" in item.keywords or "redis" in item.keywords or "browser" in item.keywords:
            item.add_marker(skip)


def _reset_schema() -> None:
    engine = create_engine(OWNER_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_app() -> Iterator[Flask]:
    if not HAS_PG:
        pytest.skip("needs PostgreSQL")
    _reset_schema()
    app = create_app({"TESTING": True})
    with app.app_context():
        upgrade()
        _load_reference(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def _load_reference(app: Flask) -> None:
    from tenants.reference import load_reference_data

    load_reference_data()
    db.session.commit()


def truncate_all(owner_url: str) -> None:
    engine = create_engine(owner_url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            if row[0] not in KEEP
        ]
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE gemeenten SET require_totp = false, is_active = true"))
        conn.execute(text("UPDATE regions SET require_totp = false"))
    engine.dispose()


@pytest.fixture()
def app(pg_app: Flask) -> Iterator[Flask]:
    """The PostgreSQL app, emptied of everything but reference data after each test."""
    yield pg_app
    with pg_app.app_context():
        db.session.remove()
    truncate_all(OWNER_URL)


@pytest.fixture()
def world(app: Flask) -> World:
    """Two gemeenten of one region with users and data in each (committed)."""
    with app.app_context():
        return build_world()


@pytest.fixture()
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    """The embedded default: a migrated SQLite file, no Redis."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "DATABASE_OWNER_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            "REDIS_URL": "",
        }
    )
    with app.app_context():
        upgrade()
        _load_reference(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def sqlite_world(sqlite_app: Flask) -> World:
    with sqlite_app.app_context():
        return build_world()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(client: FlaskClient, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str) -> FlaskClient:
    token = csrf_from(client, "/login")
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    second = client.get(response.headers["Location"])
    assert second.status_code == 302, "second factor unexpectedly asked"
    return client


@pytest.fixture()
def client_for(app: Flask) -> Iterator[object]:
    """`client_for(user)` → a test client logged in as that user."""
    from tests.factories import PASSWORD

    def make(user: object) -> FlaskClient:
        return login(app.test_client(), user.email, PASSWORD)  # type: ignore[attr-defined]

    yield make
