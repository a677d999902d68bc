"""Writes of investigations: create (with participants and providers), status, fieldwork, findings.

Every rule lives here, whatever the caller (page, API, seed):
- participant gemeenten lie in the tenant context and the actor may manage investigations in
  each; each has a relation with the provider(s) on the investigation date;
- lead and second inspector differ and are inspectors entitled to every participant gemeente;
- the toetsingskader is a fixed version of the region, valid on the investigation date, and the
  investigation keeps it; a finding is refused against a norm of another version, or a norm whose
  financing forms do not bind that provider in the participant gemeenten on that date;
- status changes follow blueprints.investigations.status and are kept as append-only history.
Services flush; the request commits. Each write is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations import queries
from blueprints.investigations import status as lifecycle
from blueprints.investigations.models import (
    DocumentRequest,
    Finding,
    Interview,
    Investigation,
    InvestigationKind,
    InvestigationMelding,
    InvestigationParticipant,
    InvestigationProvider,
    InvestigationStatus,
    InvestigationStatusChange,
    ProactiveKind,
    Visit,
)
from blueprints.meldingen.models import Investigator, Melding, MeldingStatus
from blueprints.providers import queries as provider_queries
from blueprints.providers.models import FinancingForm, Provider
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission, Role
from tenants.entitlements import Entitlements, compute_entitlements, served_gemeenten, today


class InvestigationError(Exception):
    """A change the rules refuse; `field` names the form or API field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _audit(action: str, obj: Any, **kwargs: Any) -> None:
    """Region-level rows for region-level objects, or the active gemeente's row on /g/ pages."""
    ctx = require_tenant_context()
    gemeente_id = getattr(obj, "gemeente_id", None) or ctx.active_id
    audit.record(action, obj, gemeente_id=gemeente_id, **kwargs)


def _text(data: dict[str, Any], key: str, label: str, max_length: int, *, required: bool = True) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise InvestigationError(f"Vul {label} in.", key)
    if len(value) > max_length:
        raise InvestigationError(f"Hoogstens {max_length} tekens.", key)
    return value


def _date(data: dict[str, Any], key: str, label: str, *, required: bool = True) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise InvestigationError(f"Vul {label} in.", key)
        return None
    if not isinstance(value, date):
        raise InvestigationError("Geen geldige datum (JJJJ-MM-DD).", key)
    return value


def investigation_date(investigation: Investigation) -> date:
    """The day relations and framework validity are judged on: the planned date, else today."""
    return investigation.planned_on or today()


# --- inspectors -------------------------------------------------------------------------------


def _check_inspector(user_id: Any, gemeente_ids: Iterable[int], field: str, on: date) -> int:
    if not isinstance(user_id, int):
        raise InvestigationError("Kies een toezichthouder.", field)
    ents = compute_entitlements(user_id, on)
    missing = [g for g in gemeente_ids if Role.INSPECTOR not in ents.roles_in(g)]
    if missing:
        names = ", ".join(queries.gemeente_names(missing))
        raise InvestigationError(
            f"Deze persoon is geen toezichthouder voor elke deelnemende gemeente (niet voor {names}).", field
        )
    return user_id


def _check_inspectors(lead: Any, second: Any, gemeente_ids: list[int], on: date) -> tuple[int, int | None]:
    lead_id = _check_inspector(lead, gemeente_ids, "lead_inspector_id", on)
    if second in (None, ""):
        return lead_id, None
    second_id = _check_inspector(second, gemeente_ids, "second_inspector_id", on)
    if second_id == lead_id:
        raise InvestigationError(
            "De tweede toezichthouder moet een ander persoon zijn dan de eerste.", "second_inspector_id"
        )
    return lead_id, second_id


# --- creating ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Who creates, and in which gemeenten they may."""

    actor: Entitlements

    def manageable(self) -> frozenset[int]:
        ctx = require_tenant_context()
        return frozenset(
            g for g in ctx.allowed_ids if self.actor.can(Permission.INVESTIGATIONS_MANAGE, g)
        )


def _kind(data: dict[str, Any]) -> tuple[str, str | None]:
    kind = data.get("kind")
    if kind not in {k.value for k in InvestigationKind}:
        raise InvestigationError("Kies het soort onderzoek.", "kind")
    proactive_kind = data.get("proactive_kind") or None
    if kind == InvestigationKind.PROACTIVE:
        if proactive_kind not in {k.value for k in ProactiveKind}:
            raise InvestigationError("Kies of het proactieve onderzoek cyclisch, risicogestuurd of thematisch is.",
                                     "proactive_kind")
    elif proactive_kind is not None:
        raise InvestigationError("Alleen een proactief onderzoek heeft een subsoort.", "proactive_kind")
    return kind, proactive_kind


