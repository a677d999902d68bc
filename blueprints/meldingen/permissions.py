"""Object rules of meldingen: who sees the personal data (need-to-know) and who gets which view.

Personal data (reporter and client) are for the inspectors on the case team; anyone else
entitled to the gemeente reaches them only through an emergency access (privacy slice) with a
stated reason. Gemeente roles never see them: they hold neither MELDINGEN_TRIAGE (to be on a
team) nor EMERGENCY_ACCESS.
"""

from __future__ import annotations

import enum

from sqlalchemy import select

from blueprints.meldingen.models import Melding, MeldingAssignment
from blueprints.privacy.services import has_emergency_access
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from tenants.entitlements import Entitlements

SUBJECT_TYPE = "melding"


class Audience(enum.StrEnum):
    """Which view of a melding someone gets."""

    GEMEENTE = "gemeente"  # gemeente roles: the facts without client data, reporter or free text
    GGD = "ggd"  # GGD staff entitled to the gemeente, not on the case: no personal data
    CASE = "case"  # the case team (or an emergency access): everything


def on_case_team(user_id: int, melding: Melding) -> bool:
    return db.session.execute(
        select(MeldingAssignment.id).where(
            MeldingAssignment.melding_id == melding.id, MeldingAssignment.user_id == user_id,
            MeldingAssignment.ended_at.is_(None),
        ).limit(1)
    ).first() is not None


def is_ggd_staff(ents: Entitlements, gemeente_id: int) -> bool:
    return ents.can(Permission.MELDINGEN_REGISTER, gemeente_id) or ents.can(Permission.MELDINGEN_TRIAGE, gemeente_id)


def can_see_personal_data(ents: Entitlements, melding: Melding) -> bool:
    """The need-to-know gate: on the case team, or an unexpired emergency access."""
    if not is_ggd_staff(ents, melding.gemeente_id):
        return False
    if on_case_team(ents.user_id, melding) and ents.can(Permission.MELDINGEN_TRIAGE, melding.gemeente_id):
        return True
    return ents.can(Permission.EMERGENCY_ACCESS, melding.gemeente_id) and has_emergency_access(
        ents.user_id, SUBJECT_TYPE, melding.id
    )


def audience_for(ents: Entitlements, melding: Melding) -> Audience:
    if can_see_personal_data(ents, melding):
        return Audience.CASE
    if is_ggd_staff(ents, melding.gemeente_id):
        return Audience.GGD
    return Audience.GEMEENTE
