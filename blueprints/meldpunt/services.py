"""Taking in a public melding: every attachment checked first, then one registration, then the
files — all in the request's one transaction, so a refusal anywhere stores nothing.

The request runs inside the chosen gemeente's tenant context (set by the route, reason
"meldpunt"); there is no user, so audit rows name no actor. The acknowledgement e-mail (with
the reference only) is sent by meldingen.services.register_melding through the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from blueprints.attachments.services import Upload, check_uploads, is_empty, store_attachment
from blueprints.meldingen.models import Melding
from blueprints.meldingen.services import MeldingError, register_melding
from regiotoezicht import audit
from tenants.entitlements import today

SUBJECT_TYPE = "melding"
#: A public submission carries at most this many files (a record may collect more later).
PUBLIC_MAX_FILES = 5


class SubmissionRefused(Exception):
    """The submission is refused; `errors` maps field names to Dutch messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))
        self.errors = errors


def submit(data: Mapping[str, Any], uploads: Iterable[Upload | None], *, channel: str) -> Melding:
    """Register the melding with its attachments, or refuse it as a whole."""
    given = [u for u in uploads if not is_empty(u)]
    if len(given) > PUBLIC_MAX_FILES:
        raise SubmissionRefused({"attachments": [f"U kunt hoogstens {PUBLIC_MAX_FILES} bestanden meesturen."]})
    checked, upload_errors = check_uploads(given)
    if upload_errors:
        raise SubmissionRefused({"attachments": upload_errors})
    try:
        melding = register_melding(dict(data), channel=channel, received_on=today())
    except MeldingError as exc:
        raise SubmissionRefused(exc.errors) from exc
    for upload in checked:
        store_attachment(SUBJECT_TYPE, melding.id, upload)
    audit.record(
        "meldpunt.received", melding,
        detail={"channel": channel, "attachments": len(checked)},
    )
    return melding
