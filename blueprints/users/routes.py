"""Pages for user management in the region (/regio/gebruikers) and in a gemeente
(/g/<slug>/gebruikers), and the second-factor settings: parse → service → render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from blueprints.users import queries, services
from blueprints.users.forms import (
    EndRoleForm,
    GemeenteInviteForm,
    MembershipForm,
    RegionInviteForm,
    RegionMembershipForm,
    RegionRoleForm,
    SecurityForm,
)
from blueprints.users.permissions import (
    OutOfScope,
    log_refusal,
    managed_region_ids,
    require_region_ids,
)
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.auth.models import User
from regiotoezicht.context import require_tenant_context
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission, Role
from regiotoezicht.web import requires
from tenants.entitlements import Entitlements, today
from tenants.models import Gemeente, Membership, RegionRole
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint("users", __name__, template_folder="templates")

Page = str | Response | tuple[str, int]


@bp.errorhandler(OutOfScope)
def _out_of_scope(error: OutOfScope) -> tuple[str, int]:
    gemeente = current_gemeente()
    log_refusal(gemeente.id if gemeente else None)
    return render_template(
        "errors/error.html", code=403, title="Geen toegang", description=str(error)
    ), 403


def _actor() -> Entitlements:
    ents = current_entitlements()
    assert ents is not None
    return ents


def _gemeente() -> Gemeente:
    gemeente = current_gemeente()
    assert gemeente is not None
    return gemeente


def _attach(form: FlaskForm, error: services.UserError) -> None:
    """Show a service's refusal at the field it concerns (or above the form)."""
    show_errors(form, {error.field: error.message})


def _invited_message(email: str, role: Role) -> str:
    # The same words for a new and an existing account: the page does not tell which it was.
    return f"{email} heeft de rol {role.label.lower()} gekregen en krijgt hierover een e-mail."


#: Prefixes of the button forms on a user's page (each form needs its own field ids).
RESET, ACCOUNT = "herstel", "account"


def _confirm_forms() -> dict[str, ConfirmForm]:
    return {"reset_form": ConfirmForm(prefix=RESET), "account_form": ConfirmForm(prefix=ACCOUNT)}


@dataclass(frozen=True)
class RegionScope:
    """What a region admin manages: their regions and the gemeenten those serve today."""

    actor: Entitlements
    region_ids: list[int]
    gemeente_ids: set[int]

    @property
    def role_region_ids(self) -> list[int]:
        return managed_region_ids(self.actor, Permission.REGION_ROLES_MANAGE)


def _region_scope(permission: Permission = Permission.USERS_MANAGE) -> RegionScope:
    actor = _actor()
    region_ids = require_region_ids(actor, permission)
    gemeente_ids = queries.region_gemeente_ids(
        region_ids, require_tenant_context().allowed_ids, today()
    )
    return RegionScope(actor, region_ids, gemeente_ids)


# --- region ---------------------------------------------------------------------------------


@bp.get("/regio/gebruikers")
@requires(Permission.USERS_MANAGE)
def region_users() -> str:
    scope = _region_scope()
    return render_template(
        "users/region_index.html",
        rows=queries.region_users(scope.region_ids, scope.gemeente_ids),
        regions=queries.regions(scope.region_ids),
        today=today(),
    )


