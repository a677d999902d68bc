"""User management pages: invitations, roles over time, gemeente isolation, accounts, the second factor."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from regiotoezicht.auth.models import User
from regiotoezicht.context import tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tenants.models import Gemeente, Membership, Region, RegionRole
from tests.blueprints.users.conftest import (
    YESTERDAY,
    as_user,
    audit_actions,
    link_in,
    outbox,
    post,
    reading,
    user_by_email,
)
from tests.conftest import csrf_from, login
from tests.factories import World, all_context, gemeente, make_user

NEW_PASSWORD = "Zomer-regen-op-het-dak-42"


def _memberships(app: Flask, world: World, user_id: int) -> list[Membership]:
    with reading(app, world):
        rows = list(
            db.session.execute(
                select(Membership).where(Membership.user_id == user_id).order_by(Membership.id)
            ).scalars()
        )
        db.session.expunge_all()
        return rows


def _membership_id(app: Flask, world: World, user_key: str) -> int:
    [membership] = _memberships(app, world, world.user_ids[user_key])
    return membership.id


def _add_membership(
    app: Flask,
    user_id: int,
    gemeente_id: int,
    role: Role,
    valid_from: date = date(2020, 1, 1),
    valid_until: date | None = None,
) -> int:
    with app.app_context():
        g = db.session.get(Gemeente, gemeente_id)
        assert g is not None
        with tenant_context(all_context(g)):
            membership = Membership(
                user_id=user_id,
                gemeente_id=gemeente_id,
                role=role,
                valid_from=valid_from,
                valid_until=valid_until,
            )
            db.session.add(membership)
            db.session.flush()
            membership_id = membership.id
        db.session.commit()
        return membership_id


def _invite(world: World, email: str, **overrides: str) -> dict[str, str]:
    return {
        "email": email,
        "display_name": "Nieuwe Collega",
        "role": Role.INSPECTOR.value,
        "gemeente_id": str(world.a_id),
        "valid_from": today().isoformat(),
        "valid_until": "",
        **overrides,
    }


# --- invitations ----------------------------------------------------------------------------


@pytest.mark.postgres
def test_region_admin_invites_a_new_user_by_mail_and_never_sees_the_link(
    app: Flask, world: World, client_for: object
) -> None:
    admin = as_user(client_for, world.region_admin)
    response = post(admin, "/regio/gebruikers/uitnodigen", _invite(world, "nieuw@test.nl"))

    assert response.status_code == 302
    user = user_by_email(app, "nieuw@test.nl")
    assert user is not None and user.password_hash is None and user.display_name == "Nieuwe Collega"
    assert response.headers["Location"].endswith(f"/regio/gebruikers/{user.id}")
    [membership] = _memberships(app, world, user.id)
    assert (membership.gemeente_id, membership.role, membership.valid_from) == (
        world.a_id,
        Role.INSPECTOR,
        today(),
    )
    assert membership.granted_by_id == world.user_ids["region_admin"]

    [mail] = outbox(app, "nieuw@test.nl")
    link = link_in(mail)
    assert link.startswith(app.config["PUBLIC_BASE_URL"].rstrip("/") + "/uitnodiging/")
    assert "toezichthouder in gemeente Delft" in mail.body
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "krijgt hierover een e-mail" in page
    assert link.rsplit("/", 1)[1] not in page and "/uitnodiging/" not in page

    actions = audit_actions(app, world)
    assert {"user.invited", "membership.granted", "mail.queued", "auth.link_issued.invite"} <= set(
        actions
    )


@pytest.mark.postgres
def test_invitation_link_sets_the_password_once(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    response = post(
        admin_a,
        f"/g/{world.a_slug}/gebruikers/uitnodigen",
        {
            key: value
            for key, value in _invite(world, "nieuw@test.nl").items()
            if key != "gemeente_id"
        },
    )
    assert response.status_code == 302
    path = urlsplit(link_in(outbox(app, "nieuw@test.nl")[0])).path

    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    token = csrf_from(visitor, path)
    accepted = visitor.post(
        path, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": token}
    )
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/login")

    assert visitor.get(path).status_code == 404
    again = visitor.post(
        path,
        data={
            "password": "Nog-een-ander-wachtwoord-7",
            "repeat": "Nog-een-ander-wachtwoord-7",
            "csrf_token": token,
        },
    )
    assert again.status_code == 404
    user = login(app.test_client(), "nieuw@test.nl", NEW_PASSWORD)
    assert user.get(f"/g/{world.a_slug}/").status_code == 200


@pytest.mark.postgres
def test_inviting_an_existing_email_grants_the_role_to_that_account(
    app: Flask, world: World, client_for: object
) -> None:
    admin_b = as_user(client_for, world.admin_b)
    response = post(
        admin_b,
        f"/g/{world.b_slug}/gebruikers/uitnodigen",
        {
            "email": "Inspecteur.A@Test.NL",
            "display_name": "Een Andere Naam",
            "role": Role.INSPECTOR.value,
            "valid_from": today().isoformat(),
        },
    )

    assert response.status_code == 302
    inspector_id = world.user_ids["inspector_a"]
    assert response.headers["Location"].endswith(f"/g/{world.b_slug}/gebruikers/{inspector_id}")
    with app.app_context():
        assert (
            db.session.execute(
                select(func.count())
                .select_from(User)
                .where(func.lower(User.email) == world.inspector_a)
            ).scalar_one()
            == 1
        )
        assert db.session.get(User, inspector_id).display_name == "Inspecteur A"  # type: ignore[union-attr]
    assert {m.gemeente_id for m in _memberships(app, world, inspector_id)} == {
        world.a_id,
        world.b_id,
    }
    [mail] = outbox(app, world.inspector_a)
    assert mail.subject == "Nieuwe rol in Regiotoezicht" and "/uitnodiging/" not in mail.body
    assert as_user(client_for, world.inspector_a).get(f"/g/{world.b_slug}/").status_code == 200


@pytest.mark.postgres
def test_region_invite_needs_a_role_in_the_right_place(
    app: Flask, world: World, client_for: object
) -> None:
    admin = as_user(client_for, world.region_admin)
    no_gemeente = post(
        admin, "/regio/gebruikers/uitnodigen", _invite(world, "x@test.nl", gemeente_id="")
    )
    assert no_gemeente.status_code == 400
    assert "Kies de gemeente waarin deze rol geldt." in no_gemeente.get_data(as_text=True)
    region_role_in_gemeente = post(
        admin,
        "/regio/gebruikers/uitnodigen",
        _invite(world, "x@test.nl", role=Role.COORDINATOR.value),
    )
    assert region_role_in_gemeente.status_code == 400
    assert "kies hier geen gemeente" in region_role_in_gemeente.get_data(as_text=True)
    assert user_by_email(app, "x@test.nl") is None

    coordinator = post(
        admin,
        "/regio/gebruikers/uitnodigen",
        _invite(world, "x@test.nl", role=Role.COORDINATOR.value, gemeente_id=""),
    )
    assert coordinator.status_code == 302
    with app.app_context():
        user_id = db.session.execute(select(User.id).where(User.email == "x@test.nl")).scalar_one()
        assert (
            db.session.execute(
                select(RegionRole.role).where(RegionRole.user_id == user_id)
            ).scalar_one()
            == Role.COORDINATOR
        )


# --- isolation between gemeenten ------------------------------------------------------------


@pytest.mark.postgres
def test_gemeente_admin_cannot_see_grant_or_end_memberships_of_another_gemeente(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    a, b = world.a_slug, world.b_slug
    admin_b_id = world.user_ids["admin_b"]
    mid_b = _membership_id(app, world, "admin_b")

    assert admin_a.get(f"/g/{b}/gebruikers").status_code == 403
    assert admin_a.get(f"/g/{b}/beveiliging").status_code == 403
    assert (
        post(admin_a, f"/g/{b}/gebruikers/uitnodigen", _invite(world, "y@test.nl")).status_code
        == 403
    )
    assert admin_a.get(f"/g/{a}/gebruikers/{admin_b_id}").status_code == 404
    end_path = f"/g/{a}/gebruikers/{admin_b_id}/lidmaatschappen/{mid_b}/beeindigen"
    assert admin_a.get(end_path).status_code == 404
    assert post(admin_a, end_path, {"valid_until": YESTERDAY().isoformat()}).status_code == 404
    grant = {"role": Role.INSPECTOR.value, "valid_from": today().isoformat()}
    assert (
        post(
            admin_a, f"/g/{a}/gebruikers/{admin_b_id}/lidmaatschappen", grant, prefix="lid"
        ).status_code
        == 404
    )
    assert (
        post(
            admin_a, f"/g/{a}/gebruikers/{admin_b_id}/wachtwoord-herstellen", prefix="herstel"
        ).status_code
        == 404
    )

    listing = admin_a.get(f"/g/{a}/gebruikers").get_data(as_text=True)
    assert (
        world.inspector_a in listing
        and world.admin_b not in listing
        and world.region_admin not in listing
    )
    assert [m.valid_until for m in _memberships(app, world, admin_b_id)] == [None]
    assert user_by_email(app, "y@test.nl") is None
    actions = audit_actions(app, world)
    assert "access.refused" in actions and "access.not_found" in actions


@pytest.mark.postgres
def test_own_membership_elsewhere_is_refused_with_a_dutch_message(
    app: Flask, world: World, client_for: object
) -> None:
    """The acting user reads their own memberships everywhere; the service still refuses them."""
    admin_a_id = world.user_ids["admin_a"]
    own_b = _add_membership(app, admin_a_id, world.b_id, Role.GEMEENTE_VIEWER)
    admin_a = as_user(client_for, world.admin_a)
    path = f"/g/{world.a_slug}/gebruikers/{admin_a_id}/lidmaatschappen/{own_b}/beeindigen"

    for response in (
        admin_a.get(path),
        post(admin_a, path, {"valid_until": YESTERDAY().isoformat()}),
    ):
        assert response.status_code == 403
        assert "andere gemeente" in response.get_data(as_text=True)
    assert {m.id: m.valid_until for m in _memberships(app, world, admin_a_id)}[own_b] is None
    assert audit_actions(app, world).count("access.refused") == 2


@pytest.mark.postgres
def test_gemeente_admin_cannot_reach_region_pages_or_grant_region_roles(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    viewer_id = world.user_ids["viewer_a"]
    assert admin_a.get("/regio/gebruikers").status_code == 403
    assert admin_a.get("/regio/beveiliging").status_code == 403
    assert (
        post(
            admin_a,
            f"/regio/gebruikers/{viewer_id}/regiorollen",
            {"role": Role.REGION_ADMIN.value, "valid_from": today().isoformat()},
            prefix="regio",
        ).status_code
        == 403
    )

    invite = post(
        admin_a,
        f"/g/{world.a_slug}/gebruikers/uitnodigen",
        {
            "email": "z@test.nl",
            "display_name": "Z",
            "role": Role.REGION_ADMIN.value,
            "valid_from": today().isoformat(),
        },
    )
    assert invite.status_code == 400 and "Kies een van de mogelijkheden." in invite.get_data(
        as_text=True
    )
    grant = post(
        admin_a,
        f"/g/{world.a_slug}/gebruikers/{viewer_id}/lidmaatschappen",
        {"role": Role.COORDINATOR.value, "valid_from": today().isoformat()},
        prefix="lid",
    )
    assert grant.status_code == 400
    with app.app_context():
        assert (
            db.session.execute(select(RegionRole).where(RegionRole.user_id == viewer_id)).first()
            is None
        )
    assert user_by_email(app, "z@test.nl") is None


# --- roles over time ------------------------------------------------------------------------


@pytest.mark.postgres
def test_dates_and_duplicates_are_validated(app: Flask, world: World, client_for: object) -> None:
    admin_a = as_user(client_for, world.admin_a)
    viewer_id = world.user_ids["viewer_a"]
    grant_path = f"/g/{world.a_slug}/gebruikers/{viewer_id}/lidmaatschappen"

    def grant(role: Role, since: object, until: object = "") -> tuple[int, str]:
        response = post(
            admin_a,
            grant_path,
            {"role": role.value, "valid_from": str(since), "valid_until": str(until)},
            prefix="lid",
        )
        return response.status_code, response.get_data(as_text=True)

    day = today()
    status, page = grant(Role.INSPECTOR, day + timedelta(days=10), day + timedelta(days=5))
    assert (
        status == 400 and "De einddatum ligt vóór de begindatum." in page and "<title>Fout:" in page
    )
    status, page = grant(Role.INSPECTOR, day - timedelta(days=1))
    assert status == 400 and "terugwerkende kracht" in page
    status, page = grant(Role.INSPECTOR, "31-02-2026")
    assert status == 400 and "Vul een geldige datum in." in page
    status, page = grant(Role.GEMEENTE_VIEWER, day)
    assert status == 400 and "heeft de rol Gemeentelezer in (een deel van) deze periode al" in page

    assert grant(Role.INSPECTOR, day + timedelta(days=1), day + timedelta(days=30))[0] == 302
    assert grant(Role.INSPECTOR, day + timedelta(days=31))[0] == 302  # adjoining, not overlapping
    status, page = grant(Role.INSPECTOR, day + timedelta(days=30))
    assert status == 400 and "deze periode al" in page
    assert len(_memberships(app, world, viewer_id)) == 3

    viewer_mid = _memberships(app, world, viewer_id)[0].id
    end = post(
        admin_a,
        f"{grant_path}/{viewer_mid}/beeindigen",
        {"valid_until": (day - timedelta(days=2)).isoformat()},
    )
    assert end.status_code == 400 and "vóór gisteren" in end.get_data(as_text=True)
    assert _memberships(app, world, viewer_id)[0].valid_until is None


@pytest.mark.postgres
def test_an_ended_membership_stops_access_on_the_next_request(
    app: Flask, world: World, client_for: object
) -> None:
    inspector = as_user(client_for, world.inspector_a)
    assert inspector.get(f"/g/{world.a_slug}/").status_code == 200
    inspector_id = world.user_ids["inspector_a"]
    mid = _membership_id(app, world, "inspector_a")
    admin_a = as_user(client_for, world.admin_a)
    path = f"/g/{world.a_slug}/gebruikers/{inspector_id}/lidmaatschappen/{mid}/beeindigen"

    form = admin_a.get(path)
    assert form.status_code == 200 and f'value="{YESTERDAY().isoformat()}"' in form.get_data(
        as_text=True
    )
    assert post(admin_a, path, {"valid_until": YESTERDAY().isoformat()}).status_code == 302

    assert inspector.get(f"/g/{world.a_slug}/").status_code == 403
    [membership] = _memberships(app, world, inspector_id)  # ended, not deleted
    assert (
        membership.valid_until == YESTERDAY()
        and membership.ended_by_id == world.user_ids["admin_a"]
    )
    assert "membership.ended" in audit_actions(app, world)
    listing = admin_a.get(f"/g/{world.a_slug}/gebruikers").get_data(as_text=True)
    assert f"t/m {YESTERDAY():%d-%m-%Y}" in listing


@pytest.mark.postgres
def test_nobody_ends_their_own_last_admin_role(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    own = _membership_id(app, world, "admin_a")
    response = post(
        admin_a,
        f"/g/{world.a_slug}/gebruikers/{world.user_ids['admin_a']}/lidmaatschappen/{own}/beeindigen",
        {"valid_until": YESTERDAY().isoformat()},
    )
    assert response.status_code == 400 and "laatste beheerdersrol" in response.get_data(
        as_text=True
    )
    assert admin_a.get(f"/g/{world.a_slug}/gebruikers").status_code == 200

    region_admin_id = world.user_ids["region_admin"]
    with app.app_context():
        role_id = db.session.execute(
            select(RegionRole.id).where(RegionRole.user_id == region_admin_id)
        ).scalar_one()
    admin = as_user(client_for, world.region_admin)
    response = post(
        admin,
        f"/regio/gebruikers/{region_admin_id}/regiorollen/{role_id}/beeindigen",
        {"valid_until": YESTERDAY().isoformat()},
    )
    assert response.status_code == 400 and "laatste beheerdersrol" in response.get_data(
        as_text=True
    )

    # A region admin may end a gemeente admin role of their own: the region role keeps access.
    extra = _add_membership(app, region_admin_id, world.a_id, Role.GEMEENTE_ADMIN)
    response = post(
        admin,
        f"/regio/gebruikers/{region_admin_id}/lidmaatschappen/{extra}/beeindigen",
        {"valid_until": YESTERDAY().isoformat()},
    )
    assert response.status_code == 302


@pytest.mark.postgres
def test_region_admin_grants_and_ends_region_roles_and_memberships(
    app: Flask, world: World, client_for: object
) -> None:
    admin = as_user(client_for, world.region_admin)
    viewer_id = world.user_ids["viewer_a"]
    page = f"/regio/gebruikers/{viewer_id}"
    assert admin.get(page).status_code == 200

    granted = post(
        admin,
        f"{page}/regiorollen",
        {"role": Role.SECRETARIAAT.value, "valid_from": today().isoformat()},
        prefix="regio",
    )
    assert granted.status_code == 302
    membership = post(
        admin,
        f"{page}/lidmaatschappen",
        {
            "role": Role.INSPECTOR.value,
            "gemeente_id": str(world.b_id),
            "valid_from": today().isoformat(),
        },
        prefix="lid",
    )
    assert membership.status_code == 302
    assert {(m.gemeente_id, m.role) for m in _memberships(app, world, viewer_id)} == {
        (world.a_id, Role.GEMEENTE_VIEWER),
        (world.b_id, Role.INSPECTOR),
    }
    with app.app_context():
        role_id = db.session.execute(
            select(RegionRole.id).where(RegionRole.user_id == viewer_id)
        ).scalar_one()
    assert (
        post(
            admin, f"{page}/regiorollen/{role_id}/beeindigen", {"valid_until": today().isoformat()}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(RegionRole, role_id).valid_until == today()  # type: ignore[union-attr]
    assert [m.subject for m in outbox(app, world.viewer_a)] == ["Nieuwe rol in Regiotoezicht"] * 2
    actions = audit_actions(app, world)
    assert {"region_role.granted", "region_role.ended", "membership.granted"} <= set(actions)


@pytest.mark.postgres
def test_region_list_shows_current_and_ended_roles_of_the_region_only(
    app: Flask, world: World, client_for: object
) -> None:
    _add_membership(
        app,
        world.user_ids["inspector_a"],
        world.b_id,
        Role.INSPECTOR,
        date(2020, 1, 1),
        date(2021, 12, 31),
    )
    with app.app_context():
        outsider = gemeente("GM0363")  # Amsterdam: not in the region
        make_user("buiten@test.nl", memberships=((outsider, Role.INSPECTOR),))
        db.session.commit()

    page = as_user(client_for, world.region_admin).get("/regio/gebruikers").get_data(as_text=True)
    for email in (
        world.admin_a,
        world.admin_b,
        world.inspector_a,
        world.coordinator,
        world.region_admin,
    ):
        assert email in page
    assert "buiten@test.nl" not in page
    assert "01-01-2020 t/m 31-12-2021" in page and "Beëindigde rollen" in page
    assert "<caption" in page and 'scope="col"' in page and page.count("<h1") == 1


# --- accounts -------------------------------------------------------------------------------


@pytest.mark.postgres
def test_region_admin_disables_and_enables_an_account(
    app: Flask, world: World, client_for: object
) -> None:
    inspector = as_user(client_for, world.inspector_a)
    admin = as_user(client_for, world.region_admin)
    inspector_id = world.user_ids["inspector_a"]

    assert (
        post(admin, f"/regio/gebruikers/{inspector_id}/uitzetten", prefix="account").status_code
        == 302
    )
    assert inspector.get(f"/g/{world.a_slug}/").status_code == 302  # the open session ended
    refused = app.test_client()
    token = csrf_from(refused, "/login")
    assert (
        refused.post(
            "/login",
            data={
                "email": world.inspector_a,
                "password": "test-wachtwoord-123",
                "csrf_token": token,
            },
        ).status_code
        == 400
    )

    own = post(
        admin, f"/regio/gebruikers/{world.user_ids['region_admin']}/uitzetten", prefix="account"
    )
    assert own.status_code == 302
    assert "eigen account niet uitzetten" in admin.get(own.headers["Location"]).get_data(
        as_text=True
    )

    assert (
        post(admin, f"/regio/gebruikers/{inspector_id}/aanzetten", prefix="account").status_code
        == 302
    )
    assert as_user(client_for, world.inspector_a).get(f"/g/{world.a_slug}/").status_code == 200
    actions = audit_actions(app, world)
    assert "user.disabled" in actions and "user.enabled" in actions
    assert (
        post(
            as_user(client_for, world.admin_a),
            f"/regio/gebruikers/{inspector_id}/uitzetten",
            prefix="account",
        ).status_code
        == 403
    )


@pytest.mark.postgres
def test_password_reset_goes_by_mail(app: Flask, world: World, client_for: object) -> None:
    admin = as_user(client_for, world.region_admin)
    inspector_id = world.user_ids["inspector_a"]
    response = post(
        admin, f"/regio/gebruikers/{inspector_id}/wachtwoord-herstellen", prefix="herstel"
    )
    assert response.status_code == 302
    [mail] = outbox(app, world.inspector_a)
    assert mail.subject == "Nieuw wachtwoord voor Regiotoezicht"
    path = urlsplit(link_in(mail)).path
    assert path.rsplit("/", 1)[1] not in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )

    visitor = app.test_client()
    token = csrf_from(visitor, path)
    assert (
        visitor.post(
            path, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )
    login(app.test_client(), world.inspector_a, NEW_PASSWORD)
    assert "user.password_reset_sent" in audit_actions(app, world)


@pytest.mark.postgres
def test_gemeente_admin_resets_only_users_with_a_role_in_the_gemeente(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    a = world.a_slug
    assert (
        post(
            admin_a,
            f"/g/{a}/gebruikers/{world.user_ids['viewer_a']}/wachtwoord-herstellen",
            prefix="herstel",
        ).status_code
        == 302
    )
    assert len(outbox(app, world.viewer_a)) == 1
    assert (
        post(
            admin_a,
            f"/g/{a}/gebruikers/{world.user_ids['coordinator']}/wachtwoord-herstellen",
            prefix="herstel",
        ).status_code
        == 404
    )

    privacy_id = world.user_ids["privacy_officer"]
    _add_membership(app, privacy_id, world.a_id, Role.GEMEENTE_VIEWER)
    refused = post(
        admin_a, f"/g/{a}/gebruikers/{privacy_id}/wachtwoord-herstellen", prefix="herstel"
    )
    assert refused.status_code == 403 and "regiobeheerder" in refused.get_data(as_text=True)
    assert outbox(app, world.privacy_officer) == []


# --- second factor --------------------------------------------------------------------------


def _login_steps(app: Flask, email: str) -> tuple[object, str]:
    client = app.test_client()
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": "test-wachtwoord-123", "csrf_token": token}
    )
    assert response.status_code == 302
    return client, response.headers["Location"]


@pytest.mark.postgres
def test_gemeente_requires_a_second_factor_of_everyone_acting_in_it(
    app: Flask, world: World, client_for: object
) -> None:
    admin_a = as_user(client_for, world.admin_a)
    assert admin_a.get(f"/g/{world.a_slug}/beveiliging").status_code == 200
    response = post(admin_a, f"/g/{world.a_slug}/beveiliging", {"require_totp": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Gemeente, world.a_id).require_totp is True  # type: ignore[union-attr]
        assert db.session.get(Gemeente, world.b_id).require_totp is False  # type: ignore[union-attr]
    assert "gemeente.require_totp_changed" in audit_actions(app, world)

    client, second = _login_steps(app, world.viewer_a)
    page = client.get(second)  # type: ignore[attr-defined]
    assert page.status_code == 200 and "vereist een tweede stap" in page.get_data(as_text=True)
    assert client.get(f"/g/{world.a_slug}/").status_code == 302  # type: ignore[attr-defined]
    as_user(client_for, world.admin_b)  # only gemeente A asks for it
    # The requirement binds the admin who set it too, in the session already open.
    again = admin_a.get(f"/g/{world.a_slug}/beveiliging")
    assert again.status_code == 302 and "/login/tweede-factor" in again.headers["Location"]


@pytest.mark.postgres
def test_region_requires_a_second_factor_of_region_staff(
    app: Flask, world: World, client_for: object
) -> None:
    admin = as_user(client_for, world.region_admin)
    assert admin.get("/regio/beveiliging").status_code == 200
    assert post(admin, "/regio/beveiliging", {"require_totp": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Region, world.region_id).require_totp is True  # type: ignore[union-attr]
    client, second = _login_steps(app, world.coordinator)
    assert "vereist een tweede stap" in client.get(second).get_data(as_text=True)  # type: ignore[attr-defined]
    as_user(client_for, world.admin_a)  # gemeente roles only: not asked
    assert "region.require_totp_changed" in audit_actions(app, world)
