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
from sqlalchemy.orm import Session

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


def enqueue_after_commit(
    func: Callable[..., Any], *args: Any, queue: str = "default", retry: int = 0, **kwargs: Any
) -> None:
    """Run `func(*args, **kwargs)` once the current transaction has committed."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; known: {', '.join(QUEUES)}")
    for value in (*args, *kwargs.values()):
        if isinstance(value, db.Model):
            raise TypeError("jobs take ids, not ORM objects")
    db.session().info.setdefault("pending_jobs", []).append(
        PendingJob(func, args, kwargs, queue, retry)
    )


def redis_connection(app: Flask | None = None) -> Redis | None:
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    conn = app.extensions.get("regiotoezicht.redis")
    if conn is None:
        conn = Redis.from_url(url)
        app.extensions["regiotoezicht.redis"] = conn
    return conn


def get_queue(name: str, app: Flask | None = None) -> Queue:
    conn = redis_connection(app)
    if conn is None:
        raise RuntimeError("REDIS_URL is not set: jobs run in-process")
    return Queue(name, connection=conn)


def _after_commit(session: Session) -> None:
    pending: list[PendingJob] = session.info.pop("pending_jobs", [])
    if not pending:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    conn = redis_connection(app)
    for job in pending:
        if conn is not None:
            Queue(job.queue, connection=conn).enqueue(
                job.func, *job.args, retry=Retry(max=job.retry) if job.retry else None, **job.kwargs
            )
            continue
        try:
            job.func(*job.args, **job.kwargs)
        except Exception:  # the request has committed; an in-process job must not undo it
            log.exception("in-process job %s failed", getattr(job.func, "__name__", job.func))


def _after_rollback(session: Session) -> None:
    session.info.pop("pending_jobs", None)


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
        if not isinstance(gemeente_id, int):
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
        event.listen(session_cls, "after_rollback", _after_rollback)
        event.listen(session_cls, "after_soft_rollback", lambda s, t: _after_rollback(s))
