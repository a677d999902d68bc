"""The scheduler process: it only enqueues periodic jobs on RQ; workers run them.

Slices register their jobs when they are imported (deadline reminders, aggregate refresh):

    register_periodic("meldingen.deadline_reminders", timedelta(hours=1), send_reminders, queue="mail")

`flask regio scheduler` then wakes up every few seconds and enqueues each job that is due.
Whether a job is due lives in Redis, not in the process: enqueueing first takes a key with
`SET NX PX <period>`, which succeeds once per period. So a restart, a rolling update that briefly
runs two schedulers, or a second replica never runs a job twice within its period; the Helm chart
still runs exactly one scheduler (Recreate strategy).

A periodic job is called without arguments in a worker, so it is a module-level function wrapped
in `regiotoezicht.jobs.system_job` (or doing its own fan-out to one `tenant_job` per gemeente).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from redis import Redis
from rq import Queue

from regiotoezicht.jobs import QUEUES, redis_connection
from regiotoezicht.liveness import beat

log = logging.getLogger(__name__)

KEY_PREFIX = "regiotoezicht:scheduler:due:"
LAST_RUN_KEY = "regiotoezicht:scheduler:last-run"
MIN_PERIOD = timedelta(seconds=1)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    job: Callable[[], Any]
    queue: str = "default"

    @property
    def function_path(self) -> str:
        return f"{self.job.__module__}.{self.job.__qualname__}"


class Registry:
    """Periodic jobs by name. The module keeps one (`REGISTRY`); tests make their own."""

    def __init__(self) -> None:
        self._jobs: dict[str, PeriodicJob] = {}

    def register(self, name: str, every: timedelta, job: Callable[[], Any], queue: str = "default") -> PeriodicJob:
        if not name or len(name) > 100 or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"periodic job name {name!r}: letters, digits, '.', '_' and '-' only")
        if every < MIN_PERIOD:
            raise ValueError(f"periodic job {name}: a period of at least {MIN_PERIOD}, not {every}")
        if queue not in QUEUES:
            raise ValueError(f"periodic job {name}: unknown queue {queue!r}; known: {', '.join(QUEUES)}")
        qualname = getattr(job, "__qualname__", "")
        if not callable(job) or "<" in qualname or not getattr(job, "__module__", None):
            raise ValueError(f"periodic job {name}: a worker imports it by name, so use a module-level function")
        entry = PeriodicJob(name, every, job, queue)
        existing = self._jobs.get(name)
        if existing is not None and existing.function_path != entry.function_path:
            raise ValueError(f"periodic job {name} is already registered for {existing.function_path}")
        self._jobs[name] = entry
        return entry

    def jobs(self) -> list[PeriodicJob]:
        return sorted(self._jobs.values(), key=lambda j: j.name)


REGISTRY = Registry()


def register_periodic(name: str, every: timedelta, job: Callable[[], Any], queue: str = "default") -> PeriodicJob:
    """Enqueue `job()` on `queue` once every `every` (call at import time of the slice)."""
    return REGISTRY.register(name, every, job, queue)


def due_key(name: str) -> str:
    return KEY_PREFIX + name


class Scheduler:
    """Enqueues due jobs of a registry on the queues of one Redis."""

    def __init__(self, conn: Redis, registry: Registry | None = None) -> None:
        self.conn = conn
        self.registry = registry or REGISTRY

    def run_due(self) -> list[str]:
        """Enqueue every job whose period has passed; return their names."""
        enqueued = []
        for entry in self.registry.jobs():
            now = datetime.now(UTC)
            period_ms = max(1, int(entry.every.total_seconds() * 1000))
            # Taken once per period, whoever asks: this is what prevents a double run.
            if not self.conn.set(due_key(entry.name), now.isoformat(), nx=True, px=period_ms):
                continue
            try:
                Queue(entry.queue, connection=self.conn).enqueue_call(
                    entry.job,
                    description=f"periodiek: {entry.name}",
                    meta={"periodic": entry.name},
                    # A run that waits longer than its period is superseded by the next one.
                    ttl=max(60, int(entry.every.total_seconds())),
                )
            except Exception:
                # Not enqueued: give the period back, so the next tick tries again.
                self.conn.delete(due_key(entry.name))
                raise
            self.conn.hset(LAST_RUN_KEY, entry.name, now.isoformat())
            log.info("periodic job enqueued", extra={"periodic_job": entry.name, "queue": entry.queue})
            enqueued.append(entry.name)
        return enqueued

    def status(self) -> list[dict[str, Any]]:
        """Per job: its period, queue, last enqueue and the time until it is due again."""
        last = {k.decode(): v.decode() for k, v in self.conn.hgetall(LAST_RUN_KEY).items()}
        rows = []
        for entry in self.registry.jobs():
            ttl_ms = self.conn.pttl(due_key(entry.name))
            rows.append({
                "name": entry.name,
                "every": entry.every,
                "queue": entry.queue,
                "function": entry.function_path,
                "last_run": last.get(entry.name),
                "due_in": timedelta(milliseconds=ttl_ms) if ttl_ms and ttl_ms > 0 else timedelta(0),
            })
        return rows

    def run_forever(self, tick: float = 5.0, stop: threading.Event | None = None) -> None:
        """Tick until `stop` is set (SIGTERM/SIGINT set it in the CLI)."""
        stop = stop or threading.Event()
        log.info("scheduler started", extra={"periodic_jobs": [j.name for j in self.registry.jobs()]})
        while not stop.is_set():
            try:
                self.run_due()
                beat()  # only a tick that reached Redis counts as alive
            except Exception:  # Redis away for a moment: log and try again next tick
                log.exception("scheduler tick failed")
            stop.wait(tick)
        log.info("scheduler stopped")


def scheduler_for(app: Flask) -> Scheduler:
    conn = redis_connection(app)
    if conn is None:
        raise RuntimeError("REDIS_URL is not set: there is no queue to enqueue periodic jobs on")
    return Scheduler(conn)


def stop_on_signals(stop: threading.Event) -> None:
    """Kubernetes stops a pod with SIGTERM: finish the tick and leave."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
