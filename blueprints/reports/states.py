"""The states of a report and of a gemeente's publication, and which steps lead where.

Pure data and checks, no database: services.py asks `check_transition` before it changes a
status, so a refused step never half-happens. Every status change is also written to an
append-only history table (models.py).
"""

from __future__ import annotations

import enum


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"  # the lead inspector writes; findings may still change
    SUBMITTED = "submitted"  # a concept version waits for the second inspector
    APPROVED = "approved"  # the second inspector approved that concept version
    IN_RESPONSE = "in_response"  # hoor en wederhoor: the concept is with the provider(s)
    DEFINITIVE = "definitive"  # a definitive version exists and was sent

    @property
    def label(self) -> str:
        return REPORT_STATUS_LABELS[self]


REPORT_STATUS_LABELS = {
    ReportStatus.DRAFT: "Concept in bewerking",
    ReportStatus.SUBMITTED: "Concept ter beoordeling",
    ReportStatus.APPROVED: "Concept goedgekeurd",
    ReportStatus.IN_RESPONSE: "Hoor en wederhoor",
    ReportStatus.DEFINITIVE: "Definitief",
}


class ReportStep(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    START_RESPONSE = "start_response"
    ISSUE_DEFINITIVE = "issue_definitive"
    ISSUE_CORRECTION = "issue_correction"


#: step → (the statuses it may start from, the status it leads to)
REPORT_STEPS: dict[ReportStep, tuple[frozenset[ReportStatus], ReportStatus]] = {
    ReportStep.SUBMIT: (frozenset({ReportStatus.DRAFT}), ReportStatus.SUBMITTED),
    ReportStep.APPROVE: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.APPROVED),
    ReportStep.RETURN: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.DRAFT),
    ReportStep.START_RESPONSE: (frozenset({ReportStatus.APPROVED}), ReportStatus.IN_RESPONSE),
    ReportStep.ISSUE_DEFINITIVE: (frozenset({ReportStatus.IN_RESPONSE}), ReportStatus.DEFINITIVE),
    # A correction of a definitive report is a new definitive version, never a change.
    ReportStep.ISSUE_CORRECTION: (frozenset({ReportStatus.DEFINITIVE}), ReportStatus.DEFINITIVE),
}

STEP_REFUSALS = {
    ReportStep.SUBMIT: "Alleen een concept in bewerking kan ter beoordeling worden aangeboden.",
    ReportStep.APPROVE: "Alleen een concept dat ter beoordeling ligt, kan worden goedgekeurd.",
    ReportStep.RETURN: "Alleen een concept dat ter beoordeling ligt, kan worden teruggegeven.",
    ReportStep.START_RESPONSE: "Hoor en wederhoor begint pas als de tweede toezichthouder het concept heeft goedgekeurd.",
    ReportStep.ISSUE_DEFINITIVE: "Een definitief rapport volgt pas na hoor en wederhoor.",
    ReportStep.ISSUE_CORRECTION: "Alleen van een definitief rapport kan een gecorrigeerde versie worden uitgebracht.",
}

#: The texts of the report may be edited while drafting and while processing the responses.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.IN_RESPONSE})


class ReportError(ValueError):
    """A step or input the rules refuse: Dutch messages per field ("_schema": the whole form)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors

    @classmethod
    def at(cls, field: str, message: str) -> ReportError:
        return cls({field: [message]})


def next_status(current: ReportStatus, step: ReportStep) -> ReportStatus:
    """The status `step` leads to from `current`; ReportError when it may not start there."""
    sources, target = REPORT_STEPS[step]
    if current not in sources:
        raise ReportError.at("_schema", STEP_REFUSALS[step])
    return target


class VersionKind(enum.StrEnum):
    CONCEPT = "concept"
    DEFINITIVE = "definitive"
    REDACTED = "redacted"  # the definitive version with personal data removed, for publication

    @property
    def label(self) -> str:
        return {"concept": "Concept", "definitive": "Definitief", "redacted": "Openbare versie"}[self.value]


class RoundStatus(enum.StrEnum):
    OPEN = "open"  # sent, waiting for the provider
    RECEIVED = "received"  # the provider responded
    LAPSED = "lapsed"  # the term passed without a response

    @property
    def label(self) -> str:
        return {"open": "Wacht op reactie", "received": "Reactie ontvangen", "lapsed": "Geen reactie binnen de termijn"}[self.value]


class Handling(enum.StrEnum):
    ADOPTED = "adopted"  # overgenomen
    NOT_ADOPTED = "not_adopted"  # niet overgenomen, with the reason
    EXPLAINED = "explained"  # toegelicht

    @property
    def label(self) -> str:
        return HANDLING_LABELS[self]


HANDLING_LABELS = {
    Handling.ADOPTED: "Overgenomen",
    Handling.NOT_ADOPTED: "Niet overgenomen",
    Handling.EXPLAINED: "Toegelicht",
}


class PublicationView(enum.StrEnum):
    """The provider's view on publication, asked in hoor en wederhoor."""

    NONE = "none"
    AGREES = "agrees"
    OBJECTS = "objects"

    @property
    def label(self) -> str:
        return {"none": "Geen zienswijze gegeven", "agrees": "Geen bezwaar tegen openbaarmaking", "objects": "Bezwaar tegen openbaarmaking"}[self.value]


class PublicationStatus(enum.StrEnum):
    UNDECIDED = "undecided"  # the definitive report is there; the college has not decided
    DECIDED = "decided"  # decision to publish taken; waiting for the date and the remedies
    NOT_PUBLISHED = "not_published"  # decided not to publish, or a bezwaar against it succeeded
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {
            "undecided": "Nog geen besluit",
            "decided": "Besluit tot openbaarmaking genomen",
            "not_published": "Wordt niet openbaar gemaakt",
            "published": "Openbaar gemaakt",
        }[self.value]


class RemedyKind(enum.StrEnum):
    BEZWAAR = "bezwaar"
    VOORLOPIGE_VOORZIENING = "voorlopige_voorziening"

    @property
    def label(self) -> str:
        return {"bezwaar": "Bezwaar", "voorlopige_voorziening": "Verzoek om een voorlopige voorziening"}[self.value]


class RemedyStatus(enum.StrEnum):
    PENDING = "pending"
    REJECTED = "rejected"
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"pending": "In behandeling", "rejected": "Afgewezen", "granted": "Toegewezen", "withdrawn": "Ingetrokken"}[self.value]
