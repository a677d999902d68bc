"""The enforcement world: three gemeenten, a shared investigation of A and B, C outside it.

A (Delft) and B (Den Haag) take part in investigation `shared` (of provider P); C (Zoetermeer)
takes part only in its own investigation `c_only`. `follow_up` follows up `shared` with A and B;
`a_only` is another investigation of A. P has a contract with A and B; Q has one with C.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask

from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tests.blueprints.enforcement.investigations import make_investigation
from tests.conftest import csrf_from
from tests.factories import World, gemeente, link, make_provider, make_relation, make_user, region

OPENED = date(2026, 3, 2)


@dataclass
class EnforcementWorld:
    world: World
    c_id: int
    c_slug: str
    provider_p: int
    provider_q: int
    shared: int
    c_only: int
    follow_up: int
    a_only: int
    admin_c: str
    inspector_b: str


def only(gemeente_id: int, user_id: int | None = None) -> TenantContext:
    return TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, user_id=user_id, reason="test")


@contextmanager
def acting_in(app: Flask, gemeente_id: int) -> Iterator[None]:
    """An app context acting in one gemeente, as a /g/<slug>/ request does; rolled back after."""
    with app.app_context(), tenant_context(only(gemeente_id)):
        try:
            yield
        finally:
            db.session.rollback()


@pytest.fixture()
def ew(app: Flask, world: World) -> EnforcementWorld:
    with app.app_context():
        r = region()
        a, b, c = gemeente("GM0503"), gemeente("GM0518"), gemeente("GM0637")
        link(r, c)
        admin_c = make_user("beheer.c@test.nl", memberships=((c, Role.GEMEENTE_ADMIN),))
        inspector_b = make_user("inspecteur.b@test.nl", memberships=((b, Role.INSPECTOR),))
        p = make_provider(r, "Zorg Plus BV", "12345678")
        q = make_provider(r, "Hulp Thuis BV", "87654321")
        make_relation(a, p)
        make_relation(b, p)
        make_relation(c, q)
        lead = world.user_ids["inspector_a"]
        shared = make_investigation(r, "Thematisch onderzoek begeleiding", lead, [a, b])
        follow = make_investigation(r, "Vervolgonderzoek begeleiding", lead, [a, b], follows_up=shared)
        c_only = make_investigation(r, "Onderzoek Hulp Thuis", lead, [c])
        a_only = make_investigation(r, "Ander onderzoek in Delft", lead, [a])
        ids = dict(provider_p=p.id, provider_q=q.id, shared=shared, c_only=c_only, follow_up=follow, a_only=a_only)
        db.session.commit()
        return EnforcementWorld(
            world=world, c_id=c.id, c_slug=c.slug, admin_c=admin_c.email, inspector_b=inspector_b.email, **ids
        )


def post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    """POST a form with the session's CSRF token."""
    token = csrf_from(client, "/account")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def api_post(client: Any, path: str, body: dict[str, Any]) -> Any:
    token = csrf_from(client, "/account")
    return client.post(path, json=body, headers={"X-CSRFToken": token})
