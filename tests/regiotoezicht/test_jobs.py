"""Background jobs with a real Redis and a real RQ worker: held until commit, dropped on
rollback, run in the tenant context of their gemeente, retried, failing closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.context import TenantContextMissing, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import enqueue_after_commit
from tests.conftest import login
from tests.factories import PASSWORD, World, all_context, gemeente
from tests.regiotoezicht import sample_jobs
from tests.regiotoezicht.conftest import SqlRunner

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def contacts(owner_sql: SqlRunner, gemeente_id: int) -> list[dict[str, object]]:
    return owner_sql(
        "SELECT id, name, function FROM gemeente_contacts WHERE gemeente_id = :g ORDER BY id", g=gemeente_id
    )


def only_job(conn: Redis, queue: str = "default") -> Job:
    ids = Queue(queue, connection=conn).job_ids
    assert len(ids) == 1, ids
    return Job.fetch(ids[0], connection=conn)


def test_job_waits_for_the_commit_of_the_request(
    app: Flask, routes_app: Flask, world: World, redis_conn: Redis, run_worker, owner_sql: SqlRunner
) -> None:
    client = routes_app.test_client()
    login(client, world.admin_a, PASSWORD)
    response = client.get(f"/g/{world.a_slug}/test-jobs/commit?label=na-commit")
    assert response.status_code == 200
    assert response.json["queued_before_commit"] == {"default": 0, "mail": 0, "reports": 0}

    job = only_job(redis_conn)  # enqueued by the commit
    assert job.func_name == "tests.regiotoezicht.sample_jobs.label_contact"
    assert job.args == (world.a_id, response.json["contact_id"])
    assert job.kwargs == {"description": "na-commit"}  # not taken by RQ as the job's description

    run_worker("default", on=routes_app)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    row = next(c for c in contacts(owner_sql, world.a_id) if c["id"] == response.json["contact_id"])
    assert row["function"] == "na-commit"


def test_job_is_dropped_when_the_request_rolls_back(
    app: Flask, routes_app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner
) -> None:
    client = routes_app.test_client()
    login(client, world.admin_a, PASSWORD)
    response = client.get(f"/g/{world.a_slug}/test-jobs/rollback?label=nooit")
    assert response.status_code == 409
    assert response.json["queued_before_commit"]["default"] == 0
    assert Queue("default", connection=redis_conn).count == 0
    assert [c["name"] for c in contacts(owner_sql, world.a_id)] == ["Contact Delft"]

    # The next transaction on the same session does not pick the dropped job up.
    with routes_app.app_context():
        db.session.commit()
    assert Queue("default", connection=redis_conn).count == 0


def test_enqueue_after_commit_in_a_plain_transaction(app: Flask, world: World, redis_conn: Redis) -> None:
    queue = Queue("default", connection=redis_conn)
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Eerst terug")
        db.session.rollback()
        assert queue.count == 0
        db.session.commit()
        assert queue.count == 0  # dropped for good

        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Wel")
        assert queue.count == 0
        db.session.commit()
        assert queue.count == 1


def test_savepoint_rollback_drops_only_the_jobs_inside_it(app: Flask, world: World, redis_conn: Redis) -> None:
    queue = Queue("default", connection=redis_conn)
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Buiten")
        savepoint = db.session.begin_nested()
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Binnen")
        inner = db.session.begin_nested()
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Dieper")
        inner.commit()
        savepoint.rollback()
        with db.session.begin_nested():
            enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Vrijgegeven")
        assert queue.count == 0
        db.session.commit()
    assert [Job.fetch(i, connection=redis_conn).args[1] for i in queue.job_ids] == ["Buiten", "Vrijgegeven"]


def test_closing_the_session_drops_its_jobs(app: Flask, world: World, redis_conn: Redis) -> None:
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Nooit")
        db.session.close()
        db.session.commit()
    assert Queue("default", connection=redis_conn).count == 0


def test_worker_runs_the_job_in_the_tenant_context_of_its_gemeente(
    app: Flask, world: World, redis_conn: Redis, run_worker, owner_sql: SqlRunner, audit_rows
) -> None:
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Door de worker")
        enqueue_after_commit(sample_jobs.visible_contact_ids, world.b_id)
        enqueue_after_commit(sample_jobs.add_contact_in, world.a_id, world.b_id)
        db.session.commit()
    add, visible, intrude = (Job.fetch(i, connection=redis_conn) for i in Queue("default", connection=redis_conn).job_ids)
    run_worker("default")

    assert add.get_status(refresh=True) == JobStatus.FINISHED
    assert [c["name"] for c in contacts(owner_sql, world.a_id)] == ["Contact Delft", "Door de worker"]
    assert [c["name"] for c in contacts(owner_sql, world.b_id)] == ["Contact Den Haag"]
    assert visible.return_value() == [world.contact_b_id]  # a job for B sees B only

    assert intrude.get_status(refresh=True) == JobStatus.FAILED
    assert "TenantViolation" in intrude.latest_result().exc_string
    created = [r for r in audit_rows("gemeente_contacts.create") if r["gemeente_id"] == world.a_id]
    assert created and created[-1]["request_id"].startswith("job-")


def test_failed_job_is_retried(app: Flask, world: World, redis_conn: Redis, run_worker) -> None:
    with app.app_context():
        enqueue_after_commit(sample_jobs.flaky, world.a_id, "teller:eenmaal", 1, retry=2)
        db.session.commit()
    job = only_job(redis_conn)
    assert job.retries_left == 2
    run_worker("default")
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    assert job.return_value() == "gelukt bij poging 2"
    assert job.retries_left == 1
    assert int(redis_conn.get("teller:eenmaal")) == 2


def test_job_that_keeps_failing_ends_failed(app: Flask, world: World, redis_conn: Redis, run_worker) -> None:
    with app.app_context():
        enqueue_after_commit(sample_jobs.flaky, world.a_id, "teller:altijd", 99, retry=2)
        db.session.commit()
    job = only_job(redis_conn)
    run_worker("default")
    job.refresh()
    assert job.get_status() == JobStatus.FAILED
    assert job.retries_left == 0
    assert int(redis_conn.get("teller:altijd")) == 3  # the first run and two retries
    assert job.id in FailedJobRegistry(queue=Queue("default", connection=redis_conn)).get_job_ids()
    assert "poging 3 mislukt" in job.latest_result().exc_string


@pytest.mark.parametrize("gemeente_id", [None, "1", True])
def test_job_without_a_gemeente_id_fails_closed(
    app: Flask, world: World, redis_conn: Redis, run_worker, owner_sql: SqlRunner, gemeente_id: object
) -> None:
    with pytest.raises(TenantContextMissing):
        sample_jobs.add_contact(gemeente_id, "Zonder gemeente")  # type: ignore[arg-type]
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, gemeente_id, "Zonder gemeente")
        db.session.commit()
    job = only_job(redis_conn)
    run_worker("default")
    assert job.get_status(refresh=True) == JobStatus.FAILED
    assert "TenantContextMissing" in job.latest_result().exc_string
    assert owner_sql("SELECT count(*) AS n FROM gemeente_contacts")[0]["n"] == 2


def test_jobs_refuse_orm_objects(app: Flask, world: World, redis_conn: Redis) -> None:
    with app.app_context():
        a = gemeente("GM0503")
        with tenant_context(all_context(a)):
            contact = db.session.get(GemeenteContact, world.contact_a_id)
            assert contact is not None
            for args, kwargs in (
                ((world.a_id, contact.id, contact), {}),
                ((world.a_id, contact.id), {"description": contact}),
                ((a, contact.id, "x"), {}),
                ((world.a_id, [contact], "x"), {}),
            ):
                with pytest.raises(TypeError, match="ids, not ORM objects"):
                    enqueue_after_commit(sample_jobs.label_contact, *args, **kwargs)
        db.session.commit()
    assert Queue("default", connection=redis_conn).count == 0


def test_unknown_queue_is_refused(app: Flask, world: World) -> None:
    with app.app_context(), pytest.raises(ValueError, match="unknown queue"):
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "x", queue="snel")


def test_without_redis_the_job_runs_in_process_after_the_commit(
    app: Flask, routes_app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(routes_app.config, "REDIS_URL", "")
    client = routes_app.test_client()
    login(client, world.admin_a, PASSWORD)
    response = client.get(f"/g/{world.a_slug}/test-jobs/commit?label=in-het-proces")
    assert response.status_code == 200
    assert response.json["queued_before_commit"] is None
    # The job found the contact, so it ran after the commit, and before the response.
    row = next(c for c in contacts(owner_sql, world.a_id) if c["id"] == response.json["contact_id"])
    assert row["function"] == "in-het-proces"
    assert Queue("default", connection=redis_conn).count == 0

    rolled_back = client.get(f"/g/{world.a_slug}/test-jobs/rollback?label=nooit")
    assert rolled_back.status_code == 409
    assert "nooit" not in {c["function"] for c in contacts(owner_sql, world.a_id)}


def test_flask_regio_worker_runs_tenant_jobs(
    app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner
) -> None:
    """The real entry point, in its own process: it imports the job by name and forks per job."""
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.b_id, "Via flask regio worker")
        db.session.commit()
    job = only_job(redis_conn)
    result = subprocess.run(
        [str(BIN / "flask"), "regio", "worker", "--burst", "default"],
        cwd=ROOT, env={**os.environ, "FLASK_APP": "regiotoezicht.app:create_app", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert job.get_status(refresh=True) == JobStatus.FINISHED, result.stderr
    assert [c["name"] for c in contacts(owner_sql, world.b_id)] == ["Contact Den Haag", "Via flask regio worker"]
    assert [c["name"] for c in contacts(owner_sql, world.a_id)] == ["Contact Delft"]


def test_bare_rq_worker_builds_the_app_from_the_factory(
    app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner
) -> None:
    with app.app_context():
        enqueue_after_commit(sample_jobs.add_contact, world.a_id, "Via rq worker")
        db.session.commit()
    job = only_job(redis_conn)
    result = subprocess.run(
        [str(BIN / "rq"), "worker", "--burst", "--url", os.environ["REDIS_URL"], "default"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "REGIOTOEZICHT_APP_FACTORY": "regiotoezicht.app:create_app"},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert job.get_status(refresh=True) == JobStatus.FINISHED, result.stderr
    assert "Via rq worker" in {c["name"] for c in contacts(owner_sql, world.a_id)}
