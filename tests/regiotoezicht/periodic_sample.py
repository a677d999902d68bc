"""Periodic jobs for the scheduler tests: each run leaves a mark in Redis, which a test reads."""

from __future__ import annotations

import os

from redis import Redis

MARK_KEY = "test:periodic-runs"


def mark_run() -> int:
    conn = Redis.from_url(os.environ["REDIS_URL"])
    try:
        return int(conn.incr(MARK_KEY))
    finally:
        conn.close()


def other_job() -> None:
    """A second job: only enqueued, never run."""
