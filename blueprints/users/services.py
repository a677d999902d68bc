"""Writes of accounts, memberships, region roles and second-factor settings.

Every rule lives here, not only in the forms and schemas: periods, which role fits where, no
overlapping duplicates, no lock-out, and the actor's reach (a gemeente admin acts in their own
gemeente only, region roles need a region admin). Each write is audited with what it means; the
flush hook logs the raw rows too. Services only flush: the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import ColumnElement, or_, select, true

from blueprints.users.permissions import OutOfScope, managed_region_ids
from regiotoezicht import audit
from regiotoezicht.auth.models import LinkPurpose, User
from regiotoezicht.auth.services import create_user, find_user_by_email, issue_link
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.mail import send_mail
from regiotoezicht.permissions import GEMEENTE_ROLES, REGION_ROLES, Permission, Role
from tenants.entitlements import Entitlements, today
from tenants.models import Gemeente, Membership, Region, RegionRole


class UserError(Exception):
    """A change the rules refuse; `field` names the form or API field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class RoleGrant:
    """A role to grant: in a gemeente (a membership) or in a region (a region role)."""

    role: Role
    valid_from: date
    valid_until: date | None = None
    gemeente_id: int | None = None
    region_id: int | None = None


@dataclass(frozen=True)
class InviteResult:
    user: User
    new_account: bool
    granted: Membership | RegionRole


# --- checks ---------------------------------------------------------------------------------


def _check_period(valid_from: date, valid_until: date | None) -> None:
    if valid_from < today():
        raise UserError(
            "Een rol kan niet met terugwerkende kracht ingaan: kies vandaag of later.", "valid_from"
        )
    if valid_until is not None and valid_until < valid_from:
        raise UserError("De einddatum ligt vóór de begindatum.", "valid_until")


def _check_gemeente_reach(actor: Entitlements, gemeente_id: int) -> None:
    """The actor manages users in this gemeente, and the request acts in it."""
    ctx = require_tenant_context()
    inside = gemeente_id in ctx.allowed_ids and ctx.active_id in (None, gemeente_id)
    if not inside or not actor.can(Permission.USERS_MANAGE, gemeente_id):
        if ctx.active_id is not None:
            raise OutOfScope(
                "U beheert hier alleen de gebruikers van deze gemeente. Lidmaatschappen van een "
                "andere gemeente kunt u niet toekennen, wijzigen of beëindigen."
            )
        raise OutOfScope("U beheert geen gebruikers in deze gemeente.")


def _check_region_reach(actor: Entitlements, region_id: int) -> None:
    if require_tenant_context().active_id is not None:
        raise OutOfScope("Regiorollen kent u toe via het regiobeheer, niet vanuit een gemeente.")
    if region_id not in managed_region_ids(actor, Permission.REGION_ROLES_MANAGE):
        raise OutOfScope(
            "Alleen een regiobeheerder van deze regio kan regiorollen toekennen of beëindigen."
        )


def _check_membership_role(role: Role) -> None:
    if role not in GEMEENTE_ROLES:
        raise UserError(
            "In een gemeente kan alleen de rol toezichthouder, gemeentebeheerder of gemeentelezer.",
            "role",
        )


def _check_region_role(role: Role) -> None:
    if role not in REGION_ROLES:
        raise UserError(
            "Een regiorol is regiobeheerder, coördinator, secretariaat of privacyfunctionaris.",
            "role",
        )


def _overlaps(
    model: type[Membership | RegionRole], valid_from: date, valid_until: date | None
) -> ColumnElement[bool]:
    return (model.valid_from <= (valid_until or date.max)) & or_(
        model.valid_until.is_(None), model.valid_until >= valid_from
    )


def _check_no_overlap(user: User, grant: RoleGrant) -> None:
    if grant.gemeente_id is not None:
        clash = db.session.execute(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.gemeente_id == grant.gemeente_id,
                Membership.role == grant.role,
                _overlaps(Membership, grant.valid_from, grant.valid_until),
            )
        ).first()
    else:
        clash = db.session.execute(
            select(RegionRole.id).where(
                RegionRole.user_id == user.id,
                RegionRole.region_id == grant.region_id,
                RegionRole.role == grant.role,
                _overlaps(RegionRole, grant.valid_from, grant.valid_until),
            )
        ).first()
    if clash:
        raise UserError(
            f"{user.display_name} heeft de rol {grant.role.label} "
            "in (een deel van) deze periode al.",
            "valid_from",
        )


def _check_grant(actor: Entitlements, grant: RoleGrant) -> None:
    """Everything about a grant that does not depend on the account."""
    if (grant.gemeente_id is None) == (grant.region_id is None):
        raise UserError("Kies een gemeente of de regio waarin de rol geldt.", "gemeente_id")
    _check_period(grant.valid_from, grant.valid_until)
    if grant.gemeente_id is not None:
        _check_membership_role(grant.role)
        _check_gemeente_reach(actor, grant.gemeente_id)
    else:
        assert grant.region_id is not None
        _check_region_role(grant.role)
        _check_region_reach(actor, grant.region_id)


