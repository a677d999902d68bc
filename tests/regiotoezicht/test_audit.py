"""The audit log: a semantic row per service write plus the flush hook's safety-net row, field
names without values, actor, gemeente and request id; it commits or rolls back with the change
and the app role can only append to it."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, World
from tests.regiotoezicht.conftest import PG_URL, SqlRunner

pytestmark = pytest.mark.postgres

CONTACT = {"name": "Piet Geheim", "email": "piet.geheim@delft.test", "function": "Wmo-adviseur"}
CONTACT_COLUMNS = [
    "created_at", "email", "function", "gemeente_id", "id", "name",
    "receives_calamity_copies", "receives_reports", "updated_at",
]


def test_contact_write_leaves_semantic_and_flush_rows(
    app: Flask, world: World, client_for, audit_rows, owner_sql: SqlRunner
) -> None:
    client = client_for(SimpleNamespace(email=world.admin_a))
    headers = {"X-CSRFToken": csrf_from(client, "/account"), "X-Request-ID": "audit-test-0001"}
    created = client.post(f"/api/v1/g/{world.a_slug}/contactpersonen/", json=CONTACT, headers=headers)
    assert created.status_code == 201
    contact_id = str(created.json["id"])

    [semantic] = audit_rows("contact.added")
    [flushed] = [r for r in audit_rows("gemeente_contacts.create") if r["request_id"] == "audit-test-0001"]
    assert semantic["object_id"] == contact_id
    for row in (semantic, flushed):
        assert row["actor_user_id"] == world.user_ids["admin_a"]
        assert row["gemeente_id"] == world.a_id
        assert row["request_id"] == "audit-test-0001"
        assert row["object_type"] == "GemeenteContact"
        assert row["ip_address"] == "127.0.0.1"
    assert flushed["fields"] == CONTACT_COLUMNS  # names of what was written...
    for row in (semantic, flushed):  # ...and never the values
        dump = json.dumps(row, default=str)
        assert all(value not in dump for value in CONTACT.values())

    headers["X-Request-ID"] = "audit-test-0002"
    changed = client.patch(
        f"/api/v1/g/{world.a_slug}/contactpersonen/{contact_id}", json={"function": "Jurist"}, headers=headers
    )
    assert changed.status_code == 200
    [semantic] = audit_rows("contact.changed")
    [flushed] = audit_rows("gemeente_contacts.update")
    assert semantic["fields"] == ["function"]
    assert flushed["fields"] == ["function"]
    assert "Jurist" not in json.dumps(flushed, default=str)
    assert {semantic["request_id"], flushed["request_id"]} == {"audit-test-0002"}

    headers["X-Request-ID"] = "audit-test-0003"
    removed = client.delete(f"/api/v1/g/{world.a_slug}/contactpersonen/{contact_id}", headers=headers)
    assert removed.status_code == 204
    assert audit_rows("contact.removed")[0]["object_id"] == contact_id
    [deleted] = audit_rows("gemeente_contacts.delete")
    assert deleted["object_id"] == contact_id and deleted["gemeente_id"] == world.a_id
    assert deleted["request_id"] == "audit-test-0003"


def test_flush_row_of_a_create_names_the_new_object(app: Flask, world: World, client_for, audit_rows) -> None:
    client = client_for(SimpleNamespace(email=world.admin_a))
    headers = {"X-CSRFToken": csrf_from(client, "/account"), "X-Request-ID": "audit-test-0004"}
    created = client.post(f"/api/v1/g/{world.a_slug}/contactpersonen/", json=CONTACT, headers=headers)
    assert created.status_code == 201
    [flushed] = [r for r in audit_rows("gemeente_contacts.create") if r["request_id"] == "audit-test-0004"]
    assert flushed["object_id"] == str(created.json["id"])


def test_audit_rows_roll_back_with_the_change(app: Flask, routes_app: Flask, world: World, audit_rows) -> None:
    client = routes_app.test_client()
    login(client, world.admin_a, PASSWORD)
    before = len(audit_rows("gemeente_contacts.create"))
    assert client.get(f"/g/{world.a_slug}/test-jobs/rollback?label=x").status_code == 409
    assert len(audit_rows("gemeente_contacts.create")) == before
    assert client.get(f"/g/{world.a_slug}/test-jobs/commit?label=x").status_code == 200
    assert len(audit_rows("gemeente_contacts.create")) == before + 1


def test_refused_access_is_logged_although_the_request_rolls_back(
    app: Flask, world: World, client_for, audit_rows
) -> None:
    client = client_for(SimpleNamespace(email=world.admin_a))
    response = client.get(f"/g/{world.b_slug}/", headers={"X-Request-ID": "audit-refused-01"})
    assert response.status_code == 403
    [row] = audit_rows("access.refused")
    assert row["gemeente_id"] == world.b_id and row["actor_user_id"] == world.user_ids["admin_a"]
    assert row["request_id"] == "audit-refused-01"
    assert row["detail"]["reason"] == "not_entitled"


def test_the_app_role_can_only_append(app: Flask, world: World, client_for) -> None:
    client_for(SimpleNamespace(email=world.admin_a))  # a login leaves audit rows
    engine = create_engine(PG_URL)
    try:
        for statement in ("UPDATE audit_events SET action = 'weg'", "DELETE FROM audit_events"):
            with engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied"):
                conn.execute(text(statement))
    finally:
        engine.dispose()
