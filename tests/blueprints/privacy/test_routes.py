"""The emergency-access page and the privacy officer's review, with a second gemeente."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.privacy import services
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from tests.conftest import csrf_from
from tests.factories import World
from tests.isolation.support import inspect_rows, only

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]
REASON = "Cliënt belt in crisis, casusregisseur is afwezig"


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


def _url(world: World, contact_id: int, slug: str | None = None) -> str:
    return f"/g/{slug or world.a_slug}/noodtoegang/contact/{contact_id}"


def test_an_inspector_records_emergency_access_and_returns(
    world: World, as_user: Client, contact_subject: str
) -> None:
    client = as_user(world.inspector_a)
    url = _url(world, world.contact_a_id)
    page = client.get(url + f"?next=/g/{world.a_slug}/contactpersonen/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Noodtoegang tot contactpersoon C-" in html and "privacyfunctionaris" in html
    assert f'value="/g/{world.a_slug}/contactpersonen/"' in html
    token = csrf_from(client, url)
    response = client.post(url, data={"csrf_token": token, "reason": REASON,
                                      "next": f"/g/{world.a_slug}/contactpersonen/"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/g/{world.a_slug}/contactpersonen/"
    rows = inspect_rows("SELECT gemeente_id, user_id, subject_type, subject_id, reason FROM emergency_accesses WHERE subject_type = 'contact'")
    assert rows == [(world.a_id, world.user_ids["inspector_a"], "contact", world.contact_a_id, REASON)]


@pytest.mark.parametrize("next_", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_next_cannot_leave_the_site(world: World, as_user: Client, contact_subject: str, next_: str) -> None:
    client = as_user(world.inspector_a)
    url = _url(world, world.contact_a_id)
    response = client.post(url, data={"csrf_token": csrf_from(client, url), "reason": REASON, "next": next_})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contact/{world.contact_a_id}"


@pytest.mark.parametrize("reason", ["", "kort", "BSN 111222333, cliënt belt in crisis"])
def test_a_missing_or_short_reason_stores_nothing(
    world: World, as_user: Client, contact_subject: str, reason: str
) -> None:
    client = as_user(world.inspector_a)
    url = _url(world, world.contact_a_id)
    response = client.post(url, data={"csrf_token": csrf_from(client, url), "reason": reason})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er ging iets mis" in html and 'aria-invalid="true"' in html
    assert inspect_rows("SELECT count(*) FROM emergency_accesses WHERE subject_type = 'contact'") == [(0,)]


def test_another_gemeentes_record_or_an_unknown_type_is_not_found(
    world: World, as_user: Client, contact_subject: str
) -> None:
    client = as_user(world.inspector_a)
    assert client.get(_url(world, world.contact_b_id)).status_code == 404
    assert client.get(f"/g/{world.a_slug}/noodtoegang/onbekend/1").status_code == 404
    assert client.get(_url(world, world.contact_b_id, world.b_slug)).status_code == 403


@pytest.mark.parametrize("role", ["admin_a", "viewer_a", "privacy_officer"])
def test_roles_without_emergency_access_are_refused(
    world: World, as_user: Client, contact_subject: str, role: str
) -> None:
    client = as_user(getattr(world, role))
    assert client.get(_url(world, world.contact_a_id)).status_code == 403


def test_the_privacy_officer_sees_both_gemeenten(app: Flask, world: World, as_user: Client) -> None:
    with app.app_context():
        for gemeente_id, recipient in ((world.a_id, "Politie Delft"), (world.b_id, "Politie Den Haag")):
            with tenant_context(only(gemeente_id)):
                services.record_emergency_access("melding", 1, REASON, user_id=world.user_ids["inspector_a"])
                services.record_disclosure("melding", 1, "politie", recipient, "Art. 6.1 Wmo", "Feitenrelaas")
        db.session.commit()
    client = as_user(world.privacy_officer)
    html = client.get("/regio/privacy/").get_data(as_text=True)
    assert "Politie Delft" in html and "Politie Den Haag" in html
    assert html.count(REASON) == 2
    only_b = client.get(f"/regio/privacy/?gemeente={world.b_id}").get_data(as_text=True)
    assert "Politie Den Haag" in only_b and "Politie Delft" not in only_b
    bad = client.get("/regio/privacy/?gemeente=999999&since=gisteren")
    assert bad.status_code == 400 and "Kies een gemeente uit de lijst" in bad.get_data(as_text=True)
    assert inspect_rows("SELECT count(*) FROM audit_events WHERE action = 'privacy.reviewed'") == [(2,)]


@pytest.mark.parametrize("role", ["admin_a", "viewer_a", "inspector_a", "coordinator", "region_admin"])
def test_only_the_privacy_officer_reviews(world: World, as_user: Client, role: str) -> None:
    assert as_user(getattr(world, role)).get("/regio/privacy/").status_code == 403
