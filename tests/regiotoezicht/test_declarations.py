"""Every URL rule declares a permission or is public; the app refuses to start otherwise."""

from __future__ import annotations

import pytest
from flask import Flask

from regiotoezicht.web import Scope, access_of, check_declarations, scope_of


def test_every_rule_of_the_app_is_declared(sqlite_app: Flask) -> None:
    for rule in sqlite_app.url_map.iter_rules():
        assert access_of(sqlite_app, rule.endpoint) is not None, rule.rule


def test_an_undeclared_rule_stops_the_start(sqlite_app: Flask) -> None:
    sqlite_app.add_url_rule("/vergeten", "forgotten", lambda: "open")
    with pytest.raises(RuntimeError, match="forgotten"):
        check_declarations(sqlite_app)


def test_a_gemeente_rule_must_take_a_slug(sqlite_app: Flask) -> None:
    def view() -> str:
        return ""

    view._access = object()  # type: ignore[attr-defined]
    sqlite_app.add_url_rule("/g/<int:x>/iets", "no_slug", view)
    with pytest.raises(RuntimeError, match="must take <slug>"):
        check_declarations(sqlite_app)


@pytest.mark.parametrize(
    ("rule", "scope"),
    [
        ("/g/<slug>/", Scope.GEMEENTE),
        ("/api/v1/g/<slug>/contactpersonen/", Scope.GEMEENTE),
        ("/regio/", Scope.REGION),
        ("/regio", Scope.REGION),
        ("/api/v1/regio/audit", Scope.REGION),
        ("/regionaal", Scope.ACCOUNT),
        ("/account", Scope.ACCOUNT),
        ("/api/v1/me", Scope.ACCOUNT),
    ],
)
def test_scope_follows_the_url(rule: str, scope: Scope) -> None:
    assert scope_of(rule) is scope
