"""Writes of reports: every rule of the report process lives here. Change, flush, audit.

The request commits (one commit per request); a refused step raises ReportError before it
changes anything, so nothing is half-stored. Versions, status history and dispatches are only
ever added, never changed: the database refuses the app role UPDATE and DELETE on them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import escape
from sqlalchemy import func, select

from blueprints.investigations import services as investigation_services
from blueprints.investigations.models import InvestigationStatus
from blueprints.investigations.queries import get_investigation_or_404
from blueprints.reports import pdf, sources, terms
from blueprints.reports.dates import report_date
from blueprints.reports.tasks import send_definitive_to_gemeente
from blueprints.reports.content import ReportTexts, RoundRecord, fingerprint, render_body
from blueprints.reports.models import (
    LegalRemedy,
    Publication,
    PublicationStatusChange,
    Report,
    ReportDispatch,
    ReportStatusChange,
    ReportVersion,
    ResponsePoint,
    ResponseRound,
)
from blueprints.reports.states import (
    EDITABLE,
    Handling,
    PublicationStatus,
    PublicationView,
    RemedyKind,
    RemedyStatus,
    ReportError,
    ReportStatus,
    ReportStep,
    RoundStatus,
    VersionKind,
    next_status,
)
from blueprints.reports.wordcount import count_words, reaction_error
from regiotoezicht import audit
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from regiotoezicht.jobs import enqueue_after_commit
from regiotoezicht.mail import send_mail
from regiotoezicht.storage import storage

TEXT_FIELDS = ("summary", "judgement", "advice")
#: Investigation statuses in which its report may be opened.
REPORTABLE = frozenset({InvestigationStatus.FINDINGS_COMPLETE.value, InvestigationStatus.REPORTING.value})
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REDACTED_MARK = '<span class="rt-report__redacted">[weggelakt]</span>'


# --- the report and its texts ----------------------------------------------------------------


def open_report(investigation_id: int, actor_id: int) -> Report:
    """The investigation's report, created (as a draft) the first time someone writes it."""
    report = db.session.execute(
        select(Report).where(Report.investigation_id == investigation_id)
    ).scalar_one_or_none()
    if report is not None:
        return report
    source = sources.load_source(investigation_id)  # 404 unless the investigation is visible here
    if source.investigation_status not in REPORTABLE:
        raise ReportError.at(
            "_schema", "Een rapport begint pas als de bevindingen van het onderzoek compleet zijn."
        )
    report = Report(investigation_id=investigation_id, status=ReportStatus.DRAFT, created_by_id=actor_id)
    db.session.add(report)
    db.session.flush()
    _history(report, "open", None, ReportStatus.DRAFT, actor_id)
    audit.record("report.opened", report, detail={"investigation_id": investigation_id})
    return report


def update_texts(report: Report, data: dict[str, str]) -> list[str]:
    """Change the summary, judgement or advice; only while drafting or processing responses."""
    if report.status not in EDITABLE:
        raise ReportError.at(
            "_schema",
            "De teksten liggen vast zolang het concept ter beoordeling ligt of is goedgekeurd, "
            "en na het definitieve rapport.",
        )
    changed = [k for k in TEXT_FIELDS if k in data and getattr(report, k) != data[k].strip()]
    for key in changed:
        setattr(report, key, data[key].strip())
    db.session.flush()
    if changed:
        audit.record("report.texts_changed", report, fields=changed)
    return changed


def texts_of(report: Report) -> ReportTexts:
    return ReportTexts(summary=report.summary, judgement=report.judgement, advice=report.advice)


def preview_html(report: Report, today: date) -> str:
    """The report as the next version would show it (nothing is stored)."""
    source = sources.load_source(report.investigation_id)
    kind = VersionKind.DEFINITIVE if report.status == ReportStatus.IN_RESPONSE else VersionKind.CONCEPT
    rounds = round_records(report) if kind is VersionKind.DEFINITIVE else ()
    return render_body(
        source, texts_of(report), kind_label=kind.label, version_number=_next_number(report),
        dated_on=today, rounds=rounds,
    )


# --- versions and history --------------------------------------------------------------------


def versions(report: Report, kind: VersionKind | None = None) -> list[ReportVersion]:
    query = select(ReportVersion).where(ReportVersion.report_id == report.id)
    if kind is not None:
        query = query.where(ReportVersion.kind == kind)
    return list(db.session.execute(query.order_by(ReportVersion.number)).scalars())