def _participants(data: dict[str, Any], scope: Scope) -> list[int]:
    raw = data.get("gemeente_ids") or []
    if not raw:
        raise InvestigationError("Kies ten minste één deelnemende gemeente.", "gemeente_ids")
    ids = sorted({int(g) for g in raw})
    outside = [g for g in ids if g not in scope.manageable()]
    if outside:
        raise InvestigationError(
            "U kunt alleen onderzoeken starten voor gemeenten waar u onderzoeken mag beheren.", "gemeente_ids"
        )
    return ids


def _providers(data: dict[str, Any], proactive_kind: str | None) -> list[Provider]:
    raw = data.get("provider_ids") or []
    ids = sorted({int(p) for p in raw})
    if not ids:
        raise InvestigationError("Kies de aanbieder die wordt onderzocht.", "provider_ids")
    if len(ids) > 1 and proactive_kind != ProactiveKind.THEMATIC:
        raise InvestigationError(
            "Alleen een thematisch onderzoek betreft meerdere aanbieders.", "provider_ids"
        )
    providers = list(db.session.scalars(select(Provider).where(Provider.id.in_(ids))))
    if len(providers) != len(ids):
        raise InvestigationError("Onbekende aanbieder.", "provider_ids")
    merged = [p.name for p in providers if p.merged_into_id is not None]
    if merged:
        raise InvestigationError(
            f"{', '.join(merged)} is samengevoegd met een andere registratie: kies die.", "provider_ids"
        )
    return providers


def _check_relations(providers: list[Provider], gemeente_ids: list[int], on: date) -> None:
    """Each participant relates to one of the providers, and each provider to a participant."""
    related: dict[int, set[int]] = {
        p.id: {g for g in gemeente_ids if provider_queries.financing_forms_for(p.id, [g], on)}
        for p in providers
    }
    without = [g for g in gemeente_ids if not any(g in gs for gs in related.values())]
    if without:
        names = ", ".join(queries.gemeente_names(without))
        raise InvestigationError(
            f"{names} heeft op {on:%d-%m-%Y} geen contract, subsidie of pgb-relatie met "
            "de gekozen aanbieder(s).",
            "gemeente_ids",
        )
    unrelated = [p.name for p in providers if not related[p.id]]
    if unrelated:
        raise InvestigationError(
            f"{', '.join(unrelated)} heeft geen relatie met een van de deelnemende gemeenten.", "provider_ids"
        )


def _framework(framework_id: Any, region_id: int, on: date) -> Framework:
    if not isinstance(framework_id, int):
        raise InvestigationError("Kies het toetsingskader.", "framework_id")
    framework = db.session.get(Framework, framework_id)
    if framework is None or framework.region_id != region_id:
        raise InvestigationError("Onbekend toetsingskader.", "framework_id")
    if not framework.is_fixed:
        raise InvestigationError("Alleen een vastgestelde versie van een toetsingskader kan worden gebruikt.",
                                 "framework_id")
    if framework.valid_from > on or (framework.valid_until is not None and framework.valid_until < on):
        raise InvestigationError(
            f"{framework.label} geldt niet op {on:%d-%m-%Y}.", "framework_id"
        )
    return framework


def _region_of(gemeente_ids: list[int], on: date) -> int:
    candidates = queries.region_ids_serving(gemeente_ids, on)
    served = served_gemeenten(candidates, on)
    for region_id in sorted(candidates):
        if set(gemeente_ids) <= served.get(region_id, set()):
            return region_id
    raise InvestigationError(
        "De deelnemende gemeenten vallen niet onder dezelfde toezichtsregio.", "gemeente_ids"
    )


