"""Login, logout, the second factor, the user's own password and API tokens, one-time links."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from regiotoezicht import audit
from regiotoezicht.auth import services, totp
from regiotoezicht.auth.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    CodeForm,
    ConfirmForm,
    LoginForm,
    NewPasswordForm,
)
from regiotoezicht.auth.models import ApiToken, User
from regiotoezicht.auth.passwords import verify_password
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from regiotoezicht.web import _safe_next, public, requires, second_factor_needed

bp = Blueprint("auth", __name__)


def _next_url() -> str:
    return _safe_next(request.args.get("next") or url_for("home.index"))


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> str | Response:
    if current_user.is_authenticated and (
        session.get("second_factor_ok") or not second_factor_needed(current_user)
    ):
        return redirect(_next_url())
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = services.authenticate(form.email.data or "", form.password.data or "")
        if result.user is not None:
            session.clear()
            login_user(result.user)
            session.permanent = True
            session["last_seen"] = session["login_at"] = datetime.now().timestamp()
            session["second_factor_ok"] = False
            return redirect(url_for("auth.second_factor", next=_next_url()))
        error = result.error
    return render_template("auth/login.html", form=form, error=error), 200 if not error else 400  # type: ignore[return-value]


@bp.route("/login/tweede-factor", methods=["GET", "POST"])
@requires(Permission.ACCOUNT, before_second_factor=True)
def second_factor() -> str | Response:
    """Ask for the TOTP code, set TOTP up when it is required, or pass straight through."""
    user = current_user._get_current_object()
    # The flag means "a code was given"; a session that needed none is checked again on every
    # request (web.py), so switching on required 2FA takes effect at once, not at the next login.
    if session.get("second_factor_ok") or not second_factor_needed(user):
        return redirect(_next_url())
    form = CodeForm()
    if user.has_totp:
        if form.validate_on_submit():
            if services.accept_totp_code(user, form.code.data or ""):
                session["second_factor_ok"] = True
                audit.record("auth.second_factor_ok", user)
                return redirect(_next_url())
            audit.record_outside_transaction(
                "auth.second_factor_failed", object_type="User", object_id=user.id
            )
            form.code.errors = ["Deze code klopt niet. Probeer de nieuwste code uit de app."]
        return render_template("auth/second_factor.html", form=form, setup=None)
    # Required but not set up yet: set it up now, then count it as given.
    if not user.totp_secret:
        services.start_totp_setup(user)
    if form.validate_on_submit():
        if services.confirm_totp(user, form.code.data or ""):
            session["second_factor_ok"] = True
            flash("Tweestapsverificatie staat aan.", "success")
            return redirect(_next_url())
        form.code.errors = ["Deze code klopt niet. Controleer de sleutel in de app."]
    return render_template("auth/second_factor.html", form=form, setup=_setup_info(user))


def _setup_info(user: object) -> dict[str, str]:
    secret = user.totp_secret  # type: ignore[attr-defined]
    return {
        "secret": totp.grouped(secret),
        "uri": totp.provisioning_uri(secret, user.email),  # type: ignore[attr-defined]
    }


@bp.post("/logout")
@requires(Permission.ACCOUNT, before_second_factor=True)
def logout() -> Response:
    audit.record("auth.logout", current_user._get_current_object())
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@requires(Permission.ACCOUNT)
def account() -> str:
    tokens = db.session.execute(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).scalars().all()
    return render_template(
        "auth/account.html", tokens=tokens, token_form=ApiTokenForm(), confirm=ConfirmForm(),
        new_token=session.pop("new_api_token", None),
    )


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@requires(Permission.ACCOUNT)
def change_password() -> str | Response:
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form._email = user.email  # type: ignore[attr-defined]
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current.data or ""):
            form.current.errors = ["Uw huidige wachtwoord klopt niet."]
        else:
            services.set_password(user, form.password.data or "")
            login_user(user)  # the session version changed: keep this session, end the others
            flash("Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 200 if not form.errors else 400  # type: ignore[return-value]


@bp.route("/account/tweede-factor", methods=["GET", "POST"])
@requires(Permission.ACCOUNT)
def manage_totp() -> str | Response:
    user = current_user._get_current_object()
    form = CodeForm()
    if request.method == "POST" and request.form.get("action") == "disable":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        user_required = _required_by_policy(user)
        if user_required:
            flash("Uw gemeente of regio vereist tweestapsverificatie; uitzetten kan niet.", "error")
        else:
            services.disable_totp(user)
            flash("Tweestapsverificatie staat uit.", "info")
        return redirect(url_for("auth.account"))
    if request.method == "GET" and not user.has_totp:
        services.start_totp_setup(user)
    if request.method == "POST" and form.validate_on_submit():
        if services.confirm_totp(user, form.code.data or ""):
            session["second_factor_ok"] = True  # the code just given counts for this session
            flash("Tweestapsverificatie staat aan.", "success")
            return redirect(url_for("auth.account"))
        form.code.errors = ["Deze code klopt niet. Controleer de sleutel in de app."]
    setup = None if user.has_totp else _setup_info(user)
    return render_template("auth/manage_totp.html", form=form, setup=setup, confirm=ConfirmForm())


def _required_by_policy(user: object) -> bool:
    policy = current_app.extensions.get("regiotoezicht.second_factor")
    return bool(policy and policy.required(user))


@bp.post("/account/tokens")
@requires(Permission.ACCOUNT)
def create_token() -> str | Response:
    form = ApiTokenForm()
    if not form.validate_on_submit():
        tokens = db.session.execute(
            select(ApiToken).where(ApiToken.user_id == current_user.id)
        ).scalars().all()
        return render_template(  # type: ignore[return-value]
            "auth/account.html", tokens=tokens, token_form=form, confirm=ConfirmForm(), new_token=None
        ), 400
    _, plain = services.create_api_token(
        current_user._get_current_object(), form.name.data or "", form.valid_days.data
    )
    session["new_api_token"] = plain  # shown once on the next page, then gone
    return redirect(url_for("auth.account"))


@bp.post("/account/tokens/<int:token_id>/intrekken")
@requires(Permission.ACCOUNT)
def revoke_token(token_id: int) -> Response:
    token = db.session.execute(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == current_user.id)
    ).scalar_one_or_none()
    if token is None:
        abort(404)
    services.revoke_api_token(token)
    flash(f"Token ‘{token.name}’ is ingetrokken.", "info")
    return redirect(url_for("auth.account"))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"], endpoint="accept_link")
@public
def accept_link(token: str) -> str | Response:
    """Accept an invitation or a password reset: choose a password, then log in."""
    link = services.find_valid_link(token)
    if link is None:
        return render_template("auth/link_invalid.html"), 404  # type: ignore[return-value]
    form = NewPasswordForm()
    user = db.session.get(User, link.user_id)
    form._email = user.email if user else ""  # type: ignore[attr-defined]
    if form.validate_on_submit():
        services.use_link(link, form.password.data or "")
        flash("Uw wachtwoord is ingesteld. U kunt nu inloggen.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/accept_link.html", form=form, purpose=link.purpose.value, user=user), (
        200 if not form.errors else 400
    )  # type: ignore[return-value]