def latest_version(report: Report, kind: VersionKind) -> ReportVersion | None:
    found = versions(report, kind)
    return found[-1] if found else None


def _next_number(report: Report) -> int:
    current = db.session.execute(
        select(func.max(ReportVersion.number)).where(ReportVersion.report_id == report.id)
    ).scalar_one()
    return int(current or 0) + 1


def _add_version(
    report: Report,
    kind: VersionKind,
    html: str,
    *,
    dated_on: date,
    actor_id: int,
    based_on: ReportVersion | None = None,
    note: str = "",
    store_pdf: bool = False,
) -> ReportVersion:
    version = ReportVersion(
        report_id=report.id, investigation_id=report.investigation_id, number=_next_number(report),
        kind=kind, html=html, sha256=fingerprint(html), dated_on=dated_on, created_by_id=actor_id,
        based_on_id=based_on.id if based_on else None, note=note,
    )
    if store_pdf:
        source = sources.load_source(report.investigation_id)
        key = f"r{source.region_id}/reports/{uuid.uuid4().hex}"
        storage().save(key, pdf.render_pdf(html, **pdf_labels(source.reference, version)), "application/pdf")
        version.pdf_key = key
    db.session.add(version)
    db.session.flush()
    audit.record(
        "report.version_added", version,
        detail={"report_id": report.id, "kind": str(kind), "number": version.number, "sha256": version.sha256},
    )
    return version


def pdf_labels(reference: str, version: ReportVersion) -> dict[str, str]:
    kind = VersionKind(version.kind)
    return {
        "title": f"Rapport toezicht Wmo {reference}",
        "footer": f"{kind.label}, versie {version.number} — {version.sha256[:12]}",
    }


def version_pdf(version: ReportVersion) -> bytes:
    """The stored PDF of a definitive or redacted version; a concept's is made on request."""
    if version.pdf_key:
        return storage().load(version.pdf_key)
    source = sources.load_source(version.investigation_id)
    return pdf.render_pdf(version.html, **pdf_labels(source.reference, version))


def _history(
    report: Report, step: str, before: str | None, after: str, actor_id: int | None,
    *, version: ReportVersion | None = None, note: str = "",
) -> None:
    db.session.add(
        ReportStatusChange(
            report_id=report.id, investigation_id=report.investigation_id, step=step,
            from_status=before, to_status=after, version_id=version.id if version else None,
            note=note, changed_by_id=actor_id,
        )
    )
    db.session.flush()


def _step(report: Report, step: ReportStep, actor_id: int, *, version: ReportVersion | None = None, note: str = "") -> None:
    before = ReportStatus(report.status)
    after = next_status(before, step)
    report.status = after
    _history(report, step, before, after, actor_id, version=version, note=note)
    audit.record(f"report.{step}", report, detail={"from": str(before), "to": str(after)})


def history(report: Report) -> list[ReportStatusChange]:
    return list(
        db.session.execute(
            select(ReportStatusChange).where(ReportStatusChange.report_id == report.id)
            .order_by(ReportStatusChange.changed_at, ReportStatusChange.id)
        ).scalars()
    )


# --- concept and second reading --------------------------------------------------------------


def submit_for_approval(report: Report, actor_id: int, today: date) -> ReportVersion:
    """Snapshot the concept and offer it to the second inspector."""
    next_status(ReportStatus(report.status), ReportStep.SUBMIT)
    source = sources.load_source(report.investigation_id)
    errors: dict[str, list[str]] = {}
    if source.investigation_status not in REPORTABLE:
        errors["_schema"] = ["De bevindingen van het onderzoek zijn niet compleet: het onderzoek is weer in uitvoering."]
    elif not source.findings:
        errors["_schema"] = ["Leg eerst bevindingen vast bij het onderzoek: het concept volgt uit de bevindingen."]
    if not report.judgement.strip():
        errors["judgement"] = ["Schrijf het oordeel voordat het concept ter beoordeling gaat."]
    if not report.advice.strip():
        errors["advice"] = ["Schrijf het advies aan het college voordat het concept ter beoordeling gaat."]
    if source.second_inspector_id is None:
        errors.setdefault("_schema", []).append("Wijs bij het onderzoek eerst een tweede toezichthouder aan.")
    elif source.second_inspector_id == actor_id:
        errors.setdefault("_schema", []).append(
            "U bent de tweede toezichthouder van dit onderzoek: de opsteller biedt het concept aan."
        )
    if errors:
        raise ReportError(errors)
    html = render_body(
        source, texts_of(report), kind_label=VersionKind.CONCEPT.label,
        version_number=_next_number(report), dated_on=today,
    )
    version = _add_version(report, VersionKind.CONCEPT, html, dated_on=today, actor_id=actor_id)
    _step(report, ReportStep.SUBMIT, actor_id, version=version)
    return version


