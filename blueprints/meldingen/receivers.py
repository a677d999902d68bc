"""What meldingen tells the slices it uses, at import: privacy may open a melding by emergency
access, and the attachments of a melding are read past the same need-to-know gate."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from blueprints.attachments.access import register_reader
from blueprints.meldingen.models import Melding
from blueprints.meldingen.permissions import SUBJECT_TYPE, can_see_personal_data
from blueprints.privacy.subjects import register_subject_type
from regiotoezicht.extensions import db
from tenants.resolution import current_entitlements


def _load(subject_id: int) -> Melding | None:
    return db.session.execute(select(Melding).where(Melding.id == subject_id)).scalar_one_or_none()


def describe(subject_id: int) -> str | None:
    """The melding's reference, when it exists in the current scope."""
    melding = _load(subject_id)
    return None if melding is None else f"melding {melding.reference}"


def url(subject_id: int) -> str:
    return url_for("meldingen.detail", melding_id=subject_id)


def can_read_attachments(subject_id: int) -> bool:
    melding = _load(subject_id)
    ents = current_entitlements()
    return melding is not None and ents is not None and can_see_personal_data(ents, melding)


def install() -> None:
    register_subject_type(SUBJECT_TYPE, "Melding", describe, url)
    register_reader(SUBJECT_TYPE, can_read_attachments)
