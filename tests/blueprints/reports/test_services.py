"""The report process in the service layer, on PostgreSQL as the app role: every step allowed
and refused, terms, immutability, sending, publication, and a gemeente that does not take part."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

# The reports slice is wired once the investigations slice's findings and frameworks are on
# main (see README "Rapporten"); until then these tests are skipped, not failed.
pytest.importorskip("blueprints.frameworks.models", reason="reports wait for the frameworks slice")
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from blueprints.contacts.models import GemeenteContact
from blueprints.investigations.models import Finding, Investigation, InvestigationStatus
from blueprints.reports import queries, services, sources
from blueprints.reports.models import Publication, ReportDispatch, ReportVersion
from blueprints.reports.states import (
    Handling,
    PublicationStatus,
    PublicationView,
    RemedyKind,
    RemedyStatus,
    ReportError,
    ReportStatus,
    RoundStatus,
    VersionKind,
)
from blueprints.reports.tasks import send_definitive_to_gemeente
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.mail import OutboxMessage
from regiotoezicht.storage import storage
from tests.blueprints.reports.world import Rep, create_investigation

pytestmark = pytest.mark.postgres

SENT = date(2026, 4, 13)  # + 2 weeks = Koningsdag 27 April → due 28 April
TODAY = date(2026, 6, 1)
TEXTS = {"summary": "Kort.", "judgement": "Grotendeels op orde.", "advice": "Vraag een verbeterplan."}


def _errors(excinfo: pytest.ExceptionInfo[ReportError]) -> dict[str, list[str]]:
    return excinfo.value.errors


def _approved(rep: Rep, investigation_id: int):  # type: ignore[no-untyped-def]
    report = services.open_report(investigation_id, rep.lead)
    services.update_texts(report, TEXTS)
    services.submit_for_approval(report, rep.lead, SENT)
    services.approve(report, rep.second)
    return report


def _in_response(rep: Rep, investigation_id: int):  # type: ignore[no-untyped-def]
    report = _approved(rep, investigation_id)
    source = sources.load_source(investigation_id)
    services.start_response(report, rep.lead, SENT, {p: f"p{p}@aanbieder.test" for p in source.provider_ids}, TODAY)
    return report


def _respond_all(report) -> None:  # type: ignore[no-untyped-def]
    for round_ in services.rounds_of(report):
        services.record_response(
            report, round_, services.ResponseInput(received_on=SENT + timedelta(days=7), points=["Datum klopt niet"]), TODAY
        )
        for point in services.points_of(round_):
            services.handle_point(report, point, Handling.ADOPTED, "")


def _definitive(rep: Rep, investigation_id: int):  # type: ignore[no-untyped-def]
    report = _in_response(rep, investigation_id)
    _respond_all(report)
    services.issue_definitive(report, rep.lead, date(2026, 5, 4))
    return report


def test_concept_approval_by_the_second_inspector_only(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = services.open_report(investigation_id, rep.lead)
        assert report.status == ReportStatus.DRAFT
        with pytest.raises(ReportError) as missing:
            services.submit_for_approval(report, rep.lead, SENT)
        assert set(_errors(missing)) == {"judgement", "advice"}
        services.update_texts(report, TEXTS)
        with pytest.raises(ReportError) as too_early:
            services.approve(report, rep.second)  # draft: nothing to approve
        assert "ter beoordeling" in _errors(too_early)["_schema"][0]
        with pytest.raises(ReportError) as own:
            services.submit_for_approval(report, rep.second, SENT)  # the second reader is not the author
        assert "tweede toezichthouder" in _errors(own)["_schema"][0]
        concept = services.submit_for_approval(report, rep.lead, SENT)
        assert (concept.kind, concept.number, report.status) == (VersionKind.CONCEPT, 1, ReportStatus.SUBMITTED)
        assert "Oordeel: " in concept.html and "Vraag een verbeterplan." in concept.html
        with pytest.raises(ReportError):
            services.update_texts(report, {"advice": "Anders"})  # fixed while under review
        with pytest.raises(ReportError) as author:
            services.approve(report, rep.lead)
        assert "tweede toezichthouder" in _errors(author)["_schema"][0]
        with pytest.raises(ReportError) as reason:
            services.return_to_draft(report, rep.second, "  ")
        assert "reason" in _errors(reason)
        services.return_to_draft(report, rep.second, "Oordeel scherper formuleren.")
        assert report.status == ReportStatus.DRAFT
        services.update_texts(report, {"judgement": "Op twee punten niet op orde."})
        second_concept = services.submit_for_approval(report, rep.lead, SENT)
        assert second_concept.number == 2 and concept.html != second_concept.html
        services.approve(report, rep.second)
        assert (report.status, report.approved_version_id, report.approved_by_id) == (
            ReportStatus.APPROVED, second_concept.id, rep.second,
        )
        investigation = db.session.get(Investigation, investigation_id)
        assert investigation is not None and investigation.status == InvestigationStatus.REPORTING
        steps = [(h.step, h.from_status, h.to_status) for h in services.history(report)]
        assert steps == [
            ("open", None, "draft"), ("submit", "draft", "submitted"), ("return", "submitted", "draft"),
            ("submit", "draft", "submitted"), ("approve", "submitted", "approved"),
        ]


def test_no_report_before_the_findings_are_complete(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep, complete=False)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        with pytest.raises(ReportError) as refused:
            services.open_report(investigation_id, rep.lead)
    assert "compleet" in _errors(refused)["_schema"][0]


def test_hoor_en_wederhoor_per_provider_with_the_longest_term(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep, thematic=True)
    from tests.blueprints.reports.test_terms import _set

    with app.app_context():
        _set(rep.w.b_id, "reports.response_term_weeks", 3, date(2026, 1, 1))
        with tenant_context(rep.only(rep.w.a_id, rep.lead)):
            report = _approved(rep, investigation_id)
            with pytest.raises(ReportError) as bad:
                services.start_response(report, rep.lead, TODAY + timedelta(days=1), {rep.hofstad: "geen-adres"}, TODAY)
            errors = _errors(bad)
            assert {"sent_on", f"contact_{rep.hofstad}", f"contact_{rep.duinpoort}"} <= set(errors)
            assert report.status == ReportStatus.APPROVED and services.rounds_of(report) == []
            rounds = services.start_response(
                report, rep.lead, SENT, {rep.hofstad: "Kwaliteit@Hofstad.test", rep.duinpoort: "info@duinpoort.test"}, TODAY
            )
            assert report.status == ReportStatus.IN_RESPONSE
            assert len(rounds) == 2
            # Delft 2 weeks, Den Haag 3: the longest counts; 4 May 2026 is a Monday, no holiday.
            assert {(r.term_weeks, r.term_gemeente_id, r.due_on) for r in rounds} == {(3, rep.w.b_id, date(2026, 5, 4))}
            by_provider = {r.provider_id: r.contact_email for r in rounds}
            assert by_provider == {rep.hofstad: "kwaliteit@hofstad.test", rep.duinpoort: "info@duinpoort.test"}
            mails = db.session.scalars(select(OutboxMessage.recipient).order_by(OutboxMessage.id)).all()
            assert sorted(mails) == ["info@duinpoort.test", "kwaliteit@hofstad.test"]
            with pytest.raises(ReportError):
                services.start_response(report, rep.lead, SENT, {}, TODAY)  # not twice


def test_the_response_is_counted_checked_and_each_point_handled(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = _in_response(rep, investigation_id)
        (round_,) = services.rounds_of(report)
        too_long = services.ResponseInput(received_on=SENT + timedelta(days=3), reaction=" ".join(["woord"] * 201), attach_reaction=True)
        with pytest.raises(ReportError) as words:
            services.record_response(report, round_, too_long, TODAY)
        assert _errors(words)["reaction"] == ["De reactie telt 201 woorden; er mogen er hoogstens 200 zijn."]
        with pytest.raises(ReportError) as early:
            services.record_response(report, round_, services.ResponseInput(received_on=SENT - timedelta(days=1), points=["x"]), TODAY)
        assert "received_on" in _errors(early)
        with pytest.raises(ReportError) as empty:
            services.record_response(report, round_, services.ResponseInput(received_on=SENT), TODAY)
        assert "_schema" in _errors(empty)
        with pytest.raises(ReportError) as nothing_to_attach:
            services.record_response(report, round_, services.ResponseInput(received_on=SENT, attach_reaction=True, points=["x"]), TODAY)
        assert "attach_reaction" in _errors(nothing_to_attach)
        assert round_.status == RoundStatus.OPEN
        ok = services.ResponseInput(
            received_on=SENT + timedelta(days=3), reaction=" ".join(["woord"] * 200), attach_reaction=True,
            publication_view=PublicationView.OBJECTS, points=["Datum klopt niet", "", "Oordeel te streng"],
        )
        services.record_response(report, round_, ok, TODAY)
        assert (round_.status, round_.reaction_words, round_.publication_view) == (RoundStatus.RECEIVED, 200, "objects")
        with pytest.raises(ReportError):
            services.record_response(report, round_, ok, TODAY)  # once
        first, second = services.points_of(round_)
        with pytest.raises(ReportError) as why:
            services.handle_point(report, second, Handling.NOT_ADOPTED, "")
        assert _errors(why) == {"note": ["Geef de reden waarom het punt niet is overgenomen."]}
        with pytest.raises(ReportError):
            services.handle_point(report, second, Handling.EXPLAINED, " ")
        services.handle_point(report, first, Handling.ADOPTED, "")
        with pytest.raises(ReportError) as unhandled:
            services.issue_definitive(report, rep.lead, TODAY)
        assert "1 punt(en)" in _errors(unhandled)["_schema"][0]
        services.handle_point(report, second, Handling.NOT_ADOPTED, "Zie norm 1.")
        third = services.add_point(report, round_, "Naam van de locatie")
        services.handle_point(report, third, Handling.EXPLAINED, "Toegelicht in paragraaf 3.")
        version = services.issue_definitive(report, rep.lead, TODAY)
        assert "Niet overgenomen</strong>: Zie norm 1." in version.html
        assert "Toegelicht</strong>: Toegelicht in paragraaf 3." in version.html
        assert "woord woord" in version.html  # attached at the provider's request


def test_a_round_lapses_only_after_its_term(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = _in_response(rep, investigation_id)
        (round_,) = services.rounds_of(report)
        assert round_.due_on == date(2026, 4, 28)
        with pytest.raises(ReportError) as open_round:
            services.issue_definitive(report, rep.lead, TODAY)
        assert "Nog niet elke aanbieder" in _errors(open_round)["_schema"][0]
        with pytest.raises(ReportError) as running:
            services.mark_lapsed(report, round_, date(2026, 4, 28))  # the due day itself still counts
        assert _errors(running)["_schema"] == ["De termijn loopt nog tot en met 28 april 2026."]
        services.mark_lapsed(report, round_, date(2026, 4, 29))
        assert round_.status == RoundStatus.LAPSED
        with pytest.raises(ReportError):
            services.mark_lapsed(report, round_, date(2026, 4, 30))
        version = services.issue_definitive(report, rep.lead, TODAY)
        assert "Geen reactie binnen de termijn" in version.html


def test_the_definitive_version_is_immutable_stored_and_sent(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context():
        with tenant_context(rep.only(rep.w.a_id)):
            db.session.add(GemeenteContact(gemeente_id=rep.w.a_id, name="Rapporten Delft", email="rapporten@delft.test", receives_reports=True))
            db.session.commit()
        with tenant_context(rep.only(rep.w.a_id, rep.lead)):
            report = _definitive(rep, investigation_id)
            definitive = services.latest_version(report, VersionKind.DEFINITIVE)
            assert definitive is not None and report.status == ReportStatus.DEFINITIVE
            assert definitive.pdf_key and definitive.pdf_key.startswith(f"r{rep.w.region_id}/reports/")
            assert storage().load(definitive.pdf_key).startswith(b"%PDF-")
            html_before = definitive.html
            # Findings changing later do not change the definitive version.
            finding = db.session.scalars(select(Finding).where(Finding.investigation_id == investigation_id, Finding.explanation != "")).first()
            assert finding is not None
            finding.explanation = "Later gewijzigde bevinding."
            db.session.flush()
            assert "Later gewijzigde bevinding." in services.preview_html(report, TODAY)
            db.session.commit()
            version_id = definitive.id
        with tenant_context(rep.only(rep.w.a_id, rep.lead)):
            # The app role may not UPDATE or DELETE versions or history (REVOKE in the migration).
            for statement in (
                "UPDATE report_versions SET html = 'x' WHERE id = :id",
                "DELETE FROM report_versions WHERE id = :id",
                "UPDATE report_status_changes SET note = 'x' WHERE report_id = :id",
                "DELETE FROM report_dispatches WHERE version_id = :id",
            ):
                with pytest.raises(ProgrammingError, match="permission denied"):
                    db.session.execute(text(statement), {"id": version_id})
                db.session.rollback()
            stored = db.session.get(ReportVersion, version_id)
            assert stored is not None and stored.html == html_before
            provider_mails = db.session.scalars(select(ReportDispatch.recipient).where(ReportDispatch.version_id == version_id)).all()
            assert provider_mails == [f"p{rep.hofstad}@aanbieder.test"]
        # The job per participant gemeente mails its report contacts (idempotent).
        assert send_definitive_to_gemeente(rep.w.a_id, version_id) == 1
        assert send_definitive_to_gemeente(rep.w.a_id, version_id) == 0
        assert send_definitive_to_gemeente(rep.w.b_id, version_id) == 0  # Den Haag: no report contacts
        with tenant_context(rep.only(rep.w.a_id)):
            sent = db.session.execute(
                select(ReportDispatch.recipient_kind, ReportDispatch.to_gemeente_id, ReportDispatch.recipient)
                .where(ReportDispatch.version_id == version_id).order_by(ReportDispatch.id)
            ).all()
        assert sent[-1] == ("gemeente", rep.w.a_id, "rapporten@delft.test")


def test_a_correction_is_a_new_definitive_version_with_a_reason(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = _definitive(rep, investigation_id)
        with pytest.raises(ReportError) as why:
            services.issue_definitive(report, rep.lead, TODAY)
        assert "note" in _errors(why)
        first = services.latest_version(report, VersionKind.DEFINITIVE)
        corrected = services.issue_definitive(report, rep.lead, TODAY, "Typfout in de naam van de locatie")
        assert corrected.number == first.number + 1 and corrected.based_on_id == first.id  # type: ignore[union-attr]
        assert len(services.versions(report, VersionKind.DEFINITIVE)) == 2


def test_redaction_makes_its_own_version(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = _in_response(rep, investigation_id)
        with pytest.raises(ReportError):
            services.redact(report, ["Hofstad"], rep.lead, TODAY)  # not definitive yet
        _respond_all(report)
        definitive = services.issue_definitive(report, rep.lead, TODAY)
        with pytest.raises(ReportError) as missing:
            services.redact(report, ["Jan Jansen"], rep.lead, TODAY)
        assert "Jan Jansen" in _errors(missing)["passages"][0]
        redacted = services.redact(report, ["Zorggroep Hofstad Thuis"], rep.lead, TODAY)
        assert redacted.kind == VersionKind.REDACTED and redacted.based_on_id == definitive.id
        assert "Zorggroep Hofstad Thuis" not in redacted.html and "[weggelakt]" in redacted.html
        assert "Zorggroep Hofstad Thuis" in definitive.html
        assert services.redacted_for(report) == redacted


def test_publication_waits_for_the_date_the_remedies_and_the_redaction(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    decided = date(2026, 5, 11)
    with app.app_context(), tenant_context(rep.only(rep.w.a_id, rep.lead)):
        report = _in_response(rep, investigation_id)
        with pytest.raises(ReportError):
            services.open_publication(report, rep.lead)  # not definitive
        _respond_all(report)
        services.issue_definitive(report, rep.lead, date(2026, 5, 4))
        publication = services.open_publication(report, rep.lead)
        assert publication.gemeente_id == rep.w.a_id and publication.status == PublicationStatus.UNDECIDED
        with pytest.raises(ReportError):
            services.lodge_remedy(publication, RemedyKind.BEZWAAR, decided, "", rep.lead, TODAY)  # no decision yet
        bad = services.DecisionInput(publish=True, decided_on=date(2026, 5, 1), woo_basis=" ", decision_reference="")
        with pytest.raises(ReportError) as invalid:
            services.decide_publication(report, publication, bad, rep.lead, TODAY)
        assert set(_errors(invalid)) == {"decided_on", "woo_basis", "decision_reference"}
        decision = services.DecisionInput(publish=True, decided_on=decided, woo_basis="art. 3.1 Woo", decision_reference="WOO-1")
        services.decide_publication(report, publication, decision, rep.lead, TODAY)
        # Delft's own delay in the standard world is 4 weeks: 11 May + 4 weeks = 8 June 2026.
        assert (publication.status, publication.delay_weeks, publication.planned_on) == (
            PublicationStatus.DECIDED, 4, date(2026, 6, 8),
        )
        with pytest.raises(ReportError):
            services.decide_publication(report, publication, decision, rep.lead, TODAY)
        after = date(2026, 6, 9)
        blockers = services.publication_blockers(report, publication, TODAY)
        assert any("8 juni 2026" in b for b in blockers) and any("weggelakt" in b for b in blockers)
        services.redact(report, ["Zorggroep Hofstad Thuis"], rep.lead, TODAY)
        with pytest.raises(ReportError) as before_lodge:
            services.lodge_remedy(publication, RemedyKind.BEZWAAR, decided - timedelta(days=1), "", rep.lead, TODAY)
        assert "lodged_on" in _errors(before_lodge)
        bezwaar = services.lodge_remedy(publication, RemedyKind.BEZWAAR, date(2026, 5, 20), "", rep.lead, TODAY)
        vv = services.lodge_remedy(publication, RemedyKind.VOORLOPIGE_VOORZIENING, date(2026, 5, 21), "", rep.lead, TODAY)
        assert services.publication_blockers(report, publication, after) == [
            "Er loopt een bezwaar of verzoek om een voorlopige voorziening."
        ]
        with pytest.raises(ReportError):
            services.publish(report, publication, rep.lead, after)
        services.resolve_remedy(publication, vv, RemedyStatus.GRANTED, date(2026, 5, 28), "", rep.lead, after)
        assert any("voorlopige voorziening" in b for b in services.publication_blockers(report, publication, after))
        with pytest.raises(ReportError):
            services.resolve_remedy(publication, vv, RemedyStatus.REJECTED, date(2026, 5, 29), "", rep.lead, after)
        services.resolve_remedy(publication, bezwaar, RemedyStatus.REJECTED, date(2026, 6, 5), "", rep.lead, after)
        with pytest.raises(ReportError):
            services.publish(report, publication, rep.lead, date(2026, 6, 7))  # before the planned date
        services.record_bestuurlijke_reactie(publication, "Het college neemt het advies over.", date(2026, 6, 1), rep.lead, after)
        services.publish(report, publication, rep.lead, after)
        assert (publication.status, publication.published_on) == (PublicationStatus.PUBLISHED, after)
        assert publication.published_version_id == services.redacted_for(report).id  # type: ignore[union-attr]
        with pytest.raises(ReportError):
            services.lodge_remedy(publication, RemedyKind.BEZWAAR, after, "", rep.lead, after)


def test_a_granted_bezwaar_revokes_and_a_type_not_published_is_refused(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep)
    from tests.blueprints.reports.test_terms import _set

    with app.app_context():
        _set(rep.w.b_id, "reports.published_investigation_types", ["reactive"], date(2026, 1, 1))
        with tenant_context(rep.only(rep.w.a_id, rep.lead)):
            report = _definitive(rep, investigation_id)
            publication = services.open_publication(report, rep.lead)
            services.decide_publication(
                report, publication,
                services.DecisionInput(publish=True, decided_on=date(2026, 5, 11), woo_basis="Woo", decision_reference="1"),
                rep.lead, TODAY,
            )
            bezwaar = services.lodge_remedy(publication, RemedyKind.BEZWAAR, date(2026, 5, 12), "", rep.lead, TODAY)
            services.resolve_remedy(publication, bezwaar, RemedyStatus.GRANTED, date(2026, 5, 20), "", rep.lead, TODAY)
            assert publication.status == PublicationStatus.NOT_PUBLISHED
            db.session.commit()
        # Den Haag publishes only reactive reports: its college cannot decide to publish this one.
        with tenant_context(rep.only(rep.w.b_id, rep.lead)):
            report_b = queries.report_of(investigation_id)
            assert report_b is not None
            publication_b = services.open_publication(report_b, rep.lead)
            assert publication_b.gemeente_id == rep.w.b_id
            with pytest.raises(ReportError) as refused:
                services.decide_publication(
                    report_b, publication_b,
                    services.DecisionInput(publish=True, decided_on=date(2026, 5, 11), woo_basis="Woo", decision_reference="2"),
                    rep.lead, TODAY,
                )
            assert "openbaarmakingsbeleid" in _errors(refused)["publish"][0]
            services.decide_publication(
                report_b, publication_b,
                services.DecisionInput(publish=False, decided_on=date(2026, 5, 11), woo_basis="Woo", decision_reference="2"),
                rep.lead, TODAY,
            )
            assert publication_b.status == PublicationStatus.NOT_PUBLISHED
            # Each college sees only its own publication.
            assert [p.gemeente_id for p in db.session.scalars(select(Publication))] == [rep.w.b_id]


def test_a_gemeente_that_does_not_take_part_sees_nothing(app: Flask, rep: Rep) -> None:
    investigation_id = create_investigation(rep, gemeenten=(rep.w.a_id,))
    with app.app_context():
        with tenant_context(rep.only(rep.w.a_id, rep.lead)):
            report = _approved(rep, investigation_id)
            assert sources.load_source(investigation_id).gemeente_ids == (rep.w.a_id,)
            report_id = report.id
            db.session.commit()
        with tenant_context(rep.only(rep.w.b_id, rep.lead)):
            assert queries.report_of(investigation_id) is None
            assert db.session.scalars(select(ReportVersion)).all() == []
            assert db.session.execute(text("SELECT count(*) FROM report_versions")).scalar_one() == 0  # RLS too
            assert db.session.execute(text("SELECT count(*) FROM reports WHERE id = :id"), {"id": report_id}).scalar_one() == 0
