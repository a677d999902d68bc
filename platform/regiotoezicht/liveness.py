"""Liveness of the processes without HTTP (RQ workers, the scheduler): a file they touch.

With LIVENESS_FILE set (the Helm chart sets /tmp/regiotoezicht-alive), a worker touches it on
every RQ heartbeat (at least every WORKER_TTL - 15 seconds while idle, every 30 seconds while a
job runs) and the scheduler on every tick. The pod's liveness probe checks the file's age with
`find -mmin`, so a process that hangs (a lost Redis connection it never notices) is restarted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rq import Worker

#: Seconds; the idle worker blocks on Redis for WORKER_TTL - 15 s between heartbeats.
WORKER_TTL = 120


def beat() -> None:
    """Touch LIVENESS_FILE, if it is set; a read-only or missing folder is not our failure."""
    path = os.environ.get("LIVENESS_FILE")
    if not path:
        return
    try:
        Path(path).touch()
    except OSError:
        pass


class HeartbeatWorker(Worker):
    """An RQ worker that also touches the liveness file on each heartbeat."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("worker_ttl", WORKER_TTL)
        super().__init__(*args, **kwargs)
        beat()

    def heartbeat(self, *args: Any, **kwargs: Any) -> None:
        super().heartbeat(*args, **kwargs)
        beat()
