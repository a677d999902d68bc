"""Emergency access and disclosures: validated, scoped to the gemeente, audited, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from blueprints.privacy import services
from blueprints.privacy.models import Disclosure, EmergencyAccess
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import tenant_context
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from tests.factories import World
from tests.isolation.support import inspect_rows, only

pytestmark = pytest.mark.postgres

REASON = "Cliënt belt in crisis, casusregisseur is afwezig"


def test_emergency_access_is_scoped_to_its_gemeente_and_expires(app: Flask, world: World) -> None:
    inspector = world.user_ids["inspector_a"]
    with app.app_context():
        with tenant_context(only(world.a_id, inspector)):
            access = services.record_emergency_access("melding", 7, REASON, user_id=inspector)
            assert access.gemeente_id == world.a_id
            assert access.expires_at - access.granted_at == timedelta(hours=8)
            assert services.has_emergency_access(inspector, "melding", 7)
            assert not services.has_emergency_access(inspector, "melding", 8)
            assert not services.has_emergency_access(world.user_ids["coordinator"], "melding", 7)
            db.session.commit()
        with tenant_context(only(world.b_id)):
            # The same subject id in gemeente B is another record: no access there.
            assert not services.has_emergency_access(inspector, "melding", 7)
        with tenant_context(only(world.a_id)):
            db.session.execute(update(EmergencyAccess).values(expires_at=utcnow() - timedelta(minutes=1)))
            assert not services.has_emergency_access(inspector, "melding", 7)
            db.session.rollback()
    audit_rows = inspect_rows(
        "SELECT gemeente_id, detail->>'subject_type', detail::text FROM audit_events WHERE action = 'privacy.emergency_access'"
    )
    assert [(g, t) for g, t, _ in audit_rows] == [(world.a_id, "melding")]
    assert "crisis" not in audit_rows[0][2]  # the reason stays out of the audit log


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "minstens 20 tekens"), ("spoed", "minstens 20 tekens"),
     ("Cliënt met BSN 111222333 belt in crisis", "burgerservicenummer")],
)
def test_emergency_access_needs_a_real_reason(app: Flask, world: World, reason: str, message: str) -> None:
    with app.app_context(), tenant_context(only(world.a_id)):
        with pytest.raises(services.PrivacyInputError) as info:
            services.record_emergency_access("melding", 7, reason, user_id=world.user_ids["inspector_a"])
        assert info.value.field == "reason" and message in info.value.message
        assert db.session.execute(select(EmergencyAccess).where(EmergencyAccess.subject_id == 7)).first() is None


def test_a_disclosure_records_recipient_basis_and_content(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(only(world.a_id)):
        disclosure = services.record_disclosure(
            "melding", 7, "veilig_thuis", "Veilig Thuis Haaglanden", "Art. 5.2.6 Wmo 2015 / meldcode",
            "Zorgsignaal over mogelijke ouderenmishandeling, naam en adres van de cliënt",
        )
        db.session.commit()
        assert disclosure.gemeente_id == world.a_id
        assert disclosure.recipient_kind_label == "Veilig Thuis"
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "privacy.disclosure")
        ).scalar_one()
        assert event.detail == {"subject_type": "melding", "subject_id": 7, "recipient_kind": "veilig_thuis"}
    with app.app_context(), tenant_context(only(world.b_id)):
        assert db.session.execute(select(Disclosure).where(Disclosure.subject_id == 7)).first() is None


@pytest.mark.parametrize(
    ("kind", "recipient", "basis", "content", "field"),
    [
        ("buurman", "X", "Y", "Z", "recipient_kind"),
        ("igj", " ", "Art. 6.2 Wmo", "Samenvatting", "recipient"),
        ("igj", "IGJ", "", "Samenvatting", "basis"),
        ("igj", "IGJ", "Art. 6.2 Wmo", "", "content"),
        ("igj", "IGJ", "Art. 6.2 Wmo", "BSN 123.456.782 meegestuurd", "content"),
        ("igj", "I" * 201, "Art. 6.2 Wmo", "Samenvatting", "recipient"),
    ],
)
def test_a_disclosure_is_refused_without_its_parts(
    app: Flask, world: World, kind: str, recipient: str, basis: str, content: str, field: str
) -> None:
    with app.app_context(), tenant_context(only(world.a_id)):
        with pytest.raises(services.PrivacyInputError) as info:
            services.record_disclosure("melding", 7, kind, recipient, basis, content)
        assert info.value.field == field
        assert db.session.execute(select(Disclosure).where(Disclosure.subject_id == 7)).first() is None
