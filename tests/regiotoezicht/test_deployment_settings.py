"""Deployment settings of the core: the client's address behind trusted proxies (audit log), Redis
timeouts that keep /readyz from hanging, and SECRET_KEY rotation with fallbacks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import csrf_from
from tests.factories import PASSWORD, World
from tests.regiotoezicht.conftest import SqlRunner, extra_app

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

CLIENT = "203.0.113.7"
INGRESS = "10.0.3.4"


def failed_login_ip(app: Flask, owner_sql: SqlRunner, forwarded: str | None) -> str:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = INGRESS
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    token = csrf_from(client, "/login")
    client.post("/login", data={"email": "niemand@test.nl", "password": "x", "csrf_token": token}, headers=headers)
    rows = owner_sql("SELECT ip_address FROM audit_events WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 1")
    return rows[0]["ip_address"]


def test_audit_records_the_client_behind_a_trusted_proxy(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    with extra_app({"TRUSTED_PROXY_COUNT": 1}) as behind_ingress:
        assert failed_login_ip(behind_ingress, owner_sql, CLIENT) == CLIENT
        # A client that sends its own X-Forwarded-For cannot choose what is logged: the ingress
        # appends the address it saw, and only that last entry is trusted.
        assert failed_login_ip(behind_ingress, owner_sql, f"198.51.100.66, {CLIENT}") == CLIENT
    with extra_app({"TRUSTED_PROXY_COUNT": 0}) as direct:
        assert failed_login_ip(direct, owner_sql, CLIENT) == INGRESS  # no proxy trusted: header ignored


@pytest.fixture()
def silent_redis() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_readyz_answers_503_quickly_when_redis_hangs(app: Flask, silent_redis: str) -> None:
    with extra_app({"REDIS_URL": silent_redis, "REDIS_SOCKET_TIMEOUT": 0.5, "REDIS_CONNECT_TIMEOUT": 0.5}) as hung:
        start = time.monotonic()
        response = hung.test_client().get("/readyz")
        elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["redis"].startswith("fout: ")
    assert elapsed < 3, f"/readyz took {elapsed:.1f} s"


def test_default_redis_client_has_timeouts(app: Flask) -> None:
    from regiotoezicht.jobs import redis_connection

    with app.app_context():
        kwargs = redis_connection().connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert kwargs["socket_timeout"] == 5 and kwargs["socket_connect_timeout"] == 2


def test_secret_key_rotation_keeps_sessions_with_a_fallback(app: Flask, world: World) -> None:
    with extra_app({"SECRET_KEY": "old-" + "k" * 40}) as old:
        client = old.test_client()
        token = csrf_from(client, "/login")
        response = client.post("/login", data={"email": world.admin_a, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        client.get(response.headers["Location"])
        assert client.get("/account").status_code == 200
        cookie = client.get_cookie("session")
        assert cookie is not None
    with extra_app({"SECRET_KEY": "new-" + "k" * 40, "SECRET_KEY_FALLBACKS": ["old-" + "k" * 40]}) as rotated:
        carried = rotated.test_client()
        carried.set_cookie("session", cookie.value)
        assert carried.get("/account").status_code == 200
    with extra_app({"SECRET_KEY": "new-" + "k" * 40, "SECRET_KEY_FALLBACKS": []}) as without:
        dropped = without.test_client()
        dropped.set_cookie("session", cookie.value)
        assert dropped.get("/account").status_code == 302  # back to the login page
