"""The audit log: an append-only record of every write and every refused access.

Services call record() for what a change means ("membership.granted"); a flush hook records every
insert, update and delete as a safety net, so no write escapes the log. Rows refer to personal
data by object id and field name and never copy values, so data can be destroyed on request
while the log keeps that it happened. Rows are written with a plain INSERT (no RETURNING), so
the PostgreSQL app role can add rows for any gemeente while it may read only its allowed ones.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from regiotoezicht.db import Base, utcnow
from regiotoezicht.extensions import db


class AuditEvent(Base):
    __tablename__ = "audit_events"
    #: Read through the tenant scoping: rows of allowed gemeenten, plus region-level rows.
    __tenant_scope__ = "nullable"
    __audit_skip__ = True

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    gemeente_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str | None] = mapped_column(String(80))
    object_id: Mapped[str | None] = mapped_column(String(80))
    #: Names of the fields that changed; never their values.
    fields: Mapped[list[str] | None] = mapped_column(JSON)
    #: Non-personal context (a reason code, a role name, the tenant set of a CLI run).
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))
    ip_address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_object", "object_type", "object_id"),
        # A one-row Core INSERT would otherwise add RETURNING id, and RLS then demands that the
        # new row be readable: a refusal for a gemeente outside the set could not be written.
        {"implicit_returning": False},
    )


_actor: contextvars.ContextVar[int | None] = contextvars.ContextVar("audit_actor", default=None)
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


@contextmanager
def acting_as(user_id: int | None, request_id: str | None = None) -> Iterator[None]:
    """Name the actor of writes outside a request (jobs, CLI commands)."""
    t1 = _actor.set(user_id)
    t2 = _request_id.set(request_id or f"job-{uuid.uuid4().hex[:12]}")
    try:
        yield
    finally:
        _actor.reset(t1)
        _request_id.reset(t2)


def current_actor_id() -> int | None:
    if has_request_context():
        # Do not trigger the user loader from inside a flush: use what login already loaded.
        user = g.get("_login_user")
        if user is not None and getattr(user, "is_authenticated", False):
            return int(user.id)
    return _actor.get()


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return _request_id.get()


def omit_client_ip() -> None:
    """Keep no IP address in this request's audit rows: public forms (the meldpunt) are used by
    residents and care workers who need not be traceable by address for as long as the log is
    kept. Abuse is limited by the rate limit, which keeps only a hash, briefly, in Redis."""
    g.audit_omit_ip = True


def _client_ip() -> str | None:
    if not has_request_context() or g.get("audit_omit_ip"):
        return None
    return request.remote_addr


def _row(
    action: str,
    *,
    gemeente_id: int | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    fields: list[str] | None = None,
    detail: dict[str, Any] | None = None,
    actor_user_id: int | None = None,
) -> dict[str, Any]:
    return {
        "occurred_at": utcnow(),
        "actor_user_id": actor_user_id if actor_user_id is not None else current_actor_id(),
        "gemeente_id": gemeente_id,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "fields": fields,
        "detail": detail,
        "request_id": current_request_id(),
        "ip_address": _client_ip(),
    }


def record(
    action: str,
    obj: Any = None,
    *,
    gemeente_id: int | None = None,
    detail: dict[str, Any] | None = None,
    fields: list[str] | None = None,
    actor_user_id: int | None = None,
) -> None:
    """Add an audit row to the current transaction: it commits or rolls back with the change."""
    if obj is not None and gemeente_id is None:
        gemeente_id = audit_gemeente_id(obj)
    db.session.execute(
        insert(AuditEvent.__table__),
        [
            _row(
                action,
                gemeente_id=gemeente_id,
                object_type=type(obj).__name__ if obj is not None else None,
                object_id=_primary_key(obj) if obj is not None else None,
                fields=fields,
                detail=detail,
                actor_user_id=actor_user_id,
            )
        ],
    )


def record_outside_transaction(action: str, **kwargs: Any) -> None:
    """Write an audit row that must survive the request's rollback (refused access, failed login).

    The request's own work is rolled back first: a refused request has changed nothing.
    """
    db.session.rollback()
    db.session.execute(insert(AuditEvent.__table__), [_row(action, **kwargs)])
    db.session.commit()


def audit_gemeente_id(obj: Any) -> int | None:
    attr = getattr(type(obj), "__audit_gemeente_attr__", "gemeente_id")
    value = getattr(obj, attr, None)
    return int(value) if value is not None else None


def _primary_key(obj: Any) -> str | None:
    # Read the key from the instance: in after_flush a new object has its id but no identity yet.
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    if not key or any(part is None for part in key):
        return None
    return ",".join(str(part) for part in key)


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    return sorted(
        attr.key
        for attr in state.attrs
        if attr.key in state.mapper.column_attrs and attr.history.has_changes()
    )


def _after_flush(session: Session, flush_context: Any) -> None:
    rows = []
    for kind, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if getattr(type(obj), "__audit_skip__", False):
                continue
            fields = None
            if kind == "update":
                fields = _changed_fields(obj)
                if not fields:
                    continue
            elif kind == "create":
                fields = sorted(a.key for a in inspect(obj).mapper.column_attrs)
            rows.append(
                _row(
                    f"{type(obj).__tablename__}.{kind}",
                    gemeente_id=audit_gemeente_id(obj),
                    object_type=type(obj).__name__,
                    object_id=_primary_key(obj),
                    fields=fields,
                )
            )
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def init_app(app: Any) -> None:
    """Attach the safety-net hook to Flask-SQLAlchemy's session class (once per process)."""
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    if not event.contains(session_cls, "after_flush", _after_flush):
        event.listen(session_cls, "after_flush", _after_flush)
