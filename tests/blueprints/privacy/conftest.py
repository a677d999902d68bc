"""A test-only subject type ("contact") so the emergency-access page has a record to open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from blueprints.privacy import subjects
from regiotoezicht.extensions import db


def _describe(contact_id: int) -> str | None:
    contact = db.session.execute(
        select(GemeenteContact).where(GemeenteContact.id == contact_id)
    ).scalar_one_or_none()
    return None if contact is None else f"contactpersoon C-{contact.id}"


@pytest.fixture()
def contact_subject() -> Iterator[str]:
    subjects.register_subject_type("contact", "contactpersoon", _describe, lambda i: f"/contact/{i}")
    yield "contact"
    subjects._registry.pop("contact", None)
