"""Gunicorn settings of the web role (`gunicorn --config python:regiotoezicht.gunicorn_config`).

Read from the environment so the image and the Helm chart set them without a file: PORT,
WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_TIMEOUT. Logs go to stdout/stderr
for the cluster's log collector. The client's address for the audit log comes from ProxyFix in
the app (TRUSTED_PROXY_COUNT), so gunicorn itself trusts no forwarding headers.
"""

from __future__ import annotations

import os

bind = f"0.0.0.0:{int(os.environ.get('PORT', '8000'))}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 25  # below the pod's terminationGracePeriodSeconds (30)
keepalive = 5
# Heartbeat files in shared memory or the /tmp emptyDir: the root filesystem is read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
