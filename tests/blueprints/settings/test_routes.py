"""The settings pages and API: who may use them, dated changes, Dutch field errors, gemeente B apart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.settings.effective import effective_setting
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tests.conftest import csrf_from
from tests.factories import World
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]
KEY = "meldingen.triage_term_working_days"


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


def effective(app: Flask, gemeente_id: int, key: str, on_date: date) -> Any:
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({gemeente_id}))):
        return effective_setting(gemeente_id, key, on_date)


def post(client: FlaskClient, path: str, data: dict[str, Any]) -> Any:
    token = csrf_from(client, path)
    return client.post(path, data={**data, "csrf_token": token})


def rows(gemeente_id: int, key: str) -> list[tuple[Any, ...]]:
    return inspect_rows(
        "SELECT value::text, is_default, valid_from, note, changed_by_id FROM gemeente_settings "
        "WHERE gemeente_id = :g AND key = :k ORDER BY valid_from",
        g=gemeente_id, k=key,
    )


# --- pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin_a", "region_admin"])
def test_gemeente_and_region_admins_see_every_setting_with_its_origin(world: World, as_user: Client, who: str) -> None:
    html = as_user(getattr(world, who)).get(f"/g/{world.a_slug}/instellingen/").get_data(as_text=True)
    assert "Instellingen van Delft" in html
    assert "Termijn voor triage" in html and "3 werkdagen" in html
    assert "Handhavingsladder" in html and "Cliëntenstop (contractmaatregel) →" in html
    # The world gives Delft its own publication delay since 2020: the origin says so.
    assert "4 weken" in html and "gemeente sinds 1 januari 2020" in html
    assert "Instelling Den Haag" not in html


@pytest.mark.parametrize("who", ["viewer_a", "inspector_a", "coordinator", "privacy_officer"])
def test_others_are_refused(world: World, as_user: Client, who: str) -> None:
    client = as_user(getattr(world, who))
    assert client.get(f"/g/{world.a_slug}/instellingen/").status_code == 403
    assert client.get(f"/g/{world.a_slug}/instellingen/{KEY}").status_code == 403
    assert client.get(f"/api/v1/g/{world.a_slug}/settings/").status_code == 403


def test_admin_of_a_cannot_reach_b(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    assert client.get(f"/g/{world.b_slug}/instellingen/").status_code == 403
    assert client.get(f"/api/v1/g/{world.b_slug}/settings/{KEY}").status_code == 403


def test_change_from_a_date_via_the_form(app: Flask, world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    later = today() + timedelta(days=10)
    response = post(client, f"/g/{world.a_slug}/instellingen/{KEY}", {
        "value": "2", "valid_from": later.isoformat(), "note": "Werkplan 2027",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert rows(world.a_id, KEY) == [("2", False, later, "Werkplan 2027", world.user_ids["admin_a"])]
    assert effective(app, world.a_id, KEY, later) == 2
    assert effective(app, world.a_id, KEY, today()) == 3
    page = client.get(f"/g/{world.a_slug}/instellingen/{KEY}").get_data(as_text=True)
    assert "gepland" in page and "Werkplan 2027" in page and "Intrekken" in page
    assert rows(world.b_id, KEY) == []


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"value": "0"}, "value", "Het getal moet minstens 1 zijn."),
        ({"value": "veel"}, "value", "Vul een heel getal in."),
        ({"value": "2", "valid_from": "2020-01-01"}, "valid_from", "Een wijziging gaat in op vandaag of later"),
        ({"value": "2", "valid_from": ""}, "valid_from", "Kies de datum waarop de wijziging ingaat."),
        ({"value": "3"}, "value", "Deze waarde geldt op"),
    ],
)
def test_bad_input_gives_400_with_the_message_at_the_field(
    world: World, as_user: Client, data: dict[str, str], field_id: str, message: str
) -> None:
    client = as_user(world.admin_a)
    body = {"valid_from": today().isoformat(), **data}
    response = post(client, f"/g/{world.a_slug}/instellingen/{KEY}", body)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field_id}-fout"' in html and 'aria-invalid="true"' in html
    assert rows(world.a_id, KEY) == []


def test_checkbox_lists_and_the_ladder_with_steps(app: Flask, world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    base = f"/g/{world.a_slug}/instellingen/"
    day = today()
    token = csrf_from(client, base + "meldingen.copy_kinds")
    response = client.post(base + "meldingen.copy_kinds", data={
        "items": ["calamiteit"], "valid_from": day.isoformat(), "csrf_token": token,
    })
    assert response.status_code == 302
    assert effective(app, world.a_id, "meldingen.copy_kinds", day) == ["calamiteit"]
    token = csrf_from(client, base + "enforcement.measure_ladder")
    response = client.post(base + "enforcement.measure_ladder", data={
        "items": ["last_onder_dwangsom", "contract_client_stop"],
        "stap-last_onder_dwangsom": "2", "stap-contract_client_stop": "1",
        "valid_from": day.isoformat(), "csrf_token": token,
    })
    assert response.status_code == 302
    assert effective(app, world.a_id, "enforcement.measure_ladder", day) == [
        "contract_client_stop", "last_onder_dwangsom"
    ]
    # Nothing chosen: the ladder needs at least one step, said above the checkboxes.
    token = csrf_from(client, base + "enforcement.measure_ladder")
    response = client.post(base + "enforcement.measure_ladder", data={
        "valid_from": (day + timedelta(days=1)).isoformat(), "csrf_token": token,
    })
    assert response.status_code == 400
    assert 'id="items-fout"' in response.get_data(as_text=True)
    assert "Kies er minstens 1." in response.get_data(as_text=True)


def test_free_text_list_one_per_line(app: Flask, world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    response = post(client, f"/g/{world.a_slug}/instellingen/meldingen.local_categories", {
        "value": "Beschermd wonen\r\n\r\nDagbesteding\r\n", "valid_from": today().isoformat(),
    })
    assert response.status_code == 302
    assert effective(app, world.a_id, "meldingen.local_categories", today()) == ["Beschermd wonen", "Dagbesteding"]


def test_back_to_the_default_and_withdraw_a_planned_change(app: Flask, world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    key = "reports.publication_delay_weeks"  # Delft: 4 weeks since 2020 (the world)
    later = today() + timedelta(days=5)
    response = post(client, f"/g/{world.a_slug}/instellingen/{key}", {
        "use_default": "y", "valid_from": later.isoformat(),
    })
    assert response.status_code == 302
    assert effective(app, world.a_id, key, later) == 2
    assert effective(app, world.a_id, key, today()) == 4
    [(change_id,)] = inspect_rows(
        "SELECT id FROM gemeente_settings WHERE gemeente_id = :g AND key = :k AND valid_from = :d",
        g=world.a_id, k=key, d=later,
    )
    response = post(client, f"/g/{world.a_slug}/instellingen/wijziging/{change_id}/intrekken", {})
    assert response.status_code == 302
    assert effective(app, world.a_id, key, later) == 4
    # The value in force since 2020 cannot be withdrawn; B's row is not even found.
    [(in_force,)] = inspect_rows(
        "SELECT id FROM gemeente_settings WHERE gemeente_id = :g AND key = :k", g=world.a_id, k=key
    )
    post(client, f"/g/{world.a_slug}/instellingen/wijziging/{in_force}/intrekken", {})
    assert len(rows(world.a_id, key)) == 1
    response = post(client, f"/g/{world.a_slug}/instellingen/wijziging/{world.setting_b_id}/intrekken", {})
    assert response.status_code == 404
    assert len(rows(world.b_id, key)) == 1


def test_unknown_key_is_404(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    assert client.get(f"/g/{world.a_slug}/instellingen/bestaat.niet").status_code == 404
    assert client.get(f"/api/v1/g/{world.a_slug}/settings/bestaat.niet").status_code == 404


def test_changes_are_audited_with_the_actor(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    post(client, f"/g/{world.a_slug}/instellingen/{KEY}", {"value": "5", "valid_from": today().isoformat()})
    events = inspect_rows(
        "SELECT gemeente_id, actor_user_id, object_type, detail->>'key' FROM audit_events "
        "WHERE action = 'setting.changed'"
    )
    assert events == [(world.a_id, world.user_ids["admin_a"], "GemeenteSetting", KEY)]


# --- API -----------------------------------------------------------------------------------------

def test_api_lists_values_origins_and_history(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    items = client.get(f"/api/v1/g/{world.a_slug}/settings/").get_json()
    by_key = {i["key"]: i for i in items}
    assert by_key[KEY]["value"] == 3 and by_key[KEY]["origin"] == "standaard"
    delay = by_key["reports.publication_delay_weeks"]
    assert delay["value"] == 4 and delay["origin"] == "gemeente" and delay["valid_from"] == "2020-01-01"
    assert delay["history"][0]["note"] == "Instelling Delft"
    assert by_key["meldingen.copy_kinds"]["choices"] == {"calamiteit": "Calamiteit", "geweld": "Geweld", "signaal": "Signaal"}
    old = client.get(f"/api/v1/g/{world.a_slug}/settings/reports.publication_delay_weeks?on_date=2019-12-31").get_json()
    assert old["value"] == 2 and old["origin"] == "standaard" and old["on_date"] == "2019-12-31"
    bad = client.get(f"/api/v1/g/{world.a_slug}/settings/?on_date=gisteren")
    assert bad.status_code == 422
    assert bad.get_json()["errors"] == {"query": {"on_date": ["Geen geldige datum (JJJJ-MM-DD)."]}}


def test_api_put_changes_from_a_date_and_refuses_bad_values_per_field(app: Flask, world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    token = csrf_from(client, "/account")
    headers = {"X-CSRFToken": token}
    url = f"/api/v1/g/{world.a_slug}/settings/meldingen.copy_kinds"
    later = today() + timedelta(days=7)
    ok = client.put(url, json={"value": ["geweld"], "valid_from": later.isoformat(), "note": "API"}, headers=headers)
    assert ok.status_code == 200, ok.get_json()
    body = ok.get_json()
    assert body["value"] == ["calamiteit", "geweld"]  # today's value; the change is planned
    assert body["planned"][0]["value"] == ["geweld"] and body["planned"][0]["valid_from"] == later.isoformat()
    assert effective(app, world.a_id, "meldingen.copy_kinds", later) == ["geweld"]

    bad = client.put(url, json={"value": ["onzin"], "valid_from": later.isoformat()}, headers=headers)
    assert bad.status_code == 422
    assert bad.get_json()["errors"] == {"json": {"value": ["Onbekende waarde(n): onzin."]}}
    past = client.put(url, json={"value": ["geweld"], "valid_from": "2020-01-01"}, headers=headers)
    assert past.status_code == 422 and "valid_from" in past.get_json()["errors"]["json"]
    unknown = client.put(url, json={"value": ["geweld"], "valid_from": later.isoformat(), "x": 1}, headers=headers)
    assert unknown.status_code == 422 and unknown.get_json()["errors"]["json"] == {"x": ["Onbekend veld."]}
    missing = client.put(url, json={"value": ["geweld"]}, headers=headers)
    assert missing.get_json()["errors"]["json"] == {"valid_from": ["Dit veld is verplicht."]}
    back = client.put(url, json={"use_default": True, "valid_from": (later + timedelta(days=1)).isoformat()}, headers=headers)
    assert back.status_code == 200
    assert effective(app, world.a_id, "meldingen.copy_kinds", later + timedelta(days=1)) == ["calamiteit", "geweld"]
    assert rows(world.b_id, "meldingen.copy_kinds") == []


def test_api_admin_of_b_sees_only_b(world: World, as_user: Client) -> None:
    items = as_user(world.admin_b).get(f"/api/v1/g/{world.b_slug}/settings/").get_json()
    delay = {i["key"]: i for i in items}["reports.publication_delay_weeks"]
    assert delay["value"] == 5 and delay["history"][0]["note"] == "Instelling Den Haag"


def test_the_overview_shows_the_values_of_another_date(world: World, as_user: Client) -> None:
    client = as_user(world.admin_a)
    base = f"/g/{world.a_slug}/instellingen/"
    old = client.get(base + "?datum=2019-06-01").get_data(as_text=True)
    assert "golden op zaterdag 1 juni 2019" in old and "Waarde op 1 juni 2019" in old
    delay = old[old.index("Wachttijd voor openbaarmaking"):][:400]
    assert "2 weken" in delay and "standaard" in delay  # Delft's own 4 weeks start in 2020
    now = client.get(base).get_data(as_text=True)
    assert "Waarde nu" in now and "golden op" not in now
    bad = client.get(base + "?datum=morgen")
    assert bad.status_code == 400
    assert "Vul een geldige datum in" in bad.get_data(as_text=True)


def test_region_overview_lists_the_deviating_gemeenten_a_user_may_see(world: World, as_user: Client) -> None:
    html = as_user(world.coordinator).get("/regio/instellingen").get_data(as_text=True)
    delay = html[html.index("wachttijd voor openbaarmaking"):][:600]
    assert "Delft: 4 weken (gemeente sinds 1 januari 2020)" in delay
    assert "Gravenhage: 5 weken" in delay
    triage = html[html.index("termijn voor triage"):][:300]
    assert "geen" in triage
    # An inspector of Delft sees Delft only; a gemeente admin has no region pages.
    mine = as_user(world.inspector_a).get("/regio/instellingen").get_data(as_text=True)
    assert "Delft: 4 weken" in mine and "Gravenhage" not in mine
    assert as_user(world.admin_a).get("/regio/instellingen").status_code == 403