def _second_reader_check(report: Report, actor_id: int) -> ReportVersion:
    source = sources.load_source(report.investigation_id)
    concept = latest_version(report, VersionKind.CONCEPT)
    if source.second_inspector_id is None:
        raise ReportError.at("_schema", "Dit onderzoek heeft geen tweede toezichthouder.")
    if actor_id != source.second_inspector_id:
        raise ReportError.at(
            "_schema", "Alleen de tweede toezichthouder van het onderzoek beoordeelt het concept."
        )
    if concept is None or concept.created_by_id == actor_id:
        raise ReportError.at("_schema", "Wie het concept opstelde, kan het niet zelf goedkeuren.")
    return concept


def approve(report: Report, actor_id: int) -> ReportVersion:
    """The second inspector approves the concept version that lies ready."""
    next_status(ReportStatus(report.status), ReportStep.APPROVE)
    concept = _second_reader_check(report, actor_id)
    investigation = get_investigation_or_404(report.investigation_id)
    if investigation.status not in REPORTABLE:
        raise ReportError.at("_schema", "De bevindingen worden weer bijgewerkt: geef het concept terug.")
    if investigation.status == InvestigationStatus.FINDINGS_COMPLETE:
        # Once the concept is approved and goes out, the findings are fixed: reporting.
        investigation_services.change_status(
            investigation, InvestigationStatus.REPORTING, actor_id, "Concept van het rapport goedgekeurd"
        )
    report.approved_version_id = concept.id
    report.approved_by_id = actor_id
    report.approved_at = utcnow()
    _step(report, ReportStep.APPROVE, actor_id, version=concept)
    return concept


def return_to_draft(report: Report, actor_id: int, reason: str) -> None:
    """The second inspector sends the concept back, saying why."""
    next_status(ReportStatus(report.status), ReportStep.RETURN)
    concept = _second_reader_check(report, actor_id)
    if not reason.strip():
        raise ReportError.at("reason", "Geef aan wat er aan het concept moet veranderen.")
    _step(report, ReportStep.RETURN, actor_id, version=concept, note=reason.strip())


# --- hoor en wederhoor -----------------------------------------------------------------------


def rounds_of(report: Report) -> list[ResponseRound]:
    return list(
        db.session.execute(
            select(ResponseRound).where(ResponseRound.report_id == report.id).order_by(ResponseRound.id)
        ).scalars()
    )


def points_of(round_: ResponseRound) -> list[ResponsePoint]:
    return list(
        db.session.execute(
            select(ResponsePoint).where(ResponsePoint.round_id == round_.id).order_by(ResponsePoint.id)
        ).scalars()
    )


def start_response(
    report: Report, actor_id: int, sent_on: date, contacts: dict[int, str], today: date
) -> list[ResponseRound]:
    """Send the approved concept to every provider assessed, each with its own term."""
    next_status(ReportStatus(report.status), ReportStep.START_RESPONSE)
    source = sources.load_source(report.investigation_id)
    errors: dict[str, list[str]] = {}
    if sent_on > today:
        errors["sent_on"] = ["De verzenddatum kan niet in de toekomst liggen."]
    for provider_id in source.provider_ids:
        email = (contacts.get(provider_id) or "").strip()
        if not EMAIL_RE.match(email):
            errors[f"contact_{provider_id}"] = ["Vul een geldig e-mailadres van de aanbieder in."]
    unknown = set(contacts) - set(source.provider_ids)
    if unknown:
        errors["_schema"] = ["Er is een aanbieder opgegeven die niet in dit onderzoek is beoordeeld."]
    if not source.provider_ids:
        errors["_schema"] = ["Er is geen aanbieder beoordeeld in dit onderzoek."]
    if errors:
        raise ReportError(errors)
    concept = db.session.get(ReportVersion, report.approved_version_id) if report.approved_version_id else None
    assert concept is not None, "an approved report names its approved concept"
    deadline, weeks, term_gemeente = terms.response_deadline(sent_on, source.gemeente_ids)
    created = []
    for provider_id, provider_name in zip(source.provider_ids, source.provider_names, strict=True):
        round_ = ResponseRound(
            report_id=report.id, investigation_id=report.investigation_id, provider_id=provider_id,
            concept_version_id=concept.id, contact_email=contacts[provider_id].strip().lower(),
            sent_on=sent_on, due_on=deadline.due_on, term_weeks=weeks, term_gemeente_id=term_gemeente,
            status=RoundStatus.OPEN,
        )
        db.session.add(round_)
        db.session.flush()
        message = send_mail(
            round_.contact_email,
            f"Conceptrapport toezicht Wmo {source.reference}: hoor en wederhoor",
            _concept_mail(source.reference, provider_name, deadline.due_on),
            created_by_id=actor_id,
        )
        db.session.add(
            ReportDispatch(
                version_id=concept.id, investigation_id=report.investigation_id, recipient_kind="provider",
                provider_id=provider_id, recipient=round_.contact_email, outbox_message_id=message.id,
            )
        )
        audit.record("report.response_requested", round_, detail={"provider_id": provider_id, "due_on": deadline.due_on.isoformat()})
        created.append(round_)
    _step(report, ReportStep.START_RESPONSE, actor_id, version=concept)
    return created


