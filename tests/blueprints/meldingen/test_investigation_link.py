"""From a melding the GGD investigates itself to a reactive investigation, end to end on the
pages: the button on the melding, the prefilled creation page, the link made on creation, the
investigations listed on the melding — and a participant of another gemeente sees the melding's
reference on the investigation, never the melding."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.frameworks import services as framework_services
from blueprints.meldingen import services
from blueprints.meldingen.models import Melding, MeldingStatus
from blueprints.providers.models import FinancingForm, Provider
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.blueprints.meldingen.conftest import MWorld, acting, bring_to
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, gemeente, make_relation, region
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres

NEW = "/regio/onderzoeken/nieuw"


@pytest.fixture()
def framework_id(app: Flask, mworld: MWorld) -> int:
    """A toetsingskader for the region, and the provider under contract with A and B."""
    with app.app_context():
        r, a, b = region(), gemeente("GM0503"), gemeente("GM0518")
        provider = db.session.get(Provider, mworld.provider_id)
        assert provider is not None
        make_relation(a, provider, FinancingForm.CONTRACT)
        make_relation(b, provider, FinancingForm.CONTRACT)
        with tenant_context(TenantContext(allowed_ids=frozenset({a.id, b.id}), reason="test")):
            framework = framework_services.install_default_framework(r.id, date(2026, 1, 1))
            fid = framework.id
        db.session.commit()
        return fid


def _client(app: Flask, mworld: MWorld, user_id: int) -> FlaskClient:
    return login(app.test_client(), mworld.emails[user_id], PASSWORD)


def _investigating(app: Flask, mworld: MWorld, status: MeldingStatus = MeldingStatus.INVESTIGATING) -> tuple[int, str]:
    with acting(app, mworld.inspector_ab_id, mworld.a_id, commit=True):
        melding = bring_to(mworld, status)
        return melding.id, melding.reference


def _form(client: FlaskClient, mworld: MWorld, framework_id: int, melding_id: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "csrf_token": csrf_from(client, f"{NEW}?melding={melding_id}"), "kind": "reactive",
        "title": "Onderzoek na val bij transfer", "gemeente_ids": [str(mworld.a_id), str(mworld.b_id)],
        "provider_ids": [str(mworld.provider_id)], "framework_id": str(framework_id),
        "lead_inspector_id": str(mworld.inspector_ab_id), "planned_on": date.today().isoformat(),
        "announced": "y", "melding_id": str(melding_id),
    }
    data.update(changes)
    return data


def test_open_an_investigation_from_a_melding_and_see_it_on_both_sides(
    app: Flask, mworld: MWorld, framework_id: int
) -> None:
    melding_id, reference = _investigating(app, mworld)
    client = _client(app, mworld, mworld.inspector_ab_id)
    melding_page = f"/g/{mworld.world.a_slug}/meldingen/{melding_id}"
    page = client.get(melding_page).get_data(as_text=True)
    assert f'href="{NEW}?melding={melding_id}">Onderzoek openen</a>' in page
    assert "Er is nog geen onderzoek aan deze melding gekoppeld." in page

    form = client.get(f"{NEW}?melding={melding_id}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert f"Dit onderzoek volgt op melding" in html and f'href="{melding_page}">{reference}</a>' in html
    assert re.search(r'value="reactive"[^>]*checked|checked[^>]*value="reactive"', html)
    assert f'value="Onderzoek na melding {reference}"' in html
    assert re.search(rf'value="{mworld.a_id}"[^>]*checked|checked[^>]*value="{mworld.a_id}"', html)
    assert re.search(rf'value="{mworld.provider_id}"[^>]*checked|checked[^>]*value="{mworld.provider_id}"', html)
    assert re.search(rf'name="melding_id"[^>]*value="{melding_id}"|value="{melding_id}"[^>]*name="melding_id"', html)

    created = client.post(NEW, data=_form(client, mworld, framework_id, melding_id))
    assert created.status_code == 302, created.get_data(as_text=True)[:3000]
    investigation_id = int(created.headers["Location"].rsplit("/", 1)[-1])
    detail = client.get(created.headers["Location"]).get_data(as_text=True)
    assert f"gekoppeld aan melding {reference}" in detail
    assert f'<dt>Na melding</dt><dd><a class="utrecht-link" href="{melding_page}">{reference}</a></dd>' in detail
    assert inspect_rows(
        "SELECT investigation_id, gemeente_id, melding_id, melding_reference FROM investigation_meldingen"
    ) == [(investigation_id, mworld.a_id, melding_id, reference)]
    assert inspect_rows(
        "SELECT gemeente_id FROM audit_events WHERE action = 'investigation.melding_linked'") == [(mworld.a_id,)]

    page = client.get(melding_page).get_data(as_text=True)
    assert re.search(rf'href="/regio/onderzoeken/{investigation_id}">O-\d{{4}}-\d{{4}}: Onderzoek na val bij transfer</a>', page)
    assert "Nog een onderzoek openen" in page

    # B takes part: its inspector reads the reference on the investigation, nothing of the melding.
    other = _client(app, mworld, mworld.inspector_b_id)
    for url in (f"/regio/onderzoeken/{investigation_id}", f"/g/{mworld.world.b_slug}/onderzoeken/{investigation_id}"):
        seen = other.get(url)
        text = seen.get_data(as_text=True)
        assert seen.status_code == 200, url
        assert f"<dt>Na melding</dt><dd>{reference}</dd>" in text
        assert f"/meldingen/{melding_id}" not in text
        for secret in ("Karel", "Mila", "CL-778", "heup gebroken", "tillift"):
            assert secret not in text, (url, secret)
    assert other.get(melding_page).status_code == 403
    assert other.get(f"/g/{mworld.world.b_slug}/meldingen/{melding_id}").status_code == 404
    assert other.get(f"{NEW}?melding={melding_id}").status_code == 404
    # A gemeente viewer of A: the investigation on the melding page (its gemeente's view), no button.
    viewer = _client(app, mworld, mworld.viewer_a_id)
    page = viewer.get(melding_page).get_data(as_text=True)
    assert f'href="/g/{mworld.world.a_slug}/onderzoeken/{investigation_id}"' in page and "Onderzoek openen" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "proactive", "proactive_kind": "cyclical"}, "Een onderzoek na een melding is een reactief onderzoek."),
        ({"gemeente_ids": []}, "Kies ten minste één gemeente."),
        ({"gemeente_ids": ["__B__"]}, "De gemeente van de melding neemt deel aan het onderzoek."),
    ],
)
def test_a_wrong_investigation_for_a_melding_is_refused_and_nothing_is_stored(
    app: Flask, mworld: MWorld, framework_id: int, changes: dict[str, Any], message: str
) -> None:
    melding_id, _ = _investigating(app, mworld)
    client = _client(app, mworld, mworld.inspector_ab_id)
    if changes.get("gemeente_ids") == ["__B__"]:
        changes = {"gemeente_ids": [str(mworld.b_id)]}
    refused = client.post(NEW, data=_form(client, mworld, framework_id, melding_id, **changes))
    assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert inspect_rows("SELECT count(*) FROM investigations") == [(0,)]
    assert inspect_rows("SELECT count(*) FROM investigation_meldingen") == [(0,)]


def test_only_a_melding_the_ggd_investigates_gets_an_investigation(app: Flask, mworld: MWorld, framework_id: int) -> None:
    melding_id, reference = _investigating(app, mworld, MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED)
    client = _client(app, mworld, mworld.inspector_ab_id)
    assert "Onderzoek openen" not in client.get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").get_data(as_text=True)
    refused = client.post(NEW, data=_form(client, mworld, framework_id, melding_id))
    assert refused.status_code == 400
    assert f"Melding {reference} wordt niet door de GGD zelf onderzocht" in refused.get_data(as_text=True)
    assert inspect_rows("SELECT count(*) FROM investigations") == [(0,)]


def test_another_gemeentes_melding_cannot_be_named(app: Flask, mworld: MWorld, framework_id: int) -> None:
    with acting(app, mworld.inspector_b_id, mworld.b_id, commit=True):
        b_melding = bring_to(mworld, MeldingStatus.INVESTIGATING).id
    melding_id, _ = _investigating(app, mworld)
    inspector_a = _client(app, mworld, mworld.inspector_a_id)
    assert inspector_a.get(f"{NEW}?melding={b_melding}").status_code == 404
    form = _form(inspector_a, mworld, framework_id, melding_id, gemeente_ids=[str(mworld.a_id)],
                 lead_inspector_id=str(mworld.inspector_a_id))
    response = inspector_a.post(NEW, data={**form, "melding_id": str(b_melding)})
    assert response.status_code == 404
    assert inspect_rows("SELECT count(*) FROM investigations") == [(0,)]
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({mworld.b_id}), reason="test")):
        assert db.session.get(Melding, b_melding) is not None


def test_the_api_opens_and_links_an_investigation_for_a_melding(app: Flask, mworld: MWorld, framework_id: int) -> None:
    melding_id, reference = _investigating(app, mworld)
    with acting(app, mworld.inspector_b_id, mworld.b_id, commit=True):
        b_melding = bring_to(mworld, MeldingStatus.INVESTIGATING).id
    client = _client(app, mworld, mworld.inspector_ab_id)
    headers = {"X-CSRFToken": csrf_from(client, "/account")}
    url = f"/api/v1/g/{mworld.world.a_slug}/investigations/"
    body = {"kind": "reactive", "title": "Via de API", "provider_ids": [mworld.provider_id], "framework_id": framework_id,
            "lead_inspector_id": mworld.inspector_ab_id, "melding_id": melding_id}
    refused = client.post(url, json={**body, "kind": "proactive", "proactive_kind": "cyclical"}, headers=headers)
    assert refused.status_code == 422 and "kind" in refused.get_json()["errors"]["json"]
    assert client.post(url, json={**body, "melding_id": b_melding}, headers=headers).status_code == 404
    assert inspect_rows("SELECT count(*) FROM investigations") == [(0,)]
    created = client.post(url, json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["gemeente_ids"] == [mworld.a_id]
    assert inspect_rows("SELECT melding_id, melding_reference FROM investigation_meldingen") == [(melding_id, reference)]
