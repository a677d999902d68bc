"""Investigation services on PostgreSQL: the rules for creating one (participants, providers,
inspectors, framework), findings refused when the norm does not bind the provider or belongs to
another framework version, and the status life cycle with its append-only history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from blueprints.frameworks import services as framework_services
from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations import queries, services
from blueprints.investigations.models import Investigation, InvestigationStatusChange
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import compute_entitlements
from tests.blueprints.investigations.conftest import Inv, create
from tests.isolation.support import inspect_rows, only

pytestmark = pytest.mark.postgres


def refused(inv: Inv, field: str, match: str, context: Any = None, actor: int | None = None, **overrides: Any) -> None:
    with tenant_context(context or inv.ctx()), pytest.raises(services.InvestigationError, match=match) as caught:
        services.create_investigation(inv.data(**overrides), compute_entitlements(actor or inv.inspector))
    assert caught.value.field == field
    db.session.rollback()


def test_a_shared_investigation_is_seen_by_its_participants_only(app: Flask, inv: Inv) -> None:
    with app.app_context():
        investigation_id = create(inv)
        for gemeente_id, seen in ((inv.w.a_id, True), (inv.w.b_id, True), (inv.c_id, False)):
            with tenant_context(only(gemeente_id)):
                found = db.session.get(Investigation, investigation_id)
                assert (found is not None) is seen, gemeente_id
                if found is not None:  # each participant sees only its own participant row
                    assert queries.participant_ids(found) == [gemeente_id]
                    assert queries.provider_ids(found) == [inv.hofstad]
                    assert [c.to_status for c in queries.status_history(found)] == ["planned"]
                # raw SQL: row-level security says the same
                count = db.session.execute(text("SELECT count(*) FROM investigations")).scalar()
                assert count == (1 if seen else 0)
            db.session.rollback()
            db.session.expunge_all()
        assert inspect_rows(
            "SELECT gemeente_id FROM investigation_participants ORDER BY gemeente_id"
        ) == sorted([(inv.w.a_id,), (inv.w.b_id,)])
        assert inspect_rows("SELECT count(*) FROM audit_events WHERE action = 'investigation.created'") == [(1,)]


def test_creating_follows_the_rules(app: Flask, inv: Inv) -> None:
    with app.app_context():
        a, b, c = inv.w.a_id, inv.w.b_id, inv.c_id
        refused(inv, "gemeente_ids", "geen contract, subsidie of pgb-relatie", gemeente_ids=[a, b, c])
        refused(inv, "gemeente_ids", "ten minste één", gemeente_ids=[])
        refused(inv, "gemeente_ids", "mag beheren", context=only(a), gemeente_ids=[a, b])
        refused(inv, "provider_ids", "Alleen een thematisch", provider_ids=[inv.hofstad, inv.duinpoort])
        refused(inv, "provider_ids", "geen relatie met een van de deelnemende",
                kind="proactive", proactive_kind="thematic", provider_ids=[inv.hofstad, inv.duinpoort],
                gemeente_ids=[a])
        refused(inv, "second_inspector_id", "ander persoon", second_inspector_id=inv.inspector)
        refused(inv, "lead_inspector_id", "geen toezichthouder voor elke", lead_inspector_id=inv.w.user_ids["inspector_a"])
        refused(inv, "second_inspector_id", "niet voor Rijswijk", gemeente_ids=[b, c], provider_ids=[inv.duinpoort])
        refused(inv, "proactive_kind", "cyclisch, risicogestuurd of thematisch", proactive_kind=None)
        refused(inv, "proactive_kind", "Alleen een proactief", kind="reactive")
        refused(inv, "follows_up_investigation_id", "Kies het onderzoek", kind="follow_up", proactive_kind=None)
        with tenant_context(inv.ctx()):
            concept = framework_services.create_framework(inv.w.region_id, {"name": "Concept", "valid_from": inv.data()["planned_on"]})
            concept_id = concept.id
            db.session.commit()
        refused(inv, "framework_id", "vastgestelde versie", framework_id=concept_id)
        # a thematic investigation over two providers, each related to a participant
        investigation_id = create(
            inv, proactive_kind="thematic", title="Thema dagbesteding",
            provider_ids=[inv.hofstad, inv.duinpoort], gemeente_ids=[a, b],
        )
        with tenant_context(only(b)):
            found = db.session.get(Investigation, investigation_id)
            assert found is not None and queries.provider_ids(found) == sorted([inv.hofstad, inv.duinpoort])
        db.session.rollback()
        follow_up = create(inv, kind="follow_up", proactive_kind=None, follows_up_investigation_id=investigation_id)
        assert follow_up > investigation_id


def _norm(inv: Inv, code: str) -> Norm:
    return db.session.scalars(select(Norm).where(Norm.framework_id == inv.framework_id, Norm.code == code)).one()


def _value(inv: Inv, code: str, framework_id: int | None = None) -> JudgementValue:
    return db.session.scalars(
        select(JudgementValue).where(
            JudgementValue.framework_id == (framework_id or inv.framework_id), JudgementValue.code == code
        )
    ).one()


def test_findings_only_against_norms_that_bind_the_provider(app: Flask, inv: Inv) -> None:
    with app.app_context():
        investigation_id = create(inv)
        with tenant_context(inv.ctx()):
            investigation = db.session.get(Investigation, investigation_id)
            assert investigation is not None
            contract_norm, pgb_norm = _norm(inv, "1.1.1"), _norm(inv, "1.1.3")
            niet = _value(inv, "voldoet_niet")

            def record(**data: Any) -> Any:
                base = {"provider_id": inv.hofstad, "norm_id": contract_norm.id,
                        "judgement_value_id": niet.id, "explanation": "Geen plannen gezien."}
                return services.record_finding(investigation, {**base, **data}, inv.inspector)

            with pytest.raises(services.InvestigationError, match=r"Norm 1\.1\.3 geldt alleen bij pgb") as caught:
                record(norm_id=pgb_norm.id)
            assert caught.value.field == "norm_id"
            assert "contract (zorg in natura)" in caught.value.message
            # 'niet beoordeeld' on a norm that does not bind is allowed (recording that it was not assessed)
            record(norm_id=pgb_norm.id, judgement_value_id=_value(inv, "niet_beoordeeld").id, explanation="")
            with pytest.raises(services.InvestigationError, match="Licht het oordeel toe") as caught:
                record(explanation=" ")
            assert caught.value.field == "explanation"
            with pytest.raises(services.InvestigationError, match="niet beoordeeld"):
                record(provider_id=inv.duinpoort)
            # a newer version of the framework: its norms and scale do not fit this investigation
            fixed = db.session.get(Framework, inv.framework_id)
            assert fixed is not None
            newer = framework_services.new_version(fixed)
            other_norm = next(n for n in newer.norms() if n.code == "1.1.1")
            with pytest.raises(services.InvestigationError, match="andere versie") as caught:
                record(norm_id=other_norm.id)
            assert caught.value.field == "norm_id"
            with pytest.raises(services.InvestigationError, match="schaal") as caught:
                record(judgement_value_id=_value(inv, "voldoet", newer.id).id)
            assert caught.value.field == "judgement_value_id"
            finding = record()
            again = record(judgement_value_id=_value(inv, "voldoet_deels").id)
            assert again.id == finding.id  # one finding per provider and norm, replaced
            db.session.commit()
        assert inspect_rows(
            "SELECT action FROM audit_events WHERE action LIKE 'investigation.finding%' ORDER BY id"
        ) == [("investigation.finding_recorded",), ("investigation.finding_recorded",), ("investigation.finding_changed",)]


def test_status_life_cycle_keeps_its_history(app: Flask, inv: Inv) -> None:
    with app.app_context():
        investigation_id = create(inv)
        with tenant_context(inv.ctx()):
            investigation = db.session.get(Investigation, investigation_id)
            assert investigation is not None
            with pytest.raises(services.InvestigationError, match="kan het onderzoek niet"):
                services.change_status(investigation, "reporting", inv.inspector)
            services.change_status(investigation, "in_progress", inv.inspector, "Bezoek gepland")
            with pytest.raises(services.InvestigationError, match="ontbreken nog"):
                services.change_status(investigation, "findings_complete", inv.inspector)
            niet_beoordeeld = _value(inv, "niet_beoordeeld")
            for norm in db.session.scalars(select(Norm).where(Norm.framework_id == inv.framework_id)):
                services.record_finding(investigation, {
                    "provider_id": inv.hofstad, "norm_id": norm.id, "judgement_value_id": niet_beoordeeld.id,
                }, inv.inspector)
            services.change_status(investigation, "findings_complete", inv.inspector)
            with pytest.raises(services.InvestigationError, match="Bevindingen compleet"):
                services.add_visit(investigation, {"visited_on": inv.data()["planned_on"]}, inv.inspector)
            db.session.commit()
            history = db.session.scalars(
                select(InvestigationStatusChange.to_status).where(
                    InvestigationStatusChange.investigation_id == investigation_id
                ).order_by(InvestigationStatusChange.id)
            ).all()
            assert history == ["planned", "in_progress", "findings_complete"]


def test_fieldwork_is_validated_and_shared_with_the_participants(app: Flask, inv: Inv) -> None:
    with app.app_context():
        investigation_id = create(inv)
        day = inv.data()["planned_on"]
        with tenant_context(inv.ctx()):
            investigation = db.session.get(Investigation, investigation_id)
            assert investigation is not None
            with pytest.raises(services.InvestigationError) as caught:
                services.add_visit(investigation, {"location": "Westvest"}, inv.inspector)
            assert caught.value.field == "visited_on"
            services.add_visit(investigation, {"visited_on": day, "location": "Westvest", "announced": False}, inv.inspector)
            with pytest.raises(services.InvestigationError) as caught:
                services.add_interview(investigation, {"held_on": day, "interviewee_role": ""}, inv.inspector)
            assert caught.value.field == "interviewee_role"
            services.add_interview(investigation, {"held_on": day, "interviewee_role": "Teamleider"}, inv.inspector)
            with pytest.raises(services.InvestigationError, match="vóór de datum van het verzoek") as caught:
                services.request_document(investigation, {
                    "description": "VOG-overzicht", "requested_on": day, "due_on": date(2020, 1, 1)}, inv.inspector)
            assert caught.value.field == "due_on"
            document = services.request_document(
                investigation, {"description": "VOG-overzicht", "requested_on": day}, inv.inspector)
            with pytest.raises(services.InvestigationError, match="ontvangst ligt vóór"):
                services.receive_document(document, date(2020, 1, 1))
            services.receive_document(document, day)
            db.session.commit()
        with tenant_context(only(inv.w.b_id)):  # the other participant sees the fieldwork too
            seen = db.session.get(Investigation, investigation_id)
            assert seen is not None
            assert [v.location for v in seen.visits] == ["Westvest"]
            assert [i.interviewee_role for i in seen.interviews] == ["Teamleider"]
            assert [d.received_on for d in seen.document_requests] == [day]
        db.session.rollback()
        with tenant_context(only(inv.c_id)):
            assert db.session.execute(text("SELECT count(*) FROM investigation_visits")).scalar() == 0
            assert db.session.execute(text("SELECT count(*) FROM investigation_interviews")).scalar() == 0
        db.session.rollback()
