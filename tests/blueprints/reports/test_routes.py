"""The report pages: the whole process by form posts, permission-checked PDFs, field errors in
Dutch, and the gemeente that does not take part."""

from __future__ import annotations

from datetime import timedelta

import pytest

# The reports slice is wired once the investigations slice's findings and frameworks are on
# main (see README "Rapporten"); until then these tests are skipped, not failed.
pytest.importorskip("blueprints.frameworks.models", reason="reports wait for the frameworks slice")
from flask import Flask
from sqlalchemy import select

from blueprints.reports import services, sources
from blueprints.reports.models import Report, ReportVersion, ResponsePoint, ResponseRound
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tests.blueprints.reports.world import Rep, create_investigation
from tests.conftest import csrf_from

pytestmark = pytest.mark.postgres


def _base(rep: Rep, investigation_id: int, slug: str | None = None) -> str:
    return f"/g/{slug or rep.w.a_slug}/onderzoeken/{investigation_id}/rapport"


def _post(client, path: str, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    token = csrf_from(client, "/account")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def test_the_process_through_the_pages(app: Flask, rep: Rep, client_of) -> None:  # type: ignore[no-untyped-def]
    investigation_id = create_investigation(rep)
    base = _base(rep, investigation_id)
    lead, second = client_of(rep.lead_email), client_of(rep.second_email)

    page = lead.get(base + "/")
    assert page.status_code == 200 and "Rapport opstellen" in page.get_data(as_text=True)
    assert _post(lead, base + "/openen").status_code == 302
    refused = _post(lead, base + "/aanbieden")
    assert refused.status_code == 422
    assert "Schrijf het oordeel" in refused.get_data(as_text=True)
    saved = _post(lead, base + "/teksten", {"summary": "Kort.", "judgement": "Op orde.", "advice": "Geen maatregel."})
    assert saved.status_code == 302
    preview = lead.get(base + "/voorbeeld").get_data(as_text=True)
    assert "Bevindingen per norm" in preview and "Geen maatregel." in preview
    assert _post(lead, base + "/aanbieden").status_code == 302

    # Only the second inspector approves.
    assert "Goedkeuren" in second.get(base + "/beoordelen").get_data(as_text=True)
    own = _post(lead, base + "/beoordelen", {"decision": "approve"})
    assert own.status_code == 422 and "tweede toezichthouder" in own.get_data(as_text=True)
    assert _post(second, base + "/beoordelen", {"decision": "approve"}).status_code == 302

    form = lead.get(base + "/wederhoor").get_data(as_text=True)
    assert "E-mailadres van Zorggroep Hofstad Thuis" in form
    bad = _post(lead, base + "/wederhoor", {"sent_on": today().isoformat(), f"contact_{rep.hofstad}": ""})
    assert bad.status_code == 400 and "Vul een e-mailadres in." in bad.get_data(as_text=True)
    sent = _post(lead, base + "/wederhoor", {"sent_on": today().isoformat(), f"contact_{rep.hofstad}": "kwaliteit@hofstad.test"})
    assert sent.status_code == 302

    with app.app_context(), tenant_context(rep.only(rep.w.a_id)):
        round_id = db.session.scalars(select(ResponseRound.id)).one()
    too_long = _post(lead, f"{base}/wederhoor/{round_id}", {
        "received_on": today().isoformat(), "reaction": " ".join(["woord"] * 201), "publication_view": "none",
    })
    assert too_long.status_code == 400
    assert "De reactie telt 201 woorden; er mogen er hoogstens 200 zijn." in too_long.get_data(as_text=True)
    ok = _post(lead, f"{base}/wederhoor/{round_id}", {
        "received_on": today().isoformat(), "points": "Datum klopt niet\nNaam klopt niet",
        "reaction": "Wij zijn het eens.", "attach_reaction": "y", "publication_view": "agrees",
    })
    assert ok.status_code == 302
    with app.app_context(), tenant_context(rep.only(rep.w.a_id)):
        point_ids = db.session.scalars(select(ResponsePoint.id).order_by(ResponsePoint.id)).all()
    no_reason = _post(lead, f"{base}/wederhoor/{round_id}/punten/{point_ids[0]}", {f"p{point_ids[0]}-handling": "not_adopted", f"p{point_ids[0]}-note": ""})
    assert no_reason.status_code == 400 and "Geef de reden" in no_reason.get_data(as_text=True)
    for pid in point_ids:
        done = _post(lead, f"{base}/wederhoor/{round_id}/punten/{pid}", {f"p{pid}-handling": "adopted", f"p{pid}-note": ""})
        assert done.status_code == 302
    assert _post(lead, base + "/definitief").status_code == 302

    with app.app_context(), tenant_context(rep.only(rep.w.a_id)):
        versions = db.session.execute(select(ReportVersion.id, ReportVersion.kind).order_by(ReportVersion.number)).all()
    concept_id, definitive_id = versions[0][0], versions[-1][0]
    assert versions[-1][1] == "definitive"

    # PDF download for the reader of A (definitive), not the concept; every access is logged.
    reader = client_of(rep.reader_a_email)
    pdf = reader.get(f"{base}/versies/{definitive_id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert reader.get(f"{base}/versies/{concept_id}").status_code == 403
    assert reader.get(f"{base}/versies/{concept_id}/pdf").status_code == 403
    assert _post(reader, base + "/definitief").status_code == 403  # no REPORTS_WRITE
    with app.app_context(), tenant_context(rep.only(rep.w.a_id)):
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("report.%"))).all()
    assert "report.pdf_downloaded" in actions and "report.issue_definitive" in actions

    # Redaction, then the publication page for the gemeente admin of A.
    redacted = _post(lead, base + "/openbare-versie", {"passages": "Zorggroep Hofstad Thuis"})
    assert redacted.status_code == 302
    admin = client_of(rep.w.admin_a)
    assert lead.get(base + "/openbaarmaking").status_code == 403  # the college decides, not the inspector
    assert _post(admin, base + "/openbaarmaking/openen").status_code == 302
    page = admin.get(base + "/openbaarmaking").get_data(as_text=True)
    assert "Besluit over openbaarmaking" in page
    missing = _post(admin, base + "/openbaarmaking/besluit", {"publish": "ja", "decided_on": today().isoformat(), "woo_basis": "", "decision_reference": ""})
    assert missing.status_code == 400 and "Vul het kenmerk in." in missing.get_data(as_text=True)
    decided = _post(admin, base + "/openbaarmaking/besluit", {
        "publish": "ja", "decided_on": today().isoformat(), "woo_basis": "art. 3.1 Woo", "decision_reference": "WOO-7",
    })
    assert decided.status_code == 302
    lodged = _post(admin, base + "/openbaarmaking/rechtsmiddelen", {"kind": "bezwaar", "lodged_on": today().isoformat(), "note": ""})
    assert lodged.status_code == 302
    page = admin.get(base + "/openbaarmaking").get_data(as_text=True)
    assert "Er loopt een bezwaar" in page
    held = _post(admin, base + "/openbaarmaking/publiceren")
    assert held.status_code == 422 and "Er loopt een bezwaar" in held.get_data(as_text=True)


