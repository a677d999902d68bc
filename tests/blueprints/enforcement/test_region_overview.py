"""The region-wide overview /regio/handhaving (page and JSON list) on PostgreSQL with three
gemeenten: a user sees the cases of exactly the gemeenten where they may see enforcement, never
another participant's case of a shared investigation, the earliest running term first."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from blueprints.enforcement import services
from blueprints.enforcement.models import EnforcementCase
from regiotoezicht.extensions import db
from tests.blueprints.enforcement.conftest import OPENED, EnforcementWorld, acting_in

pytestmark = pytest.mark.postgres

CASE_LINK = re.compile(r'href="/g/([a-z-]+)/handhaving/zaken/(\d+)"')


def _client(client_for: Any, email: str) -> Any:
    return client_for(SimpleNamespace(email=email))


def _advised_case(ew: EnforcementWorld, gemeente_id: int, investigation_id: int, provider_id: int, finding_id: int) -> EnforcementCase:
    services.give_advice({
        "investigation_id": investigation_id, "provider_id": provider_id, "advised_on": OPENED,
        "recommends_improvement_plan": True, "recommended_kinds": ["contract_client_stop"], "reasoning": "Advies.",
        "finding_ids": [finding_id],
    }, advised_by_id=ew.world.user_ids["inspector_a"])
    return db.session.execute(
        select(EnforcementCase).where(EnforcementCase.gemeente_id == gemeente_id, EnforcementCase.investigation_id == investigation_id)
    ).scalar_one()


@pytest.fixture()
def cases(app: Flask, ew: EnforcementWorld) -> dict[str, int]:
    """A: a case with a plan requested on 2 March (due 13 April) and a case without a term;
    B: a voornemen of 16 March (zienswijze due 30 March) on the shared investigation; C: a plan
    requested on 2 March on its own investigation."""
    w = ew.world
    out: dict[str, int] = {}
    with acting_in(app, w.a_id):
        case = _advised_case(ew, w.a_id, ew.shared, ew.provider_p, ew.short)
        services.request_plan(case, {"requested_on": OPENED})
        out["a_plan"] = case.id
        out["a_open"] = services.open_case(
            {"provider_id": ew.provider_r, "investigation_id": None, "opened_on": date(2026, 3, 9)}, opened_by_id=None,
        ).id
        db.session.commit()
    with acting_in(app, w.b_id):
        case = _advised_case(ew, w.b_id, ew.shared, ew.provider_p, ew.short)
        services.propose_measure(case, {"kind": "contract_client_stop", "description": "Geen nieuwe cliënten.",
                                        "intended_on": date(2026, 3, 16), "finding_ids": [ew.short]})
        out["b_measure"] = case.id
        db.session.commit()
    with acting_in(app, ew.c_id):
        case = _advised_case(ew, ew.c_id, ew.c_only, ew.provider_q, ew.short_c)
        services.request_plan(case, {"requested_on": OPENED})
        out["c_plan"] = case.id
        db.session.commit()
    return out


def _listed(html: str) -> list[tuple[str, int]]:
    return [(slug, int(case_id)) for slug, case_id in CASE_LINK.findall(html)]


def test_an_inspector_of_two_gemeenten_sees_exactly_those_two(
    ew: EnforcementWorld, cases: dict[str, int], client_for: Any
) -> None:
    w = ew.world
    inspector = _client(client_for, ew.inspector_ab)
    page = inspector.get("/regio/handhaving/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Handhaving in uw gemeenten" in html
    # Earliest term first (B's zienswijze, then A's plan), the case without a term last.
    assert _listed(html) == [(w.b_slug, cases["b_measure"]), (w.a_slug, cases["a_plan"]), (w.a_slug, cases["a_open"])]
    assert "Zienswijze:" in html and "Verbeterplan:" in html and "Te laat" in html
    assert "Zorg Plus BV" in html and "Thuis Anders BV" in html and "Hulp Thuis BV" not in html
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)
    assert [int(gid) for gid, _ in options] == [w.b_id, w.a_id]  # 's-Gravenhage, Delft: by name
    assert "Zoetermeer" not in html
    # The main navigation has one Handhaving link, to this page.
    start = inspector.get("/").get_data(as_text=True)
    assert start.count(">Handhaving</a>") == 1 and 'href="/regio/handhaving/"' in start


def test_filters_by_gemeente_status_and_overdue(ew: EnforcementWorld, cases: dict[str, int], client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, ew.inspector_ab)
    only_a = inspector.get(f"/regio/handhaving/?gemeente={w.a_id}").get_data(as_text=True)
    assert _listed(only_a) == [(w.a_slug, cases["a_plan"]), (w.a_slug, cases["a_open"])]
    assert f'<option value="{w.a_id}" selected>' in only_a
    plans = inspector.get("/regio/handhaving/?status=improvement_plan").get_data(as_text=True)
    assert _listed(plans) == [(w.a_slug, cases["a_plan"])]
    late = inspector.get("/regio/handhaving/?overdue=1").get_data(as_text=True)
    assert _listed(late) == [(w.b_slug, cases["b_measure"]), (w.a_slug, cases["a_plan"])]
    # A gemeente outside the user's set filters nothing in: C stays out, A and B stay in.
    other = inspector.get(f"/regio/handhaving/?gemeente={ew.c_id}&status=nonsense").get_data(as_text=True)
    assert {slug for slug, _ in _listed(other)} == {w.a_slug, w.b_slug}
    none = inspector.get("/regio/handhaving/?status=closed").get_data(as_text=True)
    assert _listed(none) == [] and "geen handhavingszaken die bij deze filters passen" in none


def test_a_shared_investigation_does_not_put_a_participants_case_on_the_overview(
    ew: EnforcementWorld, cases: dict[str, int], client_for: Any
) -> None:
    """B's inspector may read A's case status through the shared investigation (scope
    tenant_or_participants), but the overview lists B's own cases only."""
    w = ew.world
    html = _client(client_for, ew.inspector_b).get("/regio/handhaving/").get_data(as_text=True)
    assert _listed(html) == [(w.b_slug, cases["b_measure"])]
    body = _client(client_for, ew.inspector_b).get("/api/v1/regio/handhaving/zaken").get_json()
    assert [(c["gemeente_id"], c["id"]) for c in body] == [(w.b_id, cases["b_measure"])]


