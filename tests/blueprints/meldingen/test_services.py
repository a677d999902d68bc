"""The meldingen services enforce every rule themselves: registration, every state transition
(allowed and refused), triage, the provider's investigation, closing with lessons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from blueprints.meldingen import services
from blueprints.meldingen.errors import MeldingError
from blueprints.meldingen.models import (
    Investigator,
    Melding,
    MeldingKind,
    MeldingLesson,
    MeldingPersonalData,
    MeldingStatus,
    MeldingStatusChange,
    ProviderInvestigationRequest,
)
from blueprints.meldingen.transitions import TRANSITIONS, Action, allowed
from blueprints.privacy.models import Disclosure
from blueprints.workdays.calendar import add_weeks, add_working_days
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.mail import OutboxMessage
from tenants.entitlements import today
from tests.blueprints.meldingen.conftest import (
    ASSESS,
    CLOSE_OK,
    TRIAGE_OK,
    MWorld,
    acting,
    bring_to,
    melding_data,
    register,
)

pytestmark = pytest.mark.postgres

BSN = "111222333"  # passes the elfproef


def _count(model: type) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_register_gives_a_region_reference_history_and_an_acknowledgement(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id):
        first = register(mworld, received_on=today() - timedelta(days=3))
        second = register(mworld)
        year = today().year
        assert (first.reference, second.reference) == (f"M-{year}-00001", f"M-{year}-00002")
        assert first.status is MeldingStatus.RECEIVED and first.gemeente_id == mworld.a_id
        assert first.registered_by_id == mworld.secretariaat_id
        [change] = first.history
        assert (change.action, change.from_status, change.to_status) == ("register", None, MeldingStatus.RECEIVED)
        assert change.actor_id == mworld.secretariaat_id
        personal = db.session.execute(select(MeldingPersonalData).where(MeldingPersonalData.melding_id == first.id)).scalar_one()
        assert personal.client_name == "Karel Cliënt"
        ack = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "melder@aanbieder.test")).scalars().all()
        assert len(ack) == 2 and first.reference in ack[0].subject
        assert "Karel" not in ack[0].body and "heup" not in ack[0].body
        assert first.acknowledged_at is not None
        assert db.session.execute(
            select(AuditEvent.action).where(AuditEvent.object_type == "Melding", AuditEvent.action == "melding.registered")
        ).scalars().all() == ["melding.registered", "melding.registered"]


def test_references_stay_unique_across_the_gemeenten_of_a_region(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        a_ref = register(mworld).reference
    with acting(app, mworld.secretariaat_id, mworld.b_id):
        b_ref = register(mworld).reference
    assert a_ref != b_ref and b_ref.endswith("00002")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"description": f"Cliënt met BSN {BSN} viel."}, "description"),
        ({"client_notes": f"bsn {BSN}"}, "client_notes"),
        ({"kind": "geweld"}, "perpetrator"),
        ({"kind": "geweld", "perpetrator": "medeclient"}, "same_accommodation"),
        ({"kind": "ongeluk"}, "kind"),
        ({"reporter_kind": None}, "reporter_kind"),
        ({"provider_id": None, "provider_name": ""}, "provider_name"),
        ({"provider_id": 999999}, "provider_id"),
        ({"service_type_id": 999999}, "service_type_id"),
        ({"local_category": "bestaat niet"}, "local_category"),
        ({"occurred_on": today() + timedelta(days=1)}, "occurred_on"),
        ({"kind": "signaal", "doubt_investigated": True}, "doubt_investigated"),
        ({"doubt_investigated": True}, "doubt_started_on"),
        ({"doubt_investigated": True, "doubt_started_on": today(), "doubt_concluded_on": today() - timedelta(days=2)},
         "doubt_concluded_on"),
        ({"reporter_email": "geen-adres"}, "reporter_email"),
    ],
)
def test_register_refuses_bad_input_per_field_and_stores_nothing(
    app: Flask, mworld: MWorld, overrides: dict[str, Any], field: str
) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id):
        with pytest.raises(MeldingError) as error:
            register(mworld, **overrides)
        assert field in error.value.errors, error.value.errors
        db.session.flush()
        assert _count(Melding) == 0 and _count(MeldingStatusChange) == 0


def test_received_on_may_lie_in_the_past_never_in_the_future(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.secretariaat_id, mworld.a_id):
        assert register(mworld, received_on=today() - timedelta(days=40)).received_on == today() - timedelta(days=40)
        with pytest.raises(MeldingError) as error:
            register(mworld, received_on=today() + timedelta(days=1))
        assert "received_on" in error.value.errors
        with pytest.raises(MeldingError) as error:
            services.register_melding(melding_data(mworld), channel="fax", received_on=today())
        assert "channel" in error.value.errors


def test_doubt_period_is_kept_apart_from_the_provider_term(app: Flask, mworld: MWorld) -> None:
    start = today() - timedelta(days=50)
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = register(mworld, doubt_investigated=True, doubt_started_on=start,
                           doubt_concluded_on=start + timedelta(days=40))
        assert melding.doubt_investigated and (melding.doubt_concluded_on - melding.doubt_started_on).days == 40
        services.triage(melding, TRIAGE_OK)
        request = services.request_provider_investigation(melding, {})
        assert request.term_weeks == 8  # the investigation term, not the 6 weeks of doubt
        assert services.deadlines.provider_report_deadline(request) == add_weeks(request.requested_on, 8)


# --- the state machine ---------------------------------------------------------------------

def _run(action: Action, melding: Melding, mworld: MWorld) -> None:
    if action is Action.TRIAGE:
        services.triage(melding, TRIAGE_OK)
    elif action is Action.REQUEST_PROVIDER_INVESTIGATION:
        services.request_provider_investigation(melding, {})
    elif action is Action.RECEIVE_PROVIDER_REPORT:
        services.receive_provider_report(melding, {"report_received_on": today()})
    elif action is Action.REQUEST_MORE:
        services.assess_provider_report(melding, {**ASSESS, "has_root_causes": False, "outcome": "aanvulling_gevraagd",
                                                  "assessment": "Oorzaken ontbreken"})
    elif action is Action.ACCEPT_PROVIDER_REPORT:
        services.assess_provider_report(melding, {**ASSESS, "outcome": "geaccepteerd"})
    elif action is Action.START_INVESTIGATION:
        services.start_investigation(melding, "De GGD onderzoekt zelf")
    elif action is Action.CLOSE:
        services.close(melding, CLOSE_OK)
    elif action is Action.TRANSFER:
        services.transfer(melding, mworld.b_id, "Verkeerde gemeente gekozen")
    else:  # REGISTER has no melding to act on
        raise AssertionError(action)


STEPS = [a for a in Action if a is not Action.REGISTER]


@pytest.mark.parametrize("status", list(MeldingStatus))
@pytest.mark.parametrize("action", STEPS)
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    app: Flask, mworld: MWorld, status: MeldingStatus, action: Action
) -> None:
    # The coordinator may transfer in both gemeenten but not triage; the inspector of A and B may do both.
    with acting(app, mworld.inspector_ab_id, mworld.a_id):
        melding = bring_to(mworld, status)
        before = len(melding.history)
        if allowed(action, status):
            _run(action, melding, mworld)
            target = TRANSITIONS[action].target or status
            # A transfer moved it to B: read in a context covering both.
            with tenant_context(TenantContext(allowed_ids=frozenset({mworld.a_id, mworld.b_id}), reason="test")):
                db.session.expire(melding)
                assert melding.status is target
                last = db.session.execute(
                    select(MeldingStatusChange).where(MeldingStatusChange.melding_id == melding.id)
                    .order_by(MeldingStatusChange.id.desc())
                ).scalars().first()
                assert last is not None and last.action == action.value
                assert (last.from_status, last.to_status) == (status, target)
                assert last.actor_id == mworld.inspector_ab_id
                assert len(melding.history) == before + 1
        else:
            with pytest.raises(MeldingError):
                _run(action, melding, mworld)
            assert melding.status is status
            db.session.expire(melding)
            assert len(melding.history) == before


def test_the_table_covers_every_status_and_closed_is_final() -> None:
    reachable = {t.target for t in TRANSITIONS.values() if t.target}
    assert reachable == set(MeldingStatus)
    assert [a for a in STEPS if allowed(a, MeldingStatus.CLOSED)] == []


# --- triage --------------------------------------------------------------------------------

def test_triage_puts_safety_first_and_needs_notes_when_the_client_is_not_safe(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = register(mworld)
        with pytest.raises(MeldingError) as error:
            services.triage(melding, {"criteria_met": True})
        assert "client_safe" in error.value.errors
        with pytest.raises(MeldingError) as error:
            services.triage(melding, {**TRIAGE_OK, "client_safe": False})
        assert "safety_notes" in error.value.errors
        with pytest.raises(MeldingError) as error:
            services.triage(melding, {**TRIAGE_OK, "criteria_met": None})
        assert "criteria_met" in error.value.errors
        assert melding.status is MeldingStatus.RECEIVED
        record = services.triage(melding, {**TRIAGE_OK, "client_safe": False, "police_involved": True,
                                           "safety_notes": "Cliënt tijdelijk elders ondergebracht"})
        assert record.police_involved and not record.client_safe
        assert services.active_assignment(melding, mworld.inspector_a_id) is not None  # now on the case


def test_a_melding_failing_the_criteria_continues_as_signaal_with_the_reason(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = register(mworld)
        with pytest.raises(MeldingError) as error:
            services.triage(melding, {"client_safe": True, "criteria_met": False})
        assert "criteria_reason" in error.value.errors
        services.triage(melding, {"client_safe": True, "criteria_met": False,
                                  "criteria_reason": "Geen ernstige schade"})
        assert (melding.kind, melding.reported_kind) == (MeldingKind.SIGNAAL, MeldingKind.CALAMITEIT)
        assert "Geen ernstige schade" in melding.history[-1].reason
        # A signaal is not copied to the gemeente by default (copy_kinds: calamiteit, geweld).
        assert melding.triage is not None and melding.triage.copies_sent == 0


def test_geweld_only_meets_the_criteria_by_a_professional_or_fellow_client_in_the_same_accommodation(
    app: Flask, mworld: MWorld
) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        other = register(mworld, kind="geweld", perpetrator="anders")
        with pytest.raises(MeldingError) as error:
            services.triage(other, TRIAGE_OK)
        assert "criteria_met" in error.value.errors
        elsewhere = register(mworld, kind="geweld", perpetrator="medeclient", same_accommodation=False)
        with pytest.raises(MeldingError):
            services.triage(elsewhere, TRIAGE_OK)
        fellow = register(mworld, kind="geweld", perpetrator="medeclient", same_accommodation=True)
        services.triage(fellow, TRIAGE_OK)
        assert fellow.kind is MeldingKind.GEWELD


def test_triage_records_igj_agreement_angles_copies_and_fraud_as_disclosures(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = register(mworld)
        earlier = db.session.execute(select(func.coalesce(func.max(Disclosure.id), 0))).scalar_one()
        incomplete = {**TRIAGE_OK, "igj_care": True, "administrative_angle": True, "public_order_angle": True,
                      "fraud_signal": True}
        with pytest.raises(MeldingError) as error:
            services.triage(melding, incomplete)
        assert {"igj_lead", "igj_involvement", "wethouder_informed_on", "burgemeester_informed_on",
                "fraud_team", "fraud_handoff"} <= set(error.value.errors)
        record = services.triage(melding, {
            **incomplete, "igj_lead": "igj", "igj_reference": "IGJ-2026-17",
            "igj_involvement": "De GGD krijgt het rapport en sluit aan bij het gesprek",
            "wethouder_informed_on": today(), "burgemeester_informed_on": today(),
            "fraud_team": "Team rechtmatigheid Delft", "fraud_handoff": "Uren gedeclareerd die niet zijn geleverd",
        })
        assert record.igj_lead.value == "igj" and record.igj_reference == "IGJ-2026-17"
        assert record.copies_sent == 1 and record.gemeente_informed
        kinds = db.session.execute(
            select(Disclosure.recipient_kind).where(Disclosure.id > earlier).order_by(Disclosure.id)
        ).scalars().all()
        assert sorted(kinds) == ["fraudeteam", "gemeente", "igj"]
        copy = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "contact@delft.test")).scalar_one()
        assert melding.reference in copy.body
        assert "Karel" not in copy.body and "Mila" not in copy.body and "CL-778" not in copy.body


def test_triage_is_due_within_the_gemeentes_working_days(app: Flask, mworld: MWorld) -> None:
    from blueprints.meldingen.deadlines import triage_deadline

    with acting(app, mworld.secretariaat_id, mworld.a_id):
        old = register(mworld, received_on=today() - timedelta(days=20))
        assert triage_deadline(old) == add_working_days(old.received_on, 3)
        assert triage_deadline(old).is_overdue(today())


# --- the provider's investigation ----------------------------------------------------------

def test_a_provider_report_missing_elements_cannot_be_accepted(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = bring_to(mworld, MeldingStatus.PROVIDER_REPORT_RECEIVED)
        with pytest.raises(MeldingError) as error:
            services.assess_provider_report(melding, {**ASSESS, "has_independent_chair": False, "outcome": "geaccepteerd"})
        assert "outcome" in error.value.errors
        with pytest.raises(MeldingError) as error:
            services.assess_provider_report(melding, {"outcome": "geaccepteerd"})
        assert "has_facts" in error.value.errors
        services.assess_provider_report(melding, {**ASSESS, "has_independent_chair": False,
                                                  "outcome": "aanvulling_gevraagd", "assessment": "Geen onafhankelijke voorzitter",
                                                  "term_weeks": 4})
        rounds = db.session.execute(
            select(ProviderInvestigationRequest).where(ProviderInvestigationRequest.melding_id == melding.id)
            .order_by(ProviderInvestigationRequest.round)
        ).scalars().all()
        assert [(r.round, r.term_weeks) for r in rounds] == [(1, 8), (2, 4)]
        assert rounds[0].outcome is not None and rounds[0].has_independent_chair is False
        assert melding.status is MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED


def test_own_investigation_after_a_provider_report(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = bring_to(mworld, MeldingStatus.PROVIDER_REPORT_RECEIVED)
        services.assess_provider_report(melding, {**ASSESS, "outcome": "eigen_onderzoek",
                                                  "assessment": "Te ernstig voor een onderzoek door de aanbieder"})
        assert (melding.status, melding.investigator) == (MeldingStatus.INVESTIGATING, Investigator.GGD)


def test_report_dates_are_checked(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = bring_to(mworld, MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED)
        for day in (None, today() + timedelta(days=1), today() - timedelta(days=1)):
            with pytest.raises(MeldingError) as error:
                services.receive_provider_report(melding, {"report_received_on": day})
            assert "report_received_on" in error.value.errors


# --- closing and lessons -------------------------------------------------------------------

def test_a_calamiteit_closes_only_with_lessons(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = bring_to(mworld, MeldingStatus.INVESTIGATING)
        with pytest.raises(MeldingError) as error:
            services.close(melding, {"closure_reason": "Klaar"})
        assert {"lesson_text", "lesson_theme"} <= set(error.value.errors)
        with pytest.raises(MeldingError) as error:
            services.close(melding, {**CLOSE_OK, "lesson_shareable": True})
        assert "lesson_shared_text" in error.value.errors
        with pytest.raises(MeldingError) as error:
            services.close(melding, {**CLOSE_OK, "lesson_shareable": True, "lesson_shared_text": f"BSN {BSN}"})
        assert "lesson_shared_text" in error.value.errors
        services.close(melding, {**CLOSE_OK, "lesson_shareable": True,
                                 "lesson_shared_text": "Gebruik bij elke transfer een tillift; oefen dit jaarlijks."})
        assert melding.status is MeldingStatus.CLOSED and melding.closed_on == today()
        lesson = db.session.execute(select(MeldingLesson).where(MeldingLesson.melding_id == melding.id)).scalar_one()
        assert lesson.shareable and lesson.theme == "veiligheid" and lesson.shared_lesson_id is not None


def test_a_signaal_closes_without_lessons_and_nobody_investigates(app: Flask, mworld: MWorld) -> None:
    with acting(app, mworld.inspector_a_id, mworld.a_id):
        melding = register(mworld, kind="signaal", reporter_kind="inwoner")
        services.triage(melding, {"client_safe": True})
        services.close(melding, {"closure_reason": "Doorverwezen naar de klachtenregeling van de aanbieder"})
        assert (melding.status, melding.investigator) == (MeldingStatus.CLOSED, Investigator.NONE)
