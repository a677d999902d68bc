"""Need-to-know: the case team sees personal data, others only by a logged emergency access,
gemeente roles never; the reporter never reaches the provider; the status history is append-only."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from blueprints.meldingen import permissions, services
from blueprints.meldingen.queries import get_melding_or_404
from blueprints.meldingen.models import Melding, MeldingStatus, MeldingStatusChange
from blueprints.meldingen.permissions import Audience
from blueprints.privacy.services import record_emergency_access
from regiotoezicht.extensions import db
from tenants.entitlements import compute_entitlements
from tests.blueprints.meldingen.conftest import MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres

SECRET = ("Karel Cliënt", "Mila Melder", "melder@aanbieder.test", "CL-778")


def _committed_melding(app: Flask, mw: MWorld, status: MeldingStatus = MeldingStatus.TRIAGED) -> int:
    with acting(app, mw.inspector_a_id, mw.a_id, commit=True):
        melding = bring_to(mw, status)
        melding_id = melding.id
    return melding_id


def _client(app: Flask, email: str) -> FlaskClient:
    return login(app.test_client(), email, PASSWORD)


def test_audiences_follow_the_case_team_and_emergency_access(app: Flask, mworld: MWorld) -> None:
    melding_id = _committed_melding(app, mworld)
    expected = {
        mworld.inspector_a_id: Audience.CASE,  # triaged it, so on the team
        mworld.inspector_a2_id: Audience.GGD,
        mworld.secretariaat_id: Audience.GGD,
        mworld.coordinator_id: Audience.GGD,
        mworld.admin_a_id: Audience.GEMEENTE,
        mworld.viewer_a_id: Audience.GEMEENTE,
    }
    for user_id, audience in expected.items():
        with acting(app, user_id, mworld.a_id):
            melding = get_melding_or_404(melding_id)
            assert permissions.audience_for(compute_entitlements(user_id), melding) is audience, user_id
    with acting(app, mworld.coordinator_id, mworld.a_id):
        melding = get_melding_or_404(melding_id)
        record_emergency_access("melding", melding_id, "Cliënt belt in crisis, dossier nodig voor doorverwijzing")
        assert permissions.audience_for(compute_entitlements(mworld.coordinator_id), melding) is Audience.CASE
    with acting(app, mworld.inspector_a2_id, mworld.a_id):
        melding = get_melding_or_404(melding_id)
        services.assign(melding, mworld.inspector_a2_id)
        assert permissions.audience_for(compute_entitlements(mworld.inspector_a2_id), melding) is Audience.CASE


def test_pages_show_personal_data_only_to_the_case_team(app: Flask, mworld: MWorld) -> None:
    melding_id = _committed_melding(app, mworld)
    emails = {uid: mworld.emails[uid] for uid in (
        mworld.inspector_a_id, mworld.inspector_a2_id, mworld.admin_a_id, mworld.viewer_a_id, mworld.secretariaat_id)}
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    api = f"/api/v1/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    for uid, email in emails.items():
        client = _client(app, email)
        page = client.get(path)
        assert page.status_code == 200, (email, page.status_code)
        html = page.get_data(as_text=True)
        body: dict[str, Any] = client.get(api).get_json()
        if uid == mworld.inspector_a_id:
            assert all(s in html for s in SECRET)
            assert body["audience"] == "case" and body["personal"]["client_name"] == "Karel Cliënt"
        else:
            assert not any(s in html for s in SECRET), email
            assert "personal" not in body and not any(s in str(body) for s in SECRET)
        if uid in (mworld.admin_a_id, mworld.viewer_a_id):
            assert body["audience"] == "gemeente"
            assert "description" not in body and "zonder tillift" not in html
            assert "Noodtoegang" not in html


def test_emergency_access_opens_the_data_and_is_logged_for_the_privacy_officer(app: Flask, mworld: MWorld) -> None:
    melding_id = _committed_melding(app, mworld)
    coordinator, privacy = mworld.emails[mworld.coordinator_id], mworld.emails[mworld.privacy_officer_id]
    client = _client(app, coordinator)
    path = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    html = client.get(path).get_data(as_text=True)
    assert "Karel" not in html and "Noodtoegang vragen" in html
    access = f"/g/{mworld.world.a_slug}/noodtoegang/melding/{melding_id}"
    token = csrf_from(client, access)
    response = client.post(access, data={"csrf_token": token, "reason": "Crisis: cliënt belt, dossier nodig om door te verwijzen"})
    assert response.status_code == 302
    assert "Karel Cliënt" in client.get(path).get_data(as_text=True)
    review = _client(app, privacy).get("/regio/privacy/")
    assert review.status_code == 200 and "Crisis: cliënt belt" in review.get_data(as_text=True)


def test_the_provider_letter_never_names_the_reporter(app: Flask, mworld: MWorld) -> None:
    melding_id = _committed_melding(app, mworld, MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED)
    inspector = mworld.emails[mworld.inspector_a_id]
    html = _client(app, inspector).get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}/brief-aanbieder").get_data(as_text=True)
    assert "CL-778" in html and "8 weken" in html
    assert "Mila" not in html and "melder@aanbieder.test" not in html and "Karel" not in html


def test_the_status_history_is_append_only_for_the_app_role(app: Flask, mworld: MWorld) -> None:
    melding_id = _committed_melding(app, mworld)
    for statement in (
        "UPDATE melding_status_changes SET reason = 'anders' WHERE melding_id = :m",
        "DELETE FROM melding_status_changes WHERE melding_id = :m",
    ):
        with acting(app, mworld.inspector_a_id, mworld.a_id):
            with pytest.raises(ProgrammingError, match="permission denied"):
                db.session.execute(text(statement), {"m": melding_id})
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        rows = db.session.execute(select(MeldingStatusChange.action).where(MeldingStatusChange.melding_id == melding_id)).scalars().all()
        assert rows == ["register", "triage"]


def test_bsn_in_a_free_text_field_is_refused_on_the_page_with_a_warning(app: Flask, mworld: MWorld) -> None:
    email = mworld.emails[mworld.secretariaat_id]
    client = _client(app, email)
    path = f"/g/{mworld.world.a_slug}/meldingen/nieuw"
    token = csrf_from(client, path)
    response = client.post(path, data={
        "csrf_token": token, "kind": "signaal", "channel": "telefoon", "received_on": "2026-01-05",
        "reporter_kind": "inwoner", "provider_name": "Zorg BV", "summary": "Zorgen over de zorg",
        "description": "Mijn buurman met BSN 111222333 krijgt geen hulp",
    })
    assert response.status_code == 400
    assert "burgerservicenummer" in response.get_data(as_text=True)
    with acting(app, mworld.secretariaat_id, mworld.a_id):
        assert db.session.execute(select(Melding)).first() is None
