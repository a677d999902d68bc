"""Dutch labels for the delivery status of an outbox message."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    "outbox": "In het postvak (geen mailserver)",
    "queued": "Wacht op verzending",
    "sent": "Verzonden",
    "failed": "Mislukt",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
