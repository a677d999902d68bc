"""Pages of the outbox: the list (no bodies) and one message with its body."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from blueprints.outbox import queries, services
from blueprints.outbox.labels import status_label
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires

bp = Blueprint("outbox", __name__, url_prefix="/regio/mail", template_folder="templates")


@bp.get("")
@requires(Permission.OUTBOX_READ)
def index() -> str:
    before = request.args.get("before", type=int)
    page = queries.messages_page(before=before if before and before > 0 else None)
    return render_template("outbox/index.html", page=page, paged=before is not None)


@bp.get("/<int:message_id>")
@requires(Permission.OUTBOX_READ)
def detail(message_id: int) -> str:
    message = queries.get_message_or_404(message_id)
    services.record_read(message)
    return render_template(
        "outbox/detail.html",
        message=message,
        status_label=status_label(message.status),
        created_local=queries.local_time(message.created_at),
        sent_local=queries.local_time(message.sent_at),
    )
