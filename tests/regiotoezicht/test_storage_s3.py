"""The S3 backend against an S3-compatible server over HTTP: moto's server (the S3 API as AWS
defines it, run here on loopback; we cannot run MinIO or Ceph in the suite). boto3 talks to it as
it would to any endpoint. What a real store adds (its own consistency and permissions) is not
tested here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from regiotoezicht.context import TenantContext, TenantViolation, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.storage import ObjectNotFound, S3Storage, storage
from tests.factories import World
from tests.regiotoezicht.conftest import SqlRunner, extra_app

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BUCKET = "regiotoezicht-test"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture()
def s3(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    # Credentials come from the environment, as in production (the Secret of the Helm chart).
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-access-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret-key")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture()
def s3_app(app: Flask, endpoint: str, s3: object) -> Iterator[Flask]:
    config = {"STORAGE_BACKEND": "s3", "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": endpoint,
              "S3_REGION": "us-east-1", "S3_KEY_PREFIX": "prod"}
    with extra_app(config) as configured:
        yield configured


def ctx(*ids: int) -> TenantContext:
    return TenantContext(allowed_ids=frozenset(ids), reason="test")


def names(s3: object) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))  # type: ignore[attr-defined]


def test_save_load_delete_through_the_bucket(s3_app: Flask, s3: object, world: World, owner_sql: SqlRunner) -> None:
    key = f"g{world.a_id}/reports/rapport.pdf"
    with s3_app.app_context(), tenant_context(ctx(world.a_id)):
        assert isinstance(storage(), S3Storage)
        storage().save(key, b"%PDF-1.7 rapport", "application/pdf")
        db.session.commit()
        assert storage().load(key) == b"%PDF-1.7 rapport"
    head = s3.head_object(Bucket=BUCKET, Key=f"prod/{key}")  # type: ignore[attr-defined]
    assert head["ContentType"] == "application/pdf" and head["ContentLength"] == 16
    audited = owner_sql("SELECT gemeente_id, detail FROM audit_events WHERE action = 'storage.saved'"
                        " AND detail->>'key' = :k", k=key)
    assert audited == [{"gemeente_id": world.a_id, "detail": {"key": key, "size": 16}}]

    with s3_app.app_context(), tenant_context(ctx(world.a_id)):
        storage().delete(key)
        assert names(s3) == [f"prod/{key}"]  # still there until the commit
        db.session.commit()
        assert names(s3) == []
        with pytest.raises(ObjectNotFound):
            storage().load(key)


def test_rolled_back_upload_is_removed_and_rolled_back_delete_keeps_the_object(
    s3_app: Flask, s3: object, world: World
) -> None:
    kept, lost = f"g{world.a_id}/attachments/kept", f"g{world.a_id}/attachments/lost"
    with s3_app.app_context(), tenant_context(ctx(world.a_id)):
        storage().save(kept, b"blijft", "text/plain")
        db.session.commit()
        storage().save(lost, b"weg", "text/plain")
        assert names(s3) == [f"prod/{kept}", f"prod/{lost}"]
        db.session.rollback()
        assert names(s3) == [f"prod/{kept}"]
        storage().delete(kept)
        db.session.rollback()
        assert storage().load(kept) == b"blijft"


def test_another_gemeente_cannot_reach_the_object(s3_app: Flask, s3: object, world: World) -> None:
    key = f"g{world.a_id}/attachments/a"
    with s3_app.app_context():
        with tenant_context(ctx(world.a_id)):
            storage().save(key, b"A", "text/plain")
            db.session.commit()
        with tenant_context(ctx(world.b_id)):
            for attempt in (lambda: storage().load(key), lambda: storage().delete(key),
                            lambda: storage().save(key, b"B", "text/plain")):
                with pytest.raises(TenantViolation):
                    attempt()
            db.session.rollback()
    assert s3.get_object(Bucket=BUCKET, Key=f"prod/{key}")["Body"].read() == b"A"  # type: ignore[attr-defined]