@bp.route("/regio/gebruikers/uitnodigen", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def region_invite() -> Page:
    scope = _region_scope()
    form = RegionInviteForm().setup(
        queries.gemeenten(scope.gemeente_ids), bool(scope.role_region_ids)
    )
    if form.validate_on_submit():
        role = Role(form.role.data)
        grant = form.grant(
            gemeente_id=None if role.is_region_role else form.gemeente_id.data,
            # A deployment serves one region; an admin of several grants in the first one.
            region_id=scope.role_region_ids[0] if role.is_region_role else None,
        )
        try:
            result = services.invite_user(
                scope.actor, form.email.data or "", form.display_name.data or "", grant
            )
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(_invited_message(result.user.email, role), "success")
            return redirect(url_for("users.region_user", user_id=result.user.id))
    return render_template("users/invite.html", form=form, region=True), status_of(form)


def _region_user_page(
    scope: RegionScope,
    user_id: int,
    *,
    membership_form: RegionMembershipForm | None = None,
    role_form: RegionRoleForm | None = None,
) -> tuple[str, int]:
    row = queries.get_region_user_or_404(user_id, scope.region_ids, scope.gemeente_ids)
    gemeenten = queries.gemeenten(scope.gemeente_ids)
    membership_form = membership_form or RegionMembershipForm(prefix="lid").setup(gemeenten)
    if role_form is None and scope.role_region_ids:
        role_form = RegionRoleForm(prefix="regio")
    failed = next((f for f in (membership_form, role_form) if f is not None and f.errors), None)
    html = render_template(
        "users/user.html",
        row=row,
        region=True,
        today=today(),
        **_confirm_forms(),
        membership_form=membership_form,
        role_form=role_form,
        form=failed,
        is_self=row.user.id == scope.actor.user_id,
    )
    return html, 400 if failed else 200


@bp.get("/regio/gebruikers/<int:user_id>")
@requires(Permission.USERS_MANAGE)
def region_user(user_id: int) -> Page:
    return _region_user_page(_region_scope(), user_id)


@bp.post("/regio/gebruikers/<int:user_id>/lidmaatschappen")
@requires(Permission.USERS_MANAGE)
def region_grant_membership(user_id: int) -> Page:
    scope = _region_scope()
    row = queries.get_region_user_or_404(user_id, scope.region_ids, scope.gemeente_ids)
    form = RegionMembershipForm(prefix="lid").setup(queries.gemeenten(scope.gemeente_ids))
    if form.validate_on_submit():
        grant = form.grant(gemeente_id=form.gemeente_id.data)
        try:
            services.grant_role(scope.actor, row.user, grant)
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(f"De rol {grant.role.label.lower()} is toegekend.", "success")
            return redirect(url_for("users.region_user", user_id=user_id))
    return _region_user_page(scope, user_id, membership_form=form)


@bp.post("/regio/gebruikers/<int:user_id>/regiorollen")
@requires(Permission.REGION_ROLES_MANAGE)
def region_grant_role(user_id: int) -> Page:
    scope = _region_scope(Permission.REGION_ROLES_MANAGE)
    row = queries.get_region_user_or_404(user_id, scope.region_ids, scope.gemeente_ids)
    form = RegionRoleForm(prefix="regio")
    if form.validate_on_submit():
        grant = form.grant(region_id=scope.region_ids[0])
        try:
            services.grant_role(scope.actor, row.user, grant)
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(f"De regiorol {grant.role.label.lower()} is toegekend.", "success")
            return redirect(url_for("users.region_user", user_id=user_id))
    return _region_user_page(scope, user_id, role_form=form)


@bp.route(
    "/regio/gebruikers/<int:user_id>/lidmaatschappen/<int:membership_id>/beeindigen",
    methods=["GET", "POST"],
)
@requires(Permission.USERS_MANAGE)
def region_end_membership(user_id: int, membership_id: int) -> Page:
    scope = _region_scope()
    membership = queries.get_membership_or_404(membership_id, user_id)
    services.check_membership_reach(scope.actor, membership)
    return _end_role(
        lambda until: services.end_membership(scope.actor, membership, until),
        membership,
        url_for("users.region_user", user_id=user_id),
    )


@bp.route(
    "/regio/gebruikers/<int:user_id>/regiorollen/<int:role_id>/beeindigen", methods=["GET", "POST"]
)
@requires(Permission.REGION_ROLES_MANAGE)
def region_end_role(user_id: int, role_id: int) -> Page:
    scope = _region_scope(Permission.REGION_ROLES_MANAGE)
    region_role = queries.get_region_role_or_404(role_id, user_id, scope.region_ids)
    services.check_region_role_reach(scope.actor, region_role)
    return _end_role(
        lambda until: services.end_region_role(scope.actor, region_role, until),
        region_role,
        url_for("users.region_user", user_id=user_id),
    )


def _end_role(end: Callable[[date], object], role: Membership | RegionRole, back: str) -> Page:
    """Ask for the last day, then end the membership or region role through `end`."""
    form = EndRoleForm().default_for(role.valid_from)
    if form.validate_on_submit():
        assert form.valid_until.data is not None  # InputRequired
        try:
            end(form.valid_until.data)
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(
                f"De rol {role.role.label.lower()} eindigt na {role.valid_until:%d-%m-%Y}.",
                "success",
            )
            return redirect(back)
    return render_template("users/end_role.html", form=form, role=role, back=back), status_of(form)


@bp.post("/regio/gebruikers/<int:user_id>/uitzetten")
@requires(Permission.USERS_MANAGE)
def region_disable(user_id: int) -> Page:
    return _account_action(user_id, ACCOUNT, services.disable_user, "Het account van {} staat uit.")


@bp.post("/regio/gebruikers/<int:user_id>/aanzetten")
@requires(Permission.USERS_MANAGE)
def region_enable(user_id: int) -> Page:
    return _account_action(
        user_id, ACCOUNT, services.enable_user, "Het account van {} staat weer aan."
    )


@bp.post("/regio/gebruikers/<int:user_id>/wachtwoord-herstellen")
@requires(Permission.USERS_MANAGE)
def region_reset_password(user_id: int) -> Page:
    return _account_action(
        user_id,
        RESET,
        services.send_password_reset,
        "{} krijgt een e-mail met een link om een nieuw wachtwoord te kiezen.",
    )


def _account_action(
    user_id: int, prefix: str, action: Callable[[Entitlements, User], None], message: str
) -> Page:
    scope = _region_scope()
    row = queries.get_region_user_or_404(user_id, scope.region_ids, scope.gemeente_ids)
    if not ConfirmForm(prefix=prefix).validate_on_submit():
        return redirect(url_for("users.region_user", user_id=user_id))
    try:
        action(scope.actor, row.user)
    except services.UserError as error:
        flash(error.message, "error")
    else:
        flash(message.format(row.user.display_name), "success")
    return redirect(url_for("users.region_user", user_id=user_id))


@bp.route("/regio/beveiliging", methods=["GET", "POST"])
@requires(Permission.SECURITY_SETTINGS)
def region_security() -> Page:
    scope = _region_scope(Permission.SECURITY_SETTINGS)
    region = queries.regions(scope.region_ids)[0]
    form = SecurityForm(data={"require_totp": region.require_totp})
    if form.validate_on_submit():
        changed = services.set_region_require_totp(
            scope.actor, region, bool(form.require_totp.data)
        )
        flash(_security_message(changed, region.require_totp), "success" if changed else "info")
        return redirect(url_for("users.region_security"))
    return render_template(
        "users/security.html",
        form=form,
        place=region.name,
        region=True,
        required=region.require_totp,
    ), status_of(form)


def _security_message(changed: bool, required: bool) -> str:
    if not changed:
        return "Er is niets gewijzigd."
    if required:
        return (
            "Tweestapsverificatie is nu verplicht. Wie nog geen app heeft gekoppeld, "
            "doet dat bij de volgende keer inloggen."
        )
    return "Tweestapsverificatie is niet langer verplicht."


# --- gemeente -------------------------------------------------------------------------------


@bp.get("/g/<slug>/gebruikers")
@requires(Permission.USERS_MANAGE)
def gemeente_users() -> str:
    gemeente = _gemeente()
    return render_template(
        "users/gemeente_index.html",
        rows=queries.gemeente_users(gemeente.id),
        today=today(),
        can_security=_actor().can(Permission.SECURITY_SETTINGS, gemeente.id),
    )


@bp.route("/g/<slug>/gebruikers/uitnodigen", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def gemeente_invite() -> Page:
    gemeente = _gemeente()
    form = GemeenteInviteForm()
    if form.validate_on_submit():
        grant = form.grant(gemeente_id=gemeente.id)
        try:
            result = services.invite_user(
                _actor(), form.email.data or "", form.display_name.data or "", grant
            )
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(_invited_message(result.user.email, grant.role), "success")
            return redirect(url_for("users.gemeente_user", user_id=result.user.id))
    return render_template("users/invite.html", form=form, region=False), status_of(form)


def _gemeente_user_page(
    user_id: int, membership_form: MembershipForm | None = None
) -> tuple[str, int]:
    gemeente = _gemeente()
    row = queries.get_gemeente_user_or_404(user_id, gemeente.id)
    membership_form = membership_form or MembershipForm(prefix="lid")
    failed = membership_form if membership_form.errors else None
    html = render_template(
        "users/user.html",
        row=row,
        region=False,
        today=today(),
        **_confirm_forms(),
        membership_form=membership_form,
        role_form=None,
        form=failed,
        is_self=row.user.id == _actor().user_id,
    )
    return html, 400 if failed else 200


@bp.get("/g/<slug>/gebruikers/<int:user_id>")
@requires(Permission.USERS_MANAGE)
def gemeente_user(user_id: int) -> Page:
    return _gemeente_user_page(user_id)


@bp.post("/g/<slug>/gebruikers/<int:user_id>/lidmaatschappen")
@requires(Permission.USERS_MANAGE)
def gemeente_grant_membership(user_id: int) -> Page:
    gemeente = _gemeente()
    row = queries.get_gemeente_user_or_404(user_id, gemeente.id)
    form = MembershipForm(prefix="lid")
    if form.validate_on_submit():
        grant = form.grant(gemeente_id=gemeente.id)
        try:
            services.grant_role(_actor(), row.user, grant)
        except services.UserError as error:
            _attach(form, error)
        else:
            flash(f"De rol {grant.role.label.lower()} is toegekend.", "success")
            return redirect(url_for("users.gemeente_user", user_id=user_id))
    return _gemeente_user_page(user_id, form)


@bp.route(
    "/g/<slug>/gebruikers/<int:user_id>/lidmaatschappen/<int:membership_id>/beeindigen",
    methods=["GET", "POST"],
)
@requires(Permission.USERS_MANAGE)
def gemeente_end_membership(user_id: int, membership_id: int) -> Page:
    membership = queries.get_membership_or_404(membership_id, user_id)
    services.check_membership_reach(_actor(), membership)
    return _end_role(
        lambda until: services.end_membership(_actor(), membership, until),
        membership,
        url_for("users.gemeente_user", user_id=user_id),
    )


@bp.post("/g/<slug>/gebruikers/<int:user_id>/wachtwoord-herstellen")
@requires(Permission.USERS_MANAGE)
def gemeente_reset_password(user_id: int) -> Page:
    gemeente = _gemeente()
    row = queries.get_gemeente_user_or_404(user_id, gemeente.id)
    if ConfirmForm(prefix=RESET).validate_on_submit():
        try:
            services.send_password_reset(_actor(), row.user, gemeente_id=gemeente.id)
        except services.UserError as error:
            flash(error.message, "error")
        else:
            flash(
                f"{row.user.display_name} krijgt een e-mail met een link "
                "om een nieuw wachtwoord te kiezen.",
                "success",
            )
    return redirect(url_for("users.gemeente_user", user_id=user_id))


@bp.route("/g/<slug>/beveiliging", methods=["GET", "POST"])
@requires(Permission.SECURITY_SETTINGS)
def gemeente_security() -> Page:
    gemeente = _gemeente()
    form = SecurityForm(data={"require_totp": gemeente.require_totp})
    if form.validate_on_submit():
        changed = services.set_gemeente_require_totp(
            _actor(), gemeente, bool(form.require_totp.data)
        )
        flash(_security_message(changed, gemeente.require_totp), "success" if changed else "info")
        return redirect(url_for("users.gemeente_security"))
    return render_template(
        "users/security.html",
        form=form,
        place=gemeente.name,
        region=False,
        required=gemeente.require_totp,
    ), status_of(form)