def _concept_mail(reference: str, provider_name: str, due_on: date) -> str:
    return (
        f"Geachte {provider_name},\n\n"
        f"Hierbij ontvangt u het conceptrapport van het toezichtonderzoek {reference}. U kunt tot en met "
        f"{report_date(due_on)} feitelijke onjuistheden laten corrigeren en uw zienswijze geven, ook over "
        "de openbaarmaking van het rapport. Een korte reactie (hoogstens 200 woorden) kan op uw verzoek "
        "bij het definitieve rapport worden gevoegd.\n\n"
        "Het conceptrapport stuurt de toezichthouder u als beveiligde bijlage.\n\n"
        "Met vriendelijke groet,\nde toezichthouder Wmo"
    )


@dataclass(frozen=True)
class ResponseInput:
    received_on: date
    reaction: str = ""
    attach_reaction: bool = False
    publication_view: PublicationView = PublicationView.NONE
    publication_view_text: str = ""
    points: Sequence[str] = ()


def _require_in_response(report: Report) -> None:
    if report.status != ReportStatus.IN_RESPONSE:
        raise ReportError.at("_schema", "Dit kan alleen tijdens hoor en wederhoor.")


def record_response(report: Report, round_: ResponseRound, data: ResponseInput, today: date) -> ResponseRound:
    """The provider's response: date, points, short reaction (≤ 200 words), view on publication."""
    _require_in_response(report)
    if round_.status != RoundStatus.OPEN:
        raise ReportError.at("_schema", "De reactie van deze aanbieder is al vastgelegd.")
    errors: dict[str, list[str]] = {}
    if data.received_on < round_.sent_on:
        errors["received_on"] = ["De reactie kan niet zijn ontvangen vóór het concept is verstuurd."]
    elif data.received_on > today:
        errors["received_on"] = ["De ontvangstdatum kan niet in de toekomst liggen."]
    too_long = reaction_error(data.reaction)
    if too_long:
        errors["reaction"] = [too_long]
    if data.attach_reaction and not data.reaction.strip():
        errors["attach_reaction"] = ["Er is geen reactie om bij te voegen."]
    points = [p.strip() for p in data.points if p.strip()]
    if not points and not data.reaction.strip() and data.publication_view is PublicationView.NONE:
        errors["_schema"] = ["Leg ten minste één punt, de reactie of de zienswijze op openbaarmaking vast."]
    if errors:
        raise ReportError(errors)
    round_.status = RoundStatus.RECEIVED
    round_.received_on = data.received_on
    round_.reaction = data.reaction.strip()
    round_.reaction_words = count_words(round_.reaction)
    round_.attach_reaction = data.attach_reaction
    round_.publication_view = data.publication_view
    round_.publication_view_text = data.publication_view_text.strip()
    for text in points:
        db.session.add(ResponsePoint(round_id=round_.id, investigation_id=round_.investigation_id, text=text))
    db.session.flush()
    audit.record(
        "report.response_received", round_,
        detail={"points": len(points), "late": data.received_on > round_.due_on, "words": round_.reaction_words},
    )
    return round_


