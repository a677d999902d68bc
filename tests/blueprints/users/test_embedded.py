"""The embedded default (SQLite, no row-level security): invitations through the outbox, and the
ORM scoping alone keeps one gemeente's users out of another's pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from regiotoezicht.permissions import Role
from tenants.entitlements import today
from tests.blueprints.users.conftest import YESTERDAY, link_in, outbox, post
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, World

NEW_PASSWORD = "Zomer-regen-op-het-dak-42"


def test_invite_accept_and_end_on_sqlite(sqlite_app: Flask, sqlite_world: World) -> None:
    world = sqlite_world
    admin = login(sqlite_app.test_client(), world.region_admin, PASSWORD)
    invited = post(
        admin,
        "/regio/gebruikers/uitnodigen",
        {
            "email": "nieuw@test.nl",
            "display_name": "Nieuw",
            "role": Role.INSPECTOR.value,
            "gemeente_id": str(world.b_id),
            "valid_from": today().isoformat(),
        },
    )
    assert invited.status_code == 302
    path = urlsplit(link_in(outbox(sqlite_app, "nieuw@test.nl")[0])).path
    visitor = sqlite_app.test_client()
    token = csrf_from(visitor, path)
    form = {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD, "csrf_token": token}
    assert visitor.post(path, data=form).status_code == 302
    newcomer = login(sqlite_app.test_client(), "nieuw@test.nl", NEW_PASSWORD)
    assert newcomer.get(f"/g/{world.b_slug}/").status_code == 200

    admin_a = login(sqlite_app.test_client(), world.admin_a, PASSWORD)
    listing = admin_a.get(f"/g/{world.a_slug}/gebruikers").get_data(as_text=True)
    assert world.inspector_a in listing and "nieuw@test.nl" not in listing
    assert admin_a.get(f"/g/{world.b_slug}/gebruikers").status_code == 403

    user_id = world.user_ids["inspector_a"]
    end_form = admin_a.get(f"/g/{world.a_slug}/gebruikers/{user_id}").get_data(as_text=True)
    end_path = end_form.split(f'href="/g/{world.a_slug}/gebruikers/{user_id}/lidmaatschappen/')[1]
    end_path = f"/g/{world.a_slug}/gebruikers/{user_id}/lidmaatschappen/" + end_path.split('"')[0]
    assert post(admin_a, end_path, {"valid_until": YESTERDAY().isoformat()}).status_code == 302
    inspector = login(sqlite_app.test_client(), world.inspector_a, PASSWORD)
    assert inspector.get(f"/g/{world.a_slug}/").status_code == 403
