"""Blob storage: the database backend on real PostgreSQL (as the app role, under forced RLS) and on
SQLite; keys, tenant checks and settings. The S3 backend has its own module (test_storage_s3)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from regiotoezicht.config import ConfigError, load_config
from regiotoezicht.context import TenantContext, TenantContextMissing, TenantViolation, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.storage import (
    DatabaseStorage,
    ObjectNotFound,
    S3Storage,
    StorageError,
    build_storage,
    parse_key,
    storage,
)
from tests.factories import World
from tests.regiotoezicht.conftest import SqlRunner


def ctx(*ids: int) -> TenantContext:
    return TenantContext(allowed_ids=frozenset(ids), reason="test")


PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40


@pytest.mark.postgres
def test_save_load_replace_delete_in_own_gemeente(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    key = f"g{world.a_id}/attachments/0f3c"
    with app.app_context():
        assert isinstance(storage(), DatabaseStorage)
        with tenant_context(ctx(world.a_id)):
            storage().save(key, PDF, "application/pdf")
            db.session.commit()
            assert storage().load(key) == PDF
            storage().save(key, b"v2", "text/plain")
            db.session.commit()
            assert storage().load(key) == b"v2"
    rows = owner_sql("SELECT gemeente_id, content_type, size FROM stored_objects WHERE key = :k", k=key)
    assert rows == [{"gemeente_id": world.a_id, "content_type": "text/plain", "size": 2}]
    audited = owner_sql(
        "SELECT gemeente_id, detail FROM audit_events WHERE action = 'storage.saved' AND detail->>'key' = :k"
        " ORDER BY id", k=key,
    )
    assert [r["gemeente_id"] for r in audited] == [world.a_id, world.a_id]
    assert audited[0]["detail"] == {"key": key, "size": len(PDF)}

    with app.app_context(), tenant_context(ctx(world.a_id)):
        storage().delete(key)
        db.session.commit()
        with pytest.raises(ObjectNotFound):
            storage().load(key)
        storage().delete(key)  # deleting what is gone is no error
        db.session.commit()
    assert owner_sql("SELECT count(*) AS n FROM stored_objects WHERE key = :k", k=key) == [{"n": 0}]
    deleted = owner_sql("SELECT gemeente_id FROM audit_events WHERE action = 'storage.deleted'")
    assert deleted == [{"gemeente_id": world.a_id}]  # once: the second delete removed nothing


@pytest.mark.postgres
def test_another_gemeente_or_no_context_is_refused(app: Flask, world: World) -> None:
    key = f"g{world.a_id}/reports/1"
    with app.app_context():
        with tenant_context(ctx(world.a_id)):
            storage().save(key, PDF, "application/pdf")
            db.session.commit()
        with tenant_context(ctx(world.b_id)):
            with pytest.raises(TenantViolation):
                storage().load(key)
            with pytest.raises(TenantViolation):
                storage().save(key, b"overwrite", "text/plain")
            with pytest.raises(TenantViolation):
                storage().delete(key)
        with pytest.raises(TenantContextMissing):
            storage().load(key)
        with pytest.raises(TenantContextMissing):  # region-level too: an empty context will do
            storage().load(f"r{world.region_id}/lessons/x")
        with tenant_context(ctx()), pytest.raises(ObjectNotFound):
            storage().load(f"r{world.region_id}/lessons/x")
        db.session.rollback()
        with tenant_context(ctx(world.a_id)):
            assert storage().load(key) == PDF


@pytest.mark.postgres
def test_row_level_security_hides_and_guards_other_gemeenten_rows(app: Flask, world: World) -> None:
    """Past the Python check (raw SQL as the app role): the database itself refuses."""
    with app.app_context():
        with tenant_context(ctx(world.a_id)):
            storage().save(f"g{world.a_id}/attachments/a", b"A", "text/plain")
            storage().save(f"r{world.region_id}/lessons/r", b"R", "text/plain")
            db.session.commit()
        with tenant_context(ctx(world.b_id)):
            keys = db.session.execute(text("SELECT key FROM stored_objects ORDER BY key")).scalars().all()
            # B's own blobs (of the world: one blob, one attachment) and the region-level one; never A's.
            assert [k for k in keys if not k.startswith(f"g{world.b_id}/attachments/")] == [
                f"g{world.b_id}/world/blob", f"r{world.region_id}/lessons/r"
            ]
            assert not [k for k in keys if k.startswith(f"g{world.a_id}/")]
            assert db.session.execute(
                text("UPDATE stored_objects SET content = 'x' WHERE key = :k"), {"k": f"g{world.a_id}/attachments/a"}
            ).rowcount == 0
            assert db.session.execute(
                text("DELETE FROM stored_objects WHERE key = :k"), {"k": f"g{world.a_id}/attachments/a"}
            ).rowcount == 0
            db.session.commit()

            insert = text(
                "INSERT INTO stored_objects (key, gemeente_id, content, content_type, size, created_at)"
                " VALUES (:k, :g, 'x', 'text/plain', 1, now())"
            )
            # A's row written from B's context: the policy's WITH CHECK refuses it.
            with pytest.raises(DBAPIError, match="row-level security"):
                db.session.execute(insert, {"k": f"g{world.a_id}/attachments/forged", "g": world.a_id})
            db.session.rollback()
            # Claiming to be region-level while the key names gemeente A: the CHECK refuses it.
            with pytest.raises(IntegrityError, match="ck_stored_objects_key_scope"):
                db.session.execute(insert, {"k": f"g{world.a_id}/attachments/forged", "g": None})
            db.session.rollback()
            with pytest.raises(IntegrityError, match="ck_stored_objects_key_scope"):
                db.session.execute(insert, {"k": "loose/key", "g": None})
            db.session.rollback()
        with tenant_context(ctx(world.a_id)):
            assert storage().load(f"g{world.a_id}/attachments/a") == b"A"


@pytest.mark.postgres
def test_blob_goes_with_a_rolled_back_transaction(app: Flask, world: World, owner_sql: SqlRunner) -> None:
    with app.app_context(), tenant_context(ctx(world.a_id)):
        storage().save(f"g{world.a_id}/attachments/lost", b"weg", "text/plain")
        db.session.rollback()
    lost = {"k": f"g{world.a_id}/attachments/lost"}
    assert owner_sql("SELECT count(*) AS n FROM stored_objects WHERE key = :k", **lost) == [{"n": 0}]
    assert owner_sql(
        "SELECT count(*) AS n FROM audit_events WHERE action = 'storage.saved' AND detail->>'key' = :k", **lost
    ) == [{"n": 0}]


def test_database_backend_on_sqlite(sqlite_app: Flask, sqlite_world: World) -> None:
    key = f"g{sqlite_world.a_id}/attachments/x"
    with sqlite_app.app_context():
        with tenant_context(ctx(sqlite_world.a_id)):
            storage().save(key, PDF, "application/pdf")
            db.session.commit()
            assert storage().load(key) == PDF
        with tenant_context(ctx(sqlite_world.b_id)), pytest.raises(TenantViolation):
            storage().load(key)
        size = db.session.execute(
            text("SELECT size, gemeente_id FROM stored_objects WHERE key = :k"), {"k": key}
        ).one()
        assert tuple(size) == (len(PDF), sqlite_world.a_id)


@pytest.mark.parametrize(
    "key",
    ["", "x1/a", "g0/a", "g1", "g1/", "g1//a", "g1/../a", "g1/a b", "/g1/a", "g01/a", "g1/" + "a" * 300, "gx/a"],
)
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        parse_key(key)


def test_keys_name_their_scope() -> None:
    assert parse_key("g12/attachments/ab.pdf").gemeente_id == 12
    region = parse_key("r3/lessons/x")
    assert (region.gemeente_id, region.region_id) == (None, 3)


def test_settings_choose_and_check_the_backend(tmp_path: object) -> None:
    base = {"REGIOTOEZICHT_ENV": "test"}
    assert load_config(str(tmp_path), base)["STORAGE_BACKEND"] == "database"
    with pytest.raises(ConfigError, match="STORAGE_BACKEND"):
        load_config(str(tmp_path), {**base, "STORAGE_BACKEND": "disk"})
    with pytest.raises(ConfigError, match="S3_BUCKET"):
        load_config(str(tmp_path), {**base, "STORAGE_BACKEND": "s3"})
    config = load_config(
        str(tmp_path),
        {**base, "STORAGE_BACKEND": "s3", "S3_BUCKET": "regio", "S3_ENDPOINT_URL": "https://s3.example",
         "S3_KEY_PREFIX": "/prod/"},
    )
    backend = build_storage(config)
    assert isinstance(backend, S3Storage)
    assert (backend.bucket, backend.endpoint_url) == ("regio", "https://s3.example")
    assert backend.object_name("g4/attachments/x") == "prod/g4/attachments/x"
    with pytest.raises(ValueError):
        backend.object_name("../etc/passwd")
    with pytest.raises(StorageError):
        S3Storage("")
