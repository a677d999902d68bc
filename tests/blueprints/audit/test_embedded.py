"""The embedded default (SQLite, no row-level security): the ORM scoping alone keeps the log apart,
and the region admin reads invitation mail in the outbox."""

from __future__ import annotations

from flask import Flask

from regiotoezicht.extensions import db
from regiotoezicht.mail import send_mail
from tests.conftest import login
from tests.factories import PASSWORD, World


def test_audit_and_outbox_pages_work_on_sqlite(sqlite_app: Flask, sqlite_world: World) -> None:
    with sqlite_app.app_context():
        send_mail("nieuw@delft.test", "Uitnodiging", "Open http://localhost/uitnodiging/abc")
        db.session.commit()
    admin = login(sqlite_app.test_client(), sqlite_world.region_admin, PASSWORD)
    page = admin.get("/regio/audit?action=auth.")
    assert page.status_code == 200 and "Ingelogd" in page.get_data(as_text=True)
    assert admin.get("/regio/audit/export.csv?action=auth.").get_data(as_text=True).count("auth.login") >= 1
    assert "Uitnodiging" in admin.get("/regio/mail").get_data(as_text=True)
    assert "/uitnodiging/abc" in admin.get("/regio/mail/1").get_data(as_text=True)

    gemeente_admin = login(sqlite_app.test_client(), sqlite_world.admin_a, PASSWORD)
    items = gemeente_admin.get(f"/api/v1/g/{sqlite_world.a_slug}/audit?per_page=200").get_json()["items"]
    assert items and {i["gemeente_id"] for i in items} == {sqlite_world.a_id}
    items = gemeente_admin.get("/api/v1/regio/audit?per_page=200").get_json()["items"]
    assert {i["gemeente_id"] for i in items} == {sqlite_world.a_id}
    assert gemeente_admin.get("/regio/mail").status_code == 403
