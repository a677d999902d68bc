"""Enforcement pages and API: who may do what, field-level Dutch errors, nothing half stored."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.enforcement.models import EnforcementCase, Measure, MeasureDecision
from regiotoezicht.extensions import db
from tests.blueprints.enforcement.conftest import EnforcementWorld, acting_in, api_post, post

pytestmark = pytest.mark.postgres


def _client(client_for: Any, email: str) -> Any:
    return client_for(SimpleNamespace(email=email))


def _count(app: Flask, gemeente_id: int, model: Any) -> int:
    with acting_in(app, gemeente_id):
        return db.session.execute(select(func.count(model.id)).where(model.gemeente_id == gemeente_id)).scalar_one()


def _advise(client: Any, slug: str, ew: EnforcementWorld, **extra: Any) -> Any:
    data = {"provider_id": ew.provider_p, "advised_on": "2026-03-02", "recommends_improvement_plan": "y",
            "recommended_kinds": ["contract_client_stop"], "finding_ids": [str(ew.short)],
            "reasoning": "Zorgplannen ontbreken."}
    data.update(extra)
    return post(client, f"/g/{slug}/handhaving/onderzoeken/{ew.shared}/advies", data)


def test_inspector_advises_gemeente_decides(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, w.inspector_a)
    page = inspector.get(f"/g/{w.a_slug}/handhaving/onderzoeken/{ew.shared}/advies")
    assert page.status_code == 200 and "Advies aan het college" in page.get_data(as_text=True)
    bad = _advise(inspector, w.a_slug, ew, reasoning="")
    assert bad.status_code == 400 and "Onderbouw het advies." in bad.get_data(as_text=True)
    assert _count(app, w.a_id, EnforcementCase) == 0
    assert _advise(inspector, w.a_slug, ew).status_code == 302
    with acting_in(app, w.a_id):
        case_id = db.session.execute(select(EnforcementCase.id)).scalar_one()
    # The inspector may not record a measure; the gemeente admin may not advise.
    assert inspector.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}/maatregel").status_code == 403
    admin = _client(client_for, w.admin_a)
    assert admin.get(f"/g/{w.a_slug}/handhaving/onderzoeken/{ew.shared}/advies").status_code == 403
    # A viewer reads, and changes nothing.
    viewer = _client(client_for, w.viewer_a)
    assert viewer.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}").status_code == 200
    assert post(viewer, f"/g/{w.a_slug}/handhaving/zaken/{case_id}/afsluiten", {}).status_code == 403
    # The gemeente records the voornemen, the zienswijze and the besluit.
    measure = post(admin, f"/g/{w.a_slug}/handhaving/zaken/{case_id}/maatregel",
                   {"kind": "contract_client_stop", "description": "Geen nieuwe cliënten.", "intended_on": "2026-03-02",
                    "finding_ids": [str(ew.short)]})
    assert measure.status_code == 302
    with acting_in(app, w.a_id):
        measure_id = db.session.execute(select(Measure.id)).scalar_one()
    early = post(admin, f"/g/{w.a_slug}/handhaving/maatregelen/{measure_id}/zienswijze",
                 {"recorded_on": "2026-03-10", "received": "nee"})
    assert early.status_code == 400 and "loopt nog tot en met 16-03-2026" in early.get_data(as_text=True)
    assert post(admin, f"/g/{w.a_slug}/handhaving/maatregelen/{measure_id}/zienswijze",
                {"recorded_on": "2026-03-17", "received": "nee"}).status_code == 302
    missing = post(admin, f"/g/{w.a_slug}/handhaving/maatregelen/{measure_id}/besluit",
                   {"decided_on": "2026-03-20", "sent_on": "2026-03-20", "imposed": "ja", "legal_basis": "Overeenkomst",
                    "decided_by": "College", "mandate": "", "summary": "Cliëntenstop."})
    assert missing.status_code == 400 and "Noem het mandaat" in missing.get_data(as_text=True)
    assert _count(app, w.a_id, MeasureDecision) == 0
    no_term = post(admin, f"/g/{w.a_slug}/handhaving/maatregelen/{measure_id}/besluit",
                   {"decided_on": "2026-03-20", "sent_on": "2026-03-20", "imposed": "ja", "legal_basis": "Overeenkomst",
                    "decided_by": "College", "mandate": "Mandaatbesluit", "summary": "Cliëntenstop."})
    assert no_term.status_code == 400 and "begunstigingstermijn" in no_term.get_data(as_text=True)
    done = post(admin, f"/g/{w.a_slug}/handhaving/maatregelen/{measure_id}/besluit",
                {"decided_on": "2026-03-20", "sent_on": "2026-03-20", "imposed": "ja", "legal_basis": "Overeenkomst",
                 "decided_by": "College", "mandate": "Mandaatbesluit", "summary": "Cliëntenstop.",
                 "recovery_term_weeks": "6"})
    assert done.status_code == 302
    detail = admin.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}").get_data(as_text=True)
    assert "Besluit genomen" in detail and "Mandaatbesluit" in detail and "Bezwaar vastleggen" in detail
    listing = admin.get(f"/g/{w.a_slug}/handhaving/").get_data(as_text=True)
    assert "H-2026-0001" in listing


def test_overdue_marks_on_the_list(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, w.inspector_a)
    assert _advise(inspector, w.a_slug, ew).status_code == 302
    with acting_in(app, w.a_id):
        case_id = db.session.execute(select(EnforcementCase.id)).scalar_one()
    assert post(inspector, f"/g/{w.a_slug}/handhaving/zaken/{case_id}/verbeterplan", {"requested_on": "2026-03-02"}).status_code == 302
    listing = inspector.get(f"/g/{w.a_slug}/handhaving/").get_data(as_text=True)
    assert "Verbeterplan" in listing and "13-04-2026" in listing and "Te laat" in listing


def test_other_participants_decisions_on_the_case_page(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    # B's own inspector is not on the investigation: the second inspector (of A and B) advises B.
    assert _advise(_client(client_for, ew.inspector_b), w.b_slug, ew).status_code == 400
    inspector_b = _client(client_for, ew.inspector_ab)
    assert _advise(inspector_b, w.b_slug, ew).status_code == 302
    inspector_a = _client(client_for, w.inspector_a)
    assert _advise(inspector_a, w.a_slug, ew).status_code == 302
    with acting_in(app, w.a_id):
        a_case = db.session.execute(select(EnforcementCase.id).where(EnforcementCase.gemeente_id == w.a_id)).scalar_one()
        b_case = db.session.execute(select(EnforcementCase.id).where(EnforcementCase.gemeente_id == w.b_id)).scalar_one()
    page = inspector_a.get(f"/g/{w.a_slug}/handhaving/zaken/{a_case}").get_data(as_text=True)
    assert "Besluiten van de andere deelnemende gemeenten" in page and "Gravenhage" in page
    # B's case itself is not A's to open, by page or API.
    assert inspector_a.get(f"/g/{w.a_slug}/handhaving/zaken/{b_case}").status_code == 404
    assert inspector_a.get(f"/api/v1/g/{w.a_slug}/handhaving/zaken/{b_case}").status_code == 404
    body = inspector_a.get(f"/api/v1/g/{w.a_slug}/handhaving/zaken/{a_case}").get_json()
    assert [o["gemeente_id"] for o in body["other_gemeenten"]] == [w.b_id]
    assert "plans" not in body["other_gemeenten"][0]


def test_api_field_errors_and_steps(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, w.inspector_a)
    admin = _client(client_for, w.admin_a)
    base = f"/api/v1/g/{w.a_slug}/handhaving"
    bad = api_post(inspector, f"{base}/adviezen", {"investigation_id": ew.shared, "provider_id": ew.provider_p})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"advised_on", "reasoning", "finding_ids"}
    refused = api_post(inspector, f"{base}/adviezen", {
        "investigation_id": ew.shared, "provider_id": ew.provider_p, "advised_on": "2026-03-02",
        "recommended_kinds": ["aanwijzing"], "finding_ids": [ew.short], "reasoning": "x"})
    assert refused.status_code == 422
    assert "recommended_kinds" in refused.get_json()["errors"]["json"]
    ok = api_post(inspector, f"{base}/adviezen", {
        "investigation_id": ew.shared, "provider_id": ew.provider_p, "advised_on": "2026-03-02",
        "recommended_kinds": ["last_onder_dwangsom"], "finding_ids": [ew.short], "reasoning": "Ernstige tekortkomingen."})
    assert ok.status_code == 201, ok.get_json()
    cases = admin.get(f"{base}/zaken").get_json()
    case_id = cases[0]["id"]
    assert api_post(admin, f"{base}/adviezen", {}).status_code == 403
    not_a_shortcoming = api_post(admin, f"{base}/zaken/{case_id}/maatregelen", {
        "kind": "last_onder_dwangsom", "description": "Dossiers op orde.", "intended_on": "2026-03-02",
        "finding_ids": [ew.complies]})
    assert not_a_shortcoming.status_code == 422
    assert "geen tekortkoming" in not_a_shortcoming.get_json()["errors"]["json"]["finding_ids"][0]
    no_ground = api_post(admin, f"{base}/zaken/{case_id}/maatregelen", {
        "kind": "last_onder_dwangsom", "description": "Dossiers op orde.", "intended_on": "2026-03-02"})
    assert no_ground.status_code == 422 and "finding_ids" in no_ground.get_json()["errors"]["json"]
    m = api_post(admin, f"{base}/zaken/{case_id}/maatregelen",
                 {"kind": "last_onder_dwangsom", "description": "Dossiers op orde.", "intended_on": "2026-03-02",
                  "finding_ids": [ew.short, ew.partly]})
    assert m.status_code == 201 and m.get_json()["view_due_on"] == "2026-03-16"
    assert m.get_json()["finding_ids"] == [ew.short, ew.partly]
    mid = m.get_json()["id"]
    wrong = api_post(admin, f"{base}/maatregelen/{mid}/besluit", {
        "decided_on": "2026-03-20", "sent_on": "2026-03-20", "imposed": True, "legal_basis": "Awb 5:32",
        "decided_by": "College", "mandate": "Collegebesluit", "summary": "Dwangsom."})
    assert wrong.status_code == 422 and wrong.get_json()["errors"]["json"] == {"status": [wrong.get_json()["errors"]["json"]["status"][0]]}
    assert api_post(admin, f"{base}/maatregelen/{mid}/zienswijze", {"recorded_on": "2026-03-17", "received": False}).status_code == 200
    decided = api_post(admin, f"{base}/maatregelen/{mid}/besluit", {
        "decided_on": "2026-03-16", "sent_on": "2026-03-16", "imposed": True, "legal_basis": "Awb 5:32",
        "decided_by": "College", "mandate": "Collegebesluit", "summary": "Dwangsom.", "recovery_term_weeks": 4,
        "penalty_amount_cents": 50000, "penalty_unit": "per week", "penalty_cap_cents": 500000})
    assert decided.status_code == 422 and "decided_on" in decided.get_json()["errors"]["json"]
    decided = api_post(admin, f"{base}/maatregelen/{mid}/besluit", {
        "decided_on": "2026-03-17", "sent_on": "2026-03-17", "imposed": True, "legal_basis": "Awb 5:32",
        "decided_by": "College", "mandate": "Collegebesluit", "summary": "Dwangsom.", "recovery_term_weeks": 4,
        "penalty_amount_cents": 50000, "penalty_unit": "per week", "penalty_cap_cents": 500000})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["decision"]["standing"] == "in_force"
    assert decided.get_json()["objection_due_on"] == "2026-04-28"
