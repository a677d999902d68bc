"""The meldingen API: register with field-level errors, list with overdue marks, detail per
audience, every step; nothing half-stored on refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tenants.entitlements import today
from tests.blueprints.meldingen.conftest import MWorld, acting, register
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres


def _client(app: Flask, email: str) -> tuple[FlaskClient, dict[str, str]]:
    client = login(app.test_client(), email, PASSWORD)
    return client, {"X-CSRFToken": csrf_from(client, "/account")}


def _body(mw: MWorld, **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "calamiteit", "channel": "email", "received_on": (today() - timedelta(days=2)).isoformat(),
        "reporter_kind": "aanbieder", "provider_id": mw.provider_id, "service_type_id": mw.service_type_id,
        "summary": "Val tijdens transfer", "client_name": "Karel Cliënt", "reporter_name": "Mila Melder",
    }
    body.update(overrides)
    return body


def test_register_through_the_api_and_walk_to_closed(app: Flask, mworld: MWorld) -> None:
    client, headers = _client(app, mworld.emails[mworld.inspector_a_id])
    base = f"/api/v1/g/{mworld.world.a_slug}/meldingen"
    created = client.post(base + "/", json=_body(mworld), headers=headers)
    assert created.status_code == 201, created.get_json()
    melding = created.get_json()
    assert melding["status"] == "received" and melding["reference"].startswith("M-")
    mid = melding["id"]
    steps = [
        ("triage", {"client_safe": True, "criteria_met": True, "criteria_reason": "Ernstig letsel"}, "triaged"),
        ("onderzoek-aanbieder", {}, "provider_investigation_requested"),
        ("rapport-aanbieder", {"report_received_on": today().isoformat()}, "provider_report_received"),
        ("beoordeling", {"has_independent_chair": True, "has_facts": True, "has_root_causes": True,
                         "has_measures": True, "client_involved": True, "outcome": "geaccepteerd"}, "provider_report_accepted"),
        ("afsluiten", {"closure_reason": "Rapport voldoet", "lesson_theme": "veiligheid",
                       "lesson_text": "Tillift gebruiken"}, "closed"),
    ]
    for path, body, status in steps:
        response = client.post(f"{base}/{mid}/{path}", json=body, headers=headers)
        assert response.status_code == 200, (path, response.get_json())
        assert response.get_json()["status"] == status
    refused = client.post(f"{base}/{mid}/triage", json={"client_safe": True}, headers=headers)
    assert refused.status_code == 422 and "action" in refused.get_json()["errors"]["json"]
    detail = client.get(f"{base}/{mid}").get_json()
    assert [h["action"] for h in detail["history"]] == [
        "register", "triage", "request_provider_investigation", "receive_provider_report",
        "accept_provider_report", "close"]


def test_field_level_errors_and_nothing_stored(app: Flask, mworld: MWorld) -> None:
    client, headers = _client(app, mworld.emails[mworld.secretariaat_id])
    base = f"/api/v1/g/{mworld.world.a_slug}/meldingen/"
    response = client.post(base, json=_body(
        mworld, received_on=(today() + timedelta(days=1)).isoformat(), description="BSN 111222333"), headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert {"received_on", "description"} <= set(errors)
    response = client.post(base, json={"kind": "x", "onbekend": 1}, headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert errors["onbekend"] == ["Onbekend veld."] and "summary" in errors and "kind" in errors
    assert client.get(base).get_json() == []


def test_list_marks_overdue_triage_and_filters(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        old = register(mworld, received_on=today() - timedelta(days=30)).reference
        new = register(mworld, kind="signaal").reference
    client, _ = _client(app, mworld.emails[mworld.admin_a_id])
    base = f"/api/v1/g/{mworld.world.a_slug}/meldingen/"
    rows = {r["reference"]: r for r in client.get(base).get_json()}
    assert rows[old]["overdue"] is True and rows[old]["deadline"]["label"] == "Triage"
    assert rows[new]["overdue"] is False
    assert [r["reference"] for r in client.get(base + "?overdue=true").get_json()] == [old]
    assert [r["reference"] for r in client.get(base + "?kind=signaal").get_json()] == [new]
    html = client.get(f"/g/{mworld.world.a_slug}/meldingen/?overdue=1").get_data(as_text=True)
    assert old in html and new not in html and "te laat" in html


def test_gemeente_roles_cannot_register_or_triage(app: Flask, mworld: MWorld) -> None:
    client, headers = _client(app, mworld.emails[mworld.admin_a_id])
    base = f"/api/v1/g/{mworld.world.a_slug}/meldingen/"
    assert client.post(base, json=_body(mworld), headers=headers).status_code == 403
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        mid = register(mworld).id
    assert client.post(f"{base}{mid}/triage", json={"client_safe": True}, headers=headers).status_code == 403
    secretariaat, sheaders = _client(app, mworld.emails[mworld.secretariaat_id])
    assert secretariaat.post(f"{base}{mid}/triage", json={"client_safe": True}, headers=sheaders).status_code == 403


def test_region_inbox_lists_meldingen_of_every_entitled_gemeente(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        a_ref = register(mworld).reference
    with acting(app, mworld.secretariaat_id, mworld.b_id, commit=True):
        b_ref = register(mworld).reference
    html = login(app.test_client(), mworld.emails[mworld.inspector_ab_id], PASSWORD).get("/regio/meldingen/").get_data(as_text=True)
    assert a_ref in html and b_ref in html
    html = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD).get("/regio/meldingen/").get_data(as_text=True)
    assert a_ref in html and b_ref not in html