def _check_end(role: Membership | RegionRole, valid_until: date) -> None:
    day = today()
    if role.valid_until is not None and role.valid_until < day:
        raise UserError("Deze rol is al beëindigd.", "valid_until")
    if valid_until < day - timedelta(days=1):
        raise UserError(
            "De laatste dag kan niet vóór gisteren liggen: "
            "wat geweest is, blijft in de geschiedenis.",
            "valid_until",
        )
    if valid_until < role.valid_from:
        raise UserError(
            f"De laatste dag kan niet vóór de begindatum ({role.valid_from:%d-%m-%Y}) liggen.",
            "valid_until",
        )
    if role.valid_until is not None and valid_until > role.valid_until:
        raise UserError(
            f"De rol eindigt al op {role.valid_until:%d-%m-%Y}; beëindigen kan alleen eerder.",
            "valid_until",
        )


def _still_admin_after(
    actor: Entitlements, ended: Membership | RegionRole, valid_until: date
) -> bool:
    """Whether the actor keeps another admin role for the same place the day after `valid_until`."""
    day = valid_until + timedelta(days=1)
    if isinstance(ended, RegionRole):
        region_ids = [ended.region_id]
    elif Role.REGION_ADMIN in actor.roles_in(ended.gemeente_id):
        region_ids = list(actor.roles_by_region)  # a region admin manages this gemeente too
    else:
        region_ids = []
    other_region_admin = db.session.execute(
        select(RegionRole.id).where(
            RegionRole.user_id == actor.user_id,
            RegionRole.role == Role.REGION_ADMIN,
            RegionRole.region_id.in_(region_ids),
            RegionRole.id != ended.id if isinstance(ended, RegionRole) else true(),
            _overlaps(RegionRole, day, day),
        )
    ).first()
    if other_region_admin or isinstance(ended, RegionRole):
        return bool(other_region_admin)
    return bool(
        db.session.execute(
            select(Membership.id).where(
                Membership.user_id == actor.user_id,
                Membership.gemeente_id == ended.gemeente_id,
                Membership.role == Role.GEMEENTE_ADMIN,
                Membership.id != ended.id,
                _overlaps(Membership, day, day),
            )
        ).first()
    )


def _check_no_lock_out(
    actor: Entitlements, role: Membership | RegionRole, valid_until: date
) -> None:
    if role.user_id != actor.user_id or role.role not in (Role.GEMEENTE_ADMIN, Role.REGION_ADMIN):
        return
    if not _still_admin_after(actor, role, valid_until):
        raise UserError(
            "Dit is uw laatste beheerdersrol hier: zonder die rol kunt u dit beheer niet meer "
            "doen. Laat een andere beheerder de rol beëindigen.",
            "valid_until",
        )


# --- mail -----------------------------------------------------------------------------------


