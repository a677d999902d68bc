"""The users services check every rule themselves, whatever page or API calls them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from blueprints.users import services
from blueprints.users.permissions import OutOfScope
from regiotoezicht.audit import AuditEvent
from regiotoezicht.auth.models import User
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission, Role
from tenants.entitlements import Entitlements, compute_entitlements, today
from tenants.models import Membership, Region, RegionRole
from tests.factories import World


@contextmanager
def acting(
    app: Flask, world: World, who: str, gemeente_id: int | None = None
) -> Iterator[Entitlements]:
    """A request in one gemeente (gemeente_id) or under /regio/, as the resolver would set it up."""
    user_id = world.user_ids[who]
    with app.test_request_context():
        actor = compute_entitlements(user_id)
        if gemeente_id is not None:
            ctx = TenantContext(
                allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, user_id=user_id
            )
        else:
            ctx = TenantContext(
                allowed_ids=actor.gemeenten_with(Permission.USERS_MANAGE), user_id=user_id
            )
        with tenant_context(ctx):
            yield actor
            db.session.rollback()


def _user(world: World, who: str) -> User:
    user = db.session.get(User, world.user_ids[who])
    assert user is not None
    return user


def _grant(role: Role, **where: int) -> services.RoleGrant:
    return services.RoleGrant(role=role, valid_from=today(), **where)


@pytest.mark.postgres
def test_a_gemeente_admin_cannot_grant_in_another_gemeente_or_a_region_role(
    app: Flask, world: World
) -> None:
    with acting(app, world, "admin_a", world.a_id) as actor:
        viewer = _user(world, "viewer_a")
        with pytest.raises(OutOfScope, match="andere gemeente"):
            services.grant_role(actor, viewer, _grant(Role.INSPECTOR, gemeente_id=world.b_id))
        with pytest.raises(OutOfScope, match="regiobeheer"):
            services.grant_role(actor, viewer, _grant(Role.COORDINATOR, region_id=world.region_id))
        with pytest.raises(services.UserError) as error:
            services.grant_role(actor, viewer, _grant(Role.REGION_ADMIN, gemeente_id=world.a_id))
        assert error.value.field == "role"


@pytest.mark.postgres
def test_a_gemeente_admin_cannot_end_their_own_membership_elsewhere(
    app: Flask, world: World
) -> None:
    """Own memberships are readable everywhere (entitlements need them): the service refuses."""
    with (
        app.app_context(),
        tenant_context(TenantContext(allowed_ids=frozenset({world.b_id}), reason="test")),
    ):
        db.session.add(
            Membership(
                user_id=world.user_ids["admin_a"],
                gemeente_id=world.b_id,
                role=Role.GEMEENTE_ADMIN,
                valid_from=today() - timedelta(days=30),
            )
        )
        db.session.commit()
    with acting(app, world, "admin_a", world.a_id) as actor:
        own_in_b = db.session.execute(
            select(Membership).where(Membership.gemeente_id == world.b_id)
        ).scalar_one()  # visible: it is the actor's own row
        with pytest.raises(OutOfScope, match="andere gemeente"):
            services.end_membership(actor, own_in_b, today())
        assert own_in_b.valid_until is None


@pytest.mark.postgres
def test_periods_and_overlaps_are_checked_in_the_service(app: Flask, world: World) -> None:
    with acting(app, world, "admin_a", world.a_id) as actor:
        viewer = _user(world, "viewer_a")
        day = today()
        cases = [
            (
                services.RoleGrant(
                    Role.INSPECTOR,
                    day + timedelta(days=3),
                    day + timedelta(days=2),
                    gemeente_id=world.a_id,
                ),
                "valid_until",
            ),
            (
                services.RoleGrant(Role.INSPECTOR, day - timedelta(days=1), gemeente_id=world.a_id),
                "valid_from",
            ),
            (
                services.RoleGrant(
                    Role.GEMEENTE_VIEWER, day + timedelta(days=400), gemeente_id=world.a_id
                ),
                "valid_from",
            ),
        ]
        for grant, field in cases:
            with pytest.raises(services.UserError) as error:
                services.grant_role(actor, viewer, grant)
            assert error.value.field == field, error.value.message

        membership = db.session.execute(
            select(Membership).where(Membership.user_id == viewer.id)
        ).scalar_one()
        for last_day in (day - timedelta(days=2), membership.valid_from - timedelta(days=1)):
            with pytest.raises(services.UserError):
                services.end_membership(actor, membership, last_day)
        services.end_membership(actor, membership, day + timedelta(days=10))
        with pytest.raises(services.UserError, match="alleen eerder"):
            services.end_membership(actor, membership, day + timedelta(days=20))


@pytest.mark.postgres
def test_invite_reuses_the_account_and_audits_what_it_means(app: Flask, world: World) -> None:
    with acting(app, world, "region_admin") as actor:
        result = services.invite_user(
            actor,
            "  Coordinator@TEST.nl ",
            "Iemand Anders",
            _grant(Role.INSPECTOR, gemeente_id=world.b_id),
        )
        assert not result.new_account and result.user.id == world.user_ids["coordinator"]
        assert result.user.display_name == "Coordinator"

        new = services.invite_user(
            actor, "nieuw@test.nl", "Nieuw", _grant(Role.SECRETARIAAT, region_id=world.region_id)
        )
        assert new.new_account and isinstance(new.granted, RegionRole)
        invited = (
            db.session.execute(
                select(AuditEvent.detail)
                .where(AuditEvent.action == "user.invited")
                .order_by(AuditEvent.id)
            )
            .scalars()
            .all()
        )
        assert [d["new_account"] for d in invited] == [False, True]


@pytest.mark.postgres
def test_region_settings_need_a_region_role(app: Flask, world: World) -> None:
    with acting(app, world, "admin_a") as actor:
        region = db.session.get(Region, world.region_id)
        assert region is not None
        with pytest.raises(OutOfScope):
            services.set_region_require_totp(actor, region, True)
        with pytest.raises(OutOfScope):
            services.disable_user(actor, _user(world, "viewer_a"))
    with (
        acting(app, world, "region_admin") as actor,
        pytest.raises(services.UserError, match="eigen account"),
    ):
        services.disable_user(actor, _user(world, "region_admin"))
