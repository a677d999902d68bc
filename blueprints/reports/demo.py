"""Demo reports (idempotent): one concept waiting for the second inspector, and one definitive
report whose publication in the first participant gemeente waits for a bezwaar.

Built through the services, as an inspector would, on the demo investigations that have
findings and a second inspector; the caller's context covers the demo gemeenten.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from blueprints.investigations import queries as investigation_queries
from blueprints.investigations import services as investigation_services
from blueprints.investigations.models import Finding, Investigation, InvestigationStatus
from blueprints.reports import queries, services, sources
from blueprints.reports.models import Report
from blueprints.reports.states import Handling, PublicationView, RemedyKind
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today


def _candidates() -> list[Investigation]:
    with_findings = select(Finding.investigation_id).distinct()
    return list(
        db.session.scalars(
            select(Investigation)
            .where(Investigation.id.in_(with_findings), Investigation.second_inspector_id.is_not(None))
            .order_by(Investigation.id)
        )
    )


def _findings_complete(investigation: Investigation) -> None:
    """Bring a demo investigation to "findings complete", as its inspector would: every norm
    still open gets "niet beoordeeld"."""
    lead = investigation.lead_inspector_id
    if investigation.status == InvestigationStatus.PLANNED:
        investigation_services.change_status(investigation, InvestigationStatus.IN_PROGRESS, lead)
    if investigation.status != InvestigationStatus.IN_PROGRESS:
        return
    skipped = next(v for v in investigation_queries.judgement_values(investigation) if not v.is_assessed)
    for provider_id, norm in investigation_queries.norms_without_finding(investigation):
        investigation_services.record_finding(
            investigation, {"provider_id": provider_id, "norm_id": norm.id, "judgement_value_id": skipped.id}, lead
        )
    investigation_services.change_status(
        investigation, InvestigationStatus.FINDINGS_COMPLETE, lead, "Bevindingen compleet (demo)"
    )


def _texts(report: Report, title: str) -> None:
    services.update_texts(
        report,
        {
            "summary": f"De toezichthouder onderzocht {title}. Het merendeel van de normen is op orde; "
            "op enkele punten schiet de kwaliteit tekort.",
            "judgement": "De aanbieder voldoet grotendeels aan de kwaliteitseisen van artikel 3.1 Wmo 2015. "
            "De risico-inventarisatie en de scholing van medewerkers vragen verbetering.",
            "advice": "De toezichthouder adviseert het college de aanbieder te vragen binnen zes weken een "
            "verbeterplan op te stellen en dit na drie maanden te laten toetsen.",
        },
    )


def _in(gemeente_id: int) -> TenantContext:
    ctx = current_tenant_context()
    return TenantContext(
        allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id,
        user_id=ctx.user_id if ctx else None, reason="cli:seed-demo:reports",
    )


def seed_demo_reports() -> int:
    """Add the demo reports that are missing; returns how many reports were added."""
    added = 0
    candidates = _candidates()
    if not candidates:
        return 0
    first = candidates[0]
    if queries.report_of(first.id) is None:
        _findings_complete(first)
        _definitive_with_pending_bezwaar(first)
        added += 1
    if len(candidates) > 1 and queries.report_of(candidates[1].id) is None:
        second = candidates[1]
        _findings_complete(second)
        report = services.open_report(second.id, second.lead_inspector_id)
        _texts(report, second.title)
        services.submit_for_approval(report, second.lead_inspector_id, today())
        added += 1
    db.session.flush()
    return added


def _definitive_with_pending_bezwaar(investigation: Investigation) -> None:
    lead, second = investigation.lead_inspector_id, investigation.second_inspector_id
    assert second is not None
    start = today() - timedelta(weeks=8)
    report = services.open_report(investigation.id, lead)
    _texts(report, investigation.title)
    services.submit_for_approval(report, lead, start)
    services.approve(report, second)
    source = sources.load_source(investigation.id)
    contacts = {pid: f"kwaliteit@{_slug(name)}.demo" for pid, name in zip(source.provider_ids, source.provider_names, strict=True)}
    rounds = services.start_response(report, lead, start, contacts, today())
    for round_ in rounds:
        services.record_response(
            report, round_,
            services.ResponseInput(
                received_on=min(round_.due_on, today()),
                reaction="Wij herkennen ons in het beeld en werken al aan de scholing van onze medewerkers.",
                attach_reaction=True, publication_view=PublicationView.OBJECTS,
                publication_view_text="Wij vragen het rapport pas te publiceren na ons verbeterplan.",
                points=["De datum van het tweede bezoek klopt niet.", "Het oordeel over de risico-inventarisatie is te streng."],
            ),
            today(),
        )
        first_point, second_point = services.points_of(round_)
        services.handle_point(report, first_point, Handling.ADOPTED, "")
        services.handle_point(report, second_point, Handling.NOT_ADOPTED, "De inventarisatie ontbrak op de dag van het bezoek.")
    definitive_on = today() - timedelta(weeks=4)
    services.issue_definitive(report, lead, definitive_on)
    names = source.provider_names
    if names:
        services.redact(report, [names[0]], lead, definitive_on)
    with tenant_context(_in(source.gemeente_ids[0])):
        publication = services.open_publication(report, lead)
        services.decide_publication(
            report, publication,
            services.DecisionInput(
                publish=True, decided_on=definitive_on + timedelta(days=7),
                woo_basis="art. 3.1 Woo (actieve openbaarmaking)", decision_reference="DEMO-WOO-001",
            ),
            lead, today(),
        )
        services.lodge_remedy(publication, RemedyKind.BEZWAAR, definitive_on + timedelta(days=10), "Bezwaar van de aanbieder tegen openbaarmaking.", lead, today())


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:30] or "aanbieder"
