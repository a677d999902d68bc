"""Working-day deadlines of a melding, computed when read (never stored; the daily reminders in
reminders.py read them too, but whether a melding is overdue is never written down)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blueprints.meldingen import gemeente_settings
from blueprints.meldingen.models import Melding, MeldingStatus, ProviderInvestigationRequest
from blueprints.workdays.calendar import Deadline, add_weeks, add_working_days


def triage_deadline(melding: Melding) -> Deadline:
    """Triage within the gemeente's term (default 3 working days) after the date of receipt."""
    term = gemeente_settings.triage_term(melding.gemeente_id, melding.received_on)
    return add_working_days(melding.received_on, term)


def acknowledgement_deadline(melding: Melding) -> Deadline:
    term = gemeente_settings.acknowledgement_term(melding.gemeente_id, melding.received_on)
    return add_working_days(melding.received_on, term)


def provider_report_deadline(request: ProviderInvestigationRequest) -> Deadline:
    """The provider's report is due `term_weeks` (fixed when asked) after the request."""
    return add_weeks(request.requested_on, request.term_weeks)


@dataclass(frozen=True)
class OpenDeadline:
    """The deadline a melding is waiting on now, if any: what, and when."""

    label: str
    deadline: Deadline

    def is_overdue(self, on: date) -> bool:
        return self.deadline.is_overdue(on)


def current_deadline(melding: Melding, requests: list[ProviderInvestigationRequest] | None = None) -> OpenDeadline | None:
    if melding.status is MeldingStatus.RECEIVED:
        return OpenDeadline("Triage", triage_deadline(melding))
    if melding.status is MeldingStatus.PROVIDER_INVESTIGATION_REQUESTED:
        rounds = requests if requests is not None else melding.provider_requests
        open_rounds = [r for r in rounds if r.report_received_on is None]
        if open_rounds:
            return OpenDeadline("Rapport van de aanbieder", provider_report_deadline(open_rounds[-1]))
    return None
