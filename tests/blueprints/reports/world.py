"""Fixtures of the reports tests (loaded by conftest.py). The reports world: Delft (A) and Den Haag (B) share an investigation of Zorggroep Hofstad;
a thematic one assesses Hofstad and Duinpoort; Rijswijk (C) takes part in neither. A lead
inspector and a second inspector entitled to A and B, a reader in A, the admins of A and B.

Findings are recorded for the first norms; every other norm gets "niet beoordeeld", so the
investigation can reach "findings complete" as it must before a report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from blueprints.frameworks import services as framework_services
from blueprints.frameworks.models import JudgementValue, Norm
from blueprints.investigations import services as investigation_services
from blueprints.investigations.models import Investigation, InvestigationStatus
from blueprints.providers.models import FinancingForm
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import compute_entitlements
from tests.conftest import login
from tests.factories import PASSWORD, World, gemeente, link, make_provider, make_relation, make_user, region

DAY = date(2026, 3, 2)
ASSESSED = 3  # norms with a real judgement; the rest "niet beoordeeld"


@dataclass
class Rep:
    app: Flask
    w: World
    c_id: int
    c_slug: str
    hofstad: int
    duinpoort: int
    framework_id: int
    lead: int
    second: int
    lead_email: str
    second_email: str
    reader_a_email: str

    def ctx(self, *ids: int, user: int | None = None) -> TenantContext:
        return TenantContext(
            allowed_ids=frozenset(ids or (self.w.a_id, self.w.b_id, self.c_id)), user_id=user, reason="test"
        )

    def only(self, gemeente_id: int, user: int | None = None) -> TenantContext:
        return TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, user_id=user, reason="test")


@pytest.fixture()
def rep(app: Flask, world: World) -> Rep:
    with app.app_context():
        r = region()
        a, b, c = gemeente("GM0503"), gemeente("GM0518"), gemeente("GM0603")
        link(r, c)
        lead = make_user("opsteller@test.nl", memberships=((a, Role.INSPECTOR), (b, Role.INSPECTOR)))
        second = make_user("tweede@test.nl", memberships=((a, Role.INSPECTOR), (b, Role.INSPECTOR)))
        reader = make_user("rapportlezer.a@test.nl", memberships=((a, Role.GEMEENTE_VIEWER),))
        hofstad = make_provider(r, "Zorggroep Hofstad Thuis", "12345678")
        duinpoort = make_provider(r, "Stichting De Duinpoort", "23456789")
        make_relation(a, hofstad, FinancingForm.CONTRACT)
        make_relation(b, hofstad, FinancingForm.CONTRACT)
        make_relation(a, duinpoort, FinancingForm.CONTRACT)
        make_relation(b, duinpoort, FinancingForm.CONTRACT)
        with tenant_context(TenantContext(allowed_ids=frozenset({a.id, b.id, c.id}), reason="test")):
            framework = framework_services.install_default_framework(r.id, date(2026, 1, 1))
            framework_id = framework.id
        ids = Rep(
            app, world, c.id, c.slug, hofstad.id, duinpoort.id, framework_id, lead.id, second.id,
            lead.email, second.email, reader.email,
        )
        db.session.commit()
        return ids


def create_investigation(rep: Rep, *, gemeenten: tuple[int, ...] | None = None, thematic: bool = False,
                         kind: str = "proactive", complete: bool = True) -> int:
    """An investigation with findings, "findings complete"; its id. Committed."""
    gemeente_ids = list(gemeenten or (rep.w.a_id, rep.w.b_id))
    providers = [rep.hofstad, rep.duinpoort] if thematic else [rep.hofstad]
    data: dict[str, Any] = {
        "kind": kind, "proactive_kind": ("thematic" if thematic else "cyclical") if kind == "proactive" else None,
        "title": "Thematisch onderzoek dagbesteding" if thematic else "Cyclisch onderzoek Hofstad",
        "gemeente_ids": gemeente_ids, "provider_ids": providers, "framework_id": rep.framework_id,
        "lead_inspector_id": rep.lead, "second_inspector_id": rep.second, "planned_on": DAY, "announced": True,
    }
    if kind != "proactive":
        data.pop("proactive_kind")
    with rep.app.app_context(), tenant_context(rep.ctx(*gemeente_ids, user=rep.lead)):
        investigation = investigation_services.create_investigation(data, compute_entitlements(rep.lead))
        investigation_services.change_status(investigation, InvestigationStatus.IN_PROGRESS, rep.lead)
        record_findings(investigation, providers, rep.lead)
        if complete:
            investigation_services.change_status(investigation, InvestigationStatus.FINDINGS_COMPLETE, rep.lead)
        investigation_id = investigation.id
        db.session.commit()
    return investigation_id


def record_findings(investigation: Investigation, providers: list[int], user_id: int) -> None:
    norms = list(db.session.scalars(select(Norm).where(Norm.framework_id == investigation.framework_id).order_by(Norm.id)))
    values = list(db.session.scalars(select(JudgementValue).where(JudgementValue.framework_id == investigation.framework_id).order_by(JudgementValue.position)))
    assessed = [v for v in values if v.is_assessed]
    not_assessed = next(v for v in values if not v.is_assessed)
    # The providers deliver under contract: only norms binding contracts get a judgement.
    judged = [n.id for n in norms if "contract" in (n.financing_forms or [])][:ASSESSED]
    for provider_id in providers:
        for i, norm in enumerate(norms):
            value = assessed[judged.index(norm.id) % len(assessed)] if norm.id in judged else not_assessed
            investigation_services.record_finding(
                investigation,
                {"provider_id": provider_id, "norm_id": norm.id, "judgement_value_id": value.id,
                 "explanation": f"Bevinding {i + 1} bij norm {norm.code}." if value.is_assessed else ""},
                user_id,
            )


@pytest.fixture()
def client_of(app: Flask) -> Iterator[Any]:
    def make(email: str) -> FlaskClient:
        return login(app.test_client(), email, PASSWORD)

    yield make
