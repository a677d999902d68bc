"""Pages of meldingen per role: who reaches which step, field errors on the forms, the inbox."""

from __future__ import annotations

import pytest
from flask import Flask

from blueprints.meldingen.models import MeldingStatus
from tests.blueprints.meldingen.conftest import MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres

STEPS = ("triage", "onderzoek-aanbieder", "rapport-aanbieder", "beoordeling", "eigen-onderzoek", "afsluiten",
         "verstrekking", "brief-aanbieder")


def test_gemeente_roles_and_the_secretariaat_reach_no_step_pages(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        melding_id = bring_to(mworld, MeldingStatus.RECEIVED).id
    base = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    for uid in (mworld.admin_a_id, mworld.viewer_a_id, mworld.secretariaat_id):
        client = login(app.test_client(), mworld.emails[uid], PASSWORD)
        assert client.get(base).status_code == 200
        for step in STEPS:
            assert client.get(f"{base}/{step}").status_code == 403, (uid, step)
    inspector = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD)
    for step in STEPS:
        assert inspector.get(f"{base}/{step}").status_code == 200, step
    assert inspector.get(f"/g/{mworld.world.b_slug}/meldingen/").status_code == 403


def test_the_triage_form_shows_field_errors_and_then_moves_the_melding(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, MeldingStatus.RECEIVED)
        melding_id, reference = melding.id, melding.reference
    client = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD)
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/triage"
    token = csrf_from(client, path)
    response = client.post(path, data={"csrf_token": token, "client_safe": "nee", "criteria_met": "nee"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Beschrijf welke hulp nu nodig is" in html and "Geef de reden" in html
    response = client.post(path, data={
        "csrf_token": token, "client_safe": "ja", "criteria_met": "nee",
        "criteria_reason": "Geen ernstige schade",
    })
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"De triage van {reference} is vastgelegd" in detail
    assert "Signaal" in detail and "gemeld als calamiteit" in detail
    # A second triage is refused: the step is not offered and the page says why.
    again = client.get(path).get_data(as_text=True)
    assert "Deze stap kan niet" in again


def test_registering_by_phone_with_a_date_in_the_past(app: Flask, mworld: MWorld) -> None:
    client = login(app.test_client(), mworld.emails[mworld.secretariaat_id], PASSWORD)
    path = f"/g/{mworld.world.a_slug}/meldingen/nieuw"
    token = csrf_from(client, path)
    response = client.post(path, data={
        "csrf_token": token, "kind": "signaal", "channel": "brief", "received_on": "2026-01-05",
        "reporter_kind": "professional", "provider_id": str(mworld.provider_id), "summary": "Zorgen over begeleiding",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "05-01-2026" in page and "Brief" in page and "Zorg Voorbeeld BV" in page
