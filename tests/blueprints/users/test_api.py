"""The JSON API: /api/v1/me, /api/v1/regio/gebruikers, /api/v1/g/<slug>/lidmaatschappen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tenants.models import Gemeente, Membership
from tests.blueprints.users.conftest import YESTERDAY, as_user, reading
from tests.conftest import csrf_from
from tests.factories import World, all_context

Bearer = Callable[[int], dict[str, str]]


def _membership_id(app: Flask, world: World, who: str, gemeente_id: int) -> int:
    with reading(app, world):
        return db.session.execute(
            select(Membership.id).where(
                Membership.user_id == world.user_ids[who], Membership.gemeente_id == gemeente_id
            )
        ).scalar_one()


@pytest.mark.postgres
def test_me_returns_todays_roles_and_gemeenten(app: Flask, world: World, bearer: Bearer) -> None:
    with app.app_context():
        b = db.session.get(Gemeente, world.b_id)
        with tenant_context(all_context(b)):  # type: ignore[arg-type]
            db.session.add(
                Membership(
                    user_id=world.user_ids["inspector_a"],
                    gemeente_id=world.b_id,
                    role=Role.INSPECTOR,
                    valid_from=date(2020, 1, 1),
                    valid_until=date(2021, 12, 31),
                )
            )
            db.session.flush()
        db.session.commit()

    client = app.test_client()
    me = client.get("/api/v1/me", headers=bearer(world.user_ids["inspector_a"]))
    assert me.status_code == 200
    body = me.get_json()
    assert (body["email"], body["has_totp"], body["region_roles"]) == (world.inspector_a, False, [])
    assert [(m["gemeente_slug"], m["role"], m["valid_until"]) for m in body["memberships"]] == [
        (world.a_slug, "inspector", None)
    ]
    assert body["gemeenten"] == [
        {"id": world.a_id, "slug": world.a_slug, "name": "Delft", "roles": ["inspector"]}
    ]

    admin = client.get("/api/v1/me", headers=bearer(world.user_ids["region_admin"])).get_json()
    assert [(r["region_code"], r["role"], r["is_current"]) for r in admin["region_roles"]] == [
        ("GG7014", "region_admin", True)
    ]
    assert admin["memberships"] == []
    assert {(g["slug"], tuple(g["roles"])) for g in admin["gemeenten"]} == {
        (world.a_slug, ("region_admin",)),
        (world.b_slug, ("region_admin",)),
    }
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.postgres
def test_region_users_for_region_admins_only(app: Flask, world: World, bearer: Bearer) -> None:
    client = app.test_client()
    response = client.get(
        "/api/v1/regio/gebruikers", headers=bearer(world.user_ids["region_admin"])
    )
    assert response.status_code == 200
    by_email = {u["email"]: u for u in response.get_json()}
    assert set(by_email) == {
        world.admin_a,
        world.admin_b,
        world.viewer_a,
        world.inspector_a,
        world.coordinator,
        world.region_admin,
        world.privacy_officer,
    }
    assert [m["gemeente_slug"] for m in by_email[world.inspector_a]["memberships"]] == [
        world.a_slug
    ]
    assert by_email[world.coordinator]["region_roles"][0]["role"] == "coordinator"
    assert "password_hash" not in by_email[world.inspector_a]

    refused = client.get("/api/v1/regio/gebruikers", headers=bearer(world.user_ids["admin_a"]))
    assert refused.status_code == 403


@pytest.mark.postgres
def test_gemeente_admin_lists_grants_and_ends_memberships(
    app: Flask, world: World, bearer: Bearer
) -> None:
    client = app.test_client()
    headers = bearer(world.user_ids["admin_a"])
    base = f"/api/v1/g/{world.a_slug}/lidmaatschappen"

    listed = client.get(base, headers=headers)
    assert listed.status_code == 200
    assert {m["user_email"] for m in listed.get_json()} == {
        world.admin_a,
        world.viewer_a,
        world.inspector_a,
    }
    assert {m["gemeente_id"] for m in listed.get_json()} == {world.a_id}

    start = today() + timedelta(days=7)
    granted = client.post(
        base,
        headers=headers,
        json={
            "user_id": world.user_ids["viewer_a"],
            "role": "inspector",
            "valid_from": start.isoformat(),
        },
    )
    assert granted.status_code == 201, granted.get_json()
    body = granted.get_json()
    assert (body["role"], body["valid_from"], body["valid_until"], body["is_current"]) == (
        "inspector",
        start.isoformat(),
        None,
        False,
    )
    assert body["granted_by_id"] == world.user_ids["admin_a"]

    again = client.post(
        base,
        headers=headers,
        json={
            "user_id": world.user_ids["viewer_a"],
            "role": "inspector",
            "valid_from": start.isoformat(),
        },
    )
    assert again.status_code == 422
    assert "deze periode al" in again.get_json()["errors"]["json"]["valid_from"][0]

    mid = _membership_id(app, world, "inspector_a", world.a_id)
    ended = client.post(f"{base}/{mid}/beeindigen", headers=headers, json={})
    assert ended.status_code == 200
    assert ended.get_json()["valid_until"] == YESTERDAY().isoformat()
    assert ended.get_json()["ended_by_id"] == world.user_ids["admin_a"]
    me = client.get("/api/v1/me", headers=bearer(world.user_ids["inspector_a"])).get_json()
    assert me["memberships"] == [] and me["gemeenten"] == []


@pytest.mark.postgres
def test_gemeente_admin_cannot_reach_another_gemeente_through_the_api(
    app: Flask, world: World, bearer: Bearer
) -> None:
    client = app.test_client()
    headers = bearer(world.user_ids["admin_a"])
    assert (
        client.get(f"/api/v1/g/{world.b_slug}/lidmaatschappen", headers=headers).status_code == 403
    )
    assert (
        client.post(
            f"/api/v1/g/{world.b_slug}/lidmaatschappen",
            headers=headers,
            json={"user_id": world.user_ids["admin_b"], "role": "inspector"},
        ).status_code
        == 403
    )
    mid_b = _membership_id(app, world, "admin_b", world.b_id)
    assert (
        client.post(
            f"/api/v1/g/{world.a_slug}/lidmaatschappen/{mid_b}/beeindigen", headers=headers, json={}
        ).status_code
        == 404
    )
    stranger = client.post(
        f"/api/v1/g/{world.a_slug}/lidmaatschappen",
        headers=headers,
        json={"user_id": world.user_ids["admin_b"], "role": "inspector"},
    )
    assert stranger.status_code == 422
    assert stranger.get_json()["errors"]["json"]["user_id"] == [
        "Onbekende gebruiker in deze gemeente. Nodig nieuwe gebruikers uit via e-mail."
    ]
    with reading(app, world):
        assert db.session.get(Membership, mid_b).valid_until is None  # type: ignore[union-attr]


@pytest.mark.postgres
def test_bad_input_gives_422_with_dutch_field_messages(
    app: Flask, world: World, bearer: Bearer
) -> None:
    client = app.test_client()
    headers = bearer(world.user_ids["admin_a"])
    base = f"/api/v1/g/{world.a_slug}/lidmaatschappen"

    response = client.post(
        base,
        headers=headers,
        json={
            "user_id": "drie",
            "role": "region_admin",
            "valid_from": "morgen",
            "gemeente_id": world.b_id,
        },
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert errors["gemeente_id"] == ["Onbekend veld."]
    assert errors["user_id"] == ["Geef het nummer van een gebruiker."]
    assert errors["valid_from"] == ["Geen geldige datum: gebruik JJJJ-MM-DD."]
    assert errors["role"][0].startswith("Kies een gemeenterol: inspector")

    missing = client.post(base, headers=headers, json={}).get_json()["errors"]["json"]
    assert missing == {"user_id": ["Dit veld is verplicht."], "role": ["Dit veld is verplicht."]}

    backwards = client.post(
        base,
        headers=headers,
        json={
            "user_id": world.user_ids["viewer_a"],
            "role": "inspector",
            "valid_from": (today() + timedelta(days=5)).isoformat(),
            "valid_until": today().isoformat(),
        },
    )
    assert backwards.status_code == 422
    assert backwards.get_json()["errors"]["json"] == {
        "valid_until": ["De einddatum ligt vóór de begindatum."]
    }

    past = client.post(
        base,
        headers=headers,
        json={
            "user_id": world.user_ids["viewer_a"],
            "role": "inspector",
            "valid_from": "2020-01-01",
        },
    )
    assert (
        past.status_code == 422
        and "terugwerkende kracht" in past.get_json()["errors"]["json"]["valid_from"][0]
    )

    mid = _membership_id(app, world, "viewer_a", world.a_id)
    end = client.post(
        f"{base}/{mid}/beeindigen",
        headers=headers,
        json={"valid_until": "2026-13-01", "reden": "x"},
    )
    assert end.status_code == 422
    assert set(end.get_json()["errors"]["json"]) == {"valid_until", "reden"}
    with reading(app, world):
        assert (
            len(
                db.session.execute(
                    select(Membership).where(Membership.user_id == world.user_ids["viewer_a"])
                ).all()
            )
            == 1
        )


@pytest.mark.postgres
def test_session_clients_need_the_csrf_header_for_writes(
    app: Flask, world: World, client_for: object
) -> None:
    client = as_user(client_for, world.admin_a)  # type: ignore[arg-type]
    base = f"/api/v1/g/{world.a_slug}/lidmaatschappen"
    assert client.get(base).status_code == 200
    body = {"user_id": world.user_ids["viewer_a"], "role": "inspector"}
    assert client.post(base, json=body).status_code == 400
    token = csrf_from(client, "/account")
    assert client.post(base, json=body, headers={"X-CSRFToken": token}).status_code == 201


@pytest.mark.postgres
def test_own_membership_elsewhere_is_refused_with_json_403(
    app: Flask, world: World, bearer: Bearer
) -> None:
    with app.app_context():
        b = db.session.get(Gemeente, world.b_id)
        with tenant_context(all_context(b)):  # type: ignore[arg-type]
            own = Membership(
                user_id=world.user_ids["admin_a"],
                gemeente_id=world.b_id,
                role=Role.GEMEENTE_VIEWER,
                valid_from=date(2020, 1, 1),
            )
            db.session.add(own)
            db.session.flush()
            own_id = own.id
        db.session.commit()
    response = app.test_client().post(
        f"/api/v1/g/{world.a_slug}/lidmaatschappen/{own_id}/beeindigen",
        headers=bearer(world.user_ids["admin_a"]),
        json={},
    )
    assert response.status_code == 403
    assert "andere gemeente" in response.get_json()["message"]
    with reading(app, world):
        assert db.session.get(Membership, own_id).valid_until is None  # type: ignore[union-attr]
