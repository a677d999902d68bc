"""Login and sessions on the real PostgreSQL: throttling, fixation, redirects, CSRF, cookies,
idle timeout, session versions and password hashes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from regiotoezicht.auth.services import GENERIC_LOGIN_ERROR
from tests.conftest import csrf_from
from tests.factories import PASSWORD, World
from tests.regiotoezicht.conftest import SqlRunner, extra_app, login_error, post_login

pytestmark = pytest.mark.postgres

NEW_PASSWORD = "een-heel-ander-wachtwoord-42"


def test_login_and_logout(app: Flask, world: World) -> None:
    client = app.test_client()
    response = post_login(client, world.admin_a, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/tweede-factor")
    assert client.get(response.headers["Location"]).status_code == 302
    assert client.get("/account").status_code == 200

    logout = client.post("/logout", data={"csrf_token": csrf_from(client, "/account")})
    assert logout.status_code == 302 and logout.headers["Location"] == "/login"
    after = client.get("/account")
    assert after.status_code == 302 and after.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("beheer.a@test.nl", "niet-het-goede-wachtwoord"),  # existing account, wrong password
        ("niemand@test.nl", PASSWORD),  # no such account
        ("BEHEER.A@Test.NL", "niet-het-goede-wachtwoord"),  # normalised address, still wrong
    ],
)
def test_refused_login_gives_one_generic_message(app: Flask, world: World, email: str, password: str) -> None:
    response = post_login(app.test_client(), email, password)
    assert response.status_code == 400
    assert login_error(response) == GENERIC_LOGIN_ERROR


def test_repeated_failures_lock_the_account(
    app: Flask, world: World, owner_sql: SqlRunner, audit_rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 3)
    monkeypatch.setitem(app.config, "LOGIN_LOCK_MINUTES", 7)
    user_id = world.user_ids["admin_a"]
    client = app.test_client()
    for attempt in (1, 2):
        assert post_login(client, world.admin_a, "fout-wachtwoord").status_code == 400
        # The refused request rolled back; the counter was committed on its own.
        assert owner_sql("SELECT failed_logins FROM users WHERE id = :i", i=user_id)[0]["failed_logins"] == attempt

    before = datetime.now(UTC)
    assert post_login(client, world.admin_a, "fout-wachtwoord").status_code == 400
    row = owner_sql("SELECT failed_logins, locked_until FROM users WHERE id = :i", i=user_id)[0]
    assert row["locked_until"] is not None
    assert before + timedelta(minutes=7) - timedelta(seconds=5) <= row["locked_until"]
    assert row["locked_until"] <= datetime.now(UTC) + timedelta(minutes=7)

    failed = audit_rows("auth.login_failed")
    assert [r["detail"].get("failures") for r in failed] == [1, 2, 3]
    assert failed[-1]["detail"].get("locked") is True
    assert {r["object_id"] for r in failed} == {str(user_id)}
    assert all(r["request_id"] for r in failed)

    # Locked: even the right password is refused, with the same message as a wrong one.
    locked = post_login(client, world.admin_a, PASSWORD)
    assert locked.status_code == 400
    assert login_error(locked) == GENERIC_LOGIN_ERROR
    assert audit_rows("auth.login_refused")[-1]["detail"] == {"reason": "locked"}
    assert client.get("/account").status_code == 302

    # Once the lock has passed, the right password works again.
    owner_sql("UPDATE users SET locked_until = now() - interval '1 second' WHERE id = :i", i=user_id)
    assert post_login(client, world.admin_a, PASSWORD).status_code == 302
    assert owner_sql("SELECT failed_logins FROM users WHERE id = :i", i=user_id)[0]["failed_logins"] == 0


def test_a_locked_account_looks_like_any_failed_login(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No account enumeration through the lock: an unknown address answers exactly the same."""
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 2)
    client = app.test_client()
    for _ in range(3):
        known = post_login(client, world.admin_a, "fout-wachtwoord")
        unknown = post_login(client, "bestaat.niet@test.nl", "fout-wachtwoord")
        assert (known.status_code, login_error(known)) == (unknown.status_code, login_error(unknown))


