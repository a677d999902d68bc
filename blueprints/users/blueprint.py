"""TEMPORARY: replaced by the users slice."""
from flask import Blueprint
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
bp = Blueprint("users", __name__)

@bp.get("/regio/gebruikers")
@requires(Permission.USERS_MANAGE)
def region_users() -> str:
    return "todo"

@bp.get("/g/<slug>/gebruikers")
@requires(Permission.USERS_MANAGE)
def gemeente_users() -> str:
    return "todo"

@bp.get("/g/<slug>/beveiliging")
@requires(Permission.SECURITY_SETTINGS)
def gemeente_security() -> str:
    return "todo"