def test_the_coordinator_sees_every_gemeente_of_the_region(
    ew: EnforcementWorld, cases: dict[str, int], client_for: Any
) -> None:
    w = ew.world
    coordinator = _client(client_for, w.coordinator)
    html = coordinator.get("/regio/handhaving/").get_data(as_text=True)
    assert {slug for slug, _ in _listed(html)} == {w.a_slug, w.b_slug, ew.c_slug} and len(_listed(html)) == 4
    assert 'href="/regio/handhaving/"' in coordinator.get("/").get_data(as_text=True)


def test_someone_of_one_gemeente_keeps_the_link_to_its_own_page(
    ew: EnforcementWorld, cases: dict[str, int], client_for: Any
) -> None:
    admin_c = _client(client_for, ew.admin_c)
    start = admin_c.get(f"/g/{ew.c_slug}/").get_data(as_text=True)
    assert f'href="/g/{ew.c_slug}/handhaving/"' in start and 'href="/regio/handhaving/"' not in start
    # The overview answers with its own gemeente only.
    assert _listed(admin_c.get("/regio/handhaving/").get_data(as_text=True)) == [(ew.c_slug, cases["c_plan"])]


def test_without_enforcement_view_the_overview_is_refused(ew: EnforcementWorld, client_for: Any) -> None:
    privacy = _client(client_for, ew.world.privacy_officer)
    assert privacy.get("/regio/handhaving/").status_code == 403
    assert privacy.get("/api/v1/regio/handhaving/zaken").status_code == 403
    assert 'href="/regio/handhaving/"' not in privacy.get("/").get_data(as_text=True)


def test_api_lists_the_same_cases_with_their_next_term(
    ew: EnforcementWorld, cases: dict[str, int], client_for: Any
) -> None:
    w = ew.world
    inspector = _client(client_for, ew.inspector_ab)
    body = inspector.get("/api/v1/regio/handhaving/zaken").get_json()
    assert [c["id"] for c in body] == [cases["b_measure"], cases["a_plan"], cases["a_open"]]
    first = body[0]
    assert (first["gemeente_id"], first["gemeente_slug"], first["provider_name"], first["status"]) == (
        w.b_id, w.b_slug, "Zorg Plus BV", "measures")
    assert first["next_term"] == {"what": "Zienswijze", "due_on": "2026-03-30", "overdue": True}
    assert body[2]["next_term"] is None
    filtered = inspector.get(f"/api/v1/regio/handhaving/zaken?gemeente_id={w.a_id}&status=improvement_plan").get_json()
    assert [c["id"] for c in filtered] == [cases["a_plan"]]
    refused = inspector.get(f"/api/v1/regio/handhaving/zaken?gemeente_id={ew.c_id}")
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["query"]["gemeente_id"] == ["U ziet de handhaving in deze gemeente niet."]
    bad = inspector.get("/api/v1/regio/handhaving/zaken?status=nonsense")
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]["query"]
