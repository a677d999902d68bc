"""Pages for toetsingskaders under /regio/toetsingskaders: list, view, new, edit a concept, new
version, fix. For region admins and coordinators (FRAMEWORKS_MANAGE) of their own regions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from blueprints.frameworks import default, queries, services
from blueprints.frameworks.forms import CodeTitleForm, FrameworkForm, NewVersionForm, NormForm
from blueprints.frameworks.models import Framework
from blueprints.users.permissions import require_region_ids
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.form_errors import show_errors, status_of
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.entitlements import today
from tenants.resolution import current_entitlements

bp = Blueprint("frameworks", __name__, url_prefix="/regio/toetsingskaders", template_folder="templates")

Page = str | Response | tuple[str, int]


def _region_ids() -> list[int]:
    ents = current_entitlements()
    assert ents is not None
    return require_region_ids(ents, Permission.FRAMEWORKS_MANAGE)


def _framework(framework_id: int) -> Framework:
    return queries.get_framework_or_404(framework_id, _region_ids())


def _attach(form: Any, error: services.FrameworkError) -> None:
    show_errors(form, {error.field: error.message})


@bp.get("/")
@requires(Permission.FRAMEWORKS_MANAGE)
def index() -> str:
    return render_template("frameworks/index.html", frameworks=queries.frameworks_of(_region_ids()))


@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def create() -> Page:
    region_ids = _region_ids()
    form = FrameworkForm()
    if not form.is_submitted():
        form.valid_from.data = today()
    if form.validate_on_submit():
        try:
            framework = services.create_framework(region_ids[0], form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash(f"{framework.label} is aangemaakt als concept. Voeg domeinen, onderdelen en normen toe.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id))
    return render_template("frameworks/form.html", form=form, framework=None), status_of(form)


@bp.post("/standaard")
@requires(Permission.FRAMEWORKS_MANAGE)
def install_default() -> Response:
    region_ids = _region_ids()
    ConfirmForm().validate_on_submit() or abort(400)
    try:
        framework = services.install_default_framework(region_ids[0], today(), fix=False)
    except services.FrameworkError as error:
        flash(error.message, "error")
        return redirect(url_for("frameworks.index"))
    flash(f"Het standaardkader is als concept toegevoegd: {framework.label}.", "success")
    return redirect(url_for("frameworks.detail", framework_id=framework.id))


@bp.get("/<int:framework_id>")
@requires(Permission.FRAMEWORKS_MANAGE)
def detail(framework_id: int) -> str:
    framework = _framework(framework_id)
    return render_template(
        "frameworks/detail.html", framework=framework, confirm=ConfirmForm(),
        version_form=NewVersionForm(valid_from=today()), aspects=default.QUALITY_ASPECTS,
    )


@bp.route("/<int:framework_id>/wijzigen", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def edit(framework_id: int) -> Page:
    framework = _framework(framework_id)
    form = FrameworkForm(obj=framework)
    if form.validate_on_submit():
        try:
            services.update_framework(framework, form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash("De wijzigingen zijn opgeslagen.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id))
    return render_template("frameworks/form.html", form=form, framework=framework), status_of(form)


@bp.route("/<int:framework_id>/domeinen/nieuw", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def add_domain(framework_id: int) -> Page:
    framework = _framework(framework_id)
    form = CodeTitleForm()
    if form.validate_on_submit():
        try:
            services.add_domain(framework, form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash("Het domein is toegevoegd.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id))
    return render_template(
        "frameworks/code_title.html", form=form, framework=framework, heading="Domein toevoegen"
    ), status_of(form)


@bp.route("/<int:framework_id>/domeinen/<int:domain_id>/onderdelen/nieuw", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def add_part(framework_id: int, domain_id: int) -> Page:
    framework = _framework(framework_id)
    domain = queries.get_domain_or_404(domain_id, framework)
    form = CodeTitleForm()
    if form.validate_on_submit():
        try:
            services.add_part(domain, form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash("Het onderdeel is toegevoegd.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id))
    return render_template(
        "frameworks/code_title.html", form=form, framework=framework,
        heading=f"Onderdeel toevoegen aan domein {domain.code} {domain.title}",
    ), status_of(form)


@bp.route("/<int:framework_id>/onderdelen/<int:part_id>/normen/nieuw", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def add_norm(framework_id: int, part_id: int) -> Page:
    framework = _framework(framework_id)
    part = queries.get_part_or_404(part_id, framework)
    form = NormForm()
    if form.validate_on_submit():
        try:
            norm = services.add_norm(part, form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash(f"Norm {norm.code} is toegevoegd.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id, _anchor=f"norm-{norm.id}"))
    return render_template("frameworks/norm.html", form=form, framework=framework, part=part, norm=None), status_of(form)


@bp.route("/<int:framework_id>/normen/<int:norm_id>", methods=["GET", "POST"])
@requires(Permission.FRAMEWORKS_MANAGE)
def edit_norm(framework_id: int, norm_id: int) -> Page:
    framework = _framework(framework_id)
    norm = queries.get_norm_or_404(norm_id, framework)
    form = NormForm(obj=norm)
    if form.validate_on_submit():
        try:
            services.update_norm(norm, form.data_for_service())
        except services.FrameworkError as error:
            _attach(form, error)
        else:
            flash(f"Norm {norm.code} is bijgewerkt.", "success")
            return redirect(url_for("frameworks.detail", framework_id=framework.id, _anchor=f"norm-{norm.id}"))
    return render_template(
        "frameworks/norm.html", form=form, framework=framework, part=norm.part, norm=norm
    ), status_of(form)


@bp.post("/<int:framework_id>/normen/<int:norm_id>/verwijderen")
@requires(Permission.FRAMEWORKS_MANAGE)
def remove_norm(framework_id: int, norm_id: int) -> Response:
    framework = _framework(framework_id)
    norm = queries.get_norm_or_404(norm_id, framework)
    ConfirmForm().validate_on_submit() or abort(400)
    try:
        services.remove_norm(norm)
    except services.FrameworkError as error:
        flash(error.message, "error")
    else:
        flash(f"Norm {norm.code} is verwijderd.", "info")
    return redirect(url_for("frameworks.detail", framework_id=framework.id))


@bp.post("/<int:framework_id>/vaststellen")
@requires(Permission.FRAMEWORKS_MANAGE)
def fix(framework_id: int) -> Response:
    framework = _framework(framework_id)
    ConfirmForm().validate_on_submit() or abort(400)
    try:
        services.fix_framework(framework, current_user.id)
    except services.FrameworkError as error:
        flash(error.message, "error")
    else:
        flash(f"{framework.label} is vastgesteld en kan nu worden gebruikt in onderzoeken.", "success")
    return redirect(url_for("frameworks.detail", framework_id=framework.id))


@bp.post("/<int:framework_id>/nieuwe-versie")
@requires(Permission.FRAMEWORKS_MANAGE)
def new_version(framework_id: int) -> Response:
    framework = _framework(framework_id)
    form = NewVersionForm()
    if not form.validate_on_submit():
        flash("Vul een geldige datum in voor de nieuwe versie.", "error")
        return redirect(url_for("frameworks.detail", framework_id=framework.id))
    try:
        copy = services.new_version(framework, form.valid_from.data)
    except services.FrameworkError as error:
        flash(error.message, "error")
        return redirect(url_for("frameworks.detail", framework_id=framework.id))
    flash(f"{copy.label} is aangemaakt als concept.", "success")
    return redirect(url_for("frameworks.detail", framework_id=copy.id))