def create_investigation(data: dict[str, Any], actor: Entitlements) -> Investigation:
    """A new investigation with its participants, providers and first status, in one flush."""
    scope = Scope(actor)
    kind, proactive_kind = _kind(data)
    title = _text(data, "title", "een titel", 200)
    gemeente_ids = _participants(data, scope)
    planned_on = _date(data, "planned_on", "de geplande datum", required=False)
    on = planned_on or today()
    region_id = _region_of(gemeente_ids, on)
    providers = _providers(data, proactive_kind)
    _check_relations(providers, gemeente_ids, on)
    framework = _framework(data.get("framework_id"), region_id, on)
    lead_id, second_id = _check_inspectors(
        data.get("lead_inspector_id"), data.get("second_inspector_id"), gemeente_ids, on
    )
    follows_up = data.get("follows_up_investigation_id") or None
    if kind == InvestigationKind.FOLLOW_UP:
        earlier = db.session.get(Investigation, follows_up) if isinstance(follows_up, int) else None
        if earlier is None:
            raise InvestigationError("Kies het onderzoek waarop dit een vervolg is.", "follows_up_investigation_id")
    elif follows_up is not None:
        raise InvestigationError("Alleen een vervolgonderzoek volgt op een eerder onderzoek.",
                                 "follows_up_investigation_id")
    investigation = Investigation(
        region_id=region_id, kind=kind, proactive_kind=proactive_kind, title=title,
        lead_inspector_id=lead_id, second_inspector_id=second_id, planned_on=planned_on,
        announced=bool(data.get("announced", True)), status=InvestigationStatus.PLANNED.value,
        follows_up_investigation_id=follows_up, framework_id=framework.id, created_by_id=actor.user_id,
    )
    db.session.add(investigation)
    for gemeente_id in gemeente_ids:
        investigation.participants.append(
            InvestigationParticipant(gemeente_id=gemeente_id, added_by_id=actor.user_id)
        )
    db.session.flush()  # investigation + participants together: from here on it is visible
    for provider in providers:
        db.session.add(InvestigationProvider(investigation_id=investigation.id, provider_id=provider.id))
    db.session.add(
        InvestigationStatusChange(
            investigation_id=investigation.id, from_status=None, to_status=investigation.status,
            changed_by_id=actor.user_id, note="Onderzoek aangemaakt",
        )
    )
    db.session.flush()
    _audit("investigation.created", investigation,
           detail={"gemeenten": gemeente_ids, "providers": [p.id for p in providers], "kind": kind})
    return investigation


UPDATABLE = ("title", "planned_on", "announced", "lead_inspector_id", "second_inspector_id")


def update_investigation(investigation: Investigation, data: dict[str, Any]) -> Investigation:
    _require_open(investigation)
    merged = {k: getattr(investigation, k) for k in UPDATABLE} | {k: data[k] for k in UPDATABLE if k in data}
    merged["title"] = _text(merged, "title", "een titel", 200)
    merged["planned_on"] = _date(merged, "planned_on", "de geplande datum", required=False)
    gemeente_ids = queries.participant_ids(investigation)
    lead, second = merged["lead_inspector_id"], merged["second_inspector_id"]
    if (lead, second) != (investigation.lead_inspector_id, investigation.second_inspector_id):
        merged["lead_inspector_id"], merged["second_inspector_id"] = _check_inspectors(
            lead, second, gemeente_ids, merged["planned_on"] or today()
        )
    merged["announced"] = bool(merged["announced"])
    changed = [k for k in UPDATABLE if getattr(investigation, k) != merged[k]]
    for key in changed:
        setattr(investigation, key, merged[key])
    db.session.flush()
    if changed:
        _audit("investigation.changed", investigation, fields=changed)
    return investigation


def _require_open(investigation: Investigation) -> None:
    if investigation.status == InvestigationStatus.CLOSED:
        raise InvestigationError("Dit onderzoek is afgesloten.")


def _require_fieldwork(investigation: Investigation) -> None:
    if investigation.status not in lifecycle.OPEN_FOR_FIELDWORK:
        raise InvestigationError(
            f"In de fase '{lifecycle.label(investigation.status)}' kan dit niet meer worden vastgelegd. "
            "Zet het onderzoek eerst terug naar 'In uitvoering'."
        )


def change_status(investigation: Investigation, to_status: str, user_id: int | None, note: str = "") -> None:
    """Move along the life cycle; the history row is never changed afterwards."""
    if not lifecycle.is_allowed(investigation.status, to_status):
        raise InvestigationError(
            f"Van '{lifecycle.label(investigation.status)}' kan het onderzoek niet naar "
            f"'{lifecycle.label(to_status)}'.",
            "status",
        )
    if to_status == InvestigationStatus.FINDINGS_COMPLETE:
        missing = queries.norms_without_finding(investigation)
        if missing:
            raise InvestigationError(
                f"Er ontbreken nog {len(missing)} bevindingen (kies 'niet beoordeeld' waar een norm niet "
                "is onderzocht).",
                "status",
            )
    note = str(note or "").strip()
    if len(note) > 2000:
        raise InvestigationError("Hoogstens 2000 tekens.", "note")
    db.session.add(
        InvestigationStatusChange(
            investigation_id=investigation.id, from_status=investigation.status, to_status=to_status,
            changed_by_id=user_id, note=note,
        )
    )
    previous = investigation.status
    investigation.status = to_status
    db.session.flush()
    _audit("investigation.status_changed", investigation, detail={"from": previous, "to": to_status})


