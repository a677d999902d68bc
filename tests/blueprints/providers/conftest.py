"""Helpers for the providers tests: acting inside one gemeente or under /regio/, reading past RLS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from blueprints.providers.models import FinancingForm
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.conftest import csrf_from
from tests.factories import World, gemeente, make_provider, make_relation, region


@contextmanager
def in_gemeente(app: Flask, gemeente_id: int) -> Iterator[None]:
    """A /g/<slug>/ request's context: that gemeente only, also the active one. Rolls back."""
    with app.test_request_context(), tenant_context(
        TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason="test")
    ):
        yield
        db.session.rollback()


@contextmanager
def in_region(app: Flask, *gemeente_ids: int) -> Iterator[None]:
    """A /regio/ request's context: the given gemeenten, none active. Rolls back."""
    with app.test_request_context(), tenant_context(
        TenantContext(allowed_ids=frozenset(gemeente_ids), reason="test")
    ):
        yield
        db.session.rollback()


@dataclass
class ProviderWorld:
    """Ids of the providers fixture: a provider both gemeenten work with, one per gemeente,
    and one in another region's registry."""

    shared_id: int
    relation_a_id: int
    relation_b_id: int
    only_b_id: int
    other_region_id: int
    location_id: int


#: Text only gemeente B's relations contain: it must never show up for gemeente A.
B_SECRET = "B-GEHEIM-PGB-7"


@pytest.fixture()
def providers(app: Flask, world: World) -> ProviderWorld:
    with app.app_context():
        r = region()
        a, b = gemeente("GM0503"), gemeente("GM0518")
        shared = make_provider(r, "Zorggroep Gedeeld", "81000001", locations=(("Locatie Centrum", "Delft"),))
        only_b = make_provider(r, "Haagse Thuiszorg", "81000002")
        rel_a = make_relation(a, shared, FinancingForm.CONTRACT, reference="A-CONTRACT-1",
                              service_types=("huishoudelijke_hulp",))
        rel_b = make_relation(b, shared, FinancingForm.PGB, reference=B_SECRET,
                              service_types=("begeleiding_individueel",))
        make_relation(b, only_b, FinancingForm.SUBSIDY, reference=B_SECRET + "-S")
        elsewhere = make_provider(region("GG3406"), "Utrechtse Zorg", "81000003")
        ids = ProviderWorld(shared.id, rel_a.id, rel_b.id, only_b.id, elsewhere.id, shared.locations[0].id)
        db.session.commit()
        return ids


def as_user(client_for: Callable[[Any], FlaskClient], email: str) -> FlaskClient:
    return client_for(SimpleNamespace(email=email))


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None) -> TestResponse:
    """POST a form with the session's CSRF token."""
    token = csrf_from(client, "/account")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def api(client: FlaskClient, method: str, path: str, body: Any = None) -> TestResponse:
    token = csrf_from(client, "/account")
    return client.open(path, method=method, json=body, headers={"X-CSRFToken": token})
