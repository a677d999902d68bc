"""The Dockerfile without a container engine: its shape (multi-stage, slim, non-root, no compilers
or secrets in the final stage, WeasyPrint's libraries and fonts) and that every command it and the
chart name exists in the installed package and starts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from regiotoezicht.jobs import QUEUES
from tests.deployment.chart import component, containers, render

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        result.append((keyword.upper(), rest.strip()))
    return result


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, rest))
    return found


def final_stage() -> list[tuple[str, str]]:
    return stages()[-1]


def image_command() -> list[str]:
    (cmd,) = [json.loads(rest) for keyword, rest in final_stage() if keyword == "CMD"]
    return cmd


def chart_commands() -> set[tuple[str, ...]]:
    commands = set()
    for obj in render("defaults"):
        if obj["kind"] in {"Deployment", "Job"}:
            commands |= {tuple(c["command"]) for c in containers(obj)}
    return commands


def run(args: list[str], env: dict[str, str] | None = None, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_multi_stage_slim_non_root_final_stage() -> None:
    all_stages = stages()
    assert len(all_stages) >= 2, "a build stage and a run stage"
    args = {rest.split("=", 1)[0]: rest.split("=", 1)[1] for k, rest in instructions() if k == "ARG" and "=" in rest}
    base = final_stage()[0][1]
    assert re.fullmatch(r"\$\{PYTHON_IMAGE\}", base) and "slim" in args["PYTHON_IMAGE"]
    (user,) = [rest for keyword, rest in final_stage() if keyword == "USER"]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) > 0, "a numeric non-root user, so runAsNonRoot can verify it"
    copies_from_build = [rest for keyword, rest in final_stage() if keyword == "COPY"]
    assert copies_from_build == ["--from=build /opt/venv /opt/venv"], "only the built virtualenv"


def test_no_compiler_and_weasyprint_libraries_and_fonts_in_the_final_stage() -> None:
    runs = " ".join(rest for keyword, rest in final_stage() if keyword == "RUN")
    for compiler in ("gcc", "g++", "build-essential", "-dev ", "clang", "make "):
        assert compiler not in runs, compiler
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libfontconfig1", "fonts-dejavu-core"):
        assert package in runs, package
    assert "rm -rf /var/lib/apt/lists/*" in runs


def test_no_secret_is_baked_in() -> None:
    for keyword, rest in instructions():
        if keyword in {"ENV", "ARG", "LABEL"}:
            for word in ("SECRET_KEY", "PASSWORD", "DATABASE_URL", "REDIS_URL", "MAIL_URL", "TOKEN", "AWS_"):
                assert word not in rest.upper(), f"{keyword} {rest}"
    for keyword, rest in instructions():
        if keyword in {"COPY", "ADD"} and not rest.startswith("--from="):
            sources = rest.split()[:-1]
            assert not any(s.startswith((".env", "instance")) or s == "." for s in sources), rest
            for source in sources:
                if not source.startswith("--"):
                    assert (ROOT / source).exists(), f"COPY names {source}, which is not in the repository"


def test_the_image_and_the_chart_use_the_same_web_command() -> None:
    assert image_command() == ["gunicorn", "--config", "python:regiotoezicht.gunicorn_config",
                               "regiotoezicht.app:create_app()"]
    web = next(o for o in render("defaults") if o["kind"] == "Deployment" and component(o) == "web")
    assert containers(web)[0]["command"] == image_command()


def test_gunicorn_config_and_app_string_resolve(tmp_path: Path) -> None:
    """`gunicorn --check-config` imports the config module and loads the app, then exits."""
    command = image_command()
    result = run([str(BIN / command[0]), "--check-config", *command[1:]],
                 env={"DATABASE_URL": "", "REDIS_URL": "", "INSTANCE_PATH": str(tmp_path), "PORT": "8123"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_flask_command_of_the_chart_exists(tmp_path: Path) -> None:
    commands = {c for c in chart_commands() if c[0] == "flask"}
    assert {("flask", "db", "upgrade"), ("flask", "regio", "scheduler"), ("flask", "regio", "load-reference")} <= commands
    assert {("flask", "regio", "worker", q) for q in QUEUES} <= commands
    env = {"FLASK_APP": "regiotoezicht.app:create_app", "DATABASE_URL": "", "REDIS_URL": "",
           "INSTANCE_PATH": str(tmp_path)}
    for command in sorted(commands):
        # `--help` after the sub-command: click resolves every word, then prints that command's help.
        words = [w for w in command[1:] if w not in QUEUES]
        result = run([str(BIN / "flask"), *words, "--help"], env=env)
        assert result.returncode == 0 and "Usage:" in result.stdout, (command, result.stderr[-1000:])


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("queue", QUEUES)
def test_each_worker_command_starts_on_its_queue(queue: str, tmp_path: Path) -> None:
    """The chart's worker command, in burst mode against the real Redis: the queue is known, the
    worker starts, touches its liveness file and stops when the queue is empty."""
    alive = tmp_path / "alive"
    result = run([str(BIN / "flask"), "regio", "worker", "--burst", queue],
                 env={"FLASK_APP": "regiotoezicht.app:create_app", "LIVENESS_FILE": str(alive)}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert alive.exists()
