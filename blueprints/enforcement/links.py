"""What enforcement reads of other slices: settings, providers and investigations.

One module, so the slice's dependencies on the others stay visible in one place and point one
way (enforcement imports them; they never import enforcement). Every read goes through the
tenant scope of the request: an investigation is visible only to its participant gemeenten.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import abort
from sqlalchemy import select

from blueprints.investigations.models import Investigation, InvestigationParticipant
from blueprints.providers.models import Provider
from blueprints.providers.queries import financing_forms_for, providers_of_gemeente
from blueprints.settings.effective import effective_setting
from regiotoezicht import audit
from regiotoezicht.extensions import db
from tenants.models import Gemeente


def measure_ladder(gemeente_id: int, on_date: date) -> list[str]:
    """The gemeente's ladder of measures on that date (until a policy template is adopted: its
    setting, else the registry's default list)."""
    return list(effective_setting(gemeente_id, "enforcement.measure_ladder", on_date))


def financing_forms(provider_id: int, gemeente_id: int, on_date: date) -> set[str]:
    return {form.value for form in financing_forms_for(provider_id, [gemeente_id], on_date)}


def provider_exists(provider_id: int) -> bool:
    return db.session.get(Provider, provider_id) is not None


def provider_names(provider_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(provider_ids))
    if not ids:
        return {}
    rows = db.session.execute(select(Provider.id, Provider.name).where(Provider.id.in_(ids)))
    return {row.id: row.name for row in rows}


def provider_choices(gemeente_id: int, on_date: date) -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in providers_of_gemeente(gemeente_id, on_date)]


def gemeente_names(gemeente_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(gemeente_ids))
    if not ids:
        return {}
    return {row.id: row.name for row in db.session.execute(select(Gemeente.id, Gemeente.name).where(Gemeente.id.in_(ids)))}


def gemeente_takes_part(investigation_id: int, gemeente_id: int) -> bool:
    return db.session.execute(
        select(InvestigationParticipant.id).where(
            InvestigationParticipant.investigation_id == investigation_id,
            InvestigationParticipant.gemeente_id == gemeente_id,
        )
    ).first() is not None


def _investigation(investigation_id: int) -> Investigation | None:
    return db.session.execute(
        select(Investigation).where(Investigation.id == investigation_id)
    ).scalar_one_or_none()


def provider_related(provider_id: int, gemeente_id: int) -> bool:
    """The gemeente has (or had) a contract, subsidy or pgb relation with the provider.

    TODO(#4): once the investigations slice links providers to an investigation
    (InvestigationProvider) and records findings, check that the provider was assessed in the
    investigation and that a finding counts as a tekortkoming, instead of this relation check.
    """
    return any(p.id == provider_id for p in providers_of_gemeente(gemeente_id))


def provider_choices_of_investigation(gemeente_id: int) -> list[tuple[int, str]]:
    """The providers the advice can concern: those the gemeente has a relation with."""
    return [(p.id, p.name) for p in providers_of_gemeente(gemeente_id)]


def follows_up(follow_up_id: int, investigation_id: int) -> bool:
    investigation = _investigation(follow_up_id)
    return investigation is not None and investigation.follows_up_investigation_id == investigation_id


def _taking_part(gemeente_id: int) -> list[int]:
    return list(db.session.execute(
        select(InvestigationParticipant.investigation_id).where(InvestigationParticipant.gemeente_id == gemeente_id)
    ).scalars())


def follow_up_choices(investigation_id: int | None, gemeente_id: int) -> list[tuple[int, str]]:
    """Follow-up investigations of this investigation that the gemeente takes part in."""
    if investigation_id is None:
        return []
    rows = db.session.execute(
        select(Investigation)
        .where(
            Investigation.follows_up_investigation_id == investigation_id,
            Investigation.id.in_(_taking_part(gemeente_id)),
        )
        .order_by(Investigation.id)
    ).scalars()
    return [(i.id, f"{i.reference} {i.title}") for i in rows]


def investigation_choices(gemeente_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Investigation).where(Investigation.id.in_(_taking_part(gemeente_id))).order_by(Investigation.id.desc())
    ).scalars()
    return [(i.id, f"{i.reference} {i.title}") for i in rows]


def investigation_label(investigation_id: int | None) -> str | None:
    if investigation_id is None:
        return None
    investigation = _investigation(investigation_id)
    return None if investigation is None else f"{investigation.reference} {investigation.title}"


def investigation_for_gemeente_or_404(investigation_id: int, gemeente_id: int) -> str:
    """The label of an investigation the gemeente takes part in; anything else is not found."""
    if not gemeente_takes_part(investigation_id, gemeente_id):
        audit.record_outside_transaction("access.not_found", object_type="Investigation", object_id=investigation_id)
        abort(404)
    label = investigation_label(investigation_id)
    assert label is not None
    return label