def add_point(report: Report, round_: ResponseRound, text: str) -> ResponsePoint:
    _require_in_response(report)
    if round_.status != RoundStatus.RECEIVED:
        raise ReportError.at("_schema", "Leg eerst de reactie van de aanbieder vast.")
    if not text.strip():
        raise ReportError.at("text", "Beschrijf het punt van de aanbieder.")
    point = ResponsePoint(round_id=round_.id, investigation_id=round_.investigation_id, text=text.strip())
    db.session.add(point)
    db.session.flush()
    audit.record("report.point_added", point)
    return point


def handle_point(report: Report, point: ResponsePoint, handling: Handling, note: str) -> ResponsePoint:
    """Record how a point was handled: overgenomen, niet overgenomen (why) or toegelicht (how)."""
    _require_in_response(report)
    note = note.strip()
    if handling is Handling.NOT_ADOPTED and not note:
        raise ReportError.at("note", "Geef de reden waarom het punt niet is overgenomen.")
    if handling is Handling.EXPLAINED and not note:
        raise ReportError.at("note", "Geef de toelichting.")
    point.handling = handling
    point.note = note
    db.session.flush()
    audit.record("report.point_handled", point, detail={"handling": str(handling)})
    return point


def mark_lapsed(report: Report, round_: ResponseRound, today: date) -> ResponseRound:
    """No response came within the term (computed when read, recorded only by this step)."""
    _require_in_response(report)
    if round_.status != RoundStatus.OPEN:
        raise ReportError.at("_schema", "De reactie van deze aanbieder is al vastgelegd.")
    if today <= round_.due_on:
            raise ReportError.at("_schema", f"De termijn loopt nog tot en met {report_date(round_.due_on)}.")
    round_.status = RoundStatus.LAPSED
    db.session.flush()
    audit.record("report.response_lapsed", round_)
    return round_


def round_records(report: Report) -> tuple[RoundRecord, ...]:
    source = sources.load_source(report.investigation_id)
    names = dict(zip(source.provider_ids, source.provider_names, strict=True))
    records = []
    for round_ in rounds_of(report):
        points = tuple(
            (p.text, Handling(p.handling).label if p.handling else "Nog niet verwerkt", p.note)
            for p in points_of(round_)
        )
        records.append(
            RoundRecord(
                provider_name=names.get(round_.provider_id, f"Aanbieder {round_.provider_id}"),
                sent_on=round_.sent_on, due_on=round_.due_on, received_on=round_.received_on,
                status_label=RoundStatus(round_.status).label,
                publication_view_label=PublicationView(round_.publication_view).label,
                points=points, reaction=round_.reaction if round_.attach_reaction else None,
            )
        )
    return tuple(records)


# --- the definitive report -------------------------------------------------------------------


def issue_definitive(report: Report, actor_id: int, today: date, note: str = "") -> ReportVersion:
    """Make the definitive version (or a corrected one), store its PDF and send it."""
    correction = report.status == ReportStatus.DEFINITIVE
    step = ReportStep.ISSUE_CORRECTION if correction else ReportStep.ISSUE_DEFINITIVE
    next_status(ReportStatus(report.status), step)
    errors: dict[str, list[str]] = {}
    if correction and not note.strip():
        errors["note"] = ["Geef aan wat de gecorrigeerde versie verandert."]
    if not correction:
        for round_ in rounds_of(report):
            if round_.status == RoundStatus.OPEN:
                errors.setdefault("_schema", []).append(
                    "Nog niet elke aanbieder heeft gereageerd: leg de reactie vast, of na de termijn dat er geen kwam."
                )
                break
        unhandled = [p for r in rounds_of(report) for p in points_of(r) if not p.handling]
        if unhandled:
            errors.setdefault("_schema", []).append(
                f"Nog {len(unhandled)} punt(en) uit hoor en wederhoor zonder verwerking."
            )
    if errors:
        raise ReportError(errors)
    source = sources.load_source(report.investigation_id)
    html = render_body(
        source, texts_of(report), kind_label=VersionKind.DEFINITIVE.label,
        version_number=_next_number(report), dated_on=today, rounds=round_records(report),
    )
    version = _add_version(
        report, VersionKind.DEFINITIVE, html, dated_on=today, actor_id=actor_id,
        based_on=latest_version(report, VersionKind.DEFINITIVE), note=note.strip(), store_pdf=True,
    )
    _step(report, step, actor_id, version=version, note=note.strip())
    _send_definitive(report, version, source, actor_id)
    return version


