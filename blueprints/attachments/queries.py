"""Reads of attachments inside the tenant scope."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from blueprints.attachments.models import Attachment
from regiotoezicht import audit
from regiotoezicht.extensions import db


def attachments_of(subject_type: str, subject_id: int) -> list[Attachment]:
    return list(
        db.session.execute(
            select(Attachment)
            .where(Attachment.subject_type == subject_type, Attachment.subject_id == subject_id)
            .order_by(Attachment.uploaded_at, Attachment.id)
        ).scalars()
    )


def get_attachment_or_404(attachment_id: int) -> Attachment:
    attachment = db.session.execute(
        select(Attachment).where(Attachment.id == attachment_id)
    ).scalar_one_or_none()
    if attachment is None:
        audit.record_outside_transaction(
            "access.not_found", object_type="Attachment", object_id=attachment_id
        )
        abort(404)
    return attachment
