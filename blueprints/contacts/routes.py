"""Pages for a gemeente's contact persons: parse → service → render."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from blueprints.contacts import queries, services
from blueprints.contacts.forms import ContactForm
from regiotoezicht.auth.forms import ConfirmForm
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import current_entitlements, current_gemeente

bp = Blueprint("contacts", __name__, url_prefix="/g/<slug>/contactpersonen", template_folder="templates")


@bp.get("/")
@requires(Permission.GEMEENTE_VIEW)
def index() -> str:
    gemeente = current_gemeente()
    ents = current_entitlements()
    assert gemeente is not None and ents is not None
    return render_template(
        "contacts/index.html",
        contacts=queries.list_contacts(),
        can_manage=ents.can(Permission.CONTACTS_MANAGE, gemeente.id),
        confirm=ConfirmForm(),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.CONTACTS_MANAGE)
def create() -> str | Response | tuple[str, int]:
    form = ContactForm()
    if form.validate_on_submit():
        contact = services.add_contact(form.data_for_service())
        flash(f"Contactpersoon {contact.name} is toegevoegd.", "success")
        return redirect(url_for("contacts.index"))
    status = 400 if form.errors else 200
    return render_template("contacts/form.html", form=form, contact=None), status


@bp.route("/<int:contact_id>", methods=["GET", "POST"])
@requires(Permission.CONTACTS_MANAGE)
def edit(contact_id: int) -> str | Response | tuple[str, int]:
    contact = queries.get_contact_or_404(contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        services.update_contact(contact, form.data_for_service())
        flash("De wijzigingen zijn opgeslagen.", "success")
        return redirect(url_for("contacts.index"))
    status = 400 if form.errors else 200
    return render_template("contacts/form.html", form=form, contact=contact), status


@bp.post("/<int:contact_id>/verwijderen")
@requires(Permission.CONTACTS_MANAGE)
def delete(contact_id: int) -> Response:
    contact = queries.get_contact_or_404(contact_id)
    ConfirmForm().validate_on_submit()
    services.remove_contact(contact)
    flash(f"Contactpersoon {contact.name} is verwijderd.", "info")
    return redirect(url_for("contacts.index"))