def _send_definitive(report: Report, version: ReportVersion, source: sources.ReportSource, actor_id: int) -> None:
    names = dict(zip(source.provider_ids, source.provider_names, strict=True))
    subject = f"Definitief rapport toezicht Wmo {source.reference} (versie {version.number})"
    for round_ in rounds_of(report):
        message = send_mail(
            round_.contact_email, subject,
            f"Geachte {names.get(round_.provider_id, 'aanbieder')},\n\nHierbij ontvangt u het definitieve "
            f"rapport {source.reference}, versie {version.number} (kenmerk {version.sha256[:12]}). Het "
            "rapport met het advies aan het college gaat ook naar de gemeente(n). Over de openbaarmaking "
            "neemt elke gemeente een besluit, waartegen u bezwaar kunt maken.\n\nDe toezichthouder Wmo",
            created_by_id=actor_id,
        )
        db.session.add(
            ReportDispatch(
                version_id=version.id, investigation_id=report.investigation_id, recipient_kind="provider",
                provider_id=round_.provider_id, recipient=round_.contact_email, outbox_message_id=message.id,
            )
        )
    db.session.flush()
    # Each gemeente's contacts are its own tenant data: a job per gemeente reads them there.
    for gemeente_id in source.gemeente_ids:
        enqueue_after_commit(send_definitive_to_gemeente, gemeente_id, version.id, queue="mail", retry=3)


def dispatches(version_ids: Iterable[int]) -> list[ReportDispatch]:
    ids = list(version_ids)
    if not ids:
        return []
    return list(
        db.session.execute(
            select(ReportDispatch).where(ReportDispatch.version_id.in_(ids)).order_by(ReportDispatch.id)
        ).scalars()
    )


def redact(report: Report, passages: Sequence[str], actor_id: int, today: date) -> ReportVersion:
    """The version to publish: the latest definitive one with the marked passages blacked out."""
    definitive = latest_version(report, VersionKind.DEFINITIVE)
    if report.status != ReportStatus.DEFINITIVE or definitive is None:
        raise ReportError.at("_schema", "Alleen een definitief rapport krijgt een openbare versie.")
    wanted = [p.strip() for p in passages if p.strip()]
    if not wanted:
        raise ReportError.at("passages", "Geef ten minste één passage of persoonsgegeven om weg te lakken.")
    html = definitive.html
    missing = []
    for passage in sorted(set(wanted), key=len, reverse=True):
        escaped = str(escape(passage))
        if escaped not in html:
            missing.append(passage)
            continue
        html = html.replace(escaped, REDACTED_MARK)
    if missing:
        raise ReportError.at(
            "passages",
            "Niet gevonden in het definitieve rapport (let op hoofdletters en spaties): " + "; ".join(missing),
        )
    html = html.replace(
        '<span class="rt-report__status">Definitief</span>', '<span class="rt-report__status">Openbare versie</span>'
    )
    return _add_version(
        report, VersionKind.REDACTED, html, dated_on=today, actor_id=actor_id, based_on=definitive,
        note=f"{len(set(wanted))} passage(s) weggelakt", store_pdf=True,
    )


def redacted_for(report: Report) -> ReportVersion | None:
    """The redacted version of the latest definitive version, if there is one."""
    definitive = latest_version(report, VersionKind.DEFINITIVE)
    if definitive is None:
        return None
    found = [v for v in versions(report, VersionKind.REDACTED) if v.based_on_id == definitive.id]
    return found[-1] if found else None


# --- publication (per gemeente) --------------------------------------------------------------


def publication_of(report: Report) -> Publication | None:
    """The publication row of the gemeente in whose context this runs."""
    return db.session.execute(select(Publication).where(Publication.report_id == report.id)).scalar_one_or_none()


def open_publication(report: Report, actor_id: int) -> Publication:
    """Start this gemeente's publication phase once the report is definitive."""
    existing = publication_of(report)
    if existing is not None:
        return existing
    if report.status != ReportStatus.DEFINITIVE:
        raise ReportError.at("_schema", "De openbaarmakingsfase begint pas na het definitieve rapport.")
    publication = Publication(report_id=report.id, investigation_id=report.investigation_id, status=PublicationStatus.UNDECIDED)
    db.session.add(publication)
    db.session.flush()
    _publication_history(publication, "open", None, PublicationStatus.UNDECIDED, actor_id)
    audit.record("publication.opened", publication)
    return publication


