"""The log as evidence: reads are logged, the export holds no values, rows cannot be changed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from blueprints.contacts import services as contact_services
from blueprints.contacts.models import GemeenteContact
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.factories import World

pytestmark = pytest.mark.postgres

Client = Callable[[str], FlaskClient]


def test_reading_the_log_is_recorded_with_its_filters(world: World, as_user: Client) -> None:
    admin_a = as_user(world.admin_a)
    assert admin_a.get(f"/g/{world.a_slug}/audit?action=contact.&object_type=GemeenteContact").status_code == 200
    assert admin_a.get(f"/api/v1/g/{world.a_slug}/audit?action=auth.").status_code == 200
    views = as_user(world.region_admin).get(
        f"/api/v1/regio/audit?action=audit.viewed&gemeente={world.a_slug}"
    ).get_json()["items"]
    assert {v["actor_user_id"] for v in views} == {world.user_ids["admin_a"]}
    assert len(views) == 2
    # The gemeente admin sees who read their gemeente's log, including themselves.
    own = admin_a.get(f"/api/v1/g/{world.a_slug}/audit?action=audit.viewed").get_json()["items"]
    assert len(own) >= 2


def test_viewed_detail_holds_the_filters_and_nothing_personal(app: Flask, world: World, as_user: Client) -> None:
    as_user(world.admin_a).get(f"/g/{world.a_slug}/audit?action=contact.&date_from=2025-01-01")
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({world.a_id}))):
        from regiotoezicht.audit import AuditEvent

        row = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "audit.viewed")
        ).scalar_one()
        assert row.gemeente_id == world.a_id
        assert row.detail == {
            "output": "html", "filters": {"action": "contact.", "date_from": "2025-01-01"},
        }


def _change_contact_email(app: Flask, world: World, new_email: str) -> None:
    with app.app_context(), tenant_context(
        TenantContext(allowed_ids=frozenset({world.a_id}), active_id=world.a_id)
    ):
        contact = db.session.get(GemeenteContact, world.contact_a_id)
        assert contact is not None
        contact_services.update_contact(contact, {"email": new_email})
        db.session.commit()


def test_csv_export_has_field_names_but_no_values(app: Flask, world: World, as_user: Client) -> None:
    _change_contact_email(app, world, "geheim.adres@delft.test")
    response = as_user(world.admin_a).get(f"/g/{world.a_slug}/audit/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0].startswith("Tijdstip")
    changed = [r for r in rows if r[2] == "contact.changed"]
    assert changed and changed[0][8] == "email" and changed[0][1] == "Delft"
    for value in ("geheim.adres@delft.test", "contact@delft.test", "Contact Delft", "denhaag", "127.0.0.1"):
        assert value not in body
    # Only gemeente A's rows: no region-level logins, nothing of B.
    assert {r[1] for r in rows[1:]} == {"Delft"}


def test_csv_export_keeps_the_filters(app: Flask, world: World, as_user: Client) -> None:
    _change_contact_email(app, world, "ander.adres@delft.test")
    reader = as_user(world.privacy_officer)
    body = reader.get("/regio/audit/export.csv?action=contact.").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))[1:]
    assert [r[2] for r in rows] == ["contact.changed"]
    everything = reader.get("/regio/audit/export.csv").get_data(as_text=True)
    assert "Regio;auth.login;" in everything  # region-level rows for a region reader
    page = reader.get("/regio/audit?action=contact.").get_data(as_text=True)
    assert "/regio/audit/export.csv?action=contact." in page
    exports = reader.get("/api/v1/regio/audit?action=audit.viewed").get_json()["items"]
    assert len(exports) == 3  # two exports and the page (this API read is recorded after its query)


def test_csv_cells_cannot_start_a_formula(app: Flask, world: World, as_user: Client) -> None:
    from tests.blueprints.audit.conftest import insert_events

    insert_events(app, [{"gemeente_id": world.a_id, "object_type": "Probe", "object_id": "=HYPERLINK(1)"}])
    body = as_user(world.admin_a).get(f"/g/{world.a_slug}/audit/export.csv?action=test.").get_data(as_text=True)
    assert ";'=HYPERLINK(1);" in body


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'tampered'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
def test_the_app_role_cannot_change_or_remove_audit_rows(
    app: Flask, world: World, marks: dict[str, str], statement: str
) -> None:
    with app.app_context(), tenant_context(
        TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}))
    ):
        with pytest.raises(ProgrammingError, match="permission denied"):
            db.session.execute(text(statement))
        db.session.rollback()
        count = db.session.execute(text("SELECT count(*) FROM audit_events WHERE action = 'test.mark'"))
        assert count.scalar_one() == 3


def test_unknown_query_args_are_rejected_in_dutch(world: World, as_user: Client) -> None:
    client = as_user(world.region_admin)
    for path in ("/api/v1/regio/audit?foo=1", f"/api/v1/g/{world.a_slug}/audit?page=2"):
        response = client.get(path)
        assert response.status_code == 422
        body = response.get_json()
        assert body["code"] == 422
        assert list(body["errors"]["query"].values()) == [["Onbekende parameter."]]
    bad = client.get("/api/v1/regio/audit?date_from=1-1-2025&actor=x").get_json()
    assert bad["errors"]["query"]["date_from"] == ["Geen geldige datum; gebruik JJJJ-MM-DD."]
    assert bad["errors"]["query"]["actor"] == ["Geen geldig geheel getal."]