def test_a_gemeente_outside_the_investigation_gets_404(app: Flask, rep: Rep, client_of) -> None:  # type: ignore[no-untyped-def]
    investigation_id = create_investigation(rep, gemeenten=(rep.w.a_id,))
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = services.open_report(investigation_id, rep.lead)
        services.update_texts(report, {"judgement": "x", "advice": "y"})
        version = services.submit_for_approval(report, rep.lead, today() - timedelta(days=1))
        version_id = version.id
        db.session.commit()
    lead = client_of(rep.lead_email)  # an inspector in A and B
    base_b = _base(rep, investigation_id, rep.w.b_slug)
    for path in ("/", "/voorbeeld", f"/versies/{version_id}", f"/versies/{version_id}/pdf", "/beoordelen"):
        assert lead.get(base_b + path).status_code == 404, path
    assert _post(lead, base_b + "/teksten", {"advice": "van B"}).status_code == 404
    admin_b = client_of(rep.w.admin_b)
    assert admin_b.get(base_b + "/openbaarmaking").status_code == 404
    with app.app_context(), tenant_context(rep.only(rep.w.a_id)):
        stored = db.session.scalars(select(Report)).one()
        assert stored.advice == "y"
        assert sources.load_source(investigation_id).gemeente_ids == (rep.w.a_id,)
