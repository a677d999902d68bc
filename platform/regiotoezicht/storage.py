"""Blob storage for uploads and generated PDFs: PostgreSQL or an S3-compatible object store.

Never the web server's or a pod's disk: every replica and worker must read what another wrote,
and a pod's filesystem is gone with the pod. STORAGE_BACKEND chooses:

- `database` (default): the table `stored_objects`, in the caller's transaction, so a blob
  commits or rolls back together with the row that points at it. Works on SQLite (the demo).
- `s3`: a bucket of an S3-compatible store (MinIO, Ceph, a cloud's). An upload is written at
  once and removed again when the transaction rolls back; a delete waits for the commit.

Keys are made by the caller: `g{gemeente_id}/{kind}/{uuid}` for a gemeente's object and
`r{region_id}/{kind}/{uuid}` for a region-level one. Every call needs a tenant context, and a
`g` key one that allows that gemeente (both backends check it); in the database the table is
tenant-scoped like the audit log (allowed gemeenten plus region-level rows), and in PostgreSQL
row-level security binds the same rule to a `gemeente_id` column that a CHECK
constraint ties to the key, so a forged row cannot slip past the policy.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from flask import Flask, current_app
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from regiotoezicht import audit
from regiotoezicht.context import TenantContextMissing, TenantViolation, current_tenant_context
from regiotoezicht.db import Base, utcnow
from regiotoezicht.extensions import db

log = logging.getLogger(__name__)

BACKENDS = ("database", "s3")

#: `g12/attachments/3f…` or `r3/reports/…`: a scope letter and id, then safe path segments.
KEY_RE = re.compile(r"^(?P<scope>[gr])(?P<id>[1-9][0-9]{0,9})/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")
MAX_KEY_LENGTH = 300

#: The rule of the CHECK constraint (PostgreSQL): gemeente_id is exactly the id in a `g` key.
KEY_CHECK_SQL = (
    "key ~ '^[gr][1-9][0-9]{0,9}/' AND gemeente_id IS NOT DISTINCT FROM "
    "CAST(substring(key FROM '^g([0-9]+)/') AS integer)"
)


class StorageError(RuntimeError):
    """The object store refused or failed an operation."""


class ObjectNotFound(KeyError):
    """No object is stored under this key (or it is outside the tenant context)."""


class StoredObject(Base):
    """One blob of the database backend. Rows are read and written with ORM bulk statements, not
    objects: the content never sits in the identity map, and the statements are tenant-scoped."""

    __tablename__ = "stored_objects"
    __audit_skip__ = True
    #: Tenant scoping (layer 1) as for the audit log: the allowed gemeenten plus region-level rows.
    __tenant_scope__ = "nullable"
    __table_args__ = (CheckConstraint(KEY_CHECK_SQL, name="key_scope").ddl_if(dialect="postgresql"),)

    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    #: Derived from a `g` key; NULL for a region-level `r` key.
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True)
class ParsedKey:
    key: str
    gemeente_id: int | None
    region_id: int | None


def parse_key(key: str) -> ParsedKey:
    """Validate a key and read its scope; a bad key is a programming error (ValueError)."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"storage key must be a string of at most {MAX_KEY_LENGTH} characters")
    match = KEY_RE.match(key)
    if match is None or any(part in {".", ".."} for part in key.split("/")):
        raise ValueError(f"storage key {key!r} must look like g<gemeente id>/<kind>/<name> or r<region id>/…")
    number = int(match["id"])
    if match["scope"] == "g":
        return ParsedKey(key, gemeente_id=number, region_id=None)
    return ParsedKey(key, gemeente_id=None, region_id=number)


def check_access(key: str) -> ParsedKey:
    """Every call needs a tenant context (an empty one will do for a region-level key), and a
    gemeente's key one that allows that gemeente: we fail closed, whatever the backend."""
    parsed = parse_key(key)
    ctx = current_tenant_context()
    if ctx is None:
        raise TenantContextMissing(f"storage key {key!r}: set a tenant context first")
    if parsed.gemeente_id is not None and parsed.gemeente_id not in ctx.allowed_ids:
        raise TenantViolation(f"storage key {key!r} is outside the allowed gemeenten")
    return parsed


