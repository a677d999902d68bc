"""Isolation through the routes of a real tenant slice (contact persons), pages and JSON API.

A user of gemeente A asking for B's contact under A's slug gets 404 (it is not found in A);
asking for anything under B's slug gets 403 and leaves an `access.refused` audit row that
survives the request's rollback; an unknown slug is 404. B's rows are compared before and after
through the superuser connection, which row-level security does not filter.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask, request_started
from flask.testing import FlaskClient

from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_api_token
from regiotoezicht.extensions import db
from tests.conftest import csrf_from
from tests.factories import World
from tests.isolation.support import inspect_rows, leaks_b, snapshot_b

pytestmark = pytest.mark.postgres

Login = Callable[[Any], FlaskClient]
CONTACT_FORM = {"name": "Gewijzigd", "email": "gewijzigd@test.nl", "function": "Probe"}


def as_user(client_for: Login, world: World, who: str) -> FlaskClient:
    return client_for(SimpleNamespace(email=getattr(world, who)))


def csrf(client: FlaskClient) -> dict[str, str]:
    return {"X-CSRFToken": csrf_from(client, "/account")}


def bearer(app: Flask, user_id: int) -> dict[str, str]:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        _, plain = create_api_token(user, "isolation", 30)
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def audit_rows(action: str) -> list[tuple[Any, ...]]:
    return inspect_rows(
        "SELECT gemeente_id, actor_user_id, detail->>'reason', detail->>'path' FROM audit_events "
        "WHERE action = :a ORDER BY id",
        a=action,
    )


def test_b_contact_under_own_slug_is_not_found(app: Flask, world: World, client_for: Login) -> None:
    client = as_user(client_for, world, "admin_a")
    headers = csrf(client)
    a, b_id = world.a_slug, world.contact_b_id
    before = snapshot_b(world)
    token = headers["X-CSRFToken"]
    requests = [
        ("GET", f"/g/{a}/contactpersonen/{b_id}", {}),
        ("POST", f"/g/{a}/contactpersonen/{b_id}", {"data": {**CONTACT_FORM, "csrf_token": token}}),
        ("POST", f"/g/{a}/contactpersonen/{b_id}/verwijderen", {"data": {"csrf_token": token}}),
        ("GET", f"/api/v1/g/{a}/contactpersonen/{b_id}", {}),
        ("PATCH", f"/api/v1/g/{a}/contactpersonen/{b_id}", {"json": CONTACT_FORM}),
        ("PATCH", f"/api/v1/g/{a}/contactpersonen/{b_id}", {"json": {}}),
        ("DELETE", f"/api/v1/g/{a}/contactpersonen/{b_id}", {}),
    ]
    for method, path, kwargs in requests:
        response = client.open(path, method=method, headers=headers, **kwargs)
        assert response.status_code == 404, (method, path, response.status_code)
        assert leaks_b(response.get_data(as_text=True)) == []
    assert snapshot_b(world) == before
    not_found = inspect_rows(
        "SELECT object_type, object_id, actor_user_id FROM audit_events WHERE action = 'access.not_found'"
    )
    assert not_found == [("GemeenteContact", str(b_id), world.user_ids["admin_a"])] * len(requests)


def test_own_contact_under_own_slug_works(app: Flask, world: World, client_for: Login) -> None:
    """Control for the 404s: the same requests with A's own contact succeed."""
    client = as_user(client_for, world, "admin_a")
    headers = csrf(client)
    a, a_id = world.a_slug, world.contact_a_id
    assert client.get(f"/g/{a}/contactpersonen/{a_id}").status_code == 200
    assert (
        client.get(f"/api/v1/g/{a}/contactpersonen/{a_id}").get_json()["gemeente_id"] == world.a_id
    )
    patched = client.patch(
        f"/api/v1/g/{a}/contactpersonen/{a_id}", json={"name": "Nieuw"}, headers=headers
    )
    assert patched.status_code == 200 and patched.get_json()["name"] == "Nieuw"
    assert (
        client.delete(f"/api/v1/g/{a}/contactpersonen/{a_id}", headers=headers).status_code == 204
    )


def test_lists_show_only_own_contacts(app: Flask, world: World, client_for: Login) -> None:
    for who in ("admin_a", "viewer_a", "inspector_a"):
        client = as_user(client_for, world, who)
        page = client.get(f"/g/{world.a_slug}/contactpersonen/")
        assert page.status_code == 200
        assert "Contact Delft" in page.get_data(as_text=True)
        assert leaks_b(page.get_data(as_text=True)) == []
        listed = client.get(f"/api/v1/g/{world.a_slug}/contactpersonen/").get_json()
        assert [(c["id"], c["gemeente_id"]) for c in listed] == [(world.contact_a_id, world.a_id)]


def test_new_contact_lands_in_own_gemeente_whatever_the_body_says(
    app: Flask, world: World, client_for: Login
) -> None:
    client = as_user(client_for, world, "admin_a")
    headers = csrf(client)
    refused = client.post(
        f"/api/v1/g/{world.a_slug}/contactpersonen/",
        json={**CONTACT_FORM, "gemeente_id": world.b_id},
        headers=headers,
    )
    assert refused.status_code == 422  # unknown fields are rejected, gemeente_id included
    created = client.post(
        f"/api/v1/g/{world.a_slug}/contactpersonen/", json=CONTACT_FORM, headers=headers
    )
    assert created.status_code == 201 and created.get_json()["gemeente_id"] == world.a_id
    form = client.post(
        f"/g/{world.a_slug}/contactpersonen/nieuw",
        data={
            **CONTACT_FORM,
            "email": "form@test.nl",
            "gemeente_id": str(world.b_id),
            "csrf_token": headers["X-CSRFToken"],
        },
    )
    assert form.status_code == 302
    assert inspect_rows(
        "SELECT count(*) FROM gemeente_contacts WHERE gemeente_id = :b", b=world.b_id
    ) == [(1,)]


