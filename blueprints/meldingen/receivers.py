"""What meldingen tells the slices it uses, at import: privacy may open a melding by emergency
access."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from blueprints.meldingen.models import Melding
from blueprints.meldingen.permissions import SUBJECT_TYPE
from blueprints.privacy.subjects import register_subject_type
from regiotoezicht.extensions import db


def _load(subject_id: int) -> Melding | None:
    return db.session.execute(select(Melding).where(Melding.id == subject_id)).scalar_one_or_none()


def describe(subject_id: int) -> str | None:
    """The melding's reference, when it exists in the current scope."""
    melding = _load(subject_id)
    return None if melding is None else f"melding {melding.reference}"


def url(subject_id: int) -> str:
    return url_for("meldingen.detail", melding_id=subject_id)


def install() -> None:
    register_subject_type(SUBJECT_TYPE, "Melding", describe, url)