class Storage(Protocol):
    name: str

    def save(self, key: str, data: bytes, content_type: str) -> None: ...

    def load(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


class DatabaseStorage:
    """Blobs in `stored_objects`, inside the current transaction of the app's session."""

    name = "database"

    def save(self, key: str, data: bytes, content_type: str) -> None:
        parsed = check_access(key)
        data = bytes(data)
        values = {"content": data, "content_type": content_type, "size": len(data)}
        session = db.session
        replaced = session.execute(
            update(StoredObject).where(StoredObject.key == key).values(**values),
            execution_options={"synchronize_session": False},
        ).rowcount
        if not replaced:
            session.execute(
                insert(StoredObject).values(
                    key=key, gemeente_id=parsed.gemeente_id, created_at=utcnow(), **values
                )
            )
        _audit("storage.saved", parsed, size=len(data))

    def load(self, key: str) -> bytes:
        check_access(key)
        content = db.session.execute(
            select(StoredObject.content).where(StoredObject.key == key)
        ).scalar_one_or_none()
        if content is None:
            raise ObjectNotFound(key)
        return bytes(content)

    def delete(self, key: str) -> None:
        parsed = check_access(key)
        removed = db.session.execute(
            delete(StoredObject).where(StoredObject.key == key),
            execution_options={"synchronize_session": False},
        ).rowcount
        if removed:
            _audit("storage.deleted", parsed)


class S3Storage:
    """Blobs in a bucket of an S3-compatible store, through boto3 (imported when first used).

    Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the
    environment, or a web identity in Kubernetes), never from our settings.
    """

    name = "s3"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 prefix: str = "", client: Any = None) -> None:
        if not bucket:
            raise StorageError("S3_BUCKET is not set")
        self.bucket = bucket
        self.endpoint_url = endpoint_url or None
        self.region = region or None
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            try:
                import boto3  # the extra `s3`; the database backend needs no boto3
                from botocore.config import Config
            except ImportError as exc:  # pragma: no cover - depends on the installation
                raise StorageError("STORAGE_BACKEND=s3 needs boto3: pip install 'regiotoezicht[s3]'") from exc
            self._client = boto3.client(
                "s3",
                endpoint_url=self.endpoint_url,
                region_name=self.region,
                config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}),
            )
        return self._client

    def object_name(self, key: str) -> str:
        return self.prefix + parse_key(key).key

    def save(self, key: str, data: bytes, content_type: str) -> None:
        parsed = check_access(key)
        self.client.put_object(
            Bucket=self.bucket, Key=self.object_name(key), Body=bytes(data), ContentType=content_type
        )
        # Written now so the commit can point at it; removed again if the transaction rolls back.
        _pending(db.session(), "storage_saved").append((self, key))
        _audit("storage.saved", parsed, size=len(data))

    def load(self, key: str) -> bytes:
        check_access(key)
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.object_name(key))
        except Exception as exc:
            if _is_missing(exc):
                raise ObjectNotFound(key) from exc
            raise
        return bytes(response["Body"].read())

    def delete(self, key: str) -> None:
        parsed = check_access(key)
        # A delete that the transaction later rolls back must not have lost the object.
        _pending(db.session(), "storage_deletes").append((self, key))
        _audit("storage.deleted", parsed)

    def remove_now(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.object_name(key))


def _is_missing(exc: Exception) -> bool:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code")
    return code in {"NoSuchKey", "404", "NotFound"}


def _audit(action: str, parsed: ParsedKey, **detail: Any) -> None:
    audit.record(action, gemeente_id=parsed.gemeente_id, detail={"key": parsed.key, **detail})


def _pending(session: Session, name: str) -> list[tuple[S3Storage, str]]:
    if not session.in_transaction():
        session.begin()
    return session.info.setdefault(name, [])


def _remove_all(entries: list[tuple[S3Storage, str]], why: str) -> None:
    for backend, key in entries:
        try:
            backend.remove_now(key)
        except Exception:  # the transaction has ended; an orphan is logged, not raised
            log.exception("could not remove object %s from the object store (%s)", key, why)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop("storage_saved", None)
    _remove_all(session.info.pop("storage_deletes", []), "deleted in a committed transaction")


def _after_transaction_end(session: Session, transaction: Any) -> None:
    # The outer transaction ended without a commit (rollback or close): what it uploaded goes,
    # what it meant to delete stays.
    if transaction.parent is not None:
        return
    session.info.pop("storage_deletes", None)
    _remove_all(session.info.pop("storage_saved", []), "saved in a transaction that did not commit")


def build_storage(config: dict[str, Any]) -> Storage:
    backend = config.get("STORAGE_BACKEND", "database")
    if backend == "database":
        return DatabaseStorage()
    if backend == "s3":
        return S3Storage(
            config.get("S3_BUCKET", ""),
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region=config.get("S3_REGION") or None,
            prefix=config.get("S3_KEY_PREFIX", ""),
        )
    raise StorageError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")


def storage(app: Flask | None = None) -> Storage:
    """The app's blob store (built once per app)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.extensions.get("regiotoezicht.storage")
    if backend is None:
        backend = build_storage(app.config)
        app.extensions["regiotoezicht.storage"] = backend
    return backend


def init_app(app: Flask) -> None:
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    if not event.contains(session_cls, "after_commit", _after_commit):
        event.listen(session_cls, "after_commit", _after_commit)
        event.listen(session_cls, "after_transaction_end", _after_transaction_end)
    app.extensions["regiotoezicht.storage"] = build_storage(app.config)
