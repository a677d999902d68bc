"""Writes of contact persons: change, flush, audit. The request commits."""

from __future__ import annotations

from typing import Any

from blueprints.contacts.models import GemeenteContact
from regiotoezicht import audit
from regiotoezicht.extensions import db

FIELDS = ("name", "email", "function", "receives_calamity_copies", "receives_reports")


def add_contact(data: dict[str, Any]) -> GemeenteContact:
    """Add a contact to the active gemeente (the scoping stamps gemeente_id)."""
    contact = GemeenteContact(**{k: data[k] for k in FIELDS if k in data})
    db.session.add(contact)
    db.session.flush()
    audit.record("contact.added", contact)
    return contact


def update_contact(contact: GemeenteContact, data: dict[str, Any]) -> GemeenteContact:
    changed = [k for k in FIELDS if k in data and getattr(contact, k) != data[k]]
    for key in changed:
        setattr(contact, key, data[key])
    db.session.flush()
    if changed:
        audit.record("contact.changed", contact, fields=changed)
    return contact


def remove_contact(contact: GemeenteContact) -> None:
    audit.record("contact.removed", contact)
    db.session.delete(contact)
    db.session.flush()
