"""The outbox: region admins read it (the demo's delivery of invitation links), nobody else."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from regiotoezicht.extensions import db
from regiotoezicht.mail import send_mail
from tests.factories import World

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]
LINK = "http://localhost/uitnodiging/geheim-token-123"


@pytest.fixture()
def as_user(client_for: Callable[[object], FlaskClient]) -> Client:
    return lambda email: client_for(SimpleNamespace(email=email))


@pytest.fixture()
def message_id(app: Flask, world: World) -> int:
    with app.app_context():
        message = send_mail("nieuw@delft.test", "Uitnodiging voor Regiotoezicht", f"Welkom.\n\nOpen {LINK}\n")
        db.session.commit()
        return message.id


def test_region_admin_reads_the_list_and_the_body(world: World, message_id: int, as_user: Client) -> None:
    client = as_user(world.region_admin)
    listing = client.get("/regio/mail")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert "Uitnodiging voor Regiotoezicht" in html and "nieuw@delft.test" in html
    assert "In het postvak" in html
    assert LINK not in html  # bodies only on the detail page
    assert html.count("<h1") == 1 and "<caption" in html
    detail = client.get(f"/regio/mail/{message_id}").get_data(as_text=True)
    assert LINK in detail and "nieuw@delft.test" in detail


def test_reading_a_body_is_logged(world: World, message_id: int, as_user: Client) -> None:
    client = as_user(world.region_admin)
    client.get(f"/regio/mail/{message_id}")
    rows = client.get("/api/v1/regio/audit?action=mail.viewed").get_json()["items"]
    assert [(r["object_type"], r["object_id"], r["gemeente_id"]) for r in rows] == [
        ("OutboxMessage", str(message_id), None)
    ]


@pytest.mark.parametrize("role", ["admin_a", "viewer_a", "inspector_a", "coordinator", "privacy_officer"])
def test_everyone_else_is_refused(world: World, message_id: int, as_user: Client, role: str) -> None:
    client = as_user(getattr(world, role))
    assert client.get("/regio/mail").status_code == 403
    assert client.get(f"/regio/mail/{message_id}").status_code == 403


def test_refusal_is_logged(world: World, message_id: int, as_user: Client) -> None:
    as_user(world.admin_a).get(f"/regio/mail/{message_id}")
    rows = as_user(world.region_admin).get("/api/v1/regio/audit?action=access.refused").get_json()["items"]
    assert [(r["actor_user_id"], r["gemeente_id"]) for r in rows] == [(world.user_ids["admin_a"], None)]


def test_unknown_message_is_404(world: World, as_user: Client) -> None:
    assert as_user(world.region_admin).get("/regio/mail/999999").status_code == 404


def test_list_pages_by_fifty(app: Flask, world: World, as_user: Client) -> None:
    with app.app_context():
        for n in range(55):
            send_mail(f"persoon{n:02d}@test.nl", f"Bericht {n:02d}", "tekst")
        db.session.commit()
    client = as_user(world.region_admin)
    first = client.get("/regio/mail").get_data(as_text=True)
    assert "Bericht 54" in first and "Bericht 04" not in first
    assert 'aria-label="Paginering van de uitgaande mail"' in first
    second = client.get("/regio/mail?before=" + first.split("before=")[1].split('"')[0]).get_data(as_text=True)
    assert "Bericht 04" in second and "Bericht 00" in second and "Bericht 05" not in second


def test_a_gemeente_role_with_outbox_read_is_still_refused(
    world: World, message_id: int, as_user: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the table ever grant OUTBOX_READ to a gemeente role, the slice still refuses it."""
    from regiotoezicht.permissions import ROLE_PERMISSIONS, Permission, Role

    granted = ROLE_PERMISSIONS[Role.GEMEENTE_ADMIN] | {Permission.OUTBOX_READ}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.GEMEENTE_ADMIN, granted)
    client = as_user(world.admin_a)
    assert client.get("/regio/mail").status_code == 403
    assert client.get(f"/regio/mail/{message_id}").status_code == 403
    rows = as_user(world.region_admin).get("/api/v1/regio/audit?action=access.refused").get_json()["items"]
    assert {r["reason"] for r in rows} == {"region_level_only, outbox.read"}
