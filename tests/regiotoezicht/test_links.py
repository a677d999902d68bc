"""One-time links (invitation, password reset): stored hashed, single use, expiring, and a reset
ends the user's other sessions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask

from regiotoezicht.auth.models import LinkPurpose, User
from regiotoezicht.auth.services import create_user, issue_link
from regiotoezicht.auth.tokens import token_hash
from regiotoezicht.extensions import db
from tests.conftest import csrf_from
from tests.factories import PASSWORD, World
from tests.regiotoezicht.conftest import SqlRunner, post_login

pytestmark = pytest.mark.postgres

CHOSEN = "mijn eigen sterke zin 2024"


def new_link(app: Flask, email: str, purpose: LinkPurpose) -> str:
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        user = user or create_user(email, "Nieuwe Collega")
        token = issue_link(user, purpose, None)
        db.session.commit()
    return token


def choose_password(app: Flask, token: str, password: str = CHOSEN):  # type: ignore[no-untyped-def]
    client = app.test_client()
    path = f"/uitnodiging/{token}"
    return client.post(path, data={"password": password, "repeat": password, "csrf_token": csrf_from(client, "/login")})


def test_invitation_sets_the_first_password_once(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    token = new_link(app, "nieuw@test.nl", LinkPurpose.INVITE)
    assert owner_sql("SELECT token_hash FROM one_time_links")[0]["token_hash"] == token_hash(token)
    # Before the invitation is accepted there is no password to log in with.
    assert post_login(app.test_client(), "nieuw@test.nl", CHOSEN).status_code == 400

    weak = choose_password(app, token, "kort")
    assert weak.status_code == 400 and "minstens 12 tekens" in weak.get_data(as_text=True)
    done = choose_password(app, token)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert post_login(app.test_client(), "nieuw@test.nl", CHOSEN).status_code == 302

    again = app.test_client().get(f"/uitnodiging/{token}")
    assert again.status_code == 404 and "Deze link werkt niet (meer)" in again.get_data(as_text=True)
    assert choose_password(app, token, "een ander wachtwoord 99").status_code == 404


def test_expired_and_replaced_links_do_not_work(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    first = new_link(app, world.viewer_a, LinkPurpose.RESET)
    second = new_link(app, world.viewer_a, LinkPurpose.RESET)
    assert app.test_client().get(f"/uitnodiging/{first}").status_code == 404  # replaced
    assert app.test_client().get(f"/uitnodiging/{second}").status_code == 200
    owner_sql("UPDATE one_time_links SET expires_at = now() - interval '1 second'")
    assert app.test_client().get(f"/uitnodiging/{second}").status_code == 404
    assert app.test_client().get("/uitnodiging/rtr_verzonnen").status_code == 404


def test_password_reset_ends_running_sessions(app: Flask, world: World, client_for) -> None:
    running = client_for(SimpleNamespace(email=world.admin_a))
    assert running.get("/account").status_code == 200
    assert choose_password(app, new_link(app, world.admin_a, LinkPurpose.RESET)).status_code == 302
    gone = running.get("/account")
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/login")
    assert post_login(app.test_client(), world.admin_a, PASSWORD).status_code == 400
    assert post_login(app.test_client(), world.admin_a, CHOSEN).status_code == 302
