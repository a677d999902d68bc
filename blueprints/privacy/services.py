"""Writes and checks of need-to-know: emergency access and disclosures. The request commits.

Both kinds of rows are evidence: they are added, never changed, and every one is audited
(without copying the reason or content into the audit log, which refers to them by id).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import select

from blueprints.privacy.bsn import contains_bsn
from blueprints.privacy.models import Disclosure, EmergencyAccess, RecipientKind
from regiotoezicht import audit
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from tenants.entitlements import today

#: A reason must say something: "spoed" is not a reason a privacy officer can assess.
MIN_REASON_LENGTH = 20
DEFAULT_EMERGENCY_HOURS = 8


class PrivacyInputError(ValueError):
    """Input a service refuses, with the field it concerns and a Dutch message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def emergency_access_hours() -> int:
    if has_app_context():
        return int(current_app.config.get("EMERGENCY_ACCESS_HOURS", DEFAULT_EMERGENCY_HOURS))
    return DEFAULT_EMERGENCY_HOURS


def record_emergency_access(
    subject_type: str, subject_id: int, reason: str, *, user_id: int | None = None
) -> EmergencyAccess:
    """Grant the acting user access to one subject's client data for a few hours, with a reason.

    The active gemeente (the scoping stamps it) is the subject's gemeente; the caller has
    loaded the subject inside that scope first.
    """
    user_id = user_id if user_id is not None else audit.current_actor_id()
    if user_id is None:
        raise PrivacyInputError("reason", "Noodtoegang kan alleen een ingelogde gebruiker krijgen.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise PrivacyInputError(
            "reason",
            f"Geef een reden van minstens {MIN_REASON_LENGTH} tekens: waarom is inzage nu nodig?",
        )
    if contains_bsn(reason):
        raise PrivacyInputError("reason", "Noem geen burgerservicenummer (BSN) in de reden.")
    now = utcnow()
    access = EmergencyAccess(
        user_id=user_id, subject_type=subject_type, subject_id=subject_id, reason=reason,
        granted_at=now, expires_at=now + timedelta(hours=emergency_access_hours()),
    )
    db.session.add(access)
    db.session.flush()
    audit.record(
        "privacy.emergency_access", access,
        detail={"subject_type": subject_type, "subject_id": subject_id},
    )
    return access


def has_emergency_access(user_id: int, subject_type: str, subject_id: int) -> bool:
    """Whether the user holds an unexpired emergency access to this subject (in the scope)."""
    now = utcnow()
    return (
        db.session.execute(
            select(EmergencyAccess.id).where(
                EmergencyAccess.user_id == user_id,
                EmergencyAccess.subject_type == subject_type,
                EmergencyAccess.subject_id == subject_id,
                EmergencyAccess.expires_at > now,
            ).limit(1)
        ).first()
        is not None
    )


def active_emergency_access_until(user_id: int, subject_type: str, subject_id: int) -> datetime | None:
    """When the user's latest emergency access to this subject ends, if one is running."""
    return db.session.execute(
        select(EmergencyAccess.expires_at)
        .where(
            EmergencyAccess.user_id == user_id,
            EmergencyAccess.subject_type == subject_type,
            EmergencyAccess.subject_id == subject_id,
            EmergencyAccess.expires_at > utcnow(),
        )
        .order_by(EmergencyAccess.expires_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def record_disclosure(
    subject_type: str,
    subject_id: int,
    recipient_kind: str | RecipientKind,
    recipient: str,
    basis: str,
    content: str,
    *,
    disclosed_on: date | None = None,
) -> Disclosure:
    """Record that client data of one subject went outside the case: to whom, why, what."""
    try:
        kind = RecipientKind(recipient_kind)
    except ValueError:
        raise PrivacyInputError("recipient_kind", "Kies aan wie de gegevens zijn verstrekt.") from None
    values = {"recipient": (recipient or "").strip(), "basis": (basis or "").strip(),
              "content": (content or "").strip()}
    messages = {
        "recipient": "Vul de ontvanger in.",
        "basis": "Vul de grondslag in (bijvoorbeeld een wetsartikel).",
        "content": "Vat samen welke gegevens zijn verstrekt.",
    }
    for field, value in values.items():
        if not value:
            raise PrivacyInputError(field, messages[field])
    if len(values["recipient"]) > 200:
        raise PrivacyInputError("recipient", "De ontvanger is hoogstens 200 tekens.")
    if len(values["basis"]) > 300:
        raise PrivacyInputError("basis", "De grondslag is hoogstens 300 tekens.")
    if contains_bsn(values["content"]):
        raise PrivacyInputError("content", "Noem geen burgerservicenummer (BSN) in de samenvatting.")
    disclosure = Disclosure(
        subject_type=subject_type, subject_id=subject_id, recipient_kind=kind.value,
        recipient=values["recipient"], legal_basis=values["basis"],
        content_summary=values["content"], disclosed_on=disclosed_on or today(),
        recorded_by_id=audit.current_actor_id(),
    )
    db.session.add(disclosure)
    db.session.flush()
    audit.record(
        "privacy.disclosure", disclosure,
        detail={"subject_type": subject_type, "subject_id": subject_id, "recipient_kind": kind.value},
    )
    return disclosure