def _publication_history(publication: Publication, step: str, before: str | None, after: str, actor_id: int | None, note: str = "") -> None:
    db.session.add(
        PublicationStatusChange(
            gemeente_id=publication.gemeente_id, publication_id=publication.id, step=step,
            from_status=before, to_status=after, note=note, changed_by_id=actor_id,
        )
    )
    db.session.flush()


def _set_publication_status(publication: Publication, status: PublicationStatus, step: str, actor_id: int, note: str = "") -> None:
    before = publication.status
    publication.status = status
    _publication_history(publication, step, before, status, actor_id, note)
    audit.record(f"publication.{step}", publication, detail={"from": before, "to": str(status)})


@dataclass(frozen=True)
class DecisionInput:
    publish: bool
    decided_on: date
    woo_basis: str
    decision_reference: str


def decide_publication(report: Report, publication: Publication, data: DecisionInput, actor_id: int, today: date) -> Publication:
    """The college's besluit on active publication under the Woo (itself open to bezwaar)."""
    if publication.status != PublicationStatus.UNDECIDED:
        raise ReportError.at("_schema", "Over de openbaarmaking is al besloten.")
    errors: dict[str, list[str]] = {}
    definitive = latest_version(report, VersionKind.DEFINITIVE)
    if data.decided_on > today:
        errors["decided_on"] = ["De besluitdatum kan niet in de toekomst liggen."]
    elif definitive is not None and data.decided_on < definitive.dated_on:
        errors["decided_on"] = ["Het besluit kan niet vóór het definitieve rapport zijn genomen."]
    if not data.woo_basis.strip():
        errors["woo_basis"] = ["Noem de grondslag in de Woo (bijvoorbeeld art. 3.1 Woo)."]
    if not data.decision_reference.strip():
        errors["decision_reference"] = ["Vul het kenmerk van het besluit in."]
    source = sources.load_source(report.investigation_id)
    if data.publish and not errors and not terms.publishes_type(publication.gemeente_id, source.type_code, data.decided_on):
        errors["publish"] = [
            f"Volgens het openbaarmakingsbeleid van de gemeente worden rapporten van een "
            f"{source.type_label.lower()} niet openbaar gemaakt."
        ]
    if errors:
        raise ReportError(errors)
    publication.publish = data.publish
    publication.decided_on = data.decided_on
    publication.woo_basis = data.woo_basis.strip()
    publication.decision_reference = data.decision_reference.strip()
    if data.publish:
        deadline, weeks = terms.publication_deadline(publication.gemeente_id, data.decided_on)
        publication.delay_weeks = weeks
        publication.planned_on = deadline.due_on
        _set_publication_status(publication, PublicationStatus.DECIDED, "decide", actor_id)
    else:
        _set_publication_status(publication, PublicationStatus.NOT_PUBLISHED, "decide", actor_id)
    return publication


def remedies_of(publication: Publication) -> list[LegalRemedy]:
    return list(
        db.session.execute(
            select(LegalRemedy).where(LegalRemedy.publication_id == publication.id).order_by(LegalRemedy.lodged_on, LegalRemedy.id)
        ).scalars()
    )


def lodge_remedy(publication: Publication, kind: RemedyKind, lodged_on: date, note: str, actor_id: int, today: date) -> LegalRemedy:
    """Record a bezwaar or a request for a voorlopige voorziening: publication waits for it."""
    if publication.status == PublicationStatus.PUBLISHED:
        raise ReportError.at("_schema", "Het rapport is al openbaar gemaakt.")
    if publication.status != PublicationStatus.DECIDED:
        raise ReportError.at("_schema", "Er is (nog) geen besluit tot openbaarmaking om tegen op te komen.")
    errors: dict[str, list[str]] = {}
    assert publication.decided_on is not None
    if lodged_on > today:
        errors["lodged_on"] = ["De datum van indienen kan niet in de toekomst liggen."]
    elif lodged_on < publication.decided_on:
        errors["lodged_on"] = ["Bezwaar of een verzoek kan niet vóór het besluit zijn ingediend."]
    if errors:
        raise ReportError(errors)
    remedy = LegalRemedy(publication_id=publication.id, kind=kind, lodged_on=lodged_on, note=note.strip(), status=RemedyStatus.PENDING)
    db.session.add(remedy)
    db.session.flush()
    _publication_history(publication, f"remedy_{kind}", publication.status, publication.status, actor_id, note=kind.label)
    audit.record("publication.remedy_lodged", remedy, detail={"kind": str(kind)})
    return remedy


