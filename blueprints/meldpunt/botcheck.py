"""Bot protection without third-party services: a honeypot, a minimum fill time and a rate limit.

- Honeypot: a field people never see or reach; a bot that fills every input gives itself away.
- Fill time: the form carries a signed timestamp of when it was shown (itsdangerous, the app's
  SECRET_KEY); a submission faster than a person can type, or older than a day, is refused.
- Rate limit: submissions per client address per hour, counted in Redis (shared by every web
  process); without Redis (the embedded demo) a per-process counter does the same, less exactly.
The CSRF token of Flask-WTF stays on as well. A refusal says what to do, and stores nothing.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from flask import current_app, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from redis.exceptions import RedisError

from regiotoezicht.jobs import redis_connection

log = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
_SALT = "meldpunt-form-shown"


@dataclass(frozen=True)
class Settings:
    min_fill_seconds: float
    max_form_age_seconds: int
    rate_limit: int
    rate_window_seconds: int


def settings() -> Settings:
    config = current_app.config
    return Settings(
        min_fill_seconds=float(config.get("MELDPUNT_MIN_FILL_SECONDS", 4)),
        max_form_age_seconds=int(config.get("MELDPUNT_MAX_FORM_AGE_SECONDS", 24 * 3600)),
        rate_limit=int(config.get("MELDPUNT_RATE_LIMIT", 10)),
        rate_window_seconds=int(config.get("MELDPUNT_RATE_WINDOW_SECONDS", 3600)),
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_form_token(form_name: str) -> str:
    """A signed note of which form was shown, and when (the signature carries the time)."""
    return _serializer().dumps(form_name)


def timing_problem(token: str | None, form_name: str) -> str | None:
    """Why this submission's timing is refused, or None when it is fine."""
    cfg = settings()
    try:
        name, signed_at = _serializer().loads(
            token or "", max_age=cfg.max_form_age_seconds, return_timestamp=True
        )
    except SignatureExpired:
        return "Het formulier stond te lang open. Controleer uw gegevens en verstuur het opnieuw."
    except BadSignature:
        return "Het formulier is onvolledig aangekomen. Verstuur het opnieuw."
    if name != form_name:
        return "Het formulier is onvolledig aangekomen. Verstuur het opnieuw."
    if time.time() - signed_at.timestamp() < cfg.min_fill_seconds:
        return "Het formulier is wel erg snel verstuurd. Controleer uw gegevens en verstuur het opnieuw."
    return None


def honeypot_filled(value: str | None) -> bool:
    return bool((value or "").strip())


class _LocalCounter:
    """The fallback without Redis: counts per process (the demo runs one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def incr(self, key: str) -> int:
        with self._lock:
            if len(self._counts) > 10_000:  # old windows: drop them all rather than grow
                self._counts.clear()
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


local_counter = _LocalCounter()


def _client_key(window: int) -> str:
    # The address is hashed with the app's secret: Redis never holds a plain IP address.
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = (request.remote_addr or "onbekend").encode()
    digest = hashlib.sha256(secret + b"|" + address).hexdigest()[:32]
    return f"meldpunt:rate:{digest}:{window}"


def over_rate_limit() -> bool:
    """Count this submission; True when the client sent more than the limit this window."""
    cfg = settings()
    if cfg.rate_limit <= 0:
        return False
    window = int(time.time() // cfg.rate_window_seconds)
    key = _client_key(window)
    conn = redis_connection()
    count: int | None = None
    if conn is not None:
        try:
            pipe = conn.pipeline()
            pipe.incr(key)
            pipe.expire(key, cfg.rate_window_seconds + 60)
            count = int(pipe.execute()[0])
        except RedisError:
            log.warning("meldpunt rate limit: Redis unreachable, counting in this process")
    if count is None:
        count = local_counter.incr(key)
    return count > cfg.rate_limit
