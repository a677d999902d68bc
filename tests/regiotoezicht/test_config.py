"""Settings from the environment: safe defaults for the demo, refusals for an unsafe production."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from regiotoezicht.config import ConfigError, load_config, normalise_database_url

PG = "postgresql://app:geheim@db.example:5432/regio"


def test_embedded_defaults(tmp_path: Path) -> None:
    config = load_config(str(tmp_path), {})
    assert config["REGIOTOEZICHT_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'regiotoezicht.sqlite3'}"
    assert config["DATABASE_OWNER_URL"] == config["SQLALCHEMY_DATABASE_URI"]
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {}
    assert config["REDIS_URL"] == "" and config["MAIL_URL"] == ""
    assert config["SECRET_KEY"].startswith("development-only-")
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["LOG_FORMAT"] == "text"
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=30)
    assert (config["LOGIN_MAX_FAILURES"], config["LOGIN_LOCK_MINUTES"]) == (5, 15)
    assert config["WTF_CSRF_CHECK_DEFAULT"] is False  # web.py checks, after bearer detection
    assert Path(config["MIGRATIONS_DIR"]).is_dir()


def test_production_settings(tmp_path: Path) -> None:
    config = load_config(
        str(tmp_path),
        {
            "REGIOTOEZICHT_ENV": "production", "SECRET_KEY": "k" * 48, "DATABASE_URL": PG,
            "REDIS_URL": "redis://redis:6379/0", "SESSION_IDLE_MINUTES": "10",
            "LOGIN_MAX_FAILURES": "3", "LOGIN_LOCK_MINUTES": "60",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://app:geheim@db.example:5432/regio"
    assert config["SESSION_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_SECURE"] is True
    assert config["LOG_FORMAT"] == "json"
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=10)
    assert (config["LOGIN_MAX_FAILURES"], config["LOGIN_LOCK_MINUTES"]) == (3, 60)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"REGIOTOEZICHT_ENV": "production", "DATABASE_URL": PG}, "SECRET_KEY is required"),
        ({"REGIOTOEZICHT_ENV": "production", "SECRET_KEY": "k" * 48}, "not SQLite"),
        ({"REGIOTOEZICHT_ENV": "production", "SECRET_KEY": "k" * 48, "DATABASE_URL": "sqlite:///x.db"}, "not SQLite"),
        ({"REGIOTOEZICHT_ENV": "prod"}, "must be production, development or test"),
    ],
)
def test_unsafe_settings_are_refused(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(str(tmp_path), environ)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("postgresql://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("postgresql+psycopg://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg3(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected
