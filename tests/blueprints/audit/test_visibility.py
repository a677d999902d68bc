"""Who sees which audit rows: a gemeente admin their gemeente only, region readers everything."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.factories import World

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


def _object_ids(client: FlaskClient, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return {item["object_id"] for item in response.get_json()["items"]}


@pytest.mark.parametrize("path", ["/g/{a}/audit?action=test.", "/regio/audit?action=test."])
def test_gemeente_admin_sees_own_rows_and_no_region_rows(
    world: World, marks: dict[str, str], as_user: Client, path: str
) -> None:
    html = as_user(world.admin_a).get(path.format(a=world.a_slug)).get_data(as_text=True)
    assert marks["a"] in html
    assert marks["b"] not in html
    assert marks["region"] not in html


def test_gemeente_admin_api_views(world: World, marks: dict[str, str], as_user: Client) -> None:
    client = as_user(world.admin_a)
    assert _object_ids(client, f"/api/v1/g/{world.a_slug}/audit?action=test.") == {marks["a"]}
    assert _object_ids(client, "/api/v1/regio/audit?action=test.") == {marks["a"]}
    # Logins are region-level rows: never listed for a gemeente admin.
    everything = client.get("/api/v1/regio/audit?per_page=200").get_json()["items"]
    assert everything and all(item["gemeente_id"] == world.a_id for item in everything)


def test_gemeente_admin_is_refused_the_other_gemeente(world: World, marks: dict[str, str], as_user: Client) -> None:
    client = as_user(world.admin_a)
    assert client.get(f"/g/{world.b_slug}/audit").status_code == 403
    assert client.get(f"/api/v1/g/{world.b_slug}/audit").status_code == 403
    assert client.get(f"/g/{world.b_slug}/audit/export.csv").status_code == 403


@pytest.mark.parametrize("role", ["region_admin", "privacy_officer"])
def test_region_readers_see_both_gemeenten_and_region_rows(
    world: World, marks: dict[str, str], as_user: Client, role: str
) -> None:
    client = as_user(getattr(world, role))
    assert _object_ids(client, "/api/v1/regio/audit?action=test.") == set(marks.values())
    html = client.get("/regio/audit?action=test.").get_data(as_text=True)
    assert all(object_id in html for object_id in marks.values())
    # A gemeente page is that gemeente only, also for a region reader.
    assert _object_ids(client, f"/api/v1/g/{world.a_slug}/audit?action=test.") == {marks["a"]}


@pytest.mark.parametrize("role", ["coordinator", "inspector_a", "viewer_a"])
def test_roles_without_audit_read_are_refused(world: World, as_user: Client, role: str) -> None:
    client = as_user(getattr(world, role))
    assert client.get("/regio/audit").status_code == 403
    assert client.get("/api/v1/regio/audit").status_code == 403
    assert client.get(f"/g/{world.a_slug}/audit").status_code == 403


def test_refused_access_is_logged_and_survives_the_rollback(world: World, as_user: Client) -> None:
    intruder = as_user(world.admin_a)
    assert intruder.get(f"/g/{world.b_slug}/").status_code == 403

    def refusals(client: FlaskClient, path: str) -> list[dict[str, object]]:
        return client.get(path + "?action=access.refused").get_json()["items"]

    seen_by_region = refusals(as_user(world.region_admin), "/api/v1/regio/audit")
    assert [(r["gemeente_id"], r["actor_user_id"]) for r in seen_by_region] == [
        (world.b_id, world.user_ids["admin_a"])
    ]
    assert seen_by_region[0]["action_label"] == "Toegang geweigerd"
    assert "not_entitled" in str(seen_by_region[0]["reason"])
    # B's own admin sees the attempt on B; A's admin does not (the row belongs to B).
    assert len(refusals(as_user(world.admin_b), f"/api/v1/g/{world.b_slug}/audit")) == 1
    assert refusals(intruder, "/api/v1/regio/audit") == []
    html = as_user(world.region_admin).get("/regio/audit?action=access.refused").get_data(as_text=True)
    assert "Toegang geweigerd" in html and "Beheer A" in html