def _public_url(endpoint: str, **values: str) -> str:
    """A link for a mail: PUBLIC_BASE_URL plus the path (the request's host may be internal)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, _external=False, **values)


def _place(granted: Membership | RegionRole) -> str:
    if isinstance(granted, Membership):
        gemeente = db.session.get(Gemeente, granted.gemeente_id)
        return f"gemeente {gemeente.name}" if gemeente else "een gemeente"
    region = db.session.get(Region, granted.region_id)
    return region.name if region else "de regio"


def _role_sentence(granted: Membership | RegionRole) -> str:
    until = f" tot en met {granted.valid_until:%d-%m-%Y}" if granted.valid_until else ""
    return (
        f"U hebt de rol {granted.role.label.lower()} in {_place(granted)}, "
        f"vanaf {granted.valid_from:%d-%m-%Y}{until}."
    )


_SIGNATURE = "\n\nMet vriendelijke groet,\nRegiotoezicht\n"


def _send_invitation(
    user: User, actor: Entitlements, granted: Membership | RegionRole | None
) -> None:
    link = _public_url(
        "auth.accept_link", token=issue_link(user, LinkPurpose.INVITE, actor.user_id)
    )
    hours = current_app.config["INVITE_VALID_HOURS"]
    role = f"{_role_sentence(granted)}\n" if granted is not None else ""
    body = (
        f"Beste {user.display_name},\n\n"
        "U bent uitgenodigd voor Regiotoezicht, het platform voor Wmo-toezicht van de regio.\n"
        f"{role}\n"
        "Kies via deze link een wachtwoord om uw account te activeren:\n"
        f"{link}\n\n"
        f"De link werkt één keer en is {hours} uur geldig. Verwachtte u deze uitnodiging niet? "
        "Dan kunt u deze e-mail negeren." + _SIGNATURE
    )
    send_mail(user.email, "Uitnodiging voor Regiotoezicht", body, created_by_id=actor.user_id)


def _send_role_notice(user: User, granted: Membership | RegionRole, actor: Entitlements) -> None:
    body = (
        f"Beste {user.display_name},\n\n"
        f"U hebt in Regiotoezicht een nieuwe rol gekregen. {_role_sentence(granted)}\n\n"
        f"U logt in met uw bestaande account: {_public_url('auth.login')}" + _SIGNATURE
    )
    send_mail(user.email, "Nieuwe rol in Regiotoezicht", body, created_by_id=actor.user_id)


def _send_reset(user: User, actor: Entitlements) -> None:
    link = _public_url("auth.accept_link", token=issue_link(user, LinkPurpose.RESET, actor.user_id))
    hours = current_app.config["INVITE_VALID_HOURS"]
    body = (
        f"Beste {user.display_name},\n\n"
        "Uw beheerder heeft voor u een nieuw wachtwoord aangevraagd in Regiotoezicht. "
        "Kies via deze link een nieuw wachtwoord:\n"
        f"{link}\n\n"
        f"De link werkt één keer en is {hours} uur geldig. Uw huidige wachtwoord blijft werken "
        "tot u een nieuw kiest. Hebt u hier niet om gevraagd? Neem dan contact op met uw beheerder."
        + _SIGNATURE
    )
    send_mail(user.email, "Nieuw wachtwoord voor Regiotoezicht", body, created_by_id=actor.user_id)


# --- grants and ends ------------------------------------------------------------------------


def _audit_detail(role: Membership | RegionRole) -> dict[str, object]:
    return {
        "role": role.role.value,
        "user_id": role.user_id,
        "valid_from": role.valid_from.isoformat(),
        "valid_until": role.valid_until.isoformat() if role.valid_until else None,
    }


def _add_role(actor: Entitlements, user: User, grant: RoleGrant) -> Membership | RegionRole:
    _check_no_overlap(user, grant)
    granted: Membership | RegionRole
    if grant.gemeente_id is not None:
        granted = Membership(
            user_id=user.id,
            gemeente_id=grant.gemeente_id,
            role=grant.role,
            valid_from=grant.valid_from,
            valid_until=grant.valid_until,
            granted_by_id=actor.user_id,
        )
    else:
        granted = RegionRole(
            user_id=user.id,
            region_id=grant.region_id,
            role=grant.role,
            valid_from=grant.valid_from,
            valid_until=grant.valid_until,
            granted_by_id=actor.user_id,
        )
    db.session.add(granted)
    db.session.flush()  # first the id, so the audit row can name the object
    action = "membership.granted" if isinstance(granted, Membership) else "region_role.granted"
    audit.record(action, granted, detail=_audit_detail(granted))
    return granted


def grant_role(actor: Entitlements, user: User, grant: RoleGrant) -> Membership | RegionRole:
    """Grant a membership or region role to an existing account and tell the user by mail."""
    _check_grant(actor, grant)
    granted = _add_role(actor, user, grant)
    if user.password_hash is None:
        _send_invitation(user, actor, granted)  # not yet accepted: a fresh link replaces the old
    else:
        _send_role_notice(user, granted, actor)
    return granted


def invite_user(
    actor: Entitlements, email: str, display_name: str, grant: RoleGrant
) -> InviteResult:
    """Invite a person with a first role; an e-mail that has an account gets the role instead.

    One account per person: the existing account keeps its name and password, and gets a notice
    (or, when it never accepted its invitation, a new invitation link).
    """
    _check_grant(actor, grant)
    if not email.strip() or "@" not in email:
        raise UserError("Vul een geldig e-mailadres in.", "email")
    user = find_user_by_email(email)
    new_account = user is None
    if user is None:
        if not display_name.strip():
            raise UserError("Vul de naam in.", "display_name")
        user = create_user(email, display_name)
    granted = _add_role(actor, user, grant)
    audit.record(
        "user.invited",
        user,
        gemeente_id=grant.gemeente_id,
        detail={"new_account": new_account, "role": grant.role.value, "region_id": grant.region_id},
    )
    if new_account or user.password_hash is None:
        _send_invitation(user, actor, granted)
    else:
        _send_role_notice(user, granted, actor)
    return InviteResult(user, new_account, granted)


def check_membership_reach(actor: Entitlements, membership: Membership) -> None:
    """Raise OutOfScope unless the actor manages this membership's gemeente in this request."""
    _check_gemeente_reach(actor, membership.gemeente_id)


