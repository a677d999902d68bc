"""Checking and storing uploads, reading and removing attachments. The request commits.

An upload is checked completely before anything is written: size (read at most one byte past
the limit), type (sniffed from the bytes), name (sanitised, extension made to fit the type), and
the number per record. Callers that take several files check them all first (`check_uploads`)
so a rejected file means nothing of the request is stored. The bytes go to
`regiotoezicht.storage` under `g{gemeente_id}/attachments/<uuid>`, inside the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Protocol

from flask import current_app
from sqlalchemy import func, select

from blueprints.attachments.models import Attachment
from blueprints.attachments.filenames import sanitise_filename
from blueprints.attachments.sniffing import ALLOWED_LABEL, FileKind, sniff
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.storage import storage

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_COUNT = 10


class Upload(Protocol):
    """What werkzeug's FileStorage offers (and a test double can)."""

    filename: str | None
    stream: IO[bytes]


class AttachmentRejected(ValueError):
    """An upload that is refused, with a Dutch message naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    kind: FileKind
    data: bytes
    sha256: str


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_count() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_COUNT", DEFAULT_MAX_COUNT))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB".replace(".", ",")
    if size >= 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size} bytes"


def is_empty(upload: Upload | None) -> bool:
    """A file input left empty sends a part without a name: that is no upload."""
    return upload is None or not (upload.filename or "").strip()


def check_upload(upload: Upload) -> CheckedUpload:
    """Read and check one upload; raise AttachmentRejected with a message for the form."""
    shown = _display(upload.filename)
    limit = max_bytes()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise AttachmentRejected(f"{shown} is te groot: een bestand mag hoogstens {human_size(limit)} zijn.")
    if not data:
        raise AttachmentRejected(f"{shown} is leeg.")
    kind = sniff(data)
    if kind is None:
        raise AttachmentRejected(f"{shown} heeft een bestandstype dat niet is toegestaan. Toegestaan: {ALLOWED_LABEL}.")
    return CheckedUpload(
        filename=sanitise_filename(upload.filename, kind), kind=kind, data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _display(raw: str | None) -> str:
    """The file's name as the user knows it, for messages (escaped by the template)."""
    name = re.split(r"[\\/]", raw or "")[-1].strip()
    return f"Het bestand ‘{name[:80]}’" if name else "Het bestand"


def check_uploads(uploads: Iterable[Upload | None], *, already: int = 0) -> tuple[list[CheckedUpload], list[str]]:
    """Check every non-empty upload; return the good ones and a message per refused one."""
    checked: list[CheckedUpload] = []
    errors: list[str] = []
    given = [u for u in uploads if not is_empty(u)]
    limit = max_count()
    if already + len(given) > limit:
        errors.append(f"U kunt hoogstens {limit} bestanden meesturen.")
        return [], errors
    for upload in given:
        assert upload is not None
        try:
            checked.append(check_upload(upload))
        except AttachmentRejected as exc:
            errors.append(exc.message)
    return checked, errors


def count_for(subject_type: str, subject_id: int) -> int:
    return int(
        db.session.execute(
            select(func.count(Attachment.id)).where(
                Attachment.subject_type == subject_type, Attachment.subject_id == subject_id
            )
        ).scalar_one()
    )


def store_attachment(subject_type: str, subject_id: int, upload: CheckedUpload) -> Attachment:
    """Store a checked upload for a record of the active gemeente (same transaction)."""
    ctx = require_tenant_context()
    if ctx.active_id is None:
        raise AttachmentRejected("Een bijlage hoort bij een gemeente: er is geen gemeente actief.")
    key = f"g{ctx.active_id}/attachments/{uuid.uuid4().hex}"
    storage().save(key, upload.data, upload.kind.content_type)
    attachment = Attachment(
        subject_type=subject_type, subject_id=subject_id, filename=upload.filename,
        content_type=upload.kind.content_type, kind=upload.kind.key, size=len(upload.data),
        sha256=upload.sha256, storage_key=key, uploaded_by_id=audit.current_actor_id(),
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        "attachment.added", attachment,
        detail={"subject_type": subject_type, "subject_id": subject_id, "kind": upload.kind.key,
                "size": len(upload.data)},
    )
    return attachment


def add_attachment(subject_type: str, subject_id: int, file_storage: Upload) -> Attachment:
    """Check one upload (size, type, count per record) and store it; raise AttachmentRejected."""
    if count_for(subject_type, subject_id) >= max_count():
        raise AttachmentRejected(f"Bij dit dossier kunnen hoogstens {max_count()} bestanden.")
    return store_attachment(subject_type, subject_id, check_upload(file_storage))


def load_content(attachment: Attachment) -> bytes:
    return storage().load(attachment.storage_key)


def remove_attachment(attachment: Attachment) -> None:
    audit.record("attachment.removed", attachment)
    storage().delete(attachment.storage_key)
    db.session.delete(attachment)
    db.session.flush()


def describe(attachment: Attachment) -> dict[str, Any]:
    return {"id": attachment.id, "filename": attachment.filename, "size": human_size(attachment.size)}
