"""Deadline reminders: once a day the case team of each open melding hears of a triage or
provider-report deadline that falls on the next working day or has passed.

The scheduler enqueues `send_deadline_reminders` daily on the mail queue; it fans out to one
`remind_gemeente` job per gemeente, each in that gemeente's own tenant context with its own
commit. A reminder is recorded (MeldingDeadlineReminder) in the same transaction as its outbox
mail, and the unique key (melding, deadline, provider round, stage) lets each be sent once:
"due" when the deadline is today or on the next working day, "overdue" once it has passed. The
job only reminds — whether a melding is overdue is still computed when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from blueprints.meldingen import deadlines, queries
from blueprints.meldingen.models import (
    Melding,
    MeldingDeadlineReminder,
    MeldingStatus,
    ReminderDeadline,
    ReminderStage,
)
from blueprints.workdays.calendar import Deadline, add_working_days
from regiotoezicht import audit
from regiotoezicht.auth.models import User
from regiotoezicht.extensions import db
from regiotoezicht.jobs import enqueue_after_commit, system_job, tenant_job
from regiotoezicht.mail import send_mail
from regiotoezicht.scheduler import register_periodic
from tenants.entitlements import today
from tenants.models import Gemeente

PERIOD = timedelta(days=1)


@dataclass(frozen=True)
class Due:
    """A deadline of an open melding that needs a reminder today."""

    melding: Melding
    deadline: ReminderDeadline
    round: int
    term: Deadline
    stage: ReminderStage


def open_deadline(melding: Melding) -> tuple[ReminderDeadline, int, Deadline] | None:
    """The deadline an open melding waits on (as deadlines.current_deadline), with its kind and round."""
    if melding.status is MeldingStatus.RECEIVED:
        return ReminderDeadline.TRIAGE, 0, deadlines.triage_deadline(melding)
    if melding.status is MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED:
        waiting = [r for r in melding.provider_requests if r.report_received_on is None]
        if waiting:
            request = max(waiting, key=lambda r: r.round)
            return ReminderDeadline.PROVIDER_REPORT, request.round, deadlines.provider_report_deadline(request)
    return None


def due_reminders(on: date) -> list[Due]:
    """The deadlines of the gemeente's open meldingen due by the next working day after `on`
    (or passed), each with the stage it has reached on that day."""
    horizon = add_working_days(on, 1).due_on
    meldingen = db.session.execute(
        select(Melding)
        .where(Melding.status.in_((MeldingStatus.RECEIVED, MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED)))
        .options(selectinload(Melding.provider_requests))
        .order_by(Melding.id)
    ).scalars().all()
    found = []
    for melding in meldingen:
        waiting = open_deadline(melding)
        if waiting is None:
            continue
        kind, round_, term = waiting
        if term.due_on > horizon:
            continue
        stage = ReminderStage.OVERDUE if term.is_overdue(on) else ReminderStage.DUE
        found.append(Due(melding, kind, round_, term, stage))
    return found


def recipients(melding: Melding, on: date) -> list[User]:
    """The case team; while nobody is on it (a melding still to be triaged), the gemeente's inspectors."""
    team = [user for _, user in queries.team_of(melding) if user.is_enabled]
    return team or [user for user in queries.inspectors_of(melding.gemeente_id, on) if user.is_enabled]


def _already_sent(due: Due) -> bool:
    return db.session.execute(
        select(MeldingDeadlineReminder.id).where(
            MeldingDeadlineReminder.melding_id == due.melding.id,
            MeldingDeadlineReminder.deadline == due.deadline,
            MeldingDeadlineReminder.round == due.round,
            MeldingDeadlineReminder.stage == due.stage,
        )
    ).first() is not None


def melding_link(gemeente: Gemeente, melding: Melding) -> str:
    """The melding's page for a mail: PUBLIC_BASE_URL plus the path (a job has no request)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    adapter = current_app.url_map.bind(urlsplit(base).hostname or "localhost")
    return base + adapter.build("meldingen.detail", {"slug": gemeente.slug, "melding_id": melding.id})


def reminder_text(due: Due, gemeente: Gemeente, on: date) -> tuple[str, str]:
    """Subject and body: the reference, the deadline and a link; no client or reporter data."""
    m, term = due.melding, due.term
    what = due.deadline.label.lower()
    if due.stage is ReminderStage.OVERDUE:
        subject = f"Termijn verstreken: {what} melding {m.reference}"
        when = f"De termijn voor de {what} is verstreken op {term.due_on:%d-%m-%Y}."
    else:
        day = "vandaag" if term.due_on == on else f"op {term.due_on:%d-%m-%Y}"
        subject = f"Termijn verloopt {day}: {what} melding {m.reference}"
        when = f"De termijn voor de {what} verloopt {day}."
    body = (
        f"{when}\n\n"
        f"Melding: {m.reference} ({m.kind.label.lower()}), gemeente {gemeente.name}\n"
        f"Status: {m.status.label}\n"
        + (f"Ronde van het onderzoek door de aanbieder: {due.round}\n" if due.round else "")
        + f"Termijn: {term.explanation}\n\n"
        f"Open de melding: {melding_link(gemeente, m)}\n\n"
        "U krijgt dit bericht omdat u op de zaak zit (of, zolang niemand op de zaak zit, toezichthouder van "
        "de gemeente bent). Dit bericht bevat geen gegevens van melder of cliënt."
    )
    return subject, body


def send_reminders(gemeente_id: int, on: date) -> int:
    """Send today's reminders of the gemeente in the current tenant context; return how many
    reminders (not mails) went out. Each is sent once, whoever runs this how often."""
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None:
        return 0
    sent = 0
    for due in due_reminders(on):
        if _already_sent(due):
            continue
        users = recipients(due.melding, on)
        if not users:
            continue  # nobody to tell yet: try again tomorrow
        try:
            with db.session.begin_nested():
                db.session.add(MeldingDeadlineReminder(
                    gemeente_id=due.melding.gemeente_id, melding_id=due.melding.id, deadline=due.deadline,
                    round=due.round, stage=due.stage, due_on=due.term.due_on, sent_on=on,
                    recipient_count=len(users),
                ))
                db.session.flush()
                subject, body = reminder_text(due, gemeente, on)
                for user in users:
                    send_mail(user.email, subject, body)
                audit.record("melding.deadline_reminder_sent", due.melding, detail={
                    "deadline": due.deadline.value, "round": due.round, "stage": due.stage.value,
                    "due_on": due.term.due_on.isoformat(), "recipients": len(users),
                })
        except IntegrityError:  # a parallel run recorded this reminder first
            continue
        sent += 1
    return sent


@tenant_job
def remind_gemeente(gemeente_id: int, on: str | None = None) -> int:
    """One gemeente's reminders, in its tenant context (the job commits once at its end)."""
    return send_reminders(gemeente_id, date.fromisoformat(on) if on else today())


@system_job
def send_deadline_reminders() -> list[int]:
    """The daily run: one reminder job per active gemeente on the mail queue, after this commit."""
    gemeente_ids = list(db.session.execute(
        select(Gemeente.id).where(Gemeente.is_active).order_by(Gemeente.id)
    ).scalars())
    on = today().isoformat()
    for gemeente_id in gemeente_ids:
        enqueue_after_commit(remind_gemeente, gemeente_id, on, queue="mail")
    return gemeente_ids


register_periodic("meldingen.deadline_reminders", PERIOD, send_deadline_reminders, queue="mail")
