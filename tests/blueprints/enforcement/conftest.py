"""The enforcement world: three gemeenten, a shared investigation of A and B, C outside it.

A (Delft) and B (Den Haag) take part in investigation `shared` (of provider P; A's inspector
leads it, an inspector of A and B is the second inspector, B's own inspector is not on it); C (Zoetermeer)
takes part only in its own investigation `c_only` (of Q). `follow_up` follows up `shared` with A
and B (assessing P again); `a_only` is another investigation of A (of P). P has a contract with A
and B; Q has one with C; R has one with A but no investigation assessed it.

Findings (default toetsingskader): in `shared`, P "voldoet niet" (`short`), "voldoet deels"
(`partly`) and "voldoet" (`complies`); in `a_only`, P "voldoet niet" (`short_a_only`); in
`follow_up`, P "voldoet" (`follow_up_complies`); in `c_only`, Q "voldoet niet" (`short_c`).
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
from blueprints.frameworks.services import install_default_framework
from tests.blueprints.enforcement.investigations import make_finding, make_investigation
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
    inspector_ab: str
    provider_r: int = 0
    short: int = 0
    partly: int = 0
    complies: int = 0
    short_a_only: int = 0
    follow_up_complies: int = 0
    short_c: int = 0


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
        inspector_ab = make_user("inspecteur.ab@test.nl", memberships=((a, Role.INSPECTOR), (b, Role.INSPECTOR)))
        p = make_provider(r, "Zorg Plus BV", "12345678")
        q = make_provider(r, "Hulp Thuis BV", "87654321")
        r_provider = make_provider(r, "Thuis Anders BV", "11223344")
        make_relation(a, p)
        make_relation(b, p)
        make_relation(c, q)
        make_relation(a, r_provider)
        with tenant_context(TenantContext(allowed_ids=frozenset({a.id, b.id, c.id}), reason="test")):
            framework = install_default_framework(r.id, date(2020, 1, 1))
        lead = world.user_ids["inspector_a"]
        fw = {"framework_id": framework.id}
        shared = make_investigation(r, "Thematisch onderzoek begeleiding", lead, [a, b], provider_ids=(p.id,),
                                    second_id=inspector_ab.id, **fw)
        follow = make_investigation(r, "Vervolgonderzoek begeleiding", lead, [a, b], follows_up=shared,
                                    provider_ids=(p.id,), **fw)
        c_only = make_investigation(r, "Onderzoek Hulp Thuis", lead, [c], provider_ids=(q.id,), **fw)
        a_only = make_investigation(r, "Ander onderzoek in Delft", lead, [a], provider_ids=(p.id,), **fw)
        ids = dict(
            provider_p=p.id, provider_q=q.id, provider_r=r_provider.id, shared=shared, c_only=c_only,
            follow_up=follow, a_only=a_only,
            short=make_finding(shared, [a, b], framework, p.id, 0, "voldoet_niet"),
            partly=make_finding(shared, [a, b], framework, p.id, 1, "voldoet_deels"),
            complies=make_finding(shared, [a, b], framework, p.id, 2, "voldoet"),
            short_a_only=make_finding(a_only, [a], framework, p.id, 0, "voldoet_niet"),
            follow_up_complies=make_finding(follow, [a, b], framework, p.id, 0, "voldoet"),
            short_c=make_finding(c_only, [c], framework, q.id, 0, "voldoet_niet"),
        )
        db.session.commit()
        return EnforcementWorld(
            world=world, c_id=c.id, c_slug=c.slug, admin_c=admin_c.email, inspector_b=inspector_b.email,
            inspector_ab=inspector_ab.email, **ids
        )


def post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    """POST a form with the session's CSRF token."""
    token = csrf_from(client, "/account")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def api_post(client: Any, path: str, body: dict[str, Any]) -> Any:
    token = csrf_from(client, "/account")
    return client.post(path, json=body, headers={"X-CSRFToken": token})