def resolve_remedy(publication: Publication, remedy: LegalRemedy, outcome: RemedyStatus, decided_on: date, note: str, actor_id: int, today: date) -> LegalRemedy:
    """The outcome of a bezwaar or voorlopige voorziening. A granted bezwaar revokes the decision."""
    if remedy.status != RemedyStatus.PENDING:
        raise ReportError.at("_schema", "Over dit bezwaar of verzoek is al beslist.")
    if outcome is RemedyStatus.PENDING:
        raise ReportError.at("status", "Kies de uitkomst: afgewezen, toegewezen of ingetrokken.")
    if decided_on > today or decided_on < remedy.lodged_on:
        raise ReportError.at("decided_on", "De datum ligt tussen het indienen en vandaag.")
    remedy.status = outcome
    remedy.decided_on = decided_on
    if note.strip():
        remedy.note = (remedy.note + "\n" + note.strip()).strip()
    db.session.flush()
    audit.record("publication.remedy_resolved", remedy, detail={"outcome": str(outcome)})
    if outcome is RemedyStatus.GRANTED and remedy.kind == RemedyKind.BEZWAAR:
        _set_publication_status(publication, PublicationStatus.NOT_PUBLISHED, "revoked", actor_id, note="Bezwaar toegewezen")
    else:
        _publication_history(publication, f"remedy_{outcome}", publication.status, publication.status, actor_id, note=RemedyKind(remedy.kind).label)
    return remedy


def record_bestuurlijke_reactie(publication: Publication, text: str, on: date, actor_id: int, today: date) -> Publication:
    """The college's own response to the report; attached to the publication once it exists."""
    if not text.strip():
        raise ReportError.at("bestuurlijke_reactie", "Vul de bestuurlijke reactie in.")
    if on > today:
        raise ReportError.at("bestuurlijke_reactie_on", "De datum kan niet in de toekomst liggen.")
    publication.bestuurlijke_reactie = text.strip()
    publication.bestuurlijke_reactie_on = on
    db.session.flush()
    audit.record("publication.bestuurlijke_reactie", publication, fields=["bestuurlijke_reactie"])
    return publication


def publication_blockers(report: Report, publication: Publication, today: date) -> list[str]:
    """Why the report cannot be published (yet): empty when every condition holds."""
    reasons: list[str] = []
    if publication.status == PublicationStatus.PUBLISHED:
        return ["Het rapport is al openbaar gemaakt."]
    if publication.status != PublicationStatus.DECIDED:
        return ["Er is geen besluit tot openbaarmaking."]
    assert publication.planned_on is not None
    if today < publication.planned_on:
        reasons.append(f"De publicatiedatum is {report_date(publication.planned_on)}.")
    remedies = remedies_of(publication)
    if any(r.status == RemedyStatus.PENDING for r in remedies):
        reasons.append("Er loopt een bezwaar of verzoek om een voorlopige voorziening.")
    for granted in (r for r in remedies if r.status == RemedyStatus.GRANTED and r.kind == RemedyKind.VOORLOPIGE_VOORZIENING):
        assert granted.decided_on is not None
        # A voorlopige voorziening holds until the bezwaar is decided (and then lapses).
        if not any(
            r.kind == RemedyKind.BEZWAAR and r.status == RemedyStatus.REJECTED and r.decided_on and r.decided_on >= granted.decided_on
            for r in remedies
        ):
            reasons.append("De rechter heeft een voorlopige voorziening getroffen: publicatie wacht op de beslissing op bezwaar.")
            break
    if redacted_for(report) is None:
        reasons.append("Er is nog geen openbare versie waarin persoonsgegevens zijn weggelakt.")
    if report.status != ReportStatus.DEFINITIVE:
        reasons.append("Het rapport is niet definitief.")
    return reasons


def publish(report: Report, publication: Publication, actor_id: int, today: date) -> Publication:
    """Mark the report published in this gemeente: only when every condition holds."""
    reasons = publication_blockers(report, publication, today)
    if reasons:
        raise ReportError({"_schema": reasons})
    redacted = redacted_for(report)
    assert redacted is not None
    publication.published_on = today
    publication.published_version_id = redacted.id
    _set_publication_status(publication, PublicationStatus.PUBLISHED, "publish", actor_id)
    return publication
