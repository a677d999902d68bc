"""Downloading an attachment: scope, the owner's need-to-know check, audit, safe headers."""

from __future__ import annotations

import io

from flask import Blueprint, send_file
from flask.typing import ResponseReturnValue

from blueprints.attachments import access, queries, services
from regiotoezicht import audit
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import refuse

bp = Blueprint("attachments", __name__, url_prefix="/g/<slug>/bijlagen", template_folder="templates")


@bp.get("/<int:attachment_id>")
@requires(Permission.GEMEENTE_VIEW)
def download(attachment_id: int) -> ResponseReturnValue:
    """Send the file as a download (never rendered inline), if the record's owner allows it."""
    attachment = queries.get_attachment_or_404(attachment_id)
    if not access.may_read(attachment.subject_type, attachment.subject_id):
        refuse(attachment.gemeente_id, Permission.GEMEENTE_VIEW, "need_to_know")
    data = services.load_content(attachment)
    audit.record("attachment.downloaded", attachment)
    response = send_file(
        io.BytesIO(data), mimetype=attachment.content_type, as_attachment=True,
        download_name=attachment.filename, max_age=0,
    )
    # send_file would append a second charset to "text/plain; charset=utf-8": set it as stored.
    response.headers["Content-Type"] = attachment.content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
