"""The platform starts through the entry points users use, from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout,
        check=False,
    )


def test_stdlib_platform_is_not_shadowed() -> None:
    result = run(
        sys.executable, "-c",
        "import platform, sqlalchemy, regiotoezicht; print(platform.python_implementation())",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {"CPython", "PyPy"}
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_flask_cli_lists_our_commands(tmp_path: Path) -> None:
    env = {"FLASK_APP": "regiotoezicht.app:create_app", "DATABASE_URL": "", "INSTANCE_PATH": str(tmp_path)}
    result = run(str(BIN / "flask"), "regio", "--help", env=env)
    assert result.returncode == 0, result.stderr
    assert "seed-demo" in result.stdout and "worker" in result.stdout


def test_gunicorn_serves_healthz(tmp_path: Path) -> None:
    port = 18000 + os.getpid() % 1000
    env = {"DATABASE_URL": "", "REDIS_URL": "", "INSTANCE_PATH": str(tmp_path)}
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "regiotoezicht.app:create_app()"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        body = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as resp:
                    body = resp.read()
                    break
            except OSError:
                time.sleep(0.1)
        assert b'"status":"ok"' in body.replace(b" ", b"")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_production_refuses_missing_secret_and_sqlite(tmp_path: Path) -> None:
    code = "from regiotoezicht import create_app; create_app()"
    no_secret = run(sys.executable, "-c", code,
                    env={"REGIOTOEZICHT_ENV": "production", "SECRET_KEY": "", "INSTANCE_PATH": str(tmp_path),
                         "DATABASE_URL": "postgresql://x@127.0.0.1/x"})
    assert no_secret.returncode != 0 and "SECRET_KEY is required" in no_secret.stderr
    sqlite = run(sys.executable, "-c", code,
                 env={"REGIOTOEZICHT_ENV": "production", "SECRET_KEY": "s" * 32, "DATABASE_URL": "",
                      "INSTANCE_PATH": str(tmp_path)})
    assert sqlite.returncode != 0 and "not SQLite" in sqlite.stderr


@pytest.mark.redis
@pytest.mark.postgres
def test_rq_worker_entry_point_runs_in_burst_mode() -> None:
    result = run(str(BIN / "rq"), "worker", "--burst", "--url", os.environ["REDIS_URL"], "default")
    assert result.returncode == 0, result.stderr
    result = run(str(BIN / "flask"), "regio", "worker", "--burst", "default", "mail",
                 env={"FLASK_APP": "regiotoezicht.app:create_app"})
    assert result.returncode == 0, result.stderr


def test_import_contracts_hold() -> None:
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
