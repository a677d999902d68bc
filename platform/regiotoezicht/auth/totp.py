"""Time-based one-time passwords (RFC 6238) for the second factor."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
from pyotp.utils import strings_equal

ISSUER = "Regiotoezicht"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matched_step(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The time step (the RFC 6238 counter) whose code this is, allowing one step of clock
    drift either way, or None when the code matches none of them. Spaces and dashes are ignored."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    otp = pyotp.TOTP(secret)
    current = otp.timecode(at or datetime.now(UTC))
    for step in (current - 1, current, current + 1):
        if strings_equal(otp.generate_otp(step), code):
            return step
    return None


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an authenticator app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
