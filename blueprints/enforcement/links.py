"""What enforcement reads of other slices: settings, providers, investigations and findings.

One module, so the slice's dependencies on the others stay visible in one place and point one
way (enforcement imports them; they never import enforcement). Every read goes through the
tenant scope of the request: an investigation is visible only to its participant gemeenten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from sqlalchemy import select

from blueprints.frameworks.models import JudgementValue, Norm
from blueprints.investigations.models import (
    Finding,
    Investigation,
    InvestigationParticipant,
    InvestigationProvider,
)
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


def investigation(investigation_id: int) -> Investigation | None:
    """The investigation if the context may see it (a participant gemeente is allowed)."""
    return _investigation(investigation_id)


def _investigation(investigation_id: int) -> Investigation | None:
    return db.session.execute(
        select(Investigation).where(Investigation.id == investigation_id)
    ).scalar_one_or_none()


def provider_related(provider_id: int, gemeente_id: int) -> bool:
    """The gemeente has (or had) a contract, subsidy or pgb relation with the provider."""
    return any(p.id == provider_id for p in providers_of_gemeente(gemeente_id))


def provider_assessed(investigation_id: int, provider_id: int) -> bool:
    """The provider was assessed in the investigation (an InvestigationProvider row)."""
    return db.session.execute(
        select(InvestigationProvider.id).where(
            InvestigationProvider.investigation_id == investigation_id,
            InvestigationProvider.provider_id == provider_id,
        )
    ).first() is not None


def assessed_provider_choices(investigation_id: int, gemeente_id: int) -> list[tuple[int, str]]:
    """The providers an advice on the investigation can concern: assessed in it, and related to
    the gemeente (a college can only enforce on a provider it contracts, subsidises or pays)."""
    assessed = set(db.session.execute(
        select(InvestigationProvider.provider_id).where(InvestigationProvider.investigation_id == investigation_id)
    ).scalars())
    return [(p.id, p.name) for p in providers_of_gemeente(gemeente_id) if p.id in assessed]


def assessed_providers(investigation_id: int) -> list[tuple[int, str]]:
    """(id, name) of every provider assessed in the investigation, by name."""
    rows = db.session.execute(
        select(Provider.id, Provider.name)
        .where(Provider.id.in_(
            select(InvestigationProvider.provider_id).where(InvestigationProvider.investigation_id == investigation_id)
        ))
        .order_by(Provider.name, Provider.id)
    )
    return [(row.id, row.name) for row in rows]


def participant_ids(investigation_id: int) -> list[int]:
    """The participant gemeenten of the investigation within the context (a strict tenant read)."""
    return sorted(db.session.execute(
        select(InvestigationParticipant.gemeente_id).where(InvestigationParticipant.investigation_id == investigation_id)
    ).scalars())


def gemeente_slugs(gemeente_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(gemeente_ids))
    if not ids:
        return {}
    return {row.id: row.slug for row in db.session.execute(select(Gemeente.id, Gemeente.slug).where(Gemeente.id.in_(ids)))}


def provider_choices_of_investigation(gemeente_id: int) -> list[tuple[int, str]]:
    """The providers a case without investigation can concern: those the gemeente has a relation with."""
    return [(p.id, p.name) for p in providers_of_gemeente(gemeente_id)]


@dataclass(frozen=True)
class FindingView:
    """A finding as enforcement shows it: the norm, the judgement and its explanation."""

    id: int
    investigation_id: int
    provider_id: int
    norm_id: int
    norm_code: str
    norm_text: str
    judgement: str
    is_shortcoming: bool
    is_assessed: bool
    explanation: str

    @property
    def label(self) -> str:
        return f"Norm {self.norm_code} ({self.judgement.lower()}): {self.norm_text}"


def _code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Norm codes in reading order: 1.2.1 before 1.10.1."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in code.split("."))


def _finding_views(*criteria: Any) -> list[FindingView]:
    """Findings (through the participant scope), with their norm and judgement (region data)."""
    rows = list(db.session.execute(select(Finding).where(*criteria)).scalars())
    if not rows:
        return []
    norms = {n.id: n for n in db.session.execute(
        select(Norm).where(Norm.id.in_({f.norm_id for f in rows}))).scalars()}
    values = {v.id: v for v in db.session.execute(
        select(JudgementValue).where(JudgementValue.id.in_({f.judgement_value_id for f in rows}))).scalars()}
    rows.sort(key=lambda f: (norms[f.norm_id].framework_id, _code_key(norms[f.norm_id].code), f.provider_id))
    return [
        FindingView(
            f.id, f.investigation_id, f.provider_id, f.norm_id, norms[f.norm_id].code, norms[f.norm_id].text,
            values[f.judgement_value_id].label, values[f.judgement_value_id].is_shortcoming,
            values[f.judgement_value_id].is_assessed, f.explanation,
        )
        for f in rows
    ]


def findings(finding_ids: Iterable[int]) -> dict[int, FindingView]:
    """The findings by id that the context can see (an investigation of another gemeente's: none)."""
    ids = sorted(set(finding_ids))
    if not ids:
        return {}
    return {f.id: f for f in _finding_views(Finding.id.in_(ids))}


def findings_of(investigation_id: int, provider_id: int | None = None) -> list[FindingView]:
    """Every finding of the investigation (for one provider), in the framework's order."""
    criteria = [Finding.investigation_id == investigation_id]
    if provider_id is not None:
        criteria.append(Finding.provider_id == provider_id)
    return _finding_views(*criteria)


def shortcomings(investigation_id: int, provider_id: int) -> list[FindingView]:
    """The tekortkomingen (voldoet niet, voldoet deels) of the provider in the investigation."""
    return [f for f in findings_of(investigation_id, provider_id) if f.is_shortcoming]


def inspectors_of(investigation_id: int) -> tuple[int | None, int | None]:
    """(lead, second) inspector of the investigation, or (None, None) when it is not visible."""
    investigation = _investigation(investigation_id)
    if investigation is None:
        return None, None
    return investigation.lead_inspector_id, investigation.second_inspector_id


def follows_up(follow_up_id: int, investigation_id: int) -> bool:
    investigation = _investigation(follow_up_id)
    return investigation is not None and investigation.follows_up_investigation_id == investigation_id


def _taking_part(gemeente_id: int) -> list[int]:
    return list(db.session.execute(
        select(InvestigationParticipant.investigation_id).where(InvestigationParticipant.gemeente_id == gemeente_id)
    ).scalars())


@dataclass(frozen=True)
class FollowUpView:
    """A follow-up investigation as a case sees it: what it found for the case's provider."""

    id: int
    label: str
    status: str
    assessed: bool  # the follow-up assesses the case's provider
    judged: int  # findings with a judgement (not "niet beoordeeld") for the provider
    shortcomings: list[FindingView]

    @property
    def complies(self) -> bool:
        """Assessed, judged on at least one norm, and no tekortkoming left."""
        return self.assessed and self.judged > 0 and not self.shortcomings

    @property
    def summary(self) -> str:
        if not self.assessed:
            return "beoordeelt deze aanbieder niet"
        if not self.judged:
            return "nog geen oordeel over deze aanbieder"
        if self.shortcomings:
            codes = ", ".join(f.norm_code for f in self.shortcomings)
            return f"nog {len(self.shortcomings)} tekortkoming(en): norm {codes}"
        return f"voldoet op alle {self.judged} beoordeelde normen"


def follow_ups(investigation_id: int | None, gemeente_id: int, provider_id: int) -> list[FollowUpView]:
    """Follow-up investigations of this investigation that the gemeente takes part in, with what
    each found for the provider."""
    if investigation_id is None:
        return []
    rows = db.session.execute(
        select(Investigation)
        .where(
            Investigation.follows_up_investigation_id == investigation_id,
            Investigation.id.in_(_taking_part(gemeente_id)),
        )
        .order_by(Investigation.id)
    ).scalars().all()
    views = []
    for i in rows:
        found = findings_of(i.id, provider_id)
        views.append(FollowUpView(
            id=i.id, label=f"{i.reference} {i.title}", status=i.status,
            assessed=provider_assessed(i.id, provider_id),
            judged=sum(1 for f in found if f.is_assessed),
            shortcomings=[f for f in found if f.is_shortcoming],
        ))
    return views


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
