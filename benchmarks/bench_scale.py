"""Figures for docs/scaling.md: the audit log at national size, blob storage, and the job queue.

- the audit log (the largest table: every write adds a row) with 342 gemeenten, read as the app
  role under RLS: one gemeente's newest page, a region's (10 gemeenten), a month's count; then
  again with a composite index (gemeente_id, occurred_at);
- blob storage in PostgreSQL: saving and loading 1 MB objects through regiotoezicht.storage;
- RQ: enqueueing and running no-op system jobs with one worker process.

Run on demand against the throwaway PostgreSQL and Redis of make: `make bench`
(BENCH_AUDIT_PER_GEMEENTE=3000 gives ~1 million audit rows). Prints figures; asserts nothing.
Resets the schema, so never point it at real data.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from flask_migrate import upgrade
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import create_engine, text

from regiotoezicht.app import create_app
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import system_job
from regiotoezicht.storage import storage
from tenants.reference import load_reference_data

PER_GEMEENTE = int(os.environ.get("BENCH_AUDIT_PER_GEMEENTE", "3000"))
BLOBS = int(os.environ.get("BENCH_BLOBS", "40"))
JOBS = int(os.environ.get("BENCH_JOBS", "500"))


def timed(label: str, fn: Callable[[], object], repeat: int = 50) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    median = statistics.median(samples)
    print(f"{label:92} median {median:8.2f} ms   p95 {samples[int(len(samples) * 0.95) - 1]:8.2f} ms")
    return median


@system_job
def noop_job() -> None:
    """The cheapest job: an app context, a session and a commit, as every real job has."""


def audit_log(app: object, owner: object, ids: list[int]) -> None:
    with owner.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("SELECT set_config('app.gemeente_ids', :ids, true)"), {"ids": ",".join(map(str, ids))})
        conn.execute(text(
            "INSERT INTO audit_events (occurred_at, gemeente_id, action, object_type, object_id, actor_user_id) "
            "SELECT now() - (n * interval '6 hours') - (g * interval '1 second'), g, 'contact.updated', 'GemeenteContact', n::text, NULL "
            "FROM unnest(CAST(:ids AS integer[])) AS g, generate_series(1, :per) AS n"
        ), {"ids": ids, "per": PER_GEMEENTE})
        conn.execute(text("ANALYZE audit_events"))
        size = conn.execute(text("SELECT pg_size_pretty(pg_total_relation_size('audit_events'))")).scalar()
    print(f"audit_events: {len(ids)} gemeenten x {PER_GEMEENTE} = {len(ids) * PER_GEMEENTE} rows, {size} with indexes")
    one, region = ids[:1], ids[:10]
    # As raw SQL, RLS alone limits the rows; through the ORM, tenant scoping also adds
    # `gemeente_id IN (...)` to the statement (the planner can use that, it cannot use the policy).
    newest = "SELECT id, occurred_at, action FROM audit_events {where} ORDER BY occurred_at DESC LIMIT 50"
    month = "SELECT count(*) FROM audit_events WHERE occurred_at > now() - interval '30 days' {also}"

    def measure(suffix: str) -> None:
        with app.app_context():  # type: ignore[attr-defined]
            for label, allowed in (("one gemeente", one), ("a region (10 gemeenten)", region)):
                scoped = f"gemeente_id IN ({','.join(map(str, allowed))})"
                with tenant_context(TenantContext(allowed_ids=frozenset(allowed), reason="bench")):
                    for how, where, also in (("RLS only", "", ""), ("RLS + ORM filter", f"WHERE {scoped}", f"AND {scoped}")):
                        timed(f"newest 50 audit rows, {label}, {how}{suffix}",
                              lambda: db.session.execute(text(newest.format(where=where))).all())
                        timed(f"audit rows of the last 30 days, {label}, {how}{suffix}",
                              lambda: db.session.execute(text(month.format(also=also))).scalar(), repeat=20)
                    db.session.rollback()

    measure("")
    with owner.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("CREATE INDEX ix_bench_audit_gemeente_time ON audit_events (gemeente_id, occurred_at)"))
        conn.execute(text("ANALYZE audit_events"))
    measure(", + index (gemeente_id, occurred_at)")
    # A region's newest rows as one ordered index scan per gemeente, merged: what the composite
    # index makes possible where `gemeente_id IN (...) ORDER BY occurred_at` cannot use it.
    lateral = text(
        "SELECT e.id, e.occurred_at, e.action FROM unnest(CAST(:ids AS integer[])) AS g(id) "
        "CROSS JOIN LATERAL (SELECT id, occurred_at, action FROM audit_events WHERE gemeente_id = g.id "
        "ORDER BY occurred_at DESC LIMIT 50) AS e ORDER BY e.occurred_at DESC LIMIT 50"
    )
    with app.app_context():  # type: ignore[attr-defined]
        with tenant_context(TenantContext(allowed_ids=frozenset(region), reason="bench")):
            timed("newest 50 audit rows, a region (10 gemeenten), one index scan per gemeente (LATERAL)",
                  lambda: db.session.execute(lateral, {"ids": region}).all())
            db.session.rollback()


def blobs(app: object, gemeente_id: int) -> None:
    payload = os.urandom(1024 * 1024)
    keys = [f"g{gemeente_id}/bench/{i}" for i in range(BLOBS)]
    with app.app_context(), tenant_context(TenantContext(allowed_ids=frozenset({gemeente_id}), reason="bench")):  # type: ignore[attr-defined]
        start = time.perf_counter()
        for key in keys:
            storage().save(key, payload, "application/pdf")
            db.session.commit()
        save = (time.perf_counter() - start) * 1000 / BLOBS
        start = time.perf_counter()
        for key in keys:
            assert len(storage().load(key)) == len(payload)
            db.session.rollback()
        load = (time.perf_counter() - start) * 1000 / BLOBS
        size = db.session.execute(text("SELECT pg_size_pretty(pg_total_relation_size('stored_objects'))")).scalar()
    print(f"stored_objects: {BLOBS} x 1 MiB; save+commit {save:.1f} ms per MiB, load {load:.1f} ms per MiB; table {size}")


def queue(app: object) -> None:
    conn = Redis.from_url(os.environ["REDIS_URL"])
    conn.flushdb()
    q = Queue("default", connection=conn)
    start = time.perf_counter()
    for _ in range(JOBS):
        q.enqueue_call(noop_job)
    enqueue = JOBS / (time.perf_counter() - start)
    with app.app_context():  # type: ignore[attr-defined]
        start = time.perf_counter()
        SimpleWorker([q], connection=conn).work(burst=True, logging_level="WARNING")
        run = JOBS / (time.perf_counter() - start)
    conn.flushdb()
    print(f"RQ: enqueue {enqueue:.0f} jobs/s; one worker process runs {run:.0f} no-op jobs/s "
          "(without fork per job; `rq worker` forks, see docs/scaling.md)")


def main() -> None:
    owner = create_engine(os.environ["DATABASE_OWNER_URL"])
    with owner.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    app = create_app({"TESTING": True})
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
        ids = [row[0] for row in db.session.execute(text("SELECT id FROM gemeenten ORDER BY id"))]
    audit_log(app, owner, ids)
    blobs(app, ids[0])
    queue(app)
    owner.dispose()


if __name__ == "__main__":
    main()
