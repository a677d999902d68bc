"""Account writes: log in with throttling, set passwords, one-time links, API tokens, TOTP.

Services change the session and flush; the request commits. Failed-login counters and their
audit rows must survive the request's rollback, so they commit in their own short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from regiotoezicht import audit
from regiotoezicht.auth import totp
from regiotoezicht.auth.models import ApiToken, LinkPurpose, OneTimeLink, User
from regiotoezicht.auth.passwords import hash_password, needs_rehash, verify_password
from regiotoezicht.auth.tokens import new_token, token_hash
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str | None = None


#: The one answer to every refused login: wrong password, unknown, disabled or locked account.
GENERIC_LOGIN_ERROR = (
    "Het e-mailadres of het wachtwoord klopt niet. "
    "Na te veel mislukte pogingen kunt u een tijd niet inloggen."
)


def authenticate(email: str, password: str) -> LoginResult:
    """Check a password; lock the account for a while after repeated failures.

    Neither the message nor the time taken tells whether an account exists, is disabled or is
    locked: every refusal gives the same text, and a password hash is always checked (a dummy
    one without an account). Failures are counted and audited in a transaction of their own,
    so the count survives the rollback of the refused request.
    """
    user = find_user_by_email(email)
    now = utcnow()
    password_ok = verify_password(user.password_hash if user is not None else None, password)
    if user is not None and user.locked_until is not None and _aware(user.locked_until) > now:
        audit.record_outside_transaction(
            "auth.login_refused", object_type="User", object_id=user.id,
            detail={"reason": "locked"}, actor_user_id=user.id,
        )
        return LoginResult(None, GENERIC_LOGIN_ERROR)
    if user is None or not user.is_enabled or not password_ok:
        if user is not None:
            _count_failure(user.id)
        else:
            audit.record_outside_transaction(
                "auth.login_failed", detail={"reason": "unknown_account"}
            )
        return LoginResult(None, GENERIC_LOGIN_ERROR)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record("auth.login", user, actor_user_id=user.id)
    return LoginResult(user)


def _count_failure(user_id: int) -> None:
    db.session.rollback()
    user = db.session.get(User, user_id)
    assert user is not None
    user.failed_logins = (user.failed_logins or 0) + 1
    detail = {"reason": "bad_password", "failures": user.failed_logins}
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = utcnow() + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0
        detail["locked"] = True
    audit.record("auth.login_failed", user, detail=detail, actor_user_id=user.id)
    db.session.commit()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were written as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other session of the user."""
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version = (user.session_version or 1) + 1
    user.failed_logins = 0
    user.locked_until = None
    audit.record("auth.password_set", user, fields=["password_hash"])


def create_user(email: str, display_name: str) -> User:
    user = User(email=normalise_email(email), display_name=display_name.strip())
    db.session.add(user)
    db.session.flush()
    return user


def issue_link(user: User, purpose: LinkPurpose, created_by_id: int | None) -> str:
    """Create a one-time link token; earlier unused links of the same purpose stop working."""
    for link in db.session.execute(
        select(OneTimeLink).where(
            OneTimeLink.user_id == user.id,
            OneTimeLink.purpose == purpose,
            OneTimeLink.used_at.is_(None),
        )
    ).scalars():
        link.used_at = utcnow()
    token = new_token("rt" + purpose.value[0])
    hours = current_app.config["INVITE_VALID_HOURS"]
    db.session.add(
        OneTimeLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(hours=hours),
            created_by_id=created_by_id,
        )
    )
    audit.record(f"auth.link_issued.{purpose.value}", user)
    return token


def find_valid_link(token: str) -> OneTimeLink | None:
    link = db.session.execute(
        select(OneTimeLink).where(OneTimeLink.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if link is None or link.used_at is not None or _aware(link.expires_at) <= utcnow():
        return None
    return link


def use_link(link: OneTimeLink, password: str) -> User:
    user = db.session.get(User, link.user_id)
    assert user is not None
    link.used_at = utcnow()
    set_password(user, password)
    audit.record(f"auth.link_used.{link.purpose.value}", user)
    return user


#: A personal API token always expires: a forgotten integration must not keep access for ever.
MAX_TOKEN_DAYS = 365


def create_api_token(user: User, name: str, valid_days: int | None) -> tuple[ApiToken, str]:
    """Create a personal bearer token that expires after `valid_days` (1 to MAX_TOKEN_DAYS);
    the plain token is returned once and never stored."""
    if valid_days is None or not 1 <= valid_days <= MAX_TOKEN_DAYS:
        raise ValueError(f"an API token is valid for 1 to {MAX_TOKEN_DAYS} days, not {valid_days!r}")
    plain = new_token("rtk")
    token = ApiToken(
        user_id=user.id,
        name=name.strip(),
        prefix=plain[:10],
        token_hash=token_hash(plain),
        expires_at=utcnow() + timedelta(days=valid_days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record("auth.api_token_created", token, actor_user_id=user.id)
    return token, plain


def revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
    audit.record("auth.api_token_revoked", token)


def user_for_bearer(plain: str) -> User | None:
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == token_hash(plain))
    ).scalar_one_or_none()
    now = utcnow()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and _aware(token.expires_at) <= now:
        return None
    if token.last_used_at is None or _aware(token.last_used_at) < now - timedelta(minutes=5):
        token.last_used_at = now  # committed with the request; coarse, to spare writes
    return token.user if token.user.is_enabled else None


def accept_totp_code(user: User, code: str) -> bool:
    """Whether `code` is a valid code of the user's secret that was not used before.

    Each time step counts once (RFC 6238 section 5.2): a code read over a shoulder or from a
    proxy log cannot be replayed within the minute or so it stays valid. The step is claimed
    with one conditional UPDATE, so two requests racing with the same code cannot both pass.
    """
    if not user.totp_secret:
        return False
    step = totp.matched_step(user.totp_secret, code)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    db.session.refresh(user, ["totp_last_step"])
    return True


def start_totp_setup(user: User) -> str:
    user.totp_secret = totp.new_secret()
    user.totp_confirmed_at = None
    user.totp_last_step = None
    audit.record("auth.totp_setup_started", user, fields=["totp_secret"])
    return user.totp_secret


def confirm_totp(user: User, code: str) -> bool:
    if not accept_totp_code(user, code):
        return False
    user.totp_confirmed_at = utcnow()
    audit.record("auth.totp_enabled", user, fields=["totp_confirmed_at"])
    return True


def disable_totp(user: User) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    audit.record("auth.totp_disabled", user, fields=["totp_secret"])
