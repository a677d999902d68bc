"""TEMPORARY: replaced by the outbox slice."""
from flask import Blueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
bp = Blueprint("outbox", __name__)

@bp.get("/regio/mail")
@requires(Permission.OUTBOX_READ)
def index() -> str:
    return "todo"