@pytest.mark.parametrize("who", ["admin_a", "viewer_a", "inspector_a"])
def test_foreign_slug_is_forbidden_and_logged(
    app: Flask, world: World, client_for: Login, who: str
) -> None:
    client = as_user(client_for, world, who)
    headers = csrf(client)
    b = world.b_slug
    before = snapshot_b(world)
    requests = [
        ("GET", f"/g/{b}/contactpersonen/", {}),
        ("GET", f"/g/{b}/contactpersonen/{world.contact_b_id}", {}),
        (
            "POST",
            f"/g/{b}/contactpersonen/nieuw",
            {"data": {**CONTACT_FORM, "csrf_token": headers["X-CSRFToken"]}},
        ),
        ("GET", f"/api/v1/g/{b}/contactpersonen/", {}),
        ("GET", f"/api/v1/g/{b}/contactpersonen/{world.contact_b_id}", {}),
        ("POST", f"/api/v1/g/{b}/contactpersonen/", {"json": CONTACT_FORM}),
        ("PATCH", f"/api/v1/g/{b}/contactpersonen/{world.contact_b_id}", {"json": CONTACT_FORM}),
        ("DELETE", f"/api/v1/g/{b}/contactpersonen/{world.contact_b_id}", {}),
        # B's slug with A's object id is refused just the same: the slug decides first.
        ("GET", f"/api/v1/g/{b}/contactpersonen/{world.contact_a_id}", {}),
    ]
    for method, path, kwargs in requests:
        response = client.open(path, method=method, headers=headers, **kwargs)
        assert response.status_code == 403, (method, path, response.status_code)
        assert leaks_b(response.get_data(as_text=True)) == []
        if path.startswith("/api/"):
            assert response.get_json()["code"] == 403
    assert snapshot_b(world) == before
    refused = audit_rows("access.refused")
    assert [r[:3] for r in refused] == [(world.b_id, world.user_ids[who], "not_entitled")] * len(
        requests
    )
    assert [r[3] for r in refused] == [path for _, path, _ in requests]


def test_foreign_slug_with_a_bearer_token_is_forbidden(app: Flask, world: World) -> None:
    client = app.test_client()
    headers = bearer(app, world.user_ids["admin_a"])
    for method, path in (
        ("GET", f"/api/v1/g/{world.b_slug}/contactpersonen/"),
        ("DELETE", f"/api/v1/g/{world.b_slug}/contactpersonen/{world.contact_b_id}"),
    ):
        assert client.open(path, method=method, headers=headers).status_code == 403
    for method in ("GET", "DELETE"):
        response = client.open(
            f"/api/v1/g/{world.a_slug}/contactpersonen/{world.contact_b_id}",
            method=method,
            headers=headers,
        )
        assert response.status_code == 404
    assert len(audit_rows("access.refused")) == 2
    assert inspect_rows(
        "SELECT count(*) FROM gemeente_contacts WHERE gemeente_id = :b", b=world.b_id
    ) == [(1,)]


def test_unknown_slug_is_not_found(app: Flask, world: World, client_for: Login) -> None:
    client = as_user(client_for, world, "admin_a")
    for path in (
        "/g/bestaat-niet/contactpersonen/",
        "/api/v1/g/bestaat-niet/contactpersonen/",
        f"/api/v1/g/bestaat-niet/contactpersonen/{world.contact_b_id}",
    ):
        assert client.get(path).status_code == 404, path
    assert audit_rows("access.refused") == []


def test_region_user_sees_both_gemeenten(app: Flask, world: World, client_for: Login) -> None:
    """Control for the markers: someone entitled to B does see B's data under B's slug."""
    client = as_user(client_for, world, "coordinator")
    page = client.get(f"/g/{world.b_slug}/contactpersonen/").get_data(as_text=True)
    assert "Contact Den Haag" in page and "Contact Delft" not in page
    listed = client.get(f"/api/v1/g/{world.a_slug}/contactpersonen/").get_json()
    assert [c["gemeente_id"] for c in listed] == [world.a_id]


def test_each_request_gets_a_fresh_session(app: Flask, world: World, client_for: Login) -> None:
    """The identity-map caveat cannot carry B's objects from one request into the next."""
    seen: list[tuple[Any, int]] = []

    def record(sender: Flask, **extra: Any) -> None:
        session = db.session()
        seen.append((session, len(session.identity_map)))

    admin_b = as_user(client_for, world, "admin_b")
    admin_a = as_user(client_for, world, "admin_a")
    request_started.connect(record, app)
    try:
        assert (
            admin_b.get(f"/g/{world.b_slug}/contactpersonen/{world.contact_b_id}").status_code
            == 200
        )
        assert (
            admin_a.get(f"/g/{world.a_slug}/contactpersonen/{world.contact_b_id}").status_code
            == 404
        )
        assert (
            admin_a.get(
                f"/api/v1/g/{world.a_slug}/contactpersonen/{world.contact_b_id}"
            ).status_code
            == 404
        )
    finally:
        request_started.disconnect(record, app)
    sessions = [s for s, _ in seen]
    assert len(seen) == 3 and len({id(s) for s in sessions}) == 3
    assert [n for _, n in seen] == [0, 0, 0]
