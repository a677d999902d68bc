"""The migration head and the models agree, on PostgreSQL and on SQLite."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import create_engine

from regiotoezicht.extensions import db


def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    engine.dispose()
    return diff


@pytest.mark.postgres
def test_postgres_head_matches_models(pg_app: Flask) -> None:
    with pg_app.app_context():
        assert _diff(pg_app.config["DATABASE_OWNER_URL"]) == []


def test_sqlite_head_matches_models(sqlite_app: Flask) -> None:
    with sqlite_app.app_context():
        assert _diff(sqlite_app.config["SQLALCHEMY_DATABASE_URI"]) == []
