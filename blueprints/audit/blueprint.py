"""TEMPORARY: replaced by the audit slice."""
from flask import Blueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
bp = Blueprint("audit", __name__)

@bp.get("/regio/audit")
@requires(Permission.AUDIT_READ)
def region_log() -> str:
    return "todo"

@bp.get("/g/<slug>/audit")
@requires(Permission.AUDIT_READ)
def gemeente_log() -> str:
    return "todo"
