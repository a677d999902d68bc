"""The scheduler on a real Redis: it enqueues due jobs once per period, also across a restart or
beside a second scheduler, gives a period back when enqueueing fails, and a real worker runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq import Queue

from regiotoezicht.scheduler import REGISTRY, Registry, Scheduler, due_key, register_periodic
from tests.regiotoezicht import periodic_sample

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def registry(every: timedelta = timedelta(hours=1)) -> Registry:
    reg = Registry()
    reg.register("test.mark", every, periodic_sample.mark_run)
    reg.register("test.other", timedelta(days=1), periodic_sample.other_job, queue="reports")
    return reg


def test_due_jobs_are_enqueued_once_per_period(redis_conn: Redis) -> None:
    scheduler = Scheduler(redis_conn, registry())
    assert scheduler.run_due() == ["test.mark", "test.other"]
    assert Queue("default", connection=redis_conn).count == 1
    assert Queue("reports", connection=redis_conn).count == 1
    job = Queue("default", connection=redis_conn).jobs[0]
    assert job.func_name == "tests.regiotoezicht.periodic_sample.mark_run"
    assert job.meta == {"periodic": "test.mark"}

    assert scheduler.run_due() == []
    # A restarted process, or a second scheduler during a rolling update: nothing runs twice.
    assert Scheduler(redis_conn, registry()).run_due() == []
    assert Queue("default", connection=redis_conn).count == 1
    # The due-key lives exactly one period.
    assert 3_590_000 < redis_conn.pttl(due_key("test.mark")) <= 3_600_000
    assert 86_390_000 < redis_conn.pttl(due_key("test.other")) <= 86_400_000
    status = {row["name"]: row for row in scheduler.status()}
    assert status["test.mark"]["last_run"] is not None
    assert timedelta(minutes=59) < status["test.mark"]["due_in"] <= timedelta(hours=1)


def test_job_is_due_again_after_its_period(redis_conn: Redis) -> None:
    reg = Registry()
    reg.register("test.short", timedelta(seconds=1), periodic_sample.mark_run)
    scheduler = Scheduler(redis_conn, reg)
    assert scheduler.run_due() == ["test.short"]
    assert scheduler.run_due() == []
    time.sleep(1.1)
    assert scheduler.run_due() == ["test.short"]
    assert Queue("default", connection=redis_conn).count == 2


def test_failed_enqueue_gives_the_period_back(redis_conn: Redis) -> None:
    scheduler = Scheduler(redis_conn, registry())
    redis_conn.set("rq:queue:default", "not a list")  # enqueueing on this queue now fails
    with pytest.raises(Exception, match="WRONGTYPE"):
        scheduler.run_due()
    assert redis_conn.exists(due_key("test.mark")) == 0
    redis_conn.delete("rq:queue:default")
    assert scheduler.run_due() == ["test.mark", "test.other"]


def test_a_worker_runs_the_enqueued_job(redis_conn: Redis, run_worker) -> None:  # noqa: ANN001
    Scheduler(redis_conn, registry()).run_due()
    run_worker("default")
    assert redis_conn.get(periodic_sample.MARK_KEY) == b"1"


def test_registration_refuses_what_a_worker_cannot_run() -> None:
    reg = Registry()
    with pytest.raises(ValueError, match="module-level"):
        reg.register("x.lambda", timedelta(hours=1), lambda: None)
    with pytest.raises(ValueError, match="unknown queue"):
        reg.register("x.queue", timedelta(hours=1), periodic_sample.mark_run, queue="fast")
    with pytest.raises(ValueError, match="at least"):
        reg.register("x.often", timedelta(milliseconds=10), periodic_sample.mark_run)
    with pytest.raises(ValueError, match="name"):
        reg.register("x y", timedelta(hours=1), periodic_sample.mark_run)
    reg.register("x.job", timedelta(hours=1), periodic_sample.mark_run)
    reg.register("x.job", timedelta(hours=1), periodic_sample.mark_run)  # importing twice is fine
    with pytest.raises(ValueError, match="already registered"):
        reg.register("x.job", timedelta(hours=1), periodic_sample.other_job)


def test_module_registry_is_what_slices_fill() -> None:
    before = {j.name for j in REGISTRY.jobs()}
    entry = register_periodic("test.module-registry", timedelta(hours=6), periodic_sample.other_job, "mail")
    try:
        assert entry in REGISTRY.jobs()
    finally:
        REGISTRY._jobs.pop("test.module-registry")
    assert {j.name for j in REGISTRY.jobs()} == before


def test_cli_enqueues_lists_and_stops_on_sigterm(app: Flask, redis_conn: Redis, tmp_path: Path) -> None:
    env = {**os.environ, "FLASK_APP": "tests.regiotoezicht.periodic_app:create_app"}
    once = subprocess.run([str(BIN / "flask"), "regio", "scheduler", "--once"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert once.returncode == 0, once.stderr
    assert "test.cli-mark" in once.stdout
    listing = subprocess.run([str(BIN / "flask"), "regio", "scheduler", "--list"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert listing.returncode == 0, listing.stderr
    assert "test.cli-mark" in listing.stdout and "laatst 20" in listing.stdout

    alive = tmp_path / "alive"
    loop = subprocess.Popen([str(BIN / "flask"), "regio", "scheduler", "--tick", "0.5"], cwd=ROOT,
                            env={**env, "LIVENESS_FILE": str(alive)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not alive.exists() and time.monotonic() < deadline and loop.poll() is None:
        time.sleep(0.1)  # the first tick that reached Redis touches the liveness file
    assert alive.exists(), "the scheduler never reported itself alive"
    loop.terminate()  # SIGTERM, as Kubernetes sends
    _, errors = loop.communicate(timeout=15)
    assert loop.returncode == 0, errors
    assert Queue("default", connection=redis_conn).count == 1  # the loop found nothing due

    no_redis = subprocess.run([str(BIN / "flask"), "regio", "scheduler", "--once"], cwd=ROOT,
                              env={**env, "REDIS_URL": ""}, capture_output=True, text=True, timeout=60,
                              check=False)
    assert no_redis.returncode != 0 and "REDIS_URL" in no_redis.stderr
