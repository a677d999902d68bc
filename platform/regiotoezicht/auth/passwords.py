"""Password hashing with argon2id, and the password rules shown to users."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

#: RFC 9106's low-memory profile (argon2id, t=3, 64 MiB) unless ARGON2_PROFILE names another.
#: The test suite sets ARGON2_PROFILE=CHEAPEST: it hashes hundreds of passwords, and hashes made
#: with any profile still verify, because the parameters travel inside each hash.
_PROFILE = os.environ.get("ARGON2_PROFILE", "RFC_9106_LOW_MEMORY")
_hasher = PasswordHasher.from_parameters(getattr(profiles, _PROFILE))

MIN_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check, so timing does not reveal unknown accounts.
        _burn(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, *, email: str = "") -> list[str]:
    """Dutch messages for a password that is too weak; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens.")
    if email and email.split("@")[0].lower() in password.lower():
        problems.append("Het wachtwoord mag uw e-mailadres niet bevatten.")
    if len(set(password)) < 5:
        problems.append("Het wachtwoord bevat te weinig verschillende tekens.")
    return problems


_DUMMY = _hasher.hash("dummy-password-for-timing")


def _burn(password: str) -> None:
    try:
        _hasher.verify(_DUMMY, password + "\x00")
    except (VerificationError, InvalidHashError):
        pass
