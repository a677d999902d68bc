"""Investigation pages and API over HTTP: the inspector creates one for Delft and Den Haag and
enters findings; both gemeenten see it, Rijswijk's reader gets 404 on its pages and API."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from blueprints.frameworks.models import FrameworkDomain, JudgementValue, Norm
from regiotoezicht.extensions import db
from tests.blueprints.investigations.conftest import DAY, Inv, create
from tests.conftest import csrf_from
from tests.isolation.support import inspect_rows

pytestmark = pytest.mark.postgres


def test_inspector_creates_an_investigation_through_the_form(app: Flask, inv: Inv, client_of) -> None:  # type: ignore[no-untyped-def]
    client = client_of(inv.inspector_email)
    page = client.get("/regio/onderzoeken/nieuw")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Zorggroep Hofstad Thuis" in html and "Rijswijk" in html
    token = csrf_from(client, "/regio/onderzoeken/nieuw")
    form = {
        "csrf_token": token, "kind": "proactive", "proactive_kind": "cyclical", "title": "Via het formulier",
        "gemeente_ids": [str(inv.w.a_id), str(inv.w.b_id)], "provider_ids": [str(inv.hofstad)],
        "framework_id": str(inv.framework_id), "lead_inspector_id": str(inv.inspector),
        "second_inspector_id": str(inv.inspector), "planned_on": DAY.isoformat(), "announced": "y",
    }
    refused = client.post("/regio/onderzoeken/nieuw", data=form)
    assert refused.status_code == 400
    assert "De tweede toezichthouder moet een ander persoon zijn" in refused.get_data(as_text=True)
    assert inspect_rows("SELECT count(*) FROM investigations") == [(0,)]
    form["second_inspector_id"] = str(inv.second)
    created = client.post("/regio/onderzoeken/nieuw", data=form)
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    investigation_id = int(re.search(r"/(\d+)$", created.headers["Location"]).group(1))  # type: ignore[union-attr]
    detail = client.get(f"/regio/onderzoeken/{investigation_id}").get_data(as_text=True)
    assert "Via het formulier" in detail and "Bevindingen invoeren" in detail
    # findings per domain
    with app.app_context():
        domain = db.session.scalars(
            select(FrameworkDomain).where(FrameworkDomain.framework_id == inv.framework_id, FrameworkDomain.code == "1")
        ).one()
        pgb_norm = db.session.scalars(select(Norm).where(Norm.framework_id == inv.framework_id, Norm.code == "1.1.3")).one()
        norm = db.session.scalars(select(Norm).where(Norm.framework_id == inv.framework_id, Norm.code == "1.1.1")).one()
        niet = db.session.scalars(select(JudgementValue).where(
            JudgementValue.framework_id == inv.framework_id, JudgementValue.code == "voldoet_niet")).one()
        ids = (domain.id, pgb_norm.id, norm.id, niet.id)
        db.session.rollback()
    domain_id, pgb_norm_id, norm_id, niet_id = ids
    url = f"/regio/onderzoeken/{investigation_id}/bevindingen/{domain_id}"
    assert client.get(url).status_code == 200
    token = csrf_from(client, url)
    answer = client.post(url, data={
        "csrf_token": token,
        f"judgement_{inv.hofstad}_{norm_id}": str(niet_id),
        f"explanation_{inv.hofstad}_{norm_id}": "Geen ondersteuningsplannen aangetroffen.",
        f"judgement_{inv.hofstad}_{pgb_norm_id}": str(niet_id),
        f"explanation_{inv.hofstad}_{pgb_norm_id}": "x",
    })
    assert answer.status_code == 400
    assert "Norm 1.1.3 geldt alleen bij pgb" in answer.get_data(as_text=True)
    answer = client.post(url, data={
        "csrf_token": token,
        f"judgement_{inv.hofstad}_{norm_id}": str(niet_id),
        f"explanation_{inv.hofstad}_{norm_id}": "Geen ondersteuningsplannen aangetroffen.",
    })
    assert answer.status_code == 302
    assert inspect_rows("SELECT explanation FROM investigation_findings") == [("Geen ondersteuningsplannen aangetroffen.",)]


def test_participants_see_it_and_a_third_gemeente_does_not(app: Flask, inv: Inv, client_of) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        investigation_id = create(inv)
    admin_a = client_of(inv.w.admin_a)
    assert admin_a.get(f"/g/{inv.w.a_slug}/onderzoeken/").status_code == 200
    assert "Cyclisch onderzoek Hofstad" in admin_a.get(f"/g/{inv.w.a_slug}/onderzoeken/{investigation_id}").get_data(as_text=True)
    admin_b = client_of(inv.w.admin_b)
    page_b = admin_b.get(f"/g/{inv.w.b_slug}/onderzoeken/{investigation_id}").get_data(as_text=True)
    assert "Cyclisch onderzoek Hofstad" in page_b
    assert "Delft" not in page_b.split("Deelnemende gemeenten", 1)[1].split("</dd>", 1)[0]
    reader_c = client_of(inv.reader_c_email)
    assert reader_c.get(f"/g/{inv.c_slug}/onderzoeken/{investigation_id}").status_code == 404
    assert "Hofstad" not in reader_c.get(f"/g/{inv.c_slug}/onderzoeken/").get_data(as_text=True)
    assert reader_c.get(f"/api/v1/g/{inv.c_slug}/investigations/{investigation_id}").status_code == 404
    assert reader_c.get(f"/api/v1/g/{inv.c_slug}/investigations/").get_json() == []
    assert reader_c.get(f"/api/v1/g/{inv.c_slug}/investigations/{investigation_id}/findings").status_code == 404
    body = admin_b.get(f"/api/v1/g/{inv.w.b_slug}/investigations/{investigation_id}").get_json()
    assert body["gemeente_ids"] == [inv.w.b_id] and body["provider_ids"] == [inv.hofstad]
    # each participant reaches the report pages under its own gemeente; the third has no link to follow
    assert f'href="/g/{inv.w.b_slug}/onderzoeken/{investigation_id}/rapport/"' in page_b
    assert f"/g/{inv.w.a_slug}/onderzoeken/{investigation_id}/rapport/" not in page_b
    # a gemeente admin reads, but does not work on investigations
    assert admin_a.get(f"/regio/onderzoeken/{investigation_id}/bezoeken/nieuw").status_code == 403


def test_api_findings_give_field_errors(app: Flask, inv: Inv, client_of) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        investigation_id = create(inv)
        norm = db.session.scalars(select(Norm).where(Norm.framework_id == inv.framework_id, Norm.code == "4.2.2")).one()
        value = db.session.scalars(select(JudgementValue).where(
            JudgementValue.framework_id == inv.framework_id, JudgementValue.code == "voldoet")).one()
        norm_id, value_id = norm.id, value.id
        db.session.rollback()
    client = client_of(inv.inspector_email)
    token = csrf_from(client, "/regio/onderzoeken/")
    url = f"/api/v1/g/{inv.w.a_slug}/investigations/{investigation_id}/findings"
    missing = client.post(url, json={"provider_id": inv.hofstad}, headers={"X-CSRFToken": token})
    assert missing.status_code == 422
    assert missing.get_json()["errors"]["json"]["norm_id"] == ["Dit veld is verplicht."]
    binding = client.post(url, headers={"X-CSRFToken": token}, json={
        "provider_id": inv.hofstad, "norm_id": norm_id, "judgement_value_id": value_id, "explanation": "ok",
    })
    assert binding.status_code == 422
    assert "geldt alleen bij pgb" in binding.get_json()["errors"]["json"]["norm_id"][0]
    assert inspect_rows("SELECT count(*) FROM investigation_findings") == [(0,)]


def test_the_inspectors_can_be_changed_within_the_rules(app: Flask, inv: Inv, client_of) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        investigation_id = create(inv)
    client = client_of(inv.inspector_email)
    url = f"/regio/onderzoeken/{investigation_id}/wijzigen"
    page = client.get(url)
    assert page.status_code == 200
    token = csrf_from(client, url)
    same = client.post(url, data={"csrf_token": token, "title": "Nieuwe titel", "lead_inspector_id": str(inv.second),
                                  "second_inspector_id": str(inv.second)})
    assert same.status_code == 400
    assert "ander persoon" in same.get_data(as_text=True)
    ok = client.post(url, data={"csrf_token": token, "title": "Nieuwe titel", "lead_inspector_id": str(inv.second),
                                "second_inspector_id": str(inv.inspector), "planned_on": DAY.isoformat()})
    assert ok.status_code == 302
    assert inspect_rows("SELECT title, lead_inspector_id, second_inspector_id FROM investigations") == [
        ("Nieuwe titel", inv.second, inv.inspector)
    ]
