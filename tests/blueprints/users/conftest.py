"""Helpers for the users slice tests: reading committed rows, CSRF-posting forms, API tokens."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from regiotoezicht.audit import AuditEvent
from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_api_token
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.mail import OutboxMessage
from tenants.entitlements import today
from tests.conftest import csrf_from
from tests.factories import World

YESTERDAY = lambda: today() - timedelta(days=1)
LINK_RE = re.compile(r"(http\S+/uitnodiging/\S+)")


@contextmanager
def reading(app: Flask, world: World) -> Iterator[None]:
    """An app context that sees both gemeenten of the world (to check committed rows)."""
    with (
        app.app_context(),
        tenant_context(
            TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}), reason="test")
        ),
    ):
        yield
        db.session.rollback()


def post(
    client: FlaskClient, path: str, data: dict[str, Any] | None = None, prefix: str = ""
) -> TestResponse:
    """POST a form with the session's CSRF token (every page carries it in the logout form).

    `prefix` is the form's prefix (two forms on one page): it is put before every field name.
    """
    token = csrf_from(client, "/account")
    fields = {**(data or {}), "csrf_token": token}
    if prefix:
        fields = {f"{prefix}-{key}": value for key, value in fields.items()}
    return client.post(path, data=fields)


def as_user(client_for: Callable[[Any], FlaskClient], email: str) -> FlaskClient:
    """A test client logged in as the user with this e-mail address."""
    return client_for(SimpleNamespace(email=email))


def audit_actions(app: Flask, world: World) -> list[str]:
    with reading(app, world):
        return list(db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def outbox(app: Flask, recipient: str) -> list[OutboxMessage]:
    with app.app_context():
        messages = list(
            db.session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.recipient == recipient)
                .order_by(OutboxMessage.id)
            ).scalars()
        )
        db.session.expunge_all()
        return messages


def link_in(message: OutboxMessage) -> str:
    match = LINK_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def user_by_email(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        db.session.expunge_all()
        return user


@pytest.fixture()
def bearer(app: Flask) -> Callable[[int], dict[str, str]]:
    """`bearer(user_id)` → headers with a fresh personal API token of that user."""

    def make(user_id: int) -> dict[str, str]:
        with app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            _, plain = create_api_token(user, "test", 30)
            db.session.commit()
        return {"Authorization": f"Bearer {plain}"}

    return make
