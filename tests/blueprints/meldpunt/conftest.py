"""Fixtures for the public meldpunt: the bot checks relaxed per test, posting helpers, row counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.meldpunt.botcheck import local_counter
from regiotoezicht.jobs import redis_connection
from tests.isolation.support import inspect_rows

_HIDDEN = re.compile(r'name="(csrf_token|shown)"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="(csrf_token|shown)"')

#: Tables a submission writes to: a refused one must leave all of them as they were.
WRITTEN = ("meldingen", "melding_personal_data", "attachments", "stored_objects", "outbox_messages",
           "melding_status_changes")


def clear_rate_counts(app: Flask) -> None:
    with app.app_context():
        conn = redis_connection()
        if conn is not None:
            for key in conn.scan_iter("meldpunt:rate:*"):
                conn.delete(key)
    local_counter.clear()


@pytest.fixture()
def meldpunt_app(app: Flask) -> Iterator[Flask]:
    """The app with no minimum fill time and a high rate limit (tests set their own)."""
    saved = {k: app.config.get(k) for k in ("MELDPUNT_MIN_FILL_SECONDS", "MELDPUNT_RATE_LIMIT",
                                             "ATTACHMENT_MAX_BYTES")}
    app.config.update(MELDPUNT_MIN_FILL_SECONDS=0, MELDPUNT_RATE_LIMIT=1000)
    clear_rate_counts(app)
    yield app
    for key, value in saved.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value
    clear_rate_counts(app)


def hidden_fields(client: FlaskClient, url: str) -> dict[str, str]:
    """The CSRF token and the signed 'shown' token of the form at `url`."""
    html = client.get(url).get_data(as_text=True)
    found: dict[str, str] = {}
    for match in _HIDDEN.finditer(html):
        name = match.group(1) or match.group(4)
        found[name] = match.group(2) if match.group(1) else match.group(3)
    assert set(found) == {"csrf_token", "shown"}, f"hidden fields missing on {url}"
    return found


def post_form(client: FlaskClient, url: str, data: dict[str, Any], files: list[tuple[Any, str]] | None = None,
              **overrides: str) -> Any:
    fields = {**hidden_fields(client, url), **data, **overrides}
    if files:
        fields["attachments"] = files
    return client.post(url, data=fields, content_type="multipart/form-data")


def counts() -> dict[str, int]:
    return {t: inspect_rows(f"SELECT count(*) FROM {t}")[0][0] for t in WRITTEN}
