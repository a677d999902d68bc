"""The report's view of an investigation: facts, participants, providers and findings per norm.

Reads the investigations, frameworks and providers slices (one way: they know nothing of
reports) and returns a plain ReportSource, so the document and its tests need no database.

One read is wider than the request's context: the participant gemeenten of a shared
investigation. A participant row is strict tenant data, so under /g/delft/ only Delft's row is
visible; yet the report says on whose behalf it was made, the term of hoor en wederhoor follows
every participant, and the definitive report goes to each of them. `participant_ids` therefore
reads that one column for this one investigation (which must be visible in the request's own
context first) in a context of the gemeenten of the investigation's region.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from blueprints.frameworks.models import FrameworkDomain, FrameworkPart, JudgementValue, Norm
from blueprints.investigations.models import (
    Finding,
    Investigation,
    InvestigationKind,
    InvestigationParticipant,
    InvestigationProvider,
    ProactiveKind,
)
from blueprints.investigations.queries import get_investigation_or_404, user_names
from blueprints.providers.models import Provider
from blueprints.reports.content import FindingRow, ReportSource
from blueprints.reports.models import ResponseRound
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region, RegionGemeente

__all__ = ["ReportSource", "load_source", "participant_ids", "provider_email"]


def participant_ids(investigation: Investigation) -> tuple[int, ...]:
    """Every participant gemeente of a visible investigation (see the module docstring)."""
    ctx = current_tenant_context()
    region_gemeenten = set(
        db.session.scalars(select(RegionGemeente.gemeente_id).where(RegionGemeente.region_id == investigation.region_id))
    )
    wide = TenantContext(
        allowed_ids=frozenset(region_gemeenten | (ctx.allowed_ids if ctx else frozenset())),
        user_id=ctx.user_id if ctx else None, reason="reports:participants",
    )
    with tenant_context(wide):
        ids = db.session.scalars(
            select(InvestigationParticipant.gemeente_id).where(
                InvestigationParticipant.investigation_id == investigation.id
            )
        ).all()
    return tuple(sorted(set(ids)))


def _providers(investigation: Investigation) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Provider.id, Provider.name)
        .join(InvestigationProvider, InvestigationProvider.provider_id == Provider.id)
        .where(InvestigationProvider.investigation_id == investigation.id)
        .order_by(Provider.name, Provider.id)
    ).all()
    return [(int(pid), str(name)) for pid, name in rows]


def _findings(investigation: Investigation, provider_names: dict[int, str]) -> tuple[FindingRow, ...]:
    # The findings alone first (a tenant-scoped entity), then the framework rows they name:
    # a join from the framework tables back to a scoped table cannot carry the criteria.
    findings = list(db.session.scalars(select(Finding).where(Finding.investigation_id == investigation.id)))
    norms = {n.id: n for n in db.session.scalars(select(Norm).where(Norm.id.in_({f.norm_id for f in findings})))}
    parts = {p.id: p for p in db.session.scalars(select(FrameworkPart).where(FrameworkPart.id.in_({n.part_id for n in norms.values()})))}
    domains = {d.id: d for d in db.session.scalars(select(FrameworkDomain).where(FrameworkDomain.id.in_({p.domain_id for p in parts.values()})))}
    values = {v.id: v for v in db.session.scalars(select(JudgementValue).where(JudgementValue.id.in_({f.judgement_value_id for f in findings})))}

    def order(finding: Finding) -> tuple[int, int, int, int, str]:
        norm = norms[finding.norm_id]
        part = parts[norm.part_id]
        return (domains[part.domain_id].position, part.position, norm.position, norm.id, provider_names.get(finding.provider_id, ""))

    result = []
    for finding in sorted(findings, key=order):
        value = values[finding.judgement_value_id]
        if not value.is_assessed:  # "niet beoordeeld" is not a finding the report states
            continue
        norm = norms[finding.norm_id]
        domain = domains[parts[norm.part_id].domain_id]
        result.append(
            FindingRow(
                domain=f"{domain.code} {domain.title}".strip(),
                norm_code=norm.code,
                norm_title=norm.text,
                legal_source=norm.legal_reference,
                provider_name=provider_names.get(finding.provider_id, ""),
                judgement=value.label,
                text=finding.explanation,
            )
        )
    return tuple(result)


def _period(investigation: Investigation) -> tuple[date | None, date | None]:
    days = sorted(v.visited_on for v in investigation.visits)
    if days:
        return days[0], days[-1] if len(days) > 1 else None
    return investigation.planned_on, None


def _method(investigation: Investigation) -> str:
    parts = []
    visits = sorted(investigation.visits, key=lambda v: v.visited_on)
    if visits:
        kinds = {"aangekondigd" if v.announced else "onaangekondigd" for v in visits}
        parts.append(f"{len(visits)} {'bezoek' if len(visits) == 1 else 'bezoeken'} ({', '.join(sorted(kinds))})")
    if investigation.interviews:
        n = len(investigation.interviews)
        parts.append(f"{n} {'gesprek' if n == 1 else 'gesprekken'}")
    if investigation.document_requests:
        n = len(investigation.document_requests)
        parts.append(f"{n} opgevraagde {'document' if n == 1 else 'documenten'}")
    return ("Werkwijze: " + ", ".join(parts) + ".") if parts else ""


def _type_labels(investigation: Investigation) -> tuple[str, str]:
    kind = InvestigationKind(investigation.kind)
    labels = {
        InvestigationKind.REACTIVE: "Reactief onderzoek (na een melding)",
        InvestigationKind.PROACTIVE: "Proactief onderzoek",
        InvestigationKind.FOLLOW_UP: "Vervolgonderzoek",
    }
    sub = ProactiveKind(investigation.proactive_kind).label.lower() if investigation.proactive_kind else ""
    return labels[kind], sub


def load_source(investigation_id: int) -> ReportSource:
    """Everything the report states about the investigation; 404 when it is not visible here."""
    investigation = get_investigation_or_404(investigation_id)
    gemeente_ids = participant_ids(investigation)
    gemeente_names = tuple(
        db.session.scalars(select(Gemeente.name).where(Gemeente.id.in_(gemeente_ids)).order_by(Gemeente.name))
    )
    providers = _providers(investigation)
    names = dict(providers)
    people = user_names([investigation.lead_inspector_id, investigation.second_inspector_id])
    region_name = db.session.scalar(select(Region.name).where(Region.id == investigation.region_id)) or ""
    started_on, ended_on = _period(investigation)
    type_label, subtype_label = _type_labels(investigation)
    return ReportSource(
        investigation_id=investigation.id,
        region_id=investigation.region_id,
        region_name=region_name,
        reference=investigation.reference,
        title=investigation.title,
        type_code=investigation.kind,
        type_label=type_label,
        subtype_label=subtype_label,
        gemeente_ids=gemeente_ids,
        gemeente_names=gemeente_names,
        provider_ids=tuple(pid for pid, _ in providers),
        provider_names=tuple(name for _, name in providers),
        started_on=started_on,
        ended_on=ended_on,
        lead_inspector_id=investigation.lead_inspector_id,
        lead_inspector_name=people.get(investigation.lead_inspector_id, ""),
        second_inspector_id=investigation.second_inspector_id,
        second_inspector_name=people.get(investigation.second_inspector_id or 0, ""),
        description=f"Dit rapport beschrijft de uitkomsten van het {type_label.lower()} '{investigation.title}'.",
        method=_method(investigation),
        findings=_findings(investigation, names),
        investigation_status=investigation.status,
    )


def provider_email(provider_id: int) -> str:
    """The address used for this provider in an earlier round of hoor en wederhoor, if any."""
    found = db.session.scalar(
        select(ResponseRound.contact_email).where(ResponseRound.provider_id == provider_id).order_by(ResponseRound.id.desc()).limit(1)
    )
    return found or ""
