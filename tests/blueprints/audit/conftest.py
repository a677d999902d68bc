"""Fixtures for the audit slice: clients per role and audit rows of gemeente A, B and the region."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert

from regiotoezicht.audit import AuditEvent
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from tests.factories import World


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Callable[[str], FlaskClient]:
    """`as_user(world.admin_a)` → a client logged in with that e-mail address."""
    return lambda email: client_for(SimpleNamespace(email=email))


def insert_events(app: Flask, rows: list[dict[str, Any]]) -> None:
    """Add committed audit rows as the app role does (a plain INSERT), with chosen timestamps."""
    base: dict[str, Any] = {
        "occurred_at": utcnow(), "actor_user_id": None, "gemeente_id": None, "action": "test.mark",
        "object_type": "Probe", "object_id": None, "fields": None, "detail": None,
        "request_id": None, "ip_address": None,
    }
    with app.app_context():
        db.session.execute(insert(AuditEvent.__table__), [{**base, **row} for row in rows])
        db.session.commit()


@pytest.fixture()
def marks(app: Flask, world: World) -> dict[str, str]:
    """One "test.mark" row in A, one in B and one region-level row; object ids tell them apart."""
    insert_events(
        app,
        [
            {"gemeente_id": world.a_id, "object_type": "Probe", "object_id": "row-in-a",
             "actor_user_id": world.user_ids["admin_a"], "fields": ["email", "name"]},
            {"gemeente_id": world.b_id, "object_type": "Probe", "object_id": "row-in-b"},
            {"gemeente_id": None, "object_type": "Probe", "object_id": "row-in-region"},
        ],
    )
    return {"a": "row-in-a", "b": "row-in-b", "region": "row-in-region"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
