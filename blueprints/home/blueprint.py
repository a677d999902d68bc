"""URL rules of the start pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from blueprints.home import queries
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission, Role
from regiotoezicht.web import requires
from tenants.models import Gemeente
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
@requires(Permission.ACCOUNT)
def index() -> str | Response:
    ents = current_entitlements()
    assert ents is not None
    gemeenten = queries.my_gemeenten(ents)
    # Someone who works for exactly one gemeente and nothing else starts in that gemeente.
    if len(gemeenten) == 1 and not ents.roles_by_region:
        return redirect(url_for("home.gemeente", slug=gemeenten[0].gemeente.slug))
    return render_template("home/index.html", gemeenten=gemeenten, ents=ents)


@bp.get("/g/<slug>/")
@requires(Permission.GEMEENTE_VIEW)
def gemeente() -> str:
    ents = current_entitlements()
    g = current_gemeente()
    assert ents is not None and g is not None
    roles = sorted(ents.roles_in(g.id), key=lambda r: r.label)
    return render_template("home/gemeente.html", gemeente=g, roles=roles, ents=ents, Permission=Permission)


@bp.get("/regio/")
@requires(Permission.REGION_VIEW)
def region() -> str:
    ents = current_entitlements()
    assert ents is not None
    region_ids = list(ents.roles_by_region)
    overview = queries.region_overview(region_ids, ents.on_date)
    mine = queries.my_gemeenten(ents)
    return render_template(
        "home/region.html", overview=overview, gemeenten=mine, ents=ents, Permission=Permission
    )


@bp.app_context_processor
def navigation() -> dict[str, Any]:
    ents = current_entitlements()
    if ents is None:
        return {"nav_links": []}
    links = [("Start", url_for("home.index"))]
    if ents.can(Permission.REGION_VIEW):
        links.append(("Regio", url_for("home.region")))
    if ents.region_can(Permission.USERS_MANAGE):
        links.append(("Gebruikers", url_for("users.region_users")))
    if ents.can(Permission.AUDIT_READ):
        links.append(("Auditlog", url_for("audit.region_log")))
    if ents.region_can(Permission.OUTBOX_READ):
        links.append(("Uitgaande mail", url_for("outbox.index")))
    if ents.can(Permission.REGION_VIEW) and ents.can(Permission.PROVIDERS_VIEW):
        links.append(("Aanbieders", url_for("providers.registry")))
    if ents.can(Permission.PRIVACY_REVIEW):
        links.append(("Privacy", url_for("privacy.review")))
    if ents.gemeenten_with(Permission.MELDINGEN_VIEW):
        links.append(("Meldingen", url_for("meldingen.region_index")))
    if ents.can(Permission.LESSONS_READ):
        links.append(("Lessen", url_for("lessons.search")))
    if ents.can(Permission.INVESTIGATIONS_MANAGE):
        links.append(("Onderzoeken", url_for("investigations.region_index")))
    if ents.region_can(Permission.FRAMEWORKS_MANAGE):
        links.append(("Toetsingskaders", url_for("frameworks.index")))
    enforcing = ents.gemeenten_with(Permission.ENFORCEMENT_VIEW)
    if len(enforcing) == 1 and not ents.roles_by_region:
        # Someone who works for one gemeente reaches its enforcement directly.
        (gemeente_id,) = enforcing
        gemeente = db.session.get(Gemeente, gemeente_id)
        if gemeente is not None:
            links.append(("Handhaving", url_for("enforcement.index", slug=gemeente.slug)))
    elif enforcing:
        # Inspectors and coordinators (several gemeenten, or a region role): one overview.
        links.append(("Handhaving", url_for("enforcement.region_index")))
    links.append(("Mijn account", url_for("auth.account")))
    return {"nav_links": links, "Role": Role}
