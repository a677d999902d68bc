"""GET /api/v1/regio and GET /api/v1/gemeenten: what each role may see, with validity dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tests.factories import World, gemeente, link, make_user, region

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


def _get(client: FlaskClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def _slugs_and_roles(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {g["slug"]: [r["role"] for r in g["roles"]] for g in items}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("inspector_a", {"a": ["inspector"]}),
        ("admin_a", {"a": ["gemeente_admin"]}),
        ("viewer_a", {"a": ["gemeente_viewer"]}),
        ("admin_b", {"b": ["gemeente_admin"]}),
        ("coordinator", {"a": ["coordinator"], "b": ["coordinator"]}),
        ("region_admin", {"a": ["region_admin"], "b": ["region_admin"]}),
        ("privacy_officer", {"a": ["privacy_officer"], "b": ["privacy_officer"]}),
    ],
)
def test_gemeenten_lists_exactly_the_entitled_gemeenten(
    world: World, as_user: Client, who: str, expected: dict[str, list[str]]
) -> None:
    slugs = {"a": world.a_slug, "b": world.b_slug}
    items = _get(as_user(getattr(world, who)), "/api/v1/gemeenten")
    assert _slugs_and_roles(items) == {slugs[k]: roles for k, roles in expected.items()}
    first = items[0]
    assert set(first) == {"id", "code", "name", "slug", "roles"}
    assert first["code"].startswith("GM") and set(first["roles"][0]) == {"role", "label"}


def test_gemeenten_shows_role_labels_and_sorts_by_name(app: Flask, world: World, as_user: Client) -> None:
    with app.app_context():
        a = gemeente("GM0503")
        make_user("dubbel@test.nl", memberships=((a, Role.INSPECTOR), (a, Role.GEMEENTE_VIEWER)))
        db.session.commit()
    items = _get(as_user("dubbel@test.nl"), "/api/v1/gemeenten")
    assert items == [{
        "id": world.a_id, "code": "GM0503", "name": "Delft", "slug": world.a_slug,
        "roles": [{"role": "gemeente_viewer", "label": "Gemeentelezer"},
                  {"role": "inspector", "label": "Toezichthouder"}],
    }]
    assert [g["name"] for g in _get(as_user(world.coordinator), "/api/v1/gemeenten")] == ["'s-Gravenhage", "Delft"]


def test_ended_membership_entitles_to_nothing(app: Flask, world: World, as_user: Client) -> None:
    with app.app_context():
        make_user(
            "vertrokken@test.nl", memberships=((gemeente("GM0503"), Role.INSPECTOR),),
            valid_from=date(2020, 1, 1), valid_until=today() - timedelta(days=1),
        )
        db.session.commit()
    client = as_user("vertrokken@test.nl")
    assert _get(client, "/api/v1/gemeenten") == []
    assert client.get("/api/v1/regio").status_code == 403


def test_regio_shows_the_region_with_validity_dates(app: Flask, world: World, as_user: Client) -> None:
    later = today() + timedelta(days=30)
    with app.app_context():
        r = region()
        link(r, gemeente("GM0637"), valid_from=later)  # joins later
        link(r, gemeente("GM0603"), valid_from=date(2019, 1, 1), valid_until=date(2021, 12, 31))  # left
        db.session.commit()
    regions = _get(as_user(world.coordinator), "/api/v1/regio")
    assert [(x["code"], x["name"]) for x in regions] == [("GG7014", "GGD Haaglanden")]
    assert regions[0]["roles"] == [{"role": "coordinator", "label": "Coördinator"}]
    served = {g["code"]: g for g in regions[0]["gemeenten"]}
    assert set(served) == {"GM0503", "GM0518", "GM0637"}
    assert served["GM0503"]["valid_from"] == "2020-01-01" and served["GM0503"]["valid_until"] is None
    assert served["GM0503"]["serves_today"] is True
    assert served["GM0637"]["valid_from"] == later.isoformat() and served["GM0637"]["serves_today"] is False
    assert set(served["GM0503"]) == {"id", "code", "name", "slug", "valid_from", "valid_until", "serves_today"}
    # A gemeente the region serves only later is not one to act in today.
    assert "GM0637" not in {g["code"] for g in _get(as_user(world.coordinator), "/api/v1/gemeenten")}


def test_inspector_without_region_role_sees_only_their_gemeenten(world: World, as_user: Client) -> None:
    regions = _get(as_user(world.inspector_a), "/api/v1/regio")
    assert len(regions) == 1 and regions[0]["roles"] == []
    assert [(g["slug"], g["valid_from"]) for g in regions[0]["gemeenten"]] == [(world.a_slug, "2020-01-01")]


@pytest.mark.parametrize("who", ["admin_a", "viewer_a"])
def test_regio_needs_region_view(world: World, as_user: Client, who: str) -> None:
    response = as_user(getattr(world, who)).get("/api/v1/regio")
    assert response.status_code == 403 and response.is_json


def test_unknown_query_args_are_rejected(world: World, as_user: Client) -> None:
    client = as_user(world.coordinator)
    for path in ("/api/v1/regio?region=1", "/api/v1/gemeenten?slug=delft"):
        response = client.get(path)
        assert response.status_code == 422 and response.is_json
        assert list(response.get_json()["errors"]["query"].values()) == [["Onbekende parameter."]]


def test_login_required(app: Flask, world: World) -> None:
    for path in ("/api/v1/regio", "/api/v1/gemeenten"):
        response = app.test_client().get(path)
        assert response.status_code == 401 and response.is_json
