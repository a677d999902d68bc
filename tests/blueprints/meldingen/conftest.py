"""Fixtures for the meldingen tests: the two-gemeente world with a secretariaat, more inspectors
and a provider, a way to act as someone in a gemeente, and meldingen in each status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from blueprints.contacts.models import GemeenteContact
from blueprints.meldingen import services
from blueprints.meldingen.models import Melding, MeldingStatus
from blueprints.providers.models import Provider, ServiceType
from regiotoezicht import audit
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tests.factories import World, gemeente, make_user, region


@dataclass
class MWorld:
    world: World
    secretariaat_id: int
    inspector_a_id: int
    inspector_a2_id: int
    inspector_b_id: int
    inspector_ab_id: int
    coordinator_id: int
    admin_a_id: int
    viewer_a_id: int
    privacy_officer_id: int
    provider_id: int
    service_type_id: int
    emails: dict[int, str]

    @property
    def a_id(self) -> int:
        return self.world.a_id

    @property
    def b_id(self) -> int:
        return self.world.b_id


@pytest.fixture()
def mworld(app: Flask, world: World) -> MWorld:
    with app.app_context():
        r = region()
        a, b = gemeente("GM0503"), gemeente("GM0518")
        secretariaat = make_user("secretariaat@test.nl", region_roles=((r, Role.SECRETARIAAT),))
        inspector_a2 = make_user("inspecteur.a2@test.nl", memberships=((a, Role.INSPECTOR),))
        inspector_b = make_user("inspecteur.b@test.nl", memberships=((b, Role.INSPECTOR),))
        inspector_ab = make_user("inspecteur.ab@test.nl", memberships=((a, Role.INSPECTOR), (b, Role.INSPECTOR)))
        provider = Provider(region_id=r.id, name="Zorg Voorbeeld BV", kvk_number="12345678")
        db.session.add(provider)
        service_type = db.session.execute(select(ServiceType).order_by(ServiceType.id)).scalars().first()
        if service_type is None:
            service_type = ServiceType(code="begeleiding", label="Begeleiding")
            db.session.add(service_type)
        db.session.flush()
        ids = {
            "secretariaat_id": secretariaat.id, "inspector_a2_id": inspector_a2.id,
            "inspector_b_id": inspector_b.id, "inspector_ab_id": inspector_ab.id,
            "provider_id": provider.id, "service_type_id": service_type.id,
        }
        with tenant_context(TenantContext(allowed_ids=frozenset({a.id, b.id}), reason="test")):
            db.session.execute(update(GemeenteContact).values(receives_calamity_copies=True))
        db.session.commit()
    u = world.user_ids
    emails = {u[k]: getattr(world, k) for k in u}
    emails.update({
        ids["secretariaat_id"]: "secretariaat@test.nl", ids["inspector_a2_id"]: "inspecteur.a2@test.nl",
        ids["inspector_b_id"]: "inspecteur.b@test.nl", ids["inspector_ab_id"]: "inspecteur.ab@test.nl",
    })
    return MWorld(
        world=world, inspector_a_id=u["inspector_a"], coordinator_id=u["coordinator"],
        admin_a_id=u["admin_a"], viewer_a_id=u["viewer_a"], privacy_officer_id=u["privacy_officer"],
        emails=emails, **ids,
    )


@contextmanager
def acting(app: Flask, user_id: int | None, gemeente_id: int, *, commit: bool = False) -> Iterator[None]:
    """A request in one gemeente as the resolver sets it up, with the user as the actor."""
    with app.test_request_context(), audit.acting_as(user_id), tenant_context(
        TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, user_id=user_id)
    ):
        try:
            yield
            if commit:
                db.session.commit()
        finally:
            db.session.rollback()


def melding_data(mw: MWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "calamiteit", "reporter_kind": "aanbieder", "provider_id": mw.provider_id,
        "service_type_id": mw.service_type_id, "summary": "Cliënt gevallen bij transfer, heup gebroken",
        "description": "Tijdens de transfer zonder tillift is de cliënt gevallen.",
        "reporter_name": "Mila Melder", "reporter_email": "melder@aanbieder.test",
        "client_name": "Karel Cliënt", "client_reference": "CL-778",
    }
    data.update(overrides)
    return data


def register(mw: MWorld, received_on: date | None = None, channel: str = "telefoon", **overrides: Any) -> Melding:
    received_on = received_on or today()
    overrides.setdefault("occurred_on", received_on)
    return services.register_melding(melding_data(mw, **overrides), channel=channel, received_on=received_on)


TRIAGE_OK = {"client_safe": True, "criteria_met": True, "criteria_reason": "Ernstig letsel door de zorg"}
CLOSE_OK = {
    "closure_reason": "Onderzoek afgerond", "lesson_theme": "veiligheid",
    "lesson_text": "Tillift altijd gebruiken bij transfers.",
}
ASSESS = {
    "has_independent_chair": True, "has_facts": True, "has_root_causes": True, "has_measures": True,
    "client_involved": True,
}


def bring_to(mw: MWorld, status: MeldingStatus, **overrides: Any) -> Melding:
    """A melding in the given status, reached through the services (the actor is set by the caller)."""
    melding = register(mw, **overrides)
    if status is MeldingStatus.RECEIVED:
        return melding
    services.triage(melding, TRIAGE_OK)
    if status is MeldingStatus.TRIAGED:
        return melding
    if status is MeldingStatus.INVESTIGATING:
        services.start_investigation(melding, "Ernstig, de GGD onderzoekt zelf")
        return melding
    if status is MeldingStatus.CLOSED:
        services.close(melding, CLOSE_OK)
        return melding
    services.request_provider_investigation(melding, {})
    if status is MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED:
        return melding
    services.receive_provider_report(melding, {"report_received_on": today()})
    if status is MeldingStatus.PROVIDER_REPORT_RECEIVED:
        return melding
    services.assess_provider_report(melding, {**ASSESS, "outcome": "geaccepteerd"})
    assert melding.status is MeldingStatus.PROVIDER_REPORT_ACCEPTED
    return melding


Acting = Callable[..., Any]
