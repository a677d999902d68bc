"""The inspector advises from the investigation (/regio/onderzoeken/<id>/advies) for each
participant gemeente at once, and the investigation's page shows advice and cases per gemeente as
far as the viewer may see them (PostgreSQL, three gemeenten)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.enforcement.models import Advice, AdviceFinding, EnforcementCase, ImprovementPlan
from regiotoezicht.audit import AuditEvent
from regiotoezicht.extensions import db
from tests.blueprints.enforcement.conftest import EnforcementWorld, acting_in, post
from tests.blueprints.enforcement.settings import set_setting

pytestmark = pytest.mark.postgres


def _client(client_for: Any, email: str) -> Any:
    return client_for(SimpleNamespace(email=email))


def _count(app: Flask, gemeente_id: int, model: Any) -> int:
    with acting_in(app, gemeente_id):
        return db.session.execute(select(func.count(model.id)).where(model.gemeente_id == gemeente_id)).scalar_one()


def _form(ew: EnforcementWorld, **extra: Any) -> dict[str, Any]:
    data = {
        "gemeente_ids": [str(ew.world.a_id), str(ew.world.b_id)], "provider_id": str(ew.provider_p),
        "advised_on": "2026-03-02", "finding_ids": [str(ew.short), str(ew.partly)],
        "recommends_improvement_plan": "y", "recommended_kinds": ["contract_client_stop"],
        "reasoning": "Begeleidingsplannen ontbreken; de meldcode wordt niet gebruikt.",
    }
    data.update(extra)
    return data


def test_the_second_inspector_advises_every_participant_at_once(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, ew.inspector_ab)
    path = f"/regio/onderzoeken/{ew.shared}/advies"
    page = inspector.get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Handhavingsadvies bij onderzoek" in text
    assert "Delft" in text and "Gravenhage" in text and "Zoetermeer" not in text
    # Only the tekortkomingen are offered; "voldoet" is not.
    assert f'value="{ew.short}"' in text and f'value="{ew.complies}"' not in text
    done = post(inspector, path, _form(ew))
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/regio/onderzoeken/{ew.shared}")
    for gemeente_id in (w.a_id, w.b_id):
        assert _count(app, gemeente_id, Advice) == 1 and _count(app, gemeente_id, EnforcementCase) == 1
        assert _count(app, gemeente_id, AdviceFinding) == 2
        with acting_in(app, gemeente_id):
            advice = db.session.execute(select(Advice)).scalar_one()
            assert (advice.gemeente_id, advice.finding_ids) == (gemeente_id, [ew.short, ew.partly])
        with acting_in(app, gemeente_id):
            events = db.session.execute(select(AuditEvent.gemeente_id).where(
                AuditEvent.action == "enforcement.advice_given", AuditEvent.gemeente_id == gemeente_id)).scalars().all()
            assert events == [gemeente_id]
    detail = inspector.get(f"/regio/onderzoeken/{ew.shared}").get_data(as_text=True)
    assert "Handhavingszaken over dit onderzoek" in detail and "Advies aan de colleges" in detail
    assert detail.count("H-2026-0001") == 2 and "Handhavingsadvies vastleggen" in detail


def test_one_refusal_stores_nothing_for_any_gemeente(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    with acting_in(app, w.b_id):
        set_setting(w.b_id, "enforcement.measure_ladder", ["last_onder_dwangsom"], date(2026, 1, 1))
        db.session.commit()
    inspector = _client(client_for, ew.inspector_ab)
    refused = post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "niet op de handhavingsladder" in text and "Gravenhage:" in text
    complies = post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, finding_ids=[str(ew.complies)]))
    assert complies.status_code == 400  # not a choice: only tekortkomingen are offered
    none = post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, gemeente_ids=[]))
    assert none.status_code == 400 and "Kies ten minste één gemeente." in none.get_data(as_text=True)
    for gemeente_id in (w.a_id, w.b_id):
        assert _count(app, gemeente_id, Advice) == 0 and _count(app, gemeente_id, EnforcementCase) == 0


def test_only_the_investigations_inspectors_advise(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    path = f"/regio/onderzoeken/{ew.shared}/advies"
    # B's inspector is entitled to B but not on the investigation; A's admin may not advise.
    assert _client(client_for, ew.inspector_b).get(path).status_code == 403
    assert post(_client(client_for, ew.inspector_b), path, _form(ew, gemeente_ids=[str(w.b_id)])).status_code == 403
    assert _client(client_for, w.admin_a).get(path).status_code == 403
    # C's investigation does not exist for the inspector of A and B.
    assert _client(client_for, ew.inspector_ab).get(f"/regio/onderzoeken/{ew.c_only}/advies").status_code == 404
    # The lead inspector of A only advises A: B is no choice for them.
    lead = _client(client_for, w.inspector_a)
    assert post(lead, path, _form(ew)).status_code == 400
    assert post(lead, path, _form(ew, gemeente_ids=[str(w.a_id)])).status_code == 302
    assert _count(app, w.b_id, Advice) == 0 and _count(app, w.a_id, Advice) == 1
    # On the gemeente's page of the investigation the lead finds the advice for that gemeente only.
    assert "Handhavingsadvies aan het college van Delft vastleggen" in lead.get(
        f"/g/{w.a_slug}/onderzoeken/{ew.shared}").get_data(as_text=True)
    assert "Handhavingsadvies aan het college" not in _client(client_for, ew.inspector_b).get(
        f"/g/{w.b_slug}/onderzoeken/{ew.shared}").get_data(as_text=True)


def test_the_investigation_page_shows_what_each_viewer_may_see(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, ew.inspector_ab)
    marker_a = "Advies aan Delft met kenmerk-A."
    post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, gemeente_ids=[str(w.a_id)], reasoning=marker_a))
    post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, gemeente_ids=[str(w.b_id)]))
    with acting_in(app, w.a_id):
        a_case = db.session.execute(select(EnforcementCase).where(EnforcementCase.gemeente_id == w.a_id)).scalar_one()
        a_case_id = a_case.id
    # B's admin on B's page of the investigation: B's case (a link) and A's case (no link), B's advice only.
    admin_b = _client(client_for, w.admin_b)
    page = admin_b.get(f"/g/{w.b_slug}/onderzoeken/{ew.shared}").get_data(as_text=True)
    assert "Handhavingszaken over dit onderzoek" in page and "Delft" in page
    assert f"/handhaving/zaken/{a_case_id}" not in page
    assert page.count("Steunt op") == 1  # B's own advice; A's is not B's to read
    assert marker_a not in page and "Handhavingsadvies vastleggen" not in page
    # C's reader sees nothing of A's or B's enforcement on C's own investigation.
    admin_c = _client(client_for, ew.admin_c)
    page_c = admin_c.get(f"/g/{ew.c_slug}/onderzoeken/{ew.c_only}").get_data(as_text=True)
    assert "H-2026-0001" not in page_c and "Er zijn (nog) geen handhavingszaken" in page_c
    assert admin_c.get(f"/g/{ew.c_slug}/onderzoeken/{ew.shared}").status_code == 404


def test_the_case_shows_its_follow_up_and_the_follow_up_its_cases(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    post(_client(client_for, w.inspector_a), f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, gemeente_ids=[str(w.a_id)]))
    with acting_in(app, w.a_id):
        case_id = db.session.execute(select(EnforcementCase.id)).scalar_one()
    admin = _client(client_for, w.admin_a)
    page = admin.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}").get_data(as_text=True)
    assert "Vervolgonderzoek begeleiding" in page and "voldoet op alle 1 beoordeelde normen" in page
    form = admin.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}/afsluiten").get_data(as_text=True)
    assert "(voldoet op alle 1 beoordeelde normen)" in form
    closed = post(admin, f"/g/{w.a_slug}/handhaving/zaken/{case_id}/afsluiten", {
        "closed_on": "2026-09-01", "outcome": "follow_up_complies", "outcome_reasoning": "Alles op orde.",
        "follow_up_investigation_id": str(ew.follow_up)})
    assert closed.status_code == 302
    page = admin.get(f"/g/{w.a_slug}/handhaving/zaken/{case_id}").get_data(as_text=True)
    assert "de zaak is op dit vervolgonderzoek afgesloten" in page
    follow_up = admin.get(f"/g/{w.a_slug}/onderzoeken/{ew.follow_up}").get_data(as_text=True)
    assert "Zaken waarop dit vervolgonderzoek volgt" in follow_up
    assert "(afgesloten op dit vervolgonderzoek)" in follow_up and f"/handhaving/zaken/{case_id}" in follow_up


def test_the_recheck_form_offers_the_follow_up_with_what_it_found(app: Flask, ew: EnforcementWorld, client_for: Any) -> None:
    w = ew.world
    inspector = _client(client_for, w.inspector_a)
    post(inspector, f"/regio/onderzoeken/{ew.shared}/advies", _form(ew, gemeente_ids=[str(w.a_id)]))
    with acting_in(app, w.a_id):
        case_id = db.session.execute(select(EnforcementCase.id)).scalar_one()
    base = f"/g/{w.a_slug}/handhaving"
    assert post(inspector, f"{base}/zaken/{case_id}/verbeterplan", {"requested_on": "2026-03-02"}).status_code == 302
    with acting_in(app, w.a_id):
        plan_id = db.session.execute(select(ImprovementPlan.id)).scalar_one()
    assert post(inspector, f"{base}/verbeterplannen/{plan_id}/ontvangst", {"received_on": "2026-04-01"}).status_code == 302
    assert post(inspector, f"{base}/verbeterplannen/{plan_id}/beoordeling", {
        "assessed_on": "2026-04-03", "assessment": "sufficient", "assessment_reasoning": "Plan is concreet."}).status_code == 302
    form = inspector.get(f"{base}/verbeterplannen/{plan_id}/hercontrole").get_data(as_text=True)
    assert "Vervolgonderzoek begeleiding" in form and "(voldoet op alle 1 beoordeelde normen)" in form
