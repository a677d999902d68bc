"""The report pages in the browser, each checked with axe-core (WCAG 2.1 A/AA): the report tab,
the preview, a version, the wederhoor round with a 201-word reaction refused in Dutch, and the
publication page of the gemeente admin. The report is built through the services on the
seeded demo region (a shared investigation of Delft and Rijswijk)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from blueprints.frameworks.services import install_default_framework
from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations import services as investigation_services
from blueprints.investigations.models import InvestigationStatus
from blueprints.providers.models import FinancingForm
from blueprints.reports import services
from blueprints.reports.states import Handling
from regiotoezicht.auth.models import User
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import compute_entitlements, today
from tenants.models import Gemeente
from tests.browser.conftest import Browsing, LiveServer
from tests.browser.helpers import assert_accessible, assert_layout, screenshot
from tests.browser.roles import BY_KEY
from tests.factories import make_provider, make_relation, region

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

LEAD = "inspecteur.west@demo.regiotoezicht.nl"
#: The investigations demo's second inspector, an inspector of Delft and Rijswijk (among others);
#: the role accounts of tests/browser/roles.py keep their memberships for the role walk.
SECOND = "inspecteur.centrum@demo.regiotoezicht.nl"


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


@pytest.fixture(scope="module")
def report_ids(pg_app: Flask, live_server: LiveServer) -> dict[str, Any]:
    """A shared investigation of Delft and Rijswijk with findings, its report in wederhoor and a
    round; a second, definitive one with an open publication phase in Delft. Committed."""
    with pg_app.app_context():
        delft = db.session.scalars(select(Gemeente).where(Gemeente.code == "GM0503")).one()
        rijswijk = db.session.scalars(select(Gemeente).where(Gemeente.code == "GM0603")).one()
        ids = frozenset({delft.id, rijswijk.id})
        lead, second = _user(LEAD), _user(SECOND)
        provider = make_provider(region(), "Zorgboog Browsertest", "87654321")
        for g in (delft, rijswijk):
            make_relation(g, provider, FinancingForm.CONTRACT)
        db.session.commit()
        made = {}
        for key in ("wederhoor", "definitief"):
            made[key] = _investigation(lead.id, second.id, provider.id, ids, key)
        with tenant_context(TenantContext(allowed_ids=frozenset({delft.id}), active_id=delft.id, user_id=lead.id, reason="test")):
            report = services.open_report(made["wederhoor"], lead.id)
            services.update_texts(report, {"judgement": "Grotendeels op orde.", "advice": "Vraag een verbeterplan."})
            services.submit_for_approval(report, lead.id, today())
            services.approve(report, second.id)
            (round_,) = services.start_response(report, lead.id, today(), {provider.id: "kwaliteit@zorgboog.test"}, today())
            made["round_id"] = round_.id
            definitive = services.open_report(made["definitief"], lead.id)
            services.update_texts(definitive, {"judgement": "Op orde.", "advice": "Geen maatregel."})
            services.submit_for_approval(definitive, lead.id, today() - timedelta(days=20))
            services.approve(definitive, second.id)
            (r2,) = services.start_response(definitive, lead.id, today() - timedelta(days=20), {provider.id: "kwaliteit@zorgboog.test"}, today())
            services.record_response(definitive, r2, services.ResponseInput(received_on=today() - timedelta(days=10), points=["Datum klopt niet"]), today())
            services.handle_point(definitive, services.points_of(r2)[0], Handling.ADOPTED, "")
            version = services.issue_definitive(definitive, lead.id, today())
            made["version_id"] = version.id
            db.session.commit()
    return made


def _region_id() -> int:
    return int(region().id)


def _investigation(lead: int, second: int, provider_id: int, ids: frozenset[int], title: str) -> int:
    with tenant_context(TenantContext(allowed_ids=ids, user_id=lead, reason="test")):
        framework = db.session.scalars(select(Framework).where(Framework.region_id == _region_id()).order_by(Framework.id)).first()
        if framework is None:  # the demo normally seeds the default toetsingskader
            framework = install_default_framework(_region_id(), date(2020, 1, 1))
        investigation = investigation_services.create_investigation(
            {"kind": "proactive", "proactive_kind": "cyclical", "title": f"Browsertest {title}", "gemeente_ids": sorted(ids),
             "provider_ids": [provider_id], "framework_id": framework.id, "lead_inspector_id": lead,
             "second_inspector_id": second, "planned_on": today() - timedelta(days=60), "announced": True},
            compute_entitlements(lead),
        )
        investigation_services.change_status(investigation, InvestigationStatus.IN_PROGRESS, lead)
        values = list(db.session.scalars(select(JudgementValue).where(JudgementValue.framework_id == framework.id).order_by(JudgementValue.position)))
        judged = next(v for v in values if v.is_assessed)
        skipped = next(v for v in values if not v.is_assessed)
        norms = list(db.session.scalars(select(Norm).where(Norm.framework_id == framework.id).order_by(Norm.id)))
        first = next(n.id for n in norms if "contract" in (n.financing_forms or []))
        for norm in norms:
            value = judged if norm.id == first else skipped
            investigation_services.record_finding(
                investigation, {"provider_id": provider_id, "norm_id": norm.id, "judgement_value_id": value.id,
                                "explanation": "Het beleid is bekend bij de medewerkers." if value is judged else ""}, lead,
            )
        investigation_services.change_status(investigation, InvestigationStatus.FINDINGS_COMPLETE, lead)
        investigation_id = investigation.id
        db.session.commit()
    return investigation_id


def test_the_report_pages_are_accessible(browsing: Browsing, report_ids: dict[str, Any]) -> None:
    role = BY_KEY["inspecteur-west"]
    page, watch = browsing.new_page(role)
    base = f"/g/delft/onderzoeken/{report_ids['wederhoor']}/rapport"

    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text(re.compile("Rapport bij onderzoek"))
    assert_layout(page)
    assert_accessible(page, "report tab")
    screenshot(page, role.key, "rapport")

    page.get_by_role("link", name="Lezen versie 1").click()
    page.wait_for_load_state()
    assert watch.status == 200
    assert_layout(page)  # the report's own headings are demoted: one h1 on the page
    assert_accessible(page, "concept version")

    page.goto(base + "/")
    page.get_by_role("link", name="Zorgboog Browsertest").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Hoor en wederhoor: Zorgboog Browsertest")
    assert_accessible(page, "wederhoor round")
    page.get_by_label("Korte reactie van de aanbieder (niet verplicht)", exact=True).fill(" ".join(["woord"] * 201))
    page.get_by_label("Punten van de aanbieder (niet verplicht)", exact=True).fill("Datum klopt niet")
    page.get_by_role("button", name="Reactie vastleggen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("De reactie telt 201 woorden; er mogen er hoogstens 200 zijn.")
    assert_accessible(page, "wederhoor round with errors")
    screenshot(page, role.key, "wederhoor-fout")

    page.goto(f"/g/delft/onderzoeken/{report_ids['definitief']}/rapport/voorbeeld")
    assert_layout(page)
    assert_accessible(page, "definitive preview")


def test_the_gemeente_admin_opens_the_publication_phase(browsing: Browsing, report_ids: dict[str, Any]) -> None:
    role = BY_KEY["beheer-delft"]
    page, watch = browsing.new_page(role)
    base = f"/g/delft/onderzoeken/{report_ids['definitief']}/rapport"
    page.goto(base + "/")
    assert_accessible(page, "report tab for the gemeente")
    page.get_by_role("link", name=re.compile("^Openbaarmaking door Delft")).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Openbaarmakingsfase beginnen", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Openbaarmaking door Delft")
    assert_layout(page)
    assert_accessible(page, "publication page")
    page.get_by_role("button", name="Besluit vastleggen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    assert_accessible(page, "publication decision with errors")
    screenshot(page, role.key, "openbaarmaking")
    pdf = page.request.get(f"{base}/versies/{report_ids['version_id']}/pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