def end_membership(actor: Entitlements, membership: Membership, valid_until: date) -> Membership:
    """End a membership: set its last day; the row stays, so the history stays."""
    check_membership_reach(actor, membership)
    _check_end(membership, valid_until)
    _check_no_lock_out(actor, membership, valid_until)
    membership.valid_until = valid_until
    membership.ended_by_id = actor.user_id
    db.session.flush()
    audit.record("membership.ended", membership, detail=_audit_detail(membership))
    return membership


def check_region_role_reach(actor: Entitlements, region_role: RegionRole) -> None:
    _check_region_reach(actor, region_role.region_id)


def end_region_role(actor: Entitlements, region_role: RegionRole, valid_until: date) -> RegionRole:
    """End a region role: set its last day; the row stays."""
    check_region_role_reach(actor, region_role)
    _check_end(region_role, valid_until)
    _check_no_lock_out(actor, region_role, valid_until)
    region_role.valid_until = valid_until
    region_role.ended_by_id = actor.user_id
    db.session.flush()
    audit.record("region_role.ended", region_role, detail=_audit_detail(region_role))
    return region_role


# --- accounts -------------------------------------------------------------------------------


def _check_region_account_reach(actor: Entitlements) -> None:
    if require_tenant_context().active_id is not None or not managed_region_ids(
        actor, Permission.USERS_MANAGE
    ):
        raise OutOfScope("Alleen een regiobeheerder kan een account uit- of aanzetten.")


def disable_user(actor: Entitlements, user: User) -> None:
    """Switch an account off: login, sessions and API tokens stop working at once."""
    _check_region_account_reach(actor)
    if user.id == actor.user_id:
        raise UserError("U kunt uw eigen account niet uitzetten.")
    if not user.is_enabled:
        raise UserError("Dit account staat al uit.")
    user.is_enabled = False
    user.session_version = (user.session_version or 1) + 1  # ends every open session
    db.session.flush()
    audit.record("user.disabled", user)


def enable_user(actor: Entitlements, user: User) -> None:
    _check_region_account_reach(actor)
    if user.is_enabled:
        raise UserError("Dit account staat al aan.")
    user.is_enabled = True
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    audit.record("user.enabled", user)


def send_password_reset(actor: Entitlements, user: User, gemeente_id: int | None = None) -> None:
    """Mail the user a one-time link to choose a new password (a new invitation if never accepted).

    From a gemeente (`gemeente_id`): only for a user with a current or coming membership there
    who holds no region role; region staff are reset by the region admin.
    """
    if gemeente_id is not None:
        _check_gemeente_reach(actor, gemeente_id)
        day = today()
        has_role_here = db.session.execute(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.gemeente_id == gemeente_id,
                or_(Membership.valid_until.is_(None), Membership.valid_until >= day),
            )
        ).first()
        if not has_role_here:
            raise OutOfScope(
                "U kunt alleen het wachtwoord herstellen van gebruikers "
                "met een rol in deze gemeente."
            )
        has_region_role = db.session.execute(
            select(RegionRole.id).where(
                RegionRole.user_id == user.id,
                or_(RegionRole.valid_until.is_(None), RegionRole.valid_until >= day),
            )
        ).first()
        if has_region_role:
            raise OutOfScope(
                "Deze gebruiker heeft een regiorol: het wachtwoord herstelt de regiobeheerder."
            )
    else:
        _check_region_account_reach(actor)
    if not user.is_enabled:
        raise UserError("Dit account staat uit. Zet het eerst aan.")
    if user.password_hash is None:  # never accepted: a fresh invitation replaces the old link
        _send_invitation(user, actor, None)
        audit.record("user.invitation_resent", user, gemeente_id=gemeente_id)
        return
    _send_reset(user, actor)
    audit.record("user.password_reset_sent", user, gemeente_id=gemeente_id)


# --- second factor --------------------------------------------------------------------------


def set_gemeente_require_totp(actor: Entitlements, gemeente: Gemeente, required: bool) -> bool:
    """Require (or not) a second factor of everyone acting in the gemeente; True when changed."""
    ctx = require_tenant_context()
    if ctx.active_id != gemeente.id or not actor.can(Permission.SECURITY_SETTINGS, gemeente.id):
        raise OutOfScope("U kunt alleen de beveiliging van uw eigen gemeente instellen.")
    if gemeente.require_totp == required:
        return False
    gemeente.require_totp = required
    db.session.flush()
    audit.record("gemeente.require_totp_changed", gemeente, detail={"require_totp": required})
    return True


def set_region_require_totp(actor: Entitlements, region: Region, required: bool) -> bool:
    """Require (or not) a second factor of everyone with a role in the region; True when changed."""
    if region.id not in managed_region_ids(actor, Permission.SECURITY_SETTINGS):
        raise OutOfScope("Alleen een regiobeheerder van deze regio kan dit instellen.")
    if region.require_totp == required:
        return False
    region.require_totp = required
    db.session.flush()
    audit.record("region.require_totp_changed", region, detail={"require_totp": required})
    return True