# --- fieldwork --------------------------------------------------------------------------------


def add_visit(investigation: Investigation, data: dict[str, Any], user_id: int | None) -> Visit:
    _require_fieldwork(investigation)
    visit = Visit(
        investigation_id=investigation.id,
        visited_on=_date(data, "visited_on", "de datum van het bezoek"),
        location=_text(data, "location", "de locatie", 200, required=False),
        announced=bool(data.get("announced", True)),
        attendees=_text(data, "attendees", "de aanwezigen", 2000, required=False),
        notes=_text(data, "notes", "aantekeningen", 10000, required=False),
        created_by_id=user_id,
    )
    db.session.add(visit)
    db.session.flush()
    _audit("investigation.visit_added", visit, detail={"investigation": investigation.id})
    return visit


def add_interview(investigation: Investigation, data: dict[str, Any], user_id: int | None) -> Interview:
    _require_fieldwork(investigation)
    interview = Interview(
        investigation_id=investigation.id,
        held_on=_date(data, "held_on", "de datum van het gesprek"),
        interviewee_role=_text(data, "interviewee_role", "de rol of functie van de gesprekspartner", 200),
        summary=_text(data, "summary", "een samenvatting", 10000, required=False),
        created_by_id=user_id,
    )
    db.session.add(interview)
    db.session.flush()
    _audit("investigation.interview_added", interview, detail={"investigation": investigation.id})
    return interview


def request_document(investigation: Investigation, data: dict[str, Any], user_id: int | None) -> DocumentRequest:
    _require_open(investigation)
    requested_on = _date(data, "requested_on", "de datum van het verzoek")
    due_on = _date(data, "due_on", "de uiterste datum", required=False)
    assert requested_on is not None
    if due_on is not None and due_on < requested_on:
        raise InvestigationError("De uiterste datum ligt vóór de datum van het verzoek.", "due_on")
    document = DocumentRequest(
        investigation_id=investigation.id,
        description=_text(data, "description", "welk document is gevraagd", 300),
        requested_on=requested_on, due_on=due_on,
        note=_text(data, "note", "een toelichting", 2000, required=False), created_by_id=user_id,
    )
    db.session.add(document)
    db.session.flush()
    _audit("investigation.document_requested", document, detail={"investigation": investigation.id})
    return document


def receive_document(document: DocumentRequest, received_on: Any) -> DocumentRequest:
    received = _date({"received_on": received_on}, "received_on", "de datum van ontvangst")
    assert received is not None
    if received < document.requested_on:
        raise InvestigationError("De datum van ontvangst ligt vóór de datum van het verzoek.", "received_on")
    document.received_on = received
    db.session.flush()
    _audit("investigation.document_received", document, fields=["received_on"])
    return document


# --- findings ---------------------------------------------------------------------------------


def record_finding(investigation: Investigation, data: dict[str, Any], user_id: int | None) -> Finding:
    """Record (or replace) the judgement on one norm for one assessed provider."""
    _require_fieldwork(investigation)
    provider_id = data.get("provider_id")
    if provider_id not in queries.provider_ids(investigation):
        raise InvestigationError("Deze aanbieder wordt in dit onderzoek niet beoordeeld.", "provider_id")
    norm = db.session.get(Norm, data.get("norm_id")) if isinstance(data.get("norm_id"), int) else None
    if norm is None:
        raise InvestigationError("Onbekende norm.", "norm_id")
    if norm.framework_id != investigation.framework_id:
        raise InvestigationError(
            "Deze norm hoort bij een andere versie van het toetsingskader dan het onderzoek gebruikt.", "norm_id"
        )
    value_id = data.get("judgement_value_id")
    value = db.session.get(JudgementValue, value_id) if isinstance(value_id, int) else None
    if value is None or value.framework_id != investigation.framework_id:
        raise InvestigationError("Kies een oordeel uit de schaal van het toetsingskader.", "judgement_value_id")
    explanation = _text(data, "explanation", "een toelichting", 10000, required=False)
    evidence = _text(data, "evidence", "de onderbouwing", 10000, required=False)
    if value.is_assessed and not explanation:
        raise InvestigationError("Licht het oordeel toe.", "explanation")
    if value.is_assessed:
        _check_binding(investigation, provider_id, norm)
    finding = db.session.scalars(
        select(Finding).where(
            Finding.investigation_id == investigation.id, Finding.provider_id == provider_id,
            Finding.norm_id == norm.id,
        )
    ).one_or_none()
    action = "investigation.finding_changed"
    if finding is None:
        finding = Finding(investigation_id=investigation.id, provider_id=provider_id, norm_id=norm.id)
        db.session.add(finding)
        action = "investigation.finding_recorded"
    changed = [
        k for k, v in (("judgement_value_id", value.id), ("explanation", explanation), ("evidence", evidence))
        if getattr(finding, k) != v
    ]
    finding.judgement_value_id, finding.explanation, finding.evidence = value.id, explanation, evidence
    finding.recorded_by_id = user_id
    db.session.flush()
    if changed:
        _audit(action, finding, fields=changed, detail={"investigation": investigation.id, "norm": norm.code})
    return finding


