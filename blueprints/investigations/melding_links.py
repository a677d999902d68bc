"""Investigations that follow a melding: the button and list on the melding's page (through the
meldingen slice's follow-up hook, so meldingen imports nothing of investigations), the creation
page prefilled from a melding, and the melding references shown on an investigation.

The melding itself stays a strict tenant row of its gemeente: it is loaded only inside the
request's tenant scope, and a participant of another gemeente reads nothing of it but the
reference copied onto the link.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, url_for
from sqlalchemy import select

from blueprints.investigations import status as lifecycle
from blueprints.investigations.forms import InvestigationForm
from blueprints.investigations.models import Investigation, InvestigationKind, InvestigationMelding
from blueprints.meldingen.follow_ups import FollowUpAction, FollowUpRecord, FollowUps, register_follow_up
from blueprints.meldingen.models import Investigator, Melding, MeldingStatus
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from tenants.models import Gemeente
from tenants.resolution import current_entitlements


def may_open_for(melding: Melding) -> bool:
    """A melding the GGD investigates itself, still open, in a gemeente where the user may both
    work on meldingen and manage investigations."""
    ents = current_entitlements()
    return (
        ents is not None
        and melding.status is MeldingStatus.INVESTIGATING and melding.investigator is Investigator.GGD
        and ents.can(Permission.MELDINGEN_TRIAGE, melding.gemeente_id)
        and ents.can(Permission.INVESTIGATIONS_MANAGE, melding.gemeente_id)
    )


def melding_or_404(melding_id: int | None) -> Melding:
    """The melding, if it exists in the request's scope (another gemeente's does not)."""
    melding = None
    if isinstance(melding_id, int):
        melding = db.session.scalars(select(Melding).where(Melding.id == melding_id)).one_or_none()
    if melding is None:
        abort(404)
    return melding


def melding_url(melding: Melding) -> str | None:
    gemeente = db.session.get(Gemeente, melding.gemeente_id)
    return url_for("meldingen.detail", slug=gemeente.slug, melding_id=melding.id) if gemeente is not None else None


def prefill(form: InvestigationForm, melding: Melding) -> None:
    """A reactive investigation of the melding's gemeente and provider (changeable before saving)."""
    form.kind.data = InvestigationKind.REACTIVE.value
    form.title.data = f"Onderzoek na melding {melding.reference}"
    form.gemeente_ids.data = [melding.gemeente_id]
    if melding.provider_id is not None:
        form.provider_ids.data = [melding.provider_id]
    form.melding_id.data = melding.id


def investigations_of(melding: Melding) -> list[Investigation]:
    """The investigations (visible here) that the melding is linked to, oldest first."""
    ids = set(db.session.scalars(
        select(InvestigationMelding.investigation_id).where(
            InvestigationMelding.melding_id == melding.id, InvestigationMelding.gemeente_id == melding.gemeente_id
        )
    ))
    if not ids:
        return []
    # Two scoped reads, not a join: each table keeps its own scope criterion.
    return list(db.session.scalars(
        select(Investigation).where(Investigation.id.in_(ids)).order_by(Investigation.created_at, Investigation.id)
    ))


def follow_ups(melding: Melding) -> FollowUps | None:
    """The "Onderzoeken" section of a melding's page."""
    ents = current_entitlements()
    if ents is None or not ents.can(Permission.INVESTIGATIONS_VIEW, melding.gemeente_id):
        return None
    manage = ents.can(Permission.INVESTIGATIONS_MANAGE, melding.gemeente_id)
    gemeente = db.session.get(Gemeente, melding.gemeente_id)
    records = []
    for investigation in investigations_of(melding):
        if manage:
            url = url_for("investigations.region_detail", investigation_id=investigation.id)
        elif gemeente is not None:
            url = url_for("investigations.gemeente_detail", slug=gemeente.slug, investigation_id=investigation.id)
        else:
            url = None
        records.append(FollowUpRecord(f"{investigation.reference}: {investigation.title}", url, lifecycle.label(investigation.status)))
    actions = []
    if may_open_for(melding):
        label = "Nog een onderzoek openen" if records else "Onderzoek openen"
        actions.append(FollowUpAction(label, url_for("investigations.create", melding=melding.id)))
    if not records and not actions:
        return None
    return FollowUps("Onderzoeken", records, actions, empty="Er is nog geen onderzoek aan deze melding gekoppeld.")


@dataclass(frozen=True)
class MeldingReference:
    reference: str
    url: str | None


def references_of(investigation: Investigation) -> list[MeldingReference]:
    """The meldingen an investigation follows, as each participant may see them: the reference
    always, a link only to a melding of a gemeente where the user sees meldingen."""
    ents = current_entitlements()
    links = db.session.scalars(
        select(InvestigationMelding).where(InvestigationMelding.investigation_id == investigation.id)
        .order_by(InvestigationMelding.id)
    ).all()
    slugs = dict(db.session.execute(
        select(Gemeente.id, Gemeente.slug).where(Gemeente.id.in_({link.gemeente_id for link in links}))
    ).tuples().all()) if links else {}
    found = []
    for link in links:
        url = None
        if ents is not None and ents.can(Permission.MELDINGEN_VIEW, link.gemeente_id) and link.gemeente_id in slugs:
            url = url_for("meldingen.detail", slug=slugs[link.gemeente_id], melding_id=link.melding_id)
        found.append(MeldingReference(link.melding_reference, url))
    return found


def install() -> None:
    register_follow_up("investigations", follow_ups, order=10)