def test_disabled_user_cannot_log_in(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    owner_sql("UPDATE users SET is_enabled = false WHERE email = :e", e=world.viewer_a)
    response = post_login(app.test_client(), world.viewer_a, PASSWORD)
    assert response.status_code == 400
    assert login_error(response) == GENERIC_LOGIN_ERROR


def test_disabling_a_user_ends_their_running_session(
    app: Flask, world: World, client_for, owner_sql: SqlRunner
) -> None:
    client = client_for(_user(world.viewer_a))
    assert client.get("/account").status_code == 200
    owner_sql("UPDATE users SET is_enabled = false WHERE email = :e", e=world.viewer_a)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_login_clears_the_session_against_fixation(app: Flask, world: World) -> None:
    client = app.test_client()
    csrf_from(client, "/login")
    with client.session_transaction() as session:
        session["planted"] = "door-een-aanvaller"
        before_csrf = session.get("csrf_token")
    assert before_csrf
    assert post_login(client, world.admin_a, PASSWORD).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != before_csrf
        assert session["_user_id"].startswith(f"{world.user_ids['admin_a']}:")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",  # urlsplit sees no host here, a browser does
        "/%2F/evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/%09/evil.example/",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_only_accepts_local_paths(app: Flask, world: World, target: str) -> None:
    client = app.test_client()
    response = post_login(client, world.admin_a, PASSWORD, next_url=target)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    second = client.get(response.headers["Location"])
    assert second.status_code == 302
    location = second.headers["Location"]
    assert location == "/", (query, location)


def test_next_keeps_a_local_path(app: Flask, world: World) -> None:
    client = app.test_client()
    unauth = client.get("/account?tab=tokens")
    assert unauth.status_code == 302
    next_url = parse_qs(urlsplit(unauth.headers["Location"]).query)["next"][0]
    assert next_url == "/account?tab=tokens"
    response = post_login(client, world.admin_a, PASSWORD, next_url="/account%3Ftab%3Dtokens")
    second = client.get(response.headers["Location"])
    assert second.headers["Location"] == "/account?tab=tokens"


def test_csrf_is_required_on_posts(app: Flask, world: World, client_for) -> None:
    anonymous = app.test_client()
    anonymous.get("/login")
    refused = anonymous.post("/login", data={"email": world.admin_a, "password": PASSWORD})
    assert refused.status_code == 400
    assert "Laad de pagina opnieuw" in refused.get_data(as_text=True)

    client = client_for(_user(world.admin_a))
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200  # still logged in
    token = csrf_from(client, "/account")
    assert client.post("/logout", data={"csrf_token": "x" + token[1:]}).status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_session_cookie_flags(app: Flask, world: World) -> None:
    response = post_login(app.test_client(), world.admin_a, PASSWORD)
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development/test: plain http on localhost works


def test_session_cookie_is_secure_in_production(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIOTOEZICHT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    with extra_app() as prod:
        assert prod.config["SESSION_COOKIE_SECURE"] is True
        response = post_login(prod.test_client(), world.admin_a, PASSWORD)
        assert response.status_code == 302
        cookie = _session_cookie(response)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_idle_timeout_logs_out(app: Flask, world: World, client_for, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(minutes=5))
    client = client_for(_user(world.admin_a))
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 4 * 60
    assert client.get("/account").status_code == 200  # active within the limit: refreshed
    with client.session_transaction() as session:
        assert session["last_seen"] > time.time() - 5
        session["last_seen"] = time.time() - 6 * 60
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "U bent uitgelogd omdat u een tijd niets hebt gedaan" in page
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_idle_timeout_on_the_api_answers_401_json(
    app: Flask, world: World, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(_user(world.admin_a))
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 31 * 60
    response = client.get(f"/api/v1/g/{world.a_slug}/contactpersonen/")
    assert response.status_code == 401
    assert response.is_json and response.json["code"] == 401


def test_password_change_ends_other_sessions(app: Flask, world: World, client_for, owner_sql: SqlRunner) -> None:
    user = _user(world.admin_a)
    here = client_for(user)
    elsewhere = client_for(user)
    assert elsewhere.get("/account").status_code == 200
    version = owner_sql("SELECT session_version FROM users WHERE email = :e", e=world.admin_a)[0]

    wrong = here.post(
        "/account/wachtwoord",
        data={"current": "niet-goed", "password": NEW_PASSWORD, "repeat": NEW_PASSWORD,
              "csrf_token": csrf_from(here, "/account/wachtwoord")},
    )
    assert wrong.status_code == 400 and "Uw huidige wachtwoord klopt niet." in wrong.get_data(as_text=True)

    response = here.post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "repeat": NEW_PASSWORD,
              "csrf_token": csrf_from(here, "/account/wachtwoord")},
    )
    assert response.status_code == 302
    after = owner_sql("SELECT session_version, password_hash FROM users WHERE email = :e", e=world.admin_a)[0]
    assert after["session_version"] == version["session_version"] + 1
    assert after["password_hash"].startswith("$argon2id$")

    assert here.get("/account").status_code == 200  # this session was renewed
    gone = elsewhere.get("/account")
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/login")

    assert post_login(app.test_client(), world.admin_a, PASSWORD).status_code == 400
    assert post_login(app.test_client(), world.admin_a, NEW_PASSWORD).status_code == 302


def test_weak_new_password_is_refused_in_dutch(app: Flask, world: World, client_for) -> None:
    client = client_for(_user(world.admin_a))
    response = client.post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "password": "kort", "repeat": "kort",
              "csrf_token": csrf_from(client, "/account/wachtwoord")},
    )
    assert response.status_code == 400
    assert "Kies een wachtwoord van minstens 12 tekens." in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    hashes = [r["password_hash"] for r in owner_sql("SELECT password_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)
    assert len(set(hashes)) == len(hashes)  # salted


def _user(email: str) -> SimpleNamespace:
    """What `client_for` needs of a user: the world keeps e-mail addresses, not objects."""
    return SimpleNamespace(email=email)


def _session_cookie(response) -> str:  # type: ignore[no-untyped-def]
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_session_ends_after_the_maximum_duration_however_active(
    app: Flask, world: World, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SESSION_MAX_HOURS is a maximum: Flask's own cookie lifetime slides with every request."""
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", timedelta(hours=12))
    client = client_for(_user(world.admin_a))
    with client.session_transaction() as session:
        assert time.time() - session["login_at"] < 60
        session["login_at"] = time.time() - 11 * 3600
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        session["login_at"] = time.time() - 12 * 3600 - 60
        session["last_seen"] = time.time()  # active a moment ago
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "omdat u al lang bent ingelogd" in client.get(response.headers["Location"]).get_data(as_text=True)