def _check_binding(investigation: Investigation, provider_id: int, norm: Norm) -> None:
    """A judgement against a norm that does not bind the provider would not hold: refuse it."""
    on = investigation_date(investigation)
    gemeente_ids = queries.participant_ids(investigation)
    binding = {str(f) for f in provider_queries.financing_forms_for(provider_id, gemeente_ids, on)}
    if not binding & set(norm.financing_forms):
        applies = ", ".join(FinancingForm(f).label.lower() for f in norm.financing_forms)
        has = ", ".join(FinancingForm(f).label.lower() for f in sorted(binding)) or "geen relatie"
        raise InvestigationError(
            f"Norm {norm.code} geldt alleen bij {applies}; deze aanbieder levert in de deelnemende "
            f"gemeenten op {on:%d-%m-%Y} via {has}. Deze norm bindt de aanbieder dus niet: kies "
            "'niet beoordeeld' of een andere norm.",
            "norm_id",
        )

# --- meldingen ----------------------------------------------------------------------------------


def link_melding(investigation: Investigation, melding: Melding, user_id: int | None) -> InvestigationMelding:
    """Record that a melding (partly) led to this investigation.

    The melding's gemeente owns the link and must take part; the other participants read the
    melding's reference through the link, never the melding itself.
    """
    _require_open(investigation)
    if investigation.kind not in (InvestigationKind.REACTIVE, InvestigationKind.FOLLOW_UP):
        raise InvestigationError("Alleen een reactief onderzoek of vervolgonderzoek volgt op een melding.",
                                 "melding_id")
    if melding.gemeente_id not in queries.participant_ids(investigation):
        raise InvestigationError("De melding hoort bij een gemeente die niet aan dit onderzoek deelneemt.",
                                 "melding_id")
    exists = db.session.scalars(
        select(InvestigationMelding.id).where(
            InvestigationMelding.investigation_id == investigation.id,
            InvestigationMelding.melding_id == melding.id, InvestigationMelding.gemeente_id == melding.gemeente_id,
        )
    ).first()
    if exists:
        raise InvestigationError(f"Melding {melding.reference} is al gekoppeld.", "melding_id")
    link = InvestigationMelding(
        gemeente_id=melding.gemeente_id, investigation_id=investigation.id, melding_id=melding.id,
        melding_reference=melding.reference, linked_by_id=user_id,
    )
    db.session.add(link)
    db.session.flush()
    _audit("investigation.melding_linked", link, detail={"investigation": investigation.id})
    return link


def create_after_melding(data: dict[str, Any], actor: Entitlements, melding: Melding) -> Investigation:
    """A reactive investigation opened from a melding the GGD investigates itself, linked to it
    in the same flush. The melding was loaded in the request's scope; its gemeente must take
    part and its provider (when it is in the register) be among those investigated."""
    if melding.status is not MeldingStatus.INVESTIGATING or melding.investigator is not Investigator.GGD:
        raise InvestigationError(
            f"Melding {melding.reference} wordt niet door de GGD zelf onderzocht: start eerst het eigen onderzoek bij de melding."
        )
    if not (actor.can(Permission.MELDINGEN_TRIAGE, melding.gemeente_id)
            and actor.can(Permission.INVESTIGATIONS_MANAGE, melding.gemeente_id)):
        raise InvestigationError("U kunt geen onderzoek openen voor een melding van deze gemeente.")
    if data.get("kind") != InvestigationKind.REACTIVE:
        raise InvestigationError("Een onderzoek na een melding is een reactief onderzoek.", "kind")
    if melding.gemeente_id not in (data.get("gemeente_ids") or []):
        raise InvestigationError("De gemeente van de melding neemt deel aan het onderzoek.", "gemeente_ids")
    if melding.provider_id is not None and melding.provider_id not in (data.get("provider_ids") or []):
        raise InvestigationError("Het onderzoek betreft de aanbieder van de melding.", "provider_ids")
    investigation = create_investigation(data, actor)
    link_melding(investigation, melding, actor.user_id)
    return investigation
