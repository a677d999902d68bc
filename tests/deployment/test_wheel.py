"""The wheel is the whole app: built from the checkout, installed in a fresh virtualenv outside it,
it migrates a new PostgreSQL database, loads its reference data and serves pages, with templates,
static files, seed data and every migration from inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "regiotoezicht_wheel"


def run(args: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # setuptools builds in ./build and reuses what it finds there: a migration renamed since an
    # earlier build would ship twice. Start from nothing, and leave nothing behind.
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    # No build isolation: setuptools comes from the test extra, so no download is needed.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(out),
         str(ROOT)], cwd=out, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}, timeout=300)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    (built,) = out.glob("regiotoezicht-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel; its dependencies are those of the test environment (a
    .pth line), so the test needs no network, while the app itself comes only from the wheel."""
    home = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(home)], cwd=home, env=dict(os.environ))
    python = home / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    cwd=home, env=dict(os.environ)).stdout.strip())
    (site / "test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        cwd=home, env=dict(os.environ))
    return home


@pytest.fixture()
def database() -> Iterator[dict[str, str]]:
    """A new, empty database owned by the owner role (the suite's own stays untouched)."""
    superuser = create_engine(os.environ["DATABASE_SUPERUSER_URL"], isolation_level="AUTOCOMMIT")
    owner_url = make_url(os.environ["DATABASE_OWNER_URL"])
    with superuser.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DATABASE} OWNER {owner_url.username}"))
    app_url = make_url(os.environ["DATABASE_URL"]).set(database=DATABASE)
    yield {
        "DATABASE_URL": app_url.render_as_string(hide_password=False),
        "DATABASE_OWNER_URL": owner_url.set(database=DATABASE).render_as_string(hide_password=False),
    }
    with superuser.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
    superuser.dispose()


def test_wheel_carries_migrations_templates_static_files_and_seed_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert migrations and {n.rsplit("/", 1)[1] for n in names if n.startswith("regiotoezicht_migrations/versions/")} == migrations
    assert {"regiotoezicht_migrations/env.py", "regiotoezicht_migrations/script.py.mako",
            "regiotoezicht_migrations/alembic.ini"} <= names
    for folder in ("platform/regiotoezicht", "blueprints", "tenants"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".csv", ".css", ".js"} and "__pycache__" not in path.parts:
                relative = path.relative_to(ROOT / "platform" if folder.startswith("platform") else ROOT)
                assert str(relative) in names, f"{relative} is missing from the wheel"


def test_installed_wheel_migrates_loads_reference_data_and_serves(
    venv: Path, database: dict[str, str], tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"  # not the checkout: nothing may come from there
    outside.mkdir()
    python = str(venv / "bin" / "python")
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "REGIOTOEZICHT_ENV": "production",
        "SECRET_KEY": "wheel-test-" + "x" * 40,
        "APP_DB_ROLE": os.environ["APP_DB_ROLE"],
        "REDIS_URL": os.environ["REDIS_URL"],
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "LOG_FORMAT": "json",
        "PYTHONDONTWRITEBYTECODE": "1",
        **database,
    }
    where = run([python, "-c", "import regiotoezicht.app, regiotoezicht.config as c; "
                 "print(regiotoezicht.app.__file__); print(c.load_config('/tmp')['MIGRATIONS_DIR'])"],
                cwd=outside, env=env).stdout.split()
    assert all(str(venv) in p and str(ROOT) not in p for p in where), where

    # The console script of the wheel, as the owner: the migrations and the reference data.
    owner_env = {**env, "DATABASE_URL": database["DATABASE_OWNER_URL"]}
    run([str(venv / "bin" / "regiotoezicht"), "db", "upgrade"], cwd=outside, env=owner_env)
    loaded = run([python, "-m", "flask", "--app", "regiotoezicht.app:create_app", "regio", "load-reference"],
                 cwd=outside, env=owner_env)
    assert "gemeenten +342" in loaded.stdout

    port = 18500 + os.getpid() % 400
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "--config", "python:regiotoezicht.gunicorn_config", "regiotoezicht.app:create_app()"],
        cwd=outside, env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL, stderr=log,
    )
    css = next((ROOT / "platform" / "regiotoezicht" / "static").rglob("*.css"))
    css_path = "/static/" + str(css.relative_to(ROOT / "platform" / "regiotoezicht" / "static"))
    try:
        pages = {path: fetch(f"http://127.0.0.1:{port}{path}") for path in ("/readyz", "/login", css_path)}
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert pages["/readyz"][0] == 200, (tmp_path / "gunicorn.log").read_text()[-3000:]
    assert pages["/readyz"][0] == 200 and '"database":"ok"' in pages["/readyz"][1].replace(" ", "")
    assert pages["/login"][0] == 200 and "Inloggen" in pages["/login"][1]  # a template from the wheel
    assert pages[css_path][0] == 200 and pages[css_path][1] == css.read_text()


def fetch(url: str) -> tuple[int, str]:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            time.sleep(0.2)
    return 0, ""
