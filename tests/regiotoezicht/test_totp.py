"""The second factor: required by a gemeente or region, always for a user who has it, set up and
switched off through the account pages. Codes come from pyotp and the secret in the database."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import unquote

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from regiotoezicht.extensions import db
from tenants.models import Gemeente
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, World
from tests.regiotoezicht.conftest import SqlRunner, post_login

pytestmark = pytest.mark.postgres


def _secret(owner_sql: SqlRunner, email: str) -> str | None:
    return owner_sql("SELECT totp_secret FROM users WHERE email = :e", e=email)[0]["totp_secret"]


def _code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def _other_code(secret: str) -> str:
    """A well-formed code that is not valid now (nor in the neighbouring windows)."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    valid = {totp.at(now + delta) for delta in (-30, 0, 30)}
    return next(code for code in (f"{n:06d}" for n in range(1000000)) if code not in valid)


def _start_login(app: Flask, email: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    response = post_login(client, email, PASSWORD, next_url="/account")
    assert response.status_code == 302
    return client, response.headers["Location"]


@pytest.mark.parametrize("required_by", ["gemeente", "region"])
def test_required_second_factor_must_be_set_up_first(
    app: Flask, world: World, owner_sql: SqlRunner, required_by: str
) -> None:
    if required_by == "gemeente":
        owner_sql("UPDATE gemeenten SET require_totp = true WHERE id = :i", i=world.a_id)
        email = world.admin_a
    else:
        owner_sql("UPDATE regions SET require_totp = true WHERE id = :i", i=world.region_id)
        email = world.coordinator
    client, location = _start_login(app, email)
    assert location.startswith("/login/tweede-factor")

    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Tweestapsverificatie instellen" in html
    secret = _secret(owner_sql, email)
    assert secret
    assert f'href="otpauth://totp/Regiotoezicht:{email.replace("@", "%40")}?secret={secret}' in html
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html

    # Nothing else works until the second factor is set up: pages redirect, the API answers 401.
    for path in ("/account", "/", f"/g/{world.a_slug}/", "/account/tweede-factor"):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked.headers["Location"].startswith("/login/tweede-factor"), path
    api = client.get(f"/api/v1/g/{world.a_slug}/contactpersonen/")
    assert api.status_code == 401 and api.is_json

    wrong = client.post(location, data={"code": _other_code(secret), "csrf_token": csrf_from(client, location)})
    assert wrong.status_code in (200, 400)
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert client.get("/account").status_code == 302
    assert _secret(owner_sql, email) == secret  # a wrong code does not start over

    done = client.post(location, data={"code": _code(secret), "csrf_token": csrf_from(client, location)})
    assert done.status_code == 302 and unquote(done.headers["Location"]) == "/account"
    row = owner_sql("SELECT totp_confirmed_at FROM users WHERE email = :e", e=email)[0]
    assert row["totp_confirmed_at"] is not None
    assert client.get("/account").status_code == 200


def test_user_with_totp_always_gives_a_code(app: Flask, world: World, owner_sql: SqlRunner, audit_rows) -> None:
    secret = pyotp.random_base32()
    owner_sql(
        "UPDATE users SET totp_secret = :s, totp_confirmed_at = now() WHERE email = :e",
        s=secret, e=world.viewer_a,
    )  # nobody requires it: the user chose it
    client, location = _start_login(app, world.viewer_a)
    assert location.startswith("/login/tweede-factor")
    page = client.get(location).get_data(as_text=True)
    assert "Vul de code van 6 cijfers in" in page and "instellen" not in page
    assert client.get("/account").status_code == 302

    wrong = client.post(location, data={"code": _other_code(secret), "csrf_token": csrf_from(client, location)})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert client.get("/account").status_code == 302
    assert len(audit_rows("auth.second_factor_failed")) == 1

    ok = client.post(location, data={"code": _code(secret), "csrf_token": csrf_from(client, location)})
    assert ok.status_code == 302
    assert client.get("/account").status_code == 200
    assert len(audit_rows("auth.second_factor_ok")) == 1


def test_a_code_counts_once(app: Flask, world: World, owner_sql: SqlRunner, audit_rows) -> None:
    """A code seen over a shoulder cannot be replayed in another session while it is still valid,
    nor can an older code of the window once a newer one was used; the next time step's code can."""
    secret = pyotp.random_base32()
    owner_sql(
        "UPDATE users SET totp_secret = :s, totp_confirmed_at = now() WHERE email = :e",
        s=secret, e=world.viewer_a,
    )
    otp, now = pyotp.TOTP(secret), time.time()
    first, location = _start_login(app, world.viewer_a)
    code = otp.at(now)
    assert first.post(location, data={"code": code, "csrf_token": csrf_from(first, location)}).status_code == 302
    assert first.get("/account").status_code == 200

    replay, location = _start_login(app, world.viewer_a)
    again = replay.post(location, data={"code": code, "csrf_token": csrf_from(replay, location)})
    assert "Deze code klopt niet" in again.get_data(as_text=True)
    assert replay.get("/account").status_code == 302
    older = replay.post(location, data={"code": otp.at(now - 30), "csrf_token": csrf_from(replay, location)})
    assert "Deze code klopt niet" in older.get_data(as_text=True)

    # The code of the next step (accepted for clock drift) is new, so it passes once.
    newer = replay.post(location, data={"code": otp.at(now + 30), "csrf_token": csrf_from(replay, location)})
    assert newer.status_code == 302
    assert replay.get("/account").status_code == 200
    assert len(audit_rows("auth.second_factor_failed")) == 2
    assert owner_sql("SELECT totp_last_step FROM users WHERE email = :e", e=world.viewer_a)[0][
        "totp_last_step"
    ] == otp.timecode(datetime.fromtimestamp(now + 30, UTC))


def test_bearer_tokens_are_not_asked_for_the_second_factor(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    """An API token is a credential of its own; the second factor guarded its creation."""
    from regiotoezicht.auth.models import User
    from regiotoezicht.auth.services import create_api_token
    from regiotoezicht.extensions import db

    owner_sql("UPDATE gemeenten SET require_totp = true WHERE id = :i", i=world.a_id)
    with app.app_context():
        user = db.session.get(User, world.user_ids["admin_a"])
        _, plain = create_api_token(user, "koppeling", 10)
        db.session.commit()
    response = app.test_client().get(
        f"/api/v1/g/{world.a_slug}/contactpersonen/", headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 200


def test_enable_and_disable_totp_on_the_account_page(app: Flask, world: World, client_for, owner_sql: SqlRunner) -> None:
    client = client_for(SimpleNamespace(email=world.viewer_a))
    page = client.get("/account/tweede-factor")
    assert page.status_code == 200 and "Tweestapsverificatie instellen" in page.get_data(as_text=True)
    secret = _secret(owner_sql, world.viewer_a)
    assert secret

    wrong = client.post(
        "/account/tweede-factor",
        data={"code": _other_code(secret), "csrf_token": csrf_from(client, "/account")},
    )
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    assert owner_sql("SELECT totp_confirmed_at FROM users WHERE email = :e", e=world.viewer_a)[0]["totp_confirmed_at"] is None

    on = client.post(
        "/account/tweede-factor", data={"code": _code(secret), "csrf_token": csrf_from(client, "/account")}
    )
    assert on.status_code == 302
    assert "aan" in client.get("/account").get_data(as_text=True)
    assert owner_sql("SELECT totp_confirmed_at FROM users WHERE email = :e", e=world.viewer_a)[0]["totp_confirmed_at"]

    # The next login asks for the code.
    other, location = _start_login(app, world.viewer_a)
    assert other.get(location).status_code == 200

    assert client.post("/account/tweede-factor", data={"action": "disable"}).status_code == 400  # no CSRF token
    off = client.post(
        "/account/tweede-factor", data={"action": "disable", "csrf_token": csrf_from(client, "/account")}
    )
    assert off.status_code == 302
    assert _secret(owner_sql, world.viewer_a) is None
    other, location = _start_login(app, world.viewer_a)
    passed = other.get(location)
    assert passed.status_code == 302 and unquote(passed.headers["Location"]) == "/account"


def test_disabling_a_required_second_factor_is_refused(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    owner_sql("UPDATE gemeenten SET require_totp = true WHERE id = :i", i=world.a_id)
    client, location = _start_login(app, world.admin_a)
    client.get(location)
    secret = _secret(owner_sql, world.admin_a)
    assert secret
    client.post(location, data={"code": _code(secret), "csrf_token": csrf_from(client, location)})
    assert client.get("/account").status_code == 200

    refused = client.post(
        "/account/tweede-factor", data={"action": "disable", "csrf_token": csrf_from(client, "/account")}
    )
    assert refused.status_code == 302
    assert "uitzetten kan niet" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert _secret(owner_sql, world.admin_a) == secret


@pytest.mark.postgres
def test_requiring_totp_takes_effect_in_open_sessions(app: Flask, world: World) -> None:
    """A session that started without a second factor is stopped as soon as the gemeente requires one."""
    client = login(app.test_client(), world.inspector_a, PASSWORD)
    assert client.get(f"/g/{world.a_slug}/").status_code == 200
    with app.app_context():
        db.session.get(Gemeente, world.a_id).require_totp = True
        db.session.commit()
    response = client.get(f"/g/{world.a_slug}/")
    assert response.status_code == 302
    assert "/login/tweede-factor" in response.headers["Location"]
