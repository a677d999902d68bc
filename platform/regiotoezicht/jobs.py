"""Background jobs on RQ: queue names, enqueue-after-commit, and the tenant job wrapper.

Jobs take ids (always the gemeente id for tenant work), never ORM objects. They are held until
the transaction commits and dropped on rollback, so a worker never looks for a row that does not
exist. With REDIS_URL unset (the embedded default) they run in-process right after the commit.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from flask import Flask, current_app, has_app_context
from redis import Redis
from rq import Queue, Retry
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from regiotoezicht.audit import acting_as
from regiotoezicht.context import TenantContext, TenantContextMissing, tenant_context
from regiotoezicht.extensions import db

log = logging.getLogger(__name__)

#: One queue per workload (the Helm chart runs one worker Deployment per queue).
QUEUES = ("default", "mail", "reports")

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class PendingJob:
    func: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    queue: str = "default"
    retry: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    #: The savepoint the job was enqueued in (None: the outer transaction); it goes with it.
    savepoint: SessionTransaction | None = None


def enqueue_after_commit(
    func: Callable[..., Any], *args: Any, queue: str = "default", retry: int = 0, **kwargs: Any
) -> None:
    """Run `func(*args, **kwargs)` once the current transaction has committed.

    The job is dropped when the transaction rolls back; when only a savepoint rolls back, only
    the jobs enqueued inside it are.
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; known: {', '.join(QUEUES)}")
    if any(_holds_orm_object(value) for value in (*args, *kwargs.values())):
        raise TypeError("jobs take ids, not ORM objects")
    session = db.session()
    if not session.in_transaction():
        # rollback() without a transaction fires no event: begin one, so the job belongs to it.
        session.begin()
    session.info.setdefault("pending_jobs", []).append(
        PendingJob(func, args, kwargs, queue, retry, savepoint=session.get_nested_transaction())
    )


def _holds_orm_object(value: Any) -> bool:
    if hasattr(value, "_sa_instance_state"):  # any mapped instance, whatever its base class
        return True
    if isinstance(value, dict):
        return any(_holds_orm_object(v) for v in (*value.keys(), *value.values()))
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_orm_object(v) for v in value)
    return False


def redis_connection(app: Flask | None = None) -> Redis | None:
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    conn = app.extensions.get("regiotoezicht.redis")
    if conn is None:
        conn = Redis.from_url(
            url,
            socket_timeout=app.config.get("REDIS_SOCKET_TIMEOUT", 5),
            socket_connect_timeout=app.config.get("REDIS_CONNECT_TIMEOUT", 2),
            health_check_interval=30,
        )
        app.extensions["regiotoezicht.redis"] = conn
    return conn


def get_queue(name: str, app: Flask | None = None) -> Queue:
    conn = redis_connection(app)
    if conn is None:
        raise RuntimeError("REDIS_URL is not set: jobs run in-process")
    return Queue(name, connection=conn)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the jobs wait for the outer commit
    pending: list[PendingJob] = session.info.pop("pending_jobs", [])
    if not pending:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    conn = redis_connection(app)
    for job in pending:
        if conn is not None:
            # enqueue_call keeps the job's kwargs apart: enqueue() would take `description`,
            # `meta`, `ttl`… for RQ itself and call the job without them.
            Queue(job.queue, connection=conn).enqueue_call(
                job.func, args=job.args, kwargs=job.kwargs,
                retry=Retry(max=job.retry) if job.retry else None,
            )
            continue
        try:
            job.func(*job.args, **job.kwargs)
        except Exception:  # the request has committed; an in-process job must not undo it
            log.exception("in-process job %s failed", getattr(job.func, "__name__", job.func))


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # The outer transaction ended: its jobs were sent by _after_commit, or it rolled back or
    # was closed, and they are dropped.
    if transaction.parent is None:
        session.info.pop("pending_jobs", None)


def _after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """A savepoint rolled back: drop the jobs enqueued inside it, keep the others."""
    pending: list[PendingJob] | None = session.info.get("pending_jobs")
    if not pending or not previous_transaction.nested:
        return
    pending[:] = [job for job in pending if not _inside(job.savepoint, previous_transaction)]


def _inside(savepoint: SessionTransaction | None, rolled_back: SessionTransaction) -> bool:
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


_worker_app: Flask | None = None
APP_FACTORY = os.environ.get("REGIOTOEZICHT_APP_FACTORY", "regiotoezicht.app:create_app")


def job_app() -> Flask:
    """The app a job runs in: the current one in-process, or one created once per worker."""
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        # A bare `rq worker` process has no app yet: build it by name, as gunicorn does.
        module, _, factory = APP_FACTORY.partition(":")
        _worker_app = getattr(importlib.import_module(module), factory)()
    return _worker_app


def _run_in_app(ctx: TenantContext | None, func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    with job_app().app_context():
        with acting_as(None), tenant_context(ctx):
            try:
                result = func(*args, **kwargs)
                db.session.commit()
                return result
            except BaseException:
                db.session.rollback()
                raise
            finally:
                db.session.remove()


def tenant_job(func: Callable[P, R]) -> Callable[P, R]:
    """A job for one gemeente: its first argument is the gemeente id; it runs in that context.

    A fresh app context and session, the tenant context of that one gemeente, one commit at the
    end. Without a gemeente id the job fails closed.
    """

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        gemeente_id = args[0] if args else kwargs.get("gemeente_id")
        if isinstance(gemeente_id, bool) or not isinstance(gemeente_id, int):  # True == 1
            raise TenantContextMissing(f"job {func.__name__} needs a gemeente id, got {gemeente_id!r}")
        ctx = TenantContext(
            allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason=f"job:{func.__name__}"
        )
        return _run_in_app(ctx, func, *args, **kwargs)

    return run


def system_job(func: Callable[P, R]) -> Callable[P, R]:
    """A job that touches no tenant data (sending mail): tenant tables stay closed to it."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return _run_in_app(None, func, *args, **kwargs)

    return run


def init_app(app: Flask) -> None:
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    if not event.contains(session_cls, "after_commit", _after_commit):
        event.listen(session_cls, "after_commit", _after_commit)
        event.listen(session_cls, "after_transaction_end", _after_transaction_end)
        event.listen(session_cls, "after_soft_rollback", _after_soft_rollback)
