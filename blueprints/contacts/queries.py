"""Reads of contact persons, always inside the tenant scope."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from regiotoezicht import audit
from regiotoezicht.extensions import db


def list_contacts() -> list[GemeenteContact]:
    return list(
        db.session.execute(select(GemeenteContact).order_by(GemeenteContact.name)).scalars()
    )


def get_contact_or_404(contact_id: int) -> GemeenteContact:
    """Load by id inside the scope; an id of another gemeente is simply not found (and logged)."""
    contact = db.session.execute(
        select(GemeenteContact).where(GemeenteContact.id == contact_id)
    ).scalar_one_or_none()
    if contact is None:
        audit.record_outside_transaction(
            "access.not_found", object_type="GemeenteContact", object_id=contact_id
        )
        abort(404)
    return contact
