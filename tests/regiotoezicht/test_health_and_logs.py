"""Liveness and readiness probes against the real services, and structured request logs."""

from __future__ import annotations

import io
import json
import logging
import re
import socket
from types import SimpleNamespace

import pytest
from flask import Flask, g

from tests.factories import World
from tests.regiotoezicht.conftest import extra_app

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_with_database_and_redis(app: Flask) -> None:
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_readyz_is_503_when_redis_is_down(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{_closed_port()}/0")
    monkeypatch.delitem(app.extensions, "regiotoezicht.redis", raising=False)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.is_json
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["redis"].startswith("fout: ")


def test_readyz_is_503_when_the_database_is_down(pg_app: Flask) -> None:
    url = f"postgresql+psycopg://regiotoezicht_app:app@127.0.0.1:{_closed_port()}/regiotoezicht_test"
    with extra_app({"SQLALCHEMY_DATABASE_URI": url}) as broken:
        response = broken.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.json["checks"]["database"] == "fout: OperationalError"
        assert broken.test_client().get("/healthz").status_code == 200  # alive, not ready


def test_readyz_without_redis_checks_only_the_database(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    response = app.test_client().get("/readyz")
    assert response.status_code == 200 and response.json["checks"] == {"database": "ok"}


@pytest.fixture()
def json_logs(pg_app: Flask):  # type: ignore[no-untyped-def]
    """An app logging JSON lines, and the stream they go to."""
    with extra_app({"LOG_FORMAT": "json"}) as app:
        stream = io.StringIO()
        handler = logging.getLogger("regiotoezicht").handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
        yield SimpleNamespace(app=app, stream=stream)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_json_request_log_with_request_id(json_logs, world: World) -> None:  # type: ignore[no-untyped-def]
    client = json_logs.app.test_client()
    given = client.get("/healthz", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert given.headers["X-Request-ID"] == "lb-0123456789abcdef"
    made = client.get("/login")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])

    lines = _lines(json_logs.stream)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/healthz", 200), ("GET", "/login", 200),
    ]
    assert lines[0]["request_id"] == "lb-0123456789abcdef"
    assert lines[1]["request_id"] == made.headers["X-Request-ID"]
    for line in lines:
        assert {"ts", "level", "logger", "message"} <= set(line)
        assert line["level"] == "INFO" and line["logger"] == "regiotoezicht.app"


@pytest.mark.parametrize("bad", ["kort", "met spatie 12345", "x" * 65, "ab\u00e9cdefghij", "<script>alert</script>"])
def test_unusable_request_ids_are_replaced(json_logs, bad: str) -> None:  # type: ignore[no-untyped-def]
    response = json_logs.app.test_client().get("/healthz", headers={"X-Request-ID": bad})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert _lines(json_logs.stream)[-1]["request_id"] == response.headers["X-Request-ID"]


def test_errors_are_logged_as_json_with_the_request_id(json_logs, world: World) -> None:  # type: ignore[no-untyped-def]
    logger = logging.getLogger("regiotoezicht.jobs")
    with json_logs.app.test_request_context(headers={"X-Request-ID": "req-abcdef12"}):
        g.request_id = "req-abcdef12"
        try:
            raise RuntimeError("kapot")
        except RuntimeError:
            logger.exception("job mislukt", extra={"job": "voorbeeld"})
    [line] = _lines(json_logs.stream)
    assert line["level"] == "ERROR" and line["request_id"] == "req-abcdef12"
    assert line["job"] == "voorbeeld" and "RuntimeError: kapot" in line["exc"]
