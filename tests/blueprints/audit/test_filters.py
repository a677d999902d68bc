"""Filters and keyset pagination of the audit log, in the pages and the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tenants.entitlements import today
from tests.blueprints.audit.conftest import at, insert_events
from tests.factories import World

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


def _ids(client: FlaskClient, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [item["object_id"] for item in response.get_json()["items"]]


def test_period_filter_uses_dutch_dates(app: Flask, world: World, as_user: Client) -> None:
    # 23:30 UTC on 31 March is already 1 April in the Netherlands (summer time, UTC+2).
    insert_events(app, [
        {"gemeente_id": world.a_id, "object_id": "march", "occurred_at": at("2025-03-30T12:00:00+00:00")},
        {"gemeente_id": world.a_id, "object_id": "april-nl", "occurred_at": at("2025-03-31T23:30:00+00:00")},
        {"gemeente_id": world.a_id, "object_id": "may", "occurred_at": at("2025-05-02T08:00:00+00:00")},
    ])
    client = as_user(world.admin_a)
    base = f"/api/v1/g/{world.a_slug}/audit?action=test.mark"
    assert _ids(client, base + "&date_from=2025-04-01&date_to=2025-04-30") == ["april-nl"]
    assert _ids(client, base + "&date_to=2025-03-31") == ["march"]
    assert _ids(client, base + "&date_from=2025-04-01") == ["may", "april-nl"]
    html = client.get(f"/g/{world.a_slug}/audit?action=test.mark&date_from=2025-04-01&date_to=2025-04-30")
    text = html.get_data(as_text=True)
    assert "Probe april-nl" in text and "Probe march" not in text and "Probe may" not in text


def test_action_prefix_actor_and_object_filters(app: Flask, world: World, as_user: Client) -> None:
    admin_a = world.user_ids["admin_a"]
    insert_events(app, [
        {"gemeente_id": world.a_id, "action": "membership.granted", "object_type": "Membership",
         "object_id": "7", "actor_user_id": admin_a},
        {"gemeente_id": world.a_id, "action": "membership.ended", "object_type": "Membership",
         "object_id": "8", "actor_user_id": world.user_ids["region_admin"]},
        {"gemeente_id": world.a_id, "action": "membershipx", "object_type": "Other", "object_id": "7"},
        # A LIKE wildcard in the prefix is taken literally.
        {"gemeente_id": world.a_id, "action": "member_x.y", "object_type": "Other", "object_id": "9"},
    ])
    client = as_user(world.admin_a)
    base = f"/api/v1/g/{world.a_slug}/audit?"
    assert sorted(_ids(client, base + "action=membership.")) == ["7", "8"]
    assert _ids(client, base + "action=member_") == ["9"]
    assert _ids(client, base + f"action=membership.&actor={admin_a}") == ["7"]
    assert _ids(client, base + "object_type=Membership&object_id=8") == ["8"]
    page = client.get(f"/g/{world.a_slug}/audit?action=membership.&actor={admin_a}").get_data(as_text=True)
    assert "Rol in gemeente toegekend" in page and "Rol in gemeente beëindigd" not in page
    # The actor select offers people who appear in this gemeente's rows.
    assert re.search(rf'<option[^>]*value="{admin_a}"', page)


def test_gemeente_filter_on_the_region_page(world: World, marks: dict[str, str], as_user: Client) -> None:
    reader = as_user(world.privacy_officer)
    base = "/api/v1/regio/audit?action=test.&gemeente="
    assert _ids(reader, base + world.a_slug) == [marks["a"]]
    assert _ids(reader, base + world.b_slug) == [marks["b"]]
    assert _ids(reader, base + "regioniveau") == [marks["region"]]
    page = reader.get("/regio/audit?action=test.&gemeente=regioniveau").get_data(as_text=True)
    assert marks["region"] in page and marks["a"] not in page

    admin_a = as_user(world.admin_a)
    for value in (world.b_slug, "regioniveau", "bestaat-niet"):
        response = admin_a.get(base + value)
        assert response.status_code == 422
        assert "gemeente" in response.get_json()["errors"]["query"]
        assert admin_a.get(f"/regio/audit?gemeente={value}").status_code == 400
    # The gemeente page has no gemeente filter at all.
    response = admin_a.get(f"/api/v1/g/{world.a_slug}/audit?gemeente={world.a_slug}")
    assert response.status_code == 422


def test_invalid_filters_get_dutch_messages(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    page = client.get(f"/g/{world.a_slug}/audit?date_from=gisteren&date_to=2025-01-01")
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "Vul een geldige datum in" in text and "<title>Fout: " in text
    backwards = client.get(f"/g/{world.a_slug}/audit?date_from=2025-02-01&date_to=2025-01-01")
    assert backwards.status_code == 400 and "vóór de begindatum" in backwards.get_data(as_text=True)
    bad_actor = client.get(f"/g/{world.a_slug}/audit?actor=999999")
    assert bad_actor.status_code == 400 and "Kies een waarde uit de lijst" in bad_actor.get_data(as_text=True)


def test_pages_are_newest_first_without_gaps_or_repeats(app: Flask, world: World, as_user: Client) -> None:
    start = at("2025-01-01T09:00:00+00:00")
    insert_events(app, [
        {"gemeente_id": world.a_id, "action": "test.bulk", "object_id": f"{n:03d}",
         "occurred_at": start + timedelta(minutes=n)}
        for n in range(120)
    ])
    client = as_user(world.admin_a)
    base = f"/api/v1/g/{world.a_slug}/audit?action=test.bulk"
    first = client.get(base).get_json()
    assert [i["object_id"] for i in first["items"]] == [f"{n:03d}" for n in range(119, 69, -1)]
    assert first["prev_after"] is None and first["per_page"] == 50
    second = client.get(base + f"&before={first['next_before']}").get_json()
    assert [i["object_id"] for i in second["items"]] == [f"{n:03d}" for n in range(69, 19, -1)]
    third = client.get(base + f"&before={second['next_before']}").get_json()
    assert [i["object_id"] for i in third["items"]] == [f"{n:03d}" for n in range(19, -1, -1)]
    assert third["next_before"] is None
    # Back from the third page: the second again.
    back = client.get(base + f"&after={third['prev_after']}").get_json()
    assert back["items"] == second["items"]
    # Reading adds "audit.viewed" rows, but the pages of test.bulk do not move.
    assert client.get(base).get_json()["items"] == first["items"]
    # per_page is bounded; before and after exclude each other.
    assert client.get(base + "&per_page=500").status_code == 422
    assert client.get(base + "&before=5&after=3").status_code == 422


def test_html_pagination_is_a_labelled_nav_keeping_the_filters(app: Flask, world: World, as_user: Client) -> None:
    start = at("2025-01-01T09:00:00+00:00")
    insert_events(app, [
        {"gemeente_id": world.a_id, "action": "test.bulk", "object_id": f"obj-{n:03d}",
         "occurred_at": start + timedelta(minutes=n)}
        for n in range(60)
    ])
    client = as_user(world.admin_a)
    page = client.get(f"/g/{world.a_slug}/audit?action=test.bulk").get_data(as_text=True)
    assert page.count("obj-") == 50 and "obj-059" in page and "obj-009" not in page
    assert 'aria-label="Paginering van het auditlog"' in page
    older = re.search(r'href="([^"]+)"[^>]*>Oudere regels', page.replace("&amp;", "&"))
    assert older and "action=test.bulk" in older.group(1)
    rest = client.get(older.group(1)).get_data(as_text=True)
    assert rest.count("obj-") == 10 and "obj-009" in rest and "obj-010" not in rest
    assert "Nieuwere regels" in rest and "Oudere regels" not in rest


def test_page_structure_is_accessible(world: World, marks: dict[str, str], as_user: Client) -> None:
    page = as_user(world.region_admin).get("/regio/audit").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert "<caption" in page and 'scope="col"' in page
    assert 'class="rt-filters"' in page and 'method="get"' in page
    for name in ("date_from", "date_to", "action", "actor", "gemeente", "object_type", "object_id"):
        assert f'for="{name}"' in page and f'id="{name}"' in page
    assert "Regioniveau (zonder gemeente)" in page
    # Field names are shown; the log holds no values.
    assert "email, name" in as_user(world.admin_a).get(f"/g/{world.a_slug}/audit?action=test.").get_data(as_text=True)


def test_today_is_the_default_reference_for_dates(world: World, marks: dict[str, str], as_user: Client) -> None:
    client = as_user(world.admin_a)
    day = today().isoformat()
    assert _ids(client, f"/api/v1/g/{world.a_slug}/audit?action=test.&date_from={day}&date_to={day}") == [marks["a"]]
