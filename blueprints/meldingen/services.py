"""Writes of meldingen: register, triage, decide who investigates, the provider's investigation,
close with lessons, transfer, case team. Each checks its rules here (not only in forms), changes,
flushes, appends to the status history and audits. The request (or job, or command) commits.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from blueprints.attachments.models import Attachment
from blueprints.attachments.queries import attachments_of
from blueprints.attachments.services import AttachmentRejected, Upload, add_attachment
from blueprints.lessons.services import LessonInputError, check_lesson_text, share_lesson
from blueprints.lessons.themes import THEMES
from blueprints.meldingen import deadlines, gemeente_settings, notices, provider_refs
from blueprints.meldingen.errors import FieldErrors, MeldingError
from blueprints.meldingen.permissions import SUBJECT_TYPE, on_case_team
from blueprints.meldingen.models import (
    IgjLead,
    Investigator,
    Melding,
    MeldingAssignment,
    MeldingChannel,
    MeldingKind,
    MeldingLesson,
    MeldingPersonalData,
    MeldingReferenceCounter,
    MeldingStatus,
    MeldingStatusChange,
    MeldingTriage,
    Perpetrator,
    ProviderInvestigationRequest,
    ReporterKind,
    ReviewOutcome,
)
from blueprints.meldingen.textcheck import check_text
from blueprints.meldingen.transitions import Action, allowed, target_of
from blueprints.privacy.services import PrivacyInputError, record_disclosure
from regiotoezicht import audit
from regiotoezicht.context import TenantContext, require_tenant_context, tenant_context
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from regiotoezicht.storage import storage
from tenants.entitlements import compute_entitlements, today
from tenants.models import Gemeente, RegionGemeente

__all__ = ["MeldingError", "register_melding"]

#: A provider may investigate for at most 6 weeks whether an event is a calamiteit (art. 3.4).
DOUBT_MAX_DAYS = 42

PERSONAL_FIELDS = (
    "reporter_name", "reporter_organisation", "reporter_email", "reporter_phone",
    "client_name", "client_birth_date", "client_reference", "client_notes",
)
TEXT_LIMITS = {
    "provider_name": 200, "location_text": 300, "summary": 300, "reporter_name": 200,
    "reporter_organisation": 200, "reporter_email": 254, "reporter_phone": 40, "client_name": 200,
    "client_reference": 100,
}


def _actor() -> int | None:
    return audit.current_actor_id()


def _enum_value(errors: FieldErrors, field: str, cls: type, value: Any, message: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return cls(value)
    except ValueError:
        errors.add(field, message)
        return None


def region_of(gemeente_id: int, on_date: date) -> int | None:
    return db.session.execute(
        select(RegionGemeente.region_id)
        .where(
            RegionGemeente.gemeente_id == gemeente_id,
            RegionGemeente.valid_from <= on_date,
            (RegionGemeente.valid_until.is_(None)) | (RegionGemeente.valid_until >= on_date),
        )
        .order_by(RegionGemeente.valid_from.desc())
    ).scalars().first()


def _next_reference(region_id: int, year: int) -> str:
    """The next region-unique reference ("M-2026-00042"); the counter row is locked by the
    UPDATE until the transaction ends, so two registrations never get the same number."""
    bump = (
        update(MeldingReferenceCounter)
        .where(MeldingReferenceCounter.region_id == region_id, MeldingReferenceCounter.year == year)
        .values(last_number=MeldingReferenceCounter.last_number + 1)
        .returning(MeldingReferenceCounter.last_number)
    )
    number = db.session.execute(bump).scalar_one_or_none()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.add(MeldingReferenceCounter(region_id=region_id, year=year, last_number=1))
            number = 1
        except IntegrityError:  # another registration created the year's counter just now
            number = db.session.execute(bump).scalar_one()
    return f"M-{year}-{number:05d}"


def _record(melding: Melding, action: Action, reason: str = "", *, source: MeldingStatus | None = None) -> None:
    db.session.add(
        MeldingStatusChange(
            gemeente_id=melding.gemeente_id, melding_id=melding.id, action=action.value,
            from_status=source, to_status=melding.status, reason=reason, actor_id=_actor(),
        )
    )


def _move(melding: Melding, action: Action, reason: str = "") -> None:
    """Take one step of the state machine (transitions.TRANSITIONS), or refuse it."""
    if not allowed(action, melding.status):
        raise MeldingError(
            {"action": [f"'{action.label}' kan niet bij een melding met status "
                        f"'{melding.status.label}'."]}
        )
    source = melding.status
    melding.status = target_of(action, source)
    melding.status_changed_at = utcnow()
    _record(melding, action, reason, source=source)
    db.session.flush()
    audit.record(f"melding.{action.value}", melding, detail={"from": source.value, "to": melding.status.value})


def _date_not_future(errors: FieldErrors, field: str, value: date | None, label: str) -> None:
    if value is not None and value > today():
        errors.add(field, f"{label} ligt in de toekomst.")


# --- registration ------------------------------------------------------------------------


def register_melding(data: Mapping[str, Any], *, channel: str, received_on: date) -> Melding:
    """Register a melding in the active gemeente (the one providing the client's voorziening).

    Used by the public meldpunt and by the secretariaat/inspectors for meldingen received by
    phone, mail or letter. `received_on` is the date of receipt: it may lie in the past, never
    in the future. Refuses with field messages (MeldingError.errors: field → [Dutch messages])
    and stores nothing on refusal.

    `channel`: a MeldingChannel value ("meldpunt_aanbieder", "meldpunt_publiek", "telefoon",
    "email", "brief"). `data` keys (absent means empty):
      kind ("calamiteit" | "geweld" | "signaal"), reporter_kind (ReporterKind value), summary
      (required, no names), description, occurred_on (date), local_category (one of the
      gemeente's meldingen.local_categories), provider_id / provider_location_id /
      service_type_id (registry ids) or provider_name / location_text (as reported),
      perpetrator ("professional" | "medeclient" | "anders", required for geweld),
      same_accommodation (bool, for a medeclient), doubt_investigated (bool) with
      doubt_started_on / doubt_concluded_on (dates), and the personal data: reporter_name,
      reporter_organisation, reporter_email (gets the acknowledgement), reporter_phone,
      client_name, client_birth_date, client_reference, client_notes.
    Free-text fields holding a BSN are refused.
    """
    ctx = require_tenant_context()
    if ctx.active_id is None:
        raise MeldingError("Een melding hoort bij één gemeente: kies de gemeente.", "gemeente")
    gemeente_id = ctx.active_id
    errors = FieldErrors()
    region_id = region_of(gemeente_id, received_on) if isinstance(received_on, date) else None
    values = _registration_values(errors, gemeente_id, region_id, data, channel, received_on)
    if region_id is None and "received_on" not in errors:
        errors.add("gemeente", "Deze gemeente heeft op de ontvangstdatum geen toezichthouder in een GGD-regio.")
    errors.raise_if_any()
    assert region_id is not None
    melding = Melding(
        gemeente_id=gemeente_id, region_id=region_id, reference=_next_reference(region_id, received_on.year),
        status=MeldingStatus.RECEIVED, registered_by_id=_actor(), received_on=received_on, **values["melding"],
    )
    db.session.add(melding)
    db.session.flush()
    db.session.add(MeldingPersonalData(gemeente_id=gemeente_id, melding_id=melding.id, **values["personal"]))
    _record(melding, Action.REGISTER, f"Ontvangen via {melding.channel.label.lower()}")
    db.session.flush()
    audit.record("melding.registered", melding, detail={"kind": melding.kind.value, "channel": melding.channel.value})
    notices.send_acknowledgement(melding, values["personal"].get("reporter_email", ""))
    return melding


def _registration_values(
    errors: FieldErrors, gemeente_id: int, region_id: int | None, data: Mapping[str, Any], channel: str, received_on: date
) -> dict[str, dict[str, Any]]:
    chan = _enum_value(errors, "channel", MeldingChannel, channel, "Kies hoe de melding binnenkwam.")
    if chan is None and "channel" not in errors:
        errors.add("channel", "Kies hoe de melding binnenkwam.")
    if not isinstance(received_on, date):
        errors.add("received_on", "Vul de datum van ontvangst in.")
    else:
        _date_not_future(errors, "received_on", received_on, "De ontvangstdatum")
    kind = _enum_value(errors, "kind", MeldingKind, data.get("kind"), "Kies calamiteit, geweld of signaal.")
    if kind is None and "kind" not in errors:
        errors.add("kind", "Kies calamiteit, geweld of signaal.")
    reporter_kind = _enum_value(errors, "reporter_kind", ReporterKind, data.get("reporter_kind"), "Kies wie meldt.")
    if reporter_kind is None and "reporter_kind" not in errors:
        errors.add("reporter_kind", "Kies wie meldt.")
    perpetrator = _enum_value(errors, "perpetrator", Perpetrator, data.get("perpetrator"), "Kies wie het geweld gebruikte.")
    if kind is MeldingKind.GEWELD and perpetrator is None and "perpetrator" not in errors:
        errors.add("perpetrator", "Vul bij geweld in wie het geweld gebruikte.")
    same_accommodation = data.get("same_accommodation")
    if perpetrator is Perpetrator.FELLOW_CLIENT and same_accommodation is None:
        errors.add("same_accommodation", "Vul in of de medecliënt in dezelfde accommodatie verblijft.")

    text: dict[str, str] = {}
    for field in ("summary", "description", "provider_name", "location_text"):
        text[field] = check_text(errors, field, data.get(field), TEXT_LIMITS.get(field))
    if not text["summary"] and "summary" not in errors:
        errors.add("summary", "Vat in één zin samen wat er gebeurde, zonder namen.")
    occurred_on = data.get("occurred_on")
    _date_not_future(errors, "occurred_on", occurred_on, "De datum van het voorval")
    if occurred_on and isinstance(received_on, date) and occurred_on > received_on:
        errors.add("occurred_on", "Het voorval ligt na de ontvangst van de melding.")

    local_category = (data.get("local_category") or "").strip() or None
    if local_category is not None and isinstance(received_on, date) and received_on <= today():
        if local_category not in gemeente_settings.local_categories(gemeente_id, received_on):
            errors.add("local_category", "Deze categorie kent de gemeente niet.")

    provider = provider_refs.resolve_provider(errors, data, region_id)
    doubt = _doubt_values(errors, kind, data, received_on)

    personal: dict[str, Any] = {}
    for field in PERSONAL_FIELDS:
        value = data.get(field)
        if field == "client_birth_date":
            _date_not_future(errors, field, value, "De geboortedatum")
            personal[field] = value or None
        else:
            personal[field] = check_text(errors, field, value, TEXT_LIMITS.get(field))
    personal["reporter_email"] = personal["reporter_email"].lower()
    if personal["reporter_email"] and "@" not in personal["reporter_email"]:
        errors.add("reporter_email", "Vul een geldig e-mailadres in.")
    return {
        "melding": {
            "kind": kind, "channel": chan, "reporter_kind": reporter_kind, "perpetrator": perpetrator,
            "same_accommodation": same_accommodation if perpetrator is Perpetrator.FELLOW_CLIENT else None,
            "local_category": local_category, "occurred_on": occurred_on, **text, **provider, **doubt,
        },
        "personal": personal,
    }


def _doubt_values(errors: FieldErrors, kind: MeldingKind | None, data: Mapping[str, Any], received_on: date) -> dict[str, Any]:
    """The 'in doubt, first investigated up to 6 weeks' facts, kept apart from the provider term."""
    if not data.get("doubt_investigated"):
        return {"doubt_investigated": False, "doubt_started_on": None, "doubt_concluded_on": None}
    if kind is not MeldingKind.CALAMITEIT:
        errors.add("doubt_investigated", "Alleen bij twijfel over een calamiteit mag de aanbieder eerst onderzoeken.")
    started, concluded = data.get("doubt_started_on"), data.get("doubt_concluded_on")
    if started is None:
        errors.add("doubt_started_on", "Vul in wanneer de aanbieder met dat onderzoek begon.")
    if concluded is None:
        errors.add("doubt_concluded_on", "Vul in wanneer de aanbieder tot een conclusie kwam.")
    if started and concluded and concluded < started:
        errors.add("doubt_concluded_on", "De conclusie ligt vóór het begin van het onderzoek.")
    if concluded and isinstance(received_on, date) and concluded > received_on:
        errors.add("doubt_concluded_on", "De conclusie ligt na de ontvangst van de melding.")
    return {"doubt_investigated": True, "doubt_started_on": started, "doubt_concluded_on": concluded}


# --- triage ------------------------------------------------------------------------------

IGJ_BASIS = "Afstemming met de IGJ over zorg onder haar toezicht (protocol calamiteitentoezicht)"
FRAUD_BASIS = "Signaal over rechtmatigheid of fraud aan het team van de gemeente"


def _bool(data: Mapping[str, Any], field: str) -> bool:
    return bool(data.get(field))


def triage(melding: Melding, data: Mapping[str, Any]) -> MeldingTriage:
    """Record the triage: the client's safety first, then the legal criteria (failing them, the
    melding continues as a signaal, with the reason), IGJ referral and agreement, the
    administrative or public-order angle, informing the gemeente (copies per setting) and a
    rechtmatigheid/fraud hand-off. Disclosures are recorded for everything that leaves the case."""
    if not allowed(Action.TRIAGE, melding.status):
        _move(melding, Action.TRIAGE)  # raises with the status message
    errors = FieldErrors()
    client_safe = data.get("client_safe")
    if client_safe is None:
        errors.add("client_safe", "Vul in of de cliënt nu veilig is.")
    safety_notes = check_text(errors, "safety_notes", data.get("safety_notes"))
    other_support = _bool(data, "other_support_needed")
    if (client_safe is False or other_support) and not safety_notes:
        errors.add("safety_notes", "Beschrijf welke hulp nu nodig is en wat is geregeld.")

    criteria_met = data.get("criteria_met")
    criteria_reason = check_text(errors, "criteria_reason", data.get("criteria_reason"))
    if melding.kind.is_mandatory:
        if criteria_met is None:
            errors.add("criteria_met", "Vul in of de melding aan de wettelijke criteria voldoet.")
        elif criteria_met is False and not criteria_reason:
            errors.add("criteria_reason", "Geef de reden: de melding gaat verder als signaal.")
        if criteria_met and melding.kind is MeldingKind.GEWELD and not _violence_qualifies(melding):
            errors.add(
                "criteria_met",
                "Geweld valt alleen onder de meldplicht als een professional of een medecliënt in "
                "dezelfde accommodatie het gebruikte.",
            )
    else:
        criteria_met = None

    igj_care = _bool(data, "igj_care")
    igj_lead = _enum_value(errors, "igj_lead", IgjLead, data.get("igj_lead"), "Kies wie de leiding heeft.")
    igj_reference = check_text(errors, "igj_reference", data.get("igj_reference"), 100)
    igj_involvement = check_text(errors, "igj_involvement", data.get("igj_involvement"))
    if igj_care:
        if igj_lead is None and "igj_lead" not in errors:
            errors.add("igj_lead", "Leg vast wie de leiding heeft: de GGD of de IGJ.")
        if not igj_involvement:
            errors.add("igj_involvement", "Leg vast hoe de ander betrokken blijft.")

    administrative = _bool(data, "administrative_angle")
    wethouder_on = data.get("wethouder_informed_on")
    public_order = _bool(data, "public_order_angle")
    burgemeester_on = data.get("burgemeester_informed_on")
    if administrative and wethouder_on is None:
        errors.add("wethouder_informed_on", "Vul in wanneer de wethouder is geïnformeerd.")
    if public_order and burgemeester_on is None:
        errors.add("burgemeester_informed_on", "Vul in wanneer de burgemeester is geïnformeerd.")
    for field, value in (("wethouder_informed_on", wethouder_on), ("burgemeester_informed_on", burgemeester_on)):
        _date_not_future(errors, field, value, "Deze datum")
        if value is not None and value < melding.received_on:
            errors.add(field, "Deze datum ligt vóór de ontvangst van de melding.")

    fraud = _bool(data, "fraud_signal")
    fraud_team = check_text(errors, "fraud_team", data.get("fraud_team"), 200)
    fraud_handoff = check_text(errors, "fraud_handoff", data.get("fraud_handoff"))
    if fraud and not fraud_team:
        errors.add("fraud_team", "Vul in aan welk team van de gemeente het signaal ging.")
    if fraud and not fraud_handoff:
        errors.add("fraud_handoff", "Vat samen wat aan het team is overgedragen.")
    errors.raise_if_any()

    reason = criteria_reason
    if melding.kind.is_mandatory and criteria_met is False:
        melding.reported_kind = melding.kind
        melding.kind = MeldingKind.SIGNAAL
        reason = f"Voldoet niet aan de criteria voor {melding.reported_kind.label.lower()}; verder als signaal: {criteria_reason}"
    record = MeldingTriage(
        gemeente_id=melding.gemeente_id, melding_id=melding.id, triaged_on=today(), triaged_by_id=_actor(),
        client_safe=bool(client_safe), other_support_needed=other_support, safety_notes=safety_notes,
        police_involved=_bool(data, "police_involved"), veilig_thuis_involved=_bool(data, "veilig_thuis_involved"),
        igj_involved=_bool(data, "igj_involved"), criteria_met=criteria_met, criteria_reason=criteria_reason,
        igj_care=igj_care, igj_lead=igj_lead if igj_care else None,
        igj_reference=igj_reference if igj_care else "", igj_involvement=igj_involvement if igj_care else "",
        administrative_angle=administrative, wethouder_informed_on=wethouder_on if administrative else None,
        public_order_angle=public_order, burgemeester_informed_on=burgemeester_on if public_order else None,
        fraud_signal=fraud, fraud_team=fraud_team if fraud else "", fraud_handoff=fraud_handoff if fraud else "",
    )
    db.session.add(record)
    _move(melding, Action.TRIAGE, reason)
    _ensure_on_team(melding)
    if igj_care:
        record_disclosure(
            "melding", melding.id, "igj", "Inspectie Gezondheidszorg en Jeugd", IGJ_BASIS,
            f"Doorverwezen: {melding.reference}. Leiding: {igj_lead.label if igj_lead else '—'}. "
            f"Kenmerk IGJ: {igj_reference or '—'}. Betrokkenheid: {igj_involvement}",
        )
    if fraud:
        record_disclosure("melding", melding.id, "fraudeteam", fraud_team, FRAUD_BASIS, fraud_handoff)
    record.copies_sent = notices.send_gemeente_copies(melding)
    record.gemeente_informed = record.copies_sent > 0 or _bool(data, "gemeente_informed")
    db.session.flush()
    return record


def _violence_qualifies(melding: Melding) -> bool:
    if melding.perpetrator is Perpetrator.PROFESSIONAL:
        return True
    return melding.perpetrator is Perpetrator.FELLOW_CLIENT and bool(melding.same_accommodation)


# --- who investigates ----------------------------------------------------------------------


def request_provider_investigation(melding: Melding, data: Mapping[str, Any]) -> ProviderInvestigationRequest:
    """Ask the provider for its own calamity investigation; its report is due within the
    gemeente's provider investigation term (default 8 weeks) — not the 6 weeks of doubt."""
    if not allowed(Action.REQUEST_PROVIDER_INVESTIGATION, melding.status):
        _move(melding, Action.REQUEST_PROVIDER_INVESTIGATION)
    errors = FieldErrors()
    if melding.provider_id is None and not melding.provider_name:
        errors.add("_schema", "Leg eerst vast om welke aanbieder het gaat.")
    requested_on = data.get("requested_on") or today()
    _date_not_future(errors, "requested_on", requested_on, "De datum van het verzoek")
    if requested_on < melding.received_on:
        errors.add("requested_on", "Het verzoek ligt vóór de ontvangst van de melding.")
    notes = check_text(errors, "request_notes", data.get("request_notes"))
    errors.raise_if_any()
    request = ProviderInvestigationRequest(
        gemeente_id=melding.gemeente_id, melding_id=melding.id, round=1, requested_on=requested_on,
        term_weeks=gemeente_settings.provider_investigation_term(melding.gemeente_id, requested_on),
        request_notes=notes,
    )
    db.session.add(request)
    melding.investigator = Investigator.PROVIDER
    _move(melding, Action.REQUEST_PROVIDER_INVESTIGATION, notes)
    _ensure_on_team(melding)
    return request


def _open_request(melding: Melding) -> ProviderInvestigationRequest | None:
    return db.session.execute(
        select(ProviderInvestigationRequest)
        .where(ProviderInvestigationRequest.melding_id == melding.id)
        .order_by(ProviderInvestigationRequest.round.desc())
    ).scalars().first()


def receive_provider_report(melding: Melding, data: Mapping[str, Any]) -> ProviderInvestigationRequest:
    """Record the date the provider's report arrived (then it is checked: assess_provider_report)."""
    if not allowed(Action.RECEIVE_PROVIDER_REPORT, melding.status):
        _move(melding, Action.RECEIVE_PROVIDER_REPORT)
    request = _open_request(melding)
    assert request is not None
    errors = FieldErrors()
    received = data.get("report_received_on")
    if received is None:
        errors.add("report_received_on", "Vul de datum van ontvangst van het rapport in.")
    else:
        _date_not_future(errors, "report_received_on", received, "De ontvangstdatum")
        if received < request.requested_on:
            errors.add("report_received_on", "Het rapport kwam vóór het verzoek binnen.")
    errors.raise_if_any()
    request.report_received_on = received
    late = provider_deadline_passed(request)
    _move(melding, Action.RECEIVE_PROVIDER_REPORT, "Na de termijn ontvangen" if late else "")
    return request


def provider_deadline_passed(request: ProviderInvestigationRequest) -> bool:
    due = deadlines.provider_report_deadline(request).due_on
    return request.report_received_on is not None and request.report_received_on > due


CHECKS = {
    "has_independent_chair": "een onafhankelijke voorzitter",
    "has_facts": "de feiten",
    "has_root_causes": "de achterliggende oorzaken",
    "has_measures": "verbetermaatregelen",
    "client_involved": "hoe de cliënt of diens naasten zijn betrokken",
}


def assess_provider_report(melding: Melding, data: Mapping[str, Any]) -> ProviderInvestigationRequest:
    """Check the report on receipt (independent chair, facts, root causes, measures, the client's
    involvement), then accept it, ask for more (a new round with its own term), or investigate."""
    if melding.status is not MeldingStatus.PROVIDER_REPORT_RECEIVED:
        _move(melding, Action.ACCEPT_PROVIDER_REPORT)
    request = _open_request(melding)
    assert request is not None
    errors = FieldErrors()
    for field in CHECKS:
        if data.get(field) is None:
            errors.add(field, "Vul in of het rapport dit bevat.")
    outcome = _enum_value(errors, "outcome", ReviewOutcome, data.get("outcome"), "Kies de uitkomst.")
    if outcome is None and "outcome" not in errors:
        errors.add("outcome", "Kies: accepteren, aanvulling vragen of zelf onderzoeken.")
    assessment = check_text(errors, "assessment", data.get("assessment"))
    missing = [label for field, label in CHECKS.items() if data.get(field) is False]
    if outcome is ReviewOutcome.ACCEPTED and missing:
        errors.add("outcome", "Een rapport zonder " + ", ".join(missing) + " kan niet geaccepteerd worden: "
                   "vraag een aanvulling of onderzoek zelf.")
    if outcome is not ReviewOutcome.ACCEPTED and not assessment:
        errors.add("assessment", "Licht toe wat ontbreekt of waarom de GGD zelf onderzoekt.")
    term = data.get("term_weeks")
    if outcome is ReviewOutcome.MORE_REQUESTED and term is not None and not 1 <= int(term) <= 26:
        errors.add("term_weeks", "Kies een termijn van 1 tot 26 weken.")
    errors.raise_if_any()
    for field in CHECKS:
        setattr(request, field, bool(data[field]))
    request.outcome, request.assessment = outcome, assessment
    request.assessed_on, request.assessed_by_id = today(), _actor()
    if outcome is ReviewOutcome.ACCEPTED:
        _move(melding, Action.ACCEPT_PROVIDER_REPORT, assessment)
    elif outcome is ReviewOutcome.MORE_REQUESTED:
        db.session.add(
            ProviderInvestigationRequest(
                gemeente_id=melding.gemeente_id, melding_id=melding.id, round=request.round + 1,
                requested_on=today(),
                term_weeks=int(term) if term else gemeente_settings.provider_investigation_term(melding.gemeente_id, today()),
                request_notes=assessment,
            )
        )
        _move(melding, Action.REQUEST_MORE, assessment)
    else:
        melding.investigator = Investigator.GGD
        _move(melding, Action.START_INVESTIGATION, assessment)
    return request


def start_investigation(melding: Melding, reason: str) -> Melding:
    """The GGD investigates itself (after triage, or after a provider report)."""
    errors = FieldErrors()
    reason = check_text(errors, "reason", reason)
    if not reason:
        errors.add("reason", "Licht toe waarom de GGD zelf onderzoekt.")
    if not allowed(Action.START_INVESTIGATION, melding.status):
        _move(melding, Action.START_INVESTIGATION)
    errors.raise_if_any()
    melding.investigator = Investigator.GGD
    _move(melding, Action.START_INVESTIGATION, reason)
    _ensure_on_team(melding)
    return melding


# --- closing and lessons -----------------------------------------------------------------

#: The lessons slice's field names, as the close form calls them.
_LESSON_FIELDS = {"theme": "lesson_theme", "text": "lesson_shared_text", "service_type_id": "lesson_shareable",
                  "source_kind": "lesson_shareable", "region_id": "lesson_shareable"}


def _names_in(melding: Melding, text: str) -> list[str]:
    """The melding's gemeente or provider, when the text names them (whole words; a gemeente's
    name as a proper noun, so "Best" is found but "best" is not)."""
    named = []
    gemeente = db.session.get(Gemeente, melding.gemeente_id)
    if gemeente is not None and re.search(rf"(?<!\w){re.escape(gemeente.name)}(?!\w)", text):
        named.append(f"de gemeente ({gemeente.name})")
    provider = provider_refs.provider_label(melding)
    if provider not in ("", "—") and re.search(rf"(?<!\w){re.escape(provider)}(?!\w)", text, re.IGNORECASE):
        named.append(f"de aanbieder ({provider})")
    return named


def close(melding: Melding, data: Mapping[str, Any]) -> Melding:
    """Close with a reason. Straight after triage this means nobody investigates. After every
    calamiteit the lessons learned are required; marked shareable, a version without personal
    data or gemeente goes to the region's lessons table."""
    if not allowed(Action.CLOSE, melding.status):
        _move(melding, Action.CLOSE)
    errors = FieldErrors()
    reason = check_text(errors, "closure_reason", data.get("closure_reason"))
    if not reason:
        errors.add("closure_reason", "Geef de reden of de conclusie waarmee de melding sluit.")
    theme = check_text(errors, "lesson_theme", data.get("lesson_theme"), 100)
    text = check_text(errors, "lesson_text", data.get("lesson_text"))
    shareable = _bool(data, "lesson_shareable")
    shared_text = check_text(errors, "lesson_shared_text", data.get("lesson_shared_text"))
    if melding.kind is MeldingKind.CALAMITEIT:
        if not text:
            errors.add("lesson_text", "Leg na elke calamiteit de geleerde lessen vast.")
        if not theme:
            errors.add("lesson_theme", "Kies een thema voor de lessen.")
    if text and not theme and "lesson_theme" not in errors:
        errors.add("lesson_theme", "Kies een thema voor de lessen.")
    if theme and theme not in THEMES and "lesson_theme" not in errors:
        errors.add("lesson_theme", "Kies een thema uit de lijst van de regio.")
    region_id: int | None = None
    if shareable:
        if not text:
            errors.add("lesson_text", "Leg eerst de lessen vast.")
        if not shared_text:
            errors.add("lesson_shared_text", "Schrijf de versie voor de regio: zonder persoonsgegevens en zonder gemeente.")
        elif "lesson_shared_text" not in errors:
            try:
                shared_text = check_lesson_text(shared_text)
            except LessonInputError as error:
                errors.add("lesson_shared_text", error.message)
            else:
                named = _names_in(melding, shared_text)
                if named:
                    errors.add("lesson_shared_text", "De versie voor de regio noemt " + " en ".join(named)
                               + ": laat gemeente en aanbieder weg, dan is de les niet herleidbaar.")
        if melding.service_type_id is None:
            errors.add("lesson_shareable", "Leg eerst de voorziening vast: de regio zoekt lessen per voorziening.")
        # The region that serves the gemeente now searches the lesson (the one at registration
        # if the gemeente has none today).
        region_id = region_of(melding.gemeente_id, today()) or melding.region_id
    errors.raise_if_any()
    shared_lesson_id = None
    if shareable:
        # First, before anything of the melding changes: a refusal leaves nothing half-written.
        assert region_id is not None and melding.service_type_id is not None
        try:
            shared_lesson_id = share_lesson(
                region_id, melding.service_type_id, theme, shared_text,
                source_kind=melding.kind.value, learned_on=today(),
            ).id
        except LessonInputError as error:  # a rule of the lessons slice not checked above
            raise MeldingError(error.message, _LESSON_FIELDS.get(error.field, "lesson_shared_text")) from None
    if melding.status is MeldingStatus.TRIAGED:
        melding.investigator = Investigator.NONE
    melding.closed_on = today()
    melding.closure_reason = reason
    if text:
        db.session.add(MeldingLesson(
            gemeente_id=melding.gemeente_id, melding_id=melding.id, theme=theme, text=text,
            shareable=shareable, shared_text=shared_text if shareable else "", shared_lesson_id=shared_lesson_id,
        ))
    _move(melding, Action.CLOSE, reason)
    return melding


# --- case team -----------------------------------------------------------------------------


def _can_be_on_team(user_id: int, gemeente_id: int) -> bool:
    return compute_entitlements(user_id).can(Permission.MELDINGEN_TRIAGE, gemeente_id)


def active_assignment(melding: Melding, user_id: int) -> MeldingAssignment | None:
    return db.session.execute(
        select(MeldingAssignment).where(
            MeldingAssignment.melding_id == melding.id, MeldingAssignment.user_id == user_id,
            MeldingAssignment.ended_at.is_(None),
        )
    ).scalars().first()


def assign(melding: Melding, user_id: int | None) -> MeldingAssignment:
    """Put an inspector of this gemeente on the case team (they then see the personal data)."""
    if user_id is None:
        raise MeldingError("Kies een toezichthouder.", "user_id")
    if melding.is_closed:
        raise MeldingError("Een afgesloten melding krijgt geen nieuwe teamleden.", "user_id")
    if not _can_be_on_team(user_id, melding.gemeente_id):
        raise MeldingError("Alleen een toezichthouder van deze gemeente kan op de zaak.", "user_id")
    existing = active_assignment(melding, user_id)
    if existing is not None:
        raise MeldingError("Deze toezichthouder zit al op de zaak.", "user_id")
    assignment = MeldingAssignment(
        gemeente_id=melding.gemeente_id, melding_id=melding.id, user_id=user_id, assigned_by_id=_actor()
    )
    db.session.add(assignment)
    db.session.flush()
    audit.record("melding.assigned", melding, detail={"user_id": user_id})
    return assignment


def _ensure_on_team(melding: Melding) -> None:
    """Whoever triages or decides on a case is on its team."""
    actor = _actor()
    if actor is not None and active_assignment(melding, actor) is None and _can_be_on_team(actor, melding.gemeente_id):
        assign(melding, actor)


def end_assignment(melding: Melding, assignment: MeldingAssignment) -> None:
    if assignment.melding_id != melding.id or assignment.ended_at is not None:
        raise MeldingError("Deze toewijzing is al beëindigd.", "assignment_id")
    assignment.ended_at, assignment.ended_by_id = utcnow(), _actor()
    db.session.flush()
    audit.record("melding.unassigned", melding, detail={"user_id": assignment.user_id})


# --- documents -----------------------------------------------------------------------------


def add_document(melding: Melding, upload: Upload | None) -> Attachment:
    """An inspector on the case team adds a document (the letter or e-mail a melding came in by,
    a provider's report): checked by the attachments slice (type from the bytes, size, number
    per melding) and stored through regiotoezicht.storage under the melding's gemeente."""
    actor = _actor()
    if melding.is_closed:
        raise MeldingError("Bij een afgesloten melding komen geen documenten meer.", "file")
    if actor is None or not (_can_be_on_team(actor, melding.gemeente_id) and on_case_team(actor, melding)):
        raise MeldingError("Alleen toezichthouders op de zaak voegen documenten toe.", "file")
    if upload is None or not (upload.filename or "").strip():
        raise MeldingError("Kies een bestand.", "file")
    try:
        attachment = add_attachment(SUBJECT_TYPE, melding.id, upload)
    except AttachmentRejected as error:
        raise MeldingError(error.message, "file") from None
    audit.record("melding.document_added", melding,
                 detail={"attachment_id": attachment.id, "kind": attachment.kind, "size": attachment.size})
    return attachment


# --- disclosures ---------------------------------------------------------------------------


def record_melding_disclosure(melding: Melding, data: Mapping[str, Any]) -> Any:
    """Record that data of this melding went to someone outside the case (police, Veilig Thuis…)."""
    errors = FieldErrors()
    for field in ("recipient", "basis", "content"):
        check_text(errors, field, data.get(field))
    errors.raise_if_any()
    try:
        return record_disclosure(
            "melding", melding.id, data.get("recipient_kind") or "", data.get("recipient") or "",
            data.get("basis") or "", data.get("content") or "", disclosed_on=data.get("disclosed_on"),
        )
    except PrivacyInputError as error:
        raise MeldingError(error.message, error.field) from None


# --- transfer ------------------------------------------------------------------------------


def transfer(melding: Melding, target_gemeente_id: int | None, reason: str) -> Melding:
    """Move a melding filed at the wrong gemeente, with its history and children, to another
    gemeente of the same region. The actor needs MELDINGEN_TRANSFER in both. The change runs in
    a context covering both gemeenten; PostgreSQL cascades the new gemeente_id to every child."""
    actor = _actor()
    source_id = melding.gemeente_id
    errors = FieldErrors()
    reason = check_text(errors, "reason", reason)
    if not reason:
        errors.add("reason", "Geef de reden van de overdracht.")
    if target_gemeente_id is None:
        errors.add("gemeente_id", "Kies de gemeente waaraan u overdraagt.")
        errors.raise_if_any()
    assert target_gemeente_id is not None
    if target_gemeente_id == source_id:
        errors.add("gemeente_id", "De melding hoort al bij deze gemeente.")
    ents = compute_entitlements(actor) if actor is not None else None
    if ents is None or not ents.can(Permission.MELDINGEN_TRANSFER, source_id) or not ents.can(
        Permission.MELDINGEN_TRANSFER, target_gemeente_id
    ):
        errors.add("gemeente_id", "U kunt alleen overdragen naar een gemeente waarvoor u ook meldingen mag overdragen.")
    elif region_of(target_gemeente_id, today()) != melding.region_id:
        errors.add("gemeente_id", "Die gemeente hoort niet bij dezelfde GGD-regio.")
    if not allowed(Action.TRANSFER, melding.status):
        errors.add("action", "Een afgesloten melding wordt niet meer overgedragen.")
    errors.raise_if_any()
    wider = TenantContext(
        allowed_ids=frozenset({source_id, target_gemeente_id}), active_id=target_gemeente_id,
        user_id=actor, reason="melding.transfer",
    )
    with tenant_context(wider):
        if melding.local_category and melding.local_category not in gemeente_settings.local_categories(
            target_gemeente_id, melding.received_on
        ):
            melding.local_category = None
        melding.gemeente_id = target_gemeente_id
        db.session.flush()
        _move_attachments(melding.id, source_id, target_gemeente_id)
        # The children moved in the database; forget their stale copies in the session.
        for obj in list(db.session.identity_map.values()):
            if getattr(obj, "melding_id", None) == melding.id:
                db.session.expire(obj)
        _record(melding, Action.TRANSFER, reason, source=melding.status)
        db.session.flush()
        detail = {"from": source_id, "to": target_gemeente_id, "reference": melding.reference}
        audit.record("melding.transferred_out", melding, gemeente_id=source_id, detail=detail)
        audit.record("melding.transferred_in", melding, gemeente_id=target_gemeente_id, detail=detail)
        for assignment in db.session.execute(
            select(MeldingAssignment).where(MeldingAssignment.melding_id == melding.id, MeldingAssignment.ended_at.is_(None))
        ).scalars():
            if not _can_be_on_team(assignment.user_id, target_gemeente_id):
                end_assignment(melding, assignment)
    return melding


def _move_attachments(melding_id: int, source_id: int, target_id: int) -> None:
    """Attachments point at the melding by subject type and id: move them along, and their
    content too, since a stored key names its gemeente (runs in the context covering both)."""
    for attachment in attachments_of("melding", melding_id):
        if attachment.gemeente_id != source_id:
            continue
        old_key = attachment.storage_key
        new_key = f"g{target_id}/attachments/{uuid.uuid4().hex}"
        storage().save(new_key, storage().load(old_key), attachment.content_type)
        attachment.gemeente_id, attachment.storage_key = target_id, new_key
        storage().delete(old_key)
    db.session.flush()
