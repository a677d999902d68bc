"""Browser fixtures: the app on the real PostgreSQL behind a live HTTP server with the demo
region seeded (committed), one headless Chromium per session and a fresh context per test.

Scopes: the server and its data live for this package only (scope="package") and are
truncated in its teardown, so the function-scoped `app` fixture of tests/conftest.py — which
truncates after every test — never runs while the demo data is in use, and later packages start
empty. The browser tests do not use `app`, `world` or `client_for`.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from regiotoezicht.extensions import db
from tests.browser.helpers import PageWatch, login
from tests.browser.roles import RoleSpec
from tests.conftest import OWNER_URL, truncate_all

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1280, "height": 900}


class ErrorRecorder:
    """WSGI wrapper that remembers every 5xx and every exception the app raised.

    The app runs with TESTING=True, so an exception in a view propagates here and werkzeug
    answers 500; the tests fail on it with the traceback instead of only seeing a blank page.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        where = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"

        def recording_start_response(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            if status.startswith("5"):
                self._add(f"{where} → {status}")
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, recording_start_response)
        except Exception:
            self._add(f"{where} raised:\n{traceback.format_exc()}")
            raise

    def _add(self, message: str) -> None:
        with self._lock:
            self.errors.append(message)

    def take(self) -> list[str]:
        with self._lock:
            errors, self.errors = self.errors, []
        return errors


@dataclass
class LiveServer:
    url: str
    recorder: ErrorRecorder
    seed_output: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _seed_demo(app: Flask) -> str:
    """Seed exactly as `flask regio seed-demo` does: it is the real command, run in-process."""
    result = app.test_cli_runner().invoke(args=["regio", "seed-demo"])
    assert result.exit_code == 0, f"seed-demo failed:\n{result.output}\n{result.exception!r}"
    return result.output


@pytest.fixture(scope="package")
def live_server(pg_app: Flask) -> Iterator[LiveServer]:
    truncate_all(OWNER_URL)  # start from reference data only, whatever ran before
    output = _seed_demo(pg_app)
    recorder = ErrorRecorder(pg_app)
    # werkzeug logs one INFO line per request; keep failures readable.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, recorder, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", recorder=recorder,
                         seed_output=output)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with pg_app.app_context():
            db.session.remove()
        truncate_all(OWNER_URL)


@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(autouse=True)
def _no_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a browser test whenever the app answered 5xx or raised, with the traceback."""
    if "live_server" not in request.fixturenames:
        yield
        return
    server: LiveServer = request.getfixturevalue("live_server")
    server.recorder.take()
    yield
    errors = server.recorder.take()
    assert not errors, "the app failed during this test:\n" + "\n".join(errors)


@dataclass
class Browsing:
    """A fresh browser context for one test, anonymous or logged in as a role."""

    browser: Browser
    server: LiveServer
    contexts: list[BrowserContext] = field(default_factory=list)
    watches: list[PageWatch] = field(default_factory=list)

    def new_page(self, role: RoleSpec | None = None, **options: Any) -> tuple[Page, PageWatch]:
        """A page in a new context; with a role, logged in through the login form."""
        settings: dict[str, Any] = {"base_url": self.server.url, "viewport": VIEWPORT, "locale": "nl-NL"}
        settings.update(options)
        context = self.browser.new_context(**settings)
        self.contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page)
        self.watches.append(watch)
        if role is not None:
            login(page, role)
        return page, watch

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture()
def browsing(browser: Browser, live_server: LiveServer) -> Iterator[Browsing]:
    b = Browsing(browser, live_server)
    try:
        yield b
    finally:
        b.close()
    for watch in b.watches:
        watch.assert_no_broken_resources()
