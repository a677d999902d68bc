"""The investigations world: Delft (A) and Den Haag (B) contract Zorggroep Hofstad; Den Haag
subsidises Stichting Duinpoort; Rijswijk (C) takes part in nothing shared with them. An
inspector entitled to all three, a second inspector for A and B, a reader in C, and the
default toetsingskader (fixed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from blueprints.frameworks import services as framework_services
from blueprints.investigations import services
from blueprints.providers.models import FinancingForm
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import compute_entitlements
from tests.conftest import login
from tests.factories import PASSWORD, World, gemeente, link, make_provider, make_relation, make_user, region

DAY = date(2026, 3, 2)


@dataclass
class Inv:
    w: World
    c_id: int
    c_slug: str
    hofstad: int
    duinpoort: int
    framework_id: int
    inspector: int  # entitled to A, B and C
    second: int  # entitled to A and B
    inspector_email: str
    second_email: str
    reader_c_email: str

    def ctx(self, *ids: int) -> TenantContext:
        return TenantContext(allowed_ids=frozenset(ids or (self.w.a_id, self.w.b_id, self.c_id)), reason="test")

    def data(self, **overrides: Any) -> dict[str, Any]:
        return {
            "kind": "proactive", "proactive_kind": "cyclical", "title": "Cyclisch onderzoek Hofstad",
            "gemeente_ids": [self.w.a_id, self.w.b_id], "provider_ids": [self.hofstad],
            "framework_id": self.framework_id, "lead_inspector_id": self.inspector,
            "second_inspector_id": self.second, "planned_on": DAY, "announced": True, **overrides,
        }


@pytest.fixture()
def inv(app: Flask, world: World) -> Inv:
    with app.app_context():
        r = region()
        a, b, c = gemeente("GM0503"), gemeente("GM0518"), gemeente("GM0603")
        link(r, c)
        inspector = make_user("inspecteur.regio@test.nl", memberships=tuple((g, Role.INSPECTOR) for g in (a, b, c)))
        second = make_user("tweede@test.nl", memberships=((a, Role.INSPECTOR), (b, Role.INSPECTOR)))
        reader = make_user("lezer.c@test.nl", memberships=((c, Role.GEMEENTE_VIEWER),))
        hofstad = make_provider(r, "Zorggroep Hofstad Thuis", "12345678")
        duinpoort = make_provider(r, "Stichting De Duinpoort", "23456789")
        make_relation(a, hofstad, FinancingForm.CONTRACT)
        make_relation(b, hofstad, FinancingForm.CONTRACT)
        make_relation(b, duinpoort, FinancingForm.SUBSIDY)
        make_relation(c, duinpoort, FinancingForm.SUBSIDY)
        with tenant_context(TenantContext(allowed_ids=frozenset({a.id, b.id, c.id}), reason="test")):
            framework = framework_services.install_default_framework(r.id, date(2026, 1, 1))
            framework_id = framework.id
        ids = Inv(
            world, c.id, c.slug, hofstad.id, duinpoort.id, framework_id, inspector.id, second.id,
            inspector.email, second.email, reader.email,
        )
        db.session.commit()
        return ids


def create(inv: Inv, **overrides: Any) -> int:
    """Create an investigation as the inspector, in a /regio/ context of A, B and C; its id."""
    with tenant_context(inv.ctx()):
        investigation = services.create_investigation(inv.data(**overrides), compute_entitlements(inv.inspector))
        investigation_id = investigation.id
        db.session.commit()
    return investigation_id


@pytest.fixture()
def client_of(app: Flask) -> Iterator[Any]:
    def make(email: str) -> FlaskClient:
        return login(app.test_client(), email, PASSWORD)

    yield make
