"""Settings read from environment variables, with the embedded defaults of the demo."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the mode the app runs in."""


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for every PostgreSQL URL, whatever scheme the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment.

    `DATABASE_URL` unset means the embedded SQLite file under instance/. In production mode a
    missing SECRET_KEY or a SQLite database is refused, so a misconfigured pod never starts.
    """
    env = os.environ if environ is None else environ
    mode = env.get("REGIOTOEZICHT_ENV", "development")
    if mode not in {"production", "development", "test"}:
        raise ConfigError(f"REGIOTOEZICHT_ENV must be production, development or test, not {mode!r}")
    production = mode == "production"

    sqlite_url = "sqlite:///" + str(Path(instance_path) / "regiotoezicht.sqlite3")
    database_url = normalise_database_url(env.get("DATABASE_URL") or sqlite_url)
    owner_url = normalise_database_url(env.get("DATABASE_OWNER_URL") or database_url)
    secret_key = env.get("SECRET_KEY")

    if production:
        if not secret_key:
            raise ConfigError("SECRET_KEY is required in production (REGIOTOEZICHT_ENV=production)")
        if database_url.startswith("sqlite"):
            raise ConfigError("DATABASE_URL must point to PostgreSQL in production, not SQLite")
    if not secret_key:
        secret_key = "development-only-" + Path(instance_path).name

    idle_minutes = int(env.get("SESSION_IDLE_MINUTES", "30"))
    storage_backend = env.get("STORAGE_BACKEND", "database")
    if storage_backend not in {"database", "s3"}:
        raise ConfigError(f"STORAGE_BACKEND must be database or s3, not {storage_backend!r}")
    if storage_backend == "s3" and not env.get("S3_BUCKET"):
        raise ConfigError("STORAGE_BACKEND=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for a non-AWS store)")
    proxy_count = int(env.get("TRUSTED_PROXY_COUNT", "0"))
    if proxy_count < 0:
        raise ConfigError("TRUSTED_PROXY_COUNT must be 0 or more")
    return {
        "REGIOTOEZICHT_ENV": mode,
        "SECRET_KEY": secret_key,
        #: Old keys that still verify sessions while SECRET_KEY is being rotated (comma-separated).
        "SECRET_KEY_FALLBACKS": [k.strip() for k in env.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()],
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DATABASE_OWNER_URL": owner_url,
        "APP_DB_ROLE": env.get("APP_DB_ROLE", ""),
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url, env),
        "REDIS_URL": env.get("REDIS_URL", ""),
        #: Seconds; a hung Redis must not hang a request or the /readyz probe.
        "REDIS_SOCKET_TIMEOUT": float(env.get("REDIS_SOCKET_TIMEOUT", "5")),
        "REDIS_CONNECT_TIMEOUT": float(env.get("REDIS_CONNECT_TIMEOUT", "2")),
        "STORAGE_BACKEND": storage_backend,
        "S3_BUCKET": env.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL", ""),
        "S3_REGION": env.get("S3_REGION", ""),
        "S3_KEY_PREFIX": env.get("S3_KEY_PREFIX", ""),
        #: How many reverse proxies (ingress controller, load balancer) stand before the app and
        #: set X-Forwarded-For/-Proto/-Host: their headers are trusted, nobody else's.
        "TRUSTED_PROXY_COUNT": proxy_count,
        "MAIL_URL": env.get("MAIL_URL", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "Regiotoezicht <noreply@regiotoezicht.local>"),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=idle_minutes),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(env.get("SESSION_MAX_HOURS", "12"))),
        "LOGIN_MAX_FAILURES": int(env.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(env.get("LOGIN_LOCK_MINUTES", "15")),
        "INVITE_VALID_HOURS": int(env.get("INVITE_VALID_HOURS", "72")),
        "WTF_CSRF_CHECK_DEFAULT": False,  # checked in web.py, after we know a bearer token is used
        "WTF_CSRF_TIME_LIMIT": None,
        "LOG_FORMAT": env.get("LOG_FORMAT", "json" if production else "text"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "TIMEZONE": "Europe/Amsterdam",
        "API_TITLE": "Regiotoezicht API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "MIGRATIONS_DIR": env.get("MIGRATIONS_DIR", str(_default_migrations_dir())),
        # Attachments (blueprints/attachments): per file, per record; a whole request is refused
        # (413) above MAX_CONTENT_LENGTH, before any of it is read.
        "ATTACHMENT_MAX_BYTES": int(env.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))),
        "ATTACHMENT_MAX_COUNT": int(env.get("ATTACHMENT_MAX_COUNT", "10")),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_REQUEST_BYTES", str(60 * 1024 * 1024))),
        # The public meldpunt's bot protection (blueprints/meldpunt/botcheck.py).
        "MELDPUNT_MIN_FILL_SECONDS": float(env.get("MELDPUNT_MIN_FILL_SECONDS", "4")),
        "MELDPUNT_RATE_LIMIT": int(env.get("MELDPUNT_RATE_LIMIT", "20")),
        "MELDPUNT_RATE_WINDOW_SECONDS": int(env.get("MELDPUNT_RATE_WINDOW_SECONDS", "3600")),
    }


def _engine_options(database_url: str, env: Mapping[str, str]) -> dict[str, Any]:
    if database_url.startswith("sqlite"):
        return {}
    return {
        "pool_pre_ping": True,
        "pool_size": int(env.get("DATABASE_POOL_SIZE", "5")),
        "max_overflow": int(env.get("DATABASE_MAX_OVERFLOW", "5")),
    }


def _default_migrations_dir() -> Path:
    """migrations/ of the checkout; in a wheel install the packaged copy (`regiotoezicht_migrations`,
    mapped from the same folder by setup.py)."""
    # platform/regiotoezicht/config.py -> repository root / migrations
    checkout = Path(__file__).resolve().parents[2] / "migrations"
    if (checkout / "env.py").is_file():
        return checkout
    spec = importlib.util.find_spec("regiotoezicht_migrations")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout
