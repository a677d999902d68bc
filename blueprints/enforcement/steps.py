"""The state machines of enforcement as pure rules: which step may follow which, and why not.

A measure goes through the Awb steps: voornemen → zienswijze (Awb 4:8) → besluit (with its
legal basis and the mandate it was taken under) → bezwaar (Awb 6:7) → beroep. An improvement
plan (not a sanction) goes requested → received → assessed → re-checked. A case goes open →
improvement plan / measures → closed. Services call `require_step` before every change, so a
refused step never touches the database; the message is Dutch and names the field it is about.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class StepRefused(Exception):
    """A change the rules refuse; `field` names the form or API field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    IMPROVEMENT = "improvement_plan"
    MEASURES = "measures"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return CASE_LABELS[self]


CASE_LABELS = {
    CaseStatus.OPEN: "Open",
    CaseStatus.IMPROVEMENT: "Verbeterplan",
    CaseStatus.MEASURES: "Maatregel",
    CaseStatus.CLOSED: "Afgesloten",
}


class CaseOutcome(enum.StrEnum):
    RECOVERED = "recovered"  # the provider complies again (plan or re-check)
    MEASURE_TAKEN = "measure_taken"  # the measures took effect; nothing further
    FOLLOW_UP_COMPLIES = "follow_up_complies"  # a follow-up investigation found compliance
    NO_FURTHER_ACTION = "no_further_action"  # the college decided not to act (reasoned)

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    CaseOutcome.RECOVERED: "Hersteld",
    CaseOutcome.MEASURE_TAKEN: "Maatregel uitgevoerd",
    CaseOutcome.FOLLOW_UP_COMPLIES: "Vervolgonderzoek: voldoet",
    CaseOutcome.NO_FURTHER_ACTION: "Geen verdere actie",
}


class PlanStatus(enum.StrEnum):
    REQUESTED = "requested"
    RECEIVED = "received"
    NOT_RECEIVED = "not_received"
    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"
    RECHECKED = "rechecked"

    @property
    def label(self) -> str:
        return PLAN_LABELS[self]


PLAN_LABELS = {
    PlanStatus.REQUESTED: "Gevraagd",
    PlanStatus.RECEIVED: "Ontvangen",
    PlanStatus.NOT_RECEIVED: "Niet ontvangen",
    PlanStatus.SUFFICIENT: "Voldoende beoordeeld",
    PlanStatus.INSUFFICIENT: "Onvoldoende beoordeeld",
    PlanStatus.RECHECKED: "Hercontrole gedaan",
}


class Judgement(enum.StrEnum):
    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"

    @property
    def label(self) -> str:
        return "Voldoende" if self is Judgement.SUFFICIENT else "Onvoldoende"


class MeasureStatus(enum.StrEnum):
    INTENDED = "intended"  # voornemen sent, zienswijze term running
    VIEW_CLOSED = "view_closed"  # zienswijze received, or the term passed without one
    WITHDRAWN = "withdrawn"  # the voornemen was withdrawn
    NOT_IMPOSED = "not_imposed"  # besluit: the college decided not to impose the measure
    DECIDED = "decided"  # besluit: imposed; bezwaar term running
    OBJECTION = "objection"  # bezwaar lodged
    OBJECTION_DECIDED = "objection_decided"  # beslissing op bezwaar; beroep term running
    APPEAL = "appeal"  # beroep lodged with the rechtbank
    APPEAL_DECIDED = "appeal_decided"  # uitspraak

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]

    @property
    def is_pending(self) -> bool:
        """Still waiting for a decision of the college or the court."""
        return self in PENDING


MEASURE_LABELS = {
    MeasureStatus.INTENDED: "Voornemen",
    MeasureStatus.VIEW_CLOSED: "Zienswijze afgerond",
    MeasureStatus.WITHDRAWN: "Voornemen ingetrokken",
    MeasureStatus.NOT_IMPOSED: "Besluit: afgezien",
    MeasureStatus.DECIDED: "Besluit genomen",
    MeasureStatus.OBJECTION: "Bezwaar ingediend",
    MeasureStatus.OBJECTION_DECIDED: "Beslist op bezwaar",
    MeasureStatus.APPEAL: "Beroep ingesteld",
    MeasureStatus.APPEAL_DECIDED: "Uitspraak in beroep",
}
PENDING = frozenset(
    {MeasureStatus.INTENDED, MeasureStatus.VIEW_CLOSED, MeasureStatus.OBJECTION, MeasureStatus.APPEAL}
)


class ObjectionOutcome(enum.StrEnum):
    UNFOUNDED = "unfounded"  # ongegrond: the besluit stands
    PARTLY_FOUNDED = "partly_founded"
    FOUNDED = "founded"  # gegrond: the besluit is revoked
    INADMISSIBLE = "inadmissible"  # niet-ontvankelijk (e.g. lodged late without excuse)

    @property
    def label(self) -> str:
        return OBJECTION_LABELS[self]


OBJECTION_LABELS = {
    ObjectionOutcome.UNFOUNDED: "Ongegrond",
    ObjectionOutcome.PARTLY_FOUNDED: "Gedeeltelijk gegrond",
    ObjectionOutcome.FOUNDED: "Gegrond",
    ObjectionOutcome.INADMISSIBLE: "Niet-ontvankelijk",
}


class Step(enum.StrEnum):
    """What a user does to a measure; each step has one target status."""

    RECORD_VIEW = "zienswijze"
    WITHDRAW = "intrekken"
    DECIDE = "besluit"
    LODGE_OBJECTION = "bezwaar"
    DECIDE_OBJECTION = "beslissing_op_bezwaar"
    LODGE_APPEAL = "beroep"
    DECIDE_APPEAL = "uitspraak"


#: step → (statuses it may start from, the status it leads to). NOT_IMPOSED is DECIDE's
#: other outcome, handled by the service.
MEASURE_STEPS: Mapping[Step, tuple[frozenset[MeasureStatus], MeasureStatus]] = {
    Step.RECORD_VIEW: (frozenset({MeasureStatus.INTENDED}), MeasureStatus.VIEW_CLOSED),
    Step.WITHDRAW: (
        frozenset({MeasureStatus.INTENDED, MeasureStatus.VIEW_CLOSED}), MeasureStatus.WITHDRAWN
    ),
    Step.DECIDE: (frozenset({MeasureStatus.VIEW_CLOSED}), MeasureStatus.DECIDED),
    Step.LODGE_OBJECTION: (frozenset({MeasureStatus.DECIDED}), MeasureStatus.OBJECTION),
    Step.DECIDE_OBJECTION: (frozenset({MeasureStatus.OBJECTION}), MeasureStatus.OBJECTION_DECIDED),
    Step.LODGE_APPEAL: (frozenset({MeasureStatus.OBJECTION_DECIDED}), MeasureStatus.APPEAL),
    Step.DECIDE_APPEAL: (frozenset({MeasureStatus.APPEAL}), MeasureStatus.APPEAL_DECIDED),
}

STEP_LABELS = {
    Step.RECORD_VIEW: "zienswijze vastleggen",
    Step.WITHDRAW: "voornemen intrekken",
    Step.DECIDE: "besluit vastleggen",
    Step.LODGE_OBJECTION: "bezwaar vastleggen",
    Step.DECIDE_OBJECTION: "beslissing op bezwaar vastleggen",
    Step.LODGE_APPEAL: "beroep vastleggen",
    Step.DECIDE_APPEAL: "uitspraak in beroep vastleggen",
}


def allowed_steps(status: MeasureStatus) -> list[Step]:
    """The steps that may follow a measure in this status, in Awb order."""
    return [step for step, (sources, _) in MEASURE_STEPS.items() if status in sources]


def require_step(status: MeasureStatus, step: Step) -> MeasureStatus:
    """The status `step` leads to from `status`, or StepRefused saying why it cannot follow."""
    sources, target = MEASURE_STEPS[step]
    if status not in sources:
        raise StepRefused(
            f"Een maatregel met status ‘{status.label}’ kan niet naar de stap "
            f"‘{STEP_LABELS[step]}’.",
            "status",
        )
    return target


#: Improvement plan: (plan status → statuses the next change may lead to).
PLAN_TRANSITIONS: Mapping[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.REQUESTED: frozenset({PlanStatus.RECEIVED, PlanStatus.NOT_RECEIVED}),
    PlanStatus.RECEIVED: frozenset({PlanStatus.SUFFICIENT, PlanStatus.INSUFFICIENT}),
    PlanStatus.SUFFICIENT: frozenset({PlanStatus.RECHECKED}),
    PlanStatus.NOT_RECEIVED: frozenset(),
    PlanStatus.INSUFFICIENT: frozenset(),
    PlanStatus.RECHECKED: frozenset(),
}


def require_plan_transition(current: PlanStatus, target: PlanStatus) -> None:
    if target not in PLAN_TRANSITIONS[current]:
        raise StepRefused(
            f"Een verbeterplan met status ‘{current.label}’ kan niet naar ‘{target.label}’.",
            "status",
        )


#: Case: which status may follow which. Closing is its own rule (no pending measure).
CASE_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.IMPROVEMENT, CaseStatus.MEASURES, CaseStatus.CLOSED}),
    CaseStatus.IMPROVEMENT: frozenset(
        {CaseStatus.IMPROVEMENT, CaseStatus.MEASURES, CaseStatus.CLOSED}
    ),
    CaseStatus.MEASURES: frozenset({CaseStatus.MEASURES, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


def require_case_transition(current: CaseStatus, target: CaseStatus) -> None:
    if target not in CASE_TRANSITIONS[current]:
        raise StepRefused(
            f"Een zaak met status ‘{current.label}’ kan niet naar ‘{target.label}’.", "status"
        )


class Standing(enum.StrEnum):
    """Where a besluit stands after bezwaar and beroep."""

    IN_FORCE = "in_force"
    NOT_IMPOSED = "not_imposed"
    AMENDED = "amended"  # bezwaar or beroep partly founded
    REVOKED = "revoked"  # bezwaar founded: herroepen
    ANNULLED = "annulled"  # beroep founded: vernietigd

    @property
    def label(self) -> str:
        return STANDING_LABELS[self]


STANDING_LABELS = {
    Standing.IN_FORCE: "Van kracht",
    Standing.NOT_IMPOSED: "Niet opgelegd",
    Standing.AMENDED: "Gewijzigd na bezwaar of beroep",
    Standing.REVOKED: "Herroepen na bezwaar",
    Standing.ANNULLED: "Vernietigd in beroep",
}


def standing_after(outcome: ObjectionOutcome, *, appeal: bool) -> Standing | None:
    """The new standing of a besluit after a decision on bezwaar or a court ruling (None: same)."""
    if outcome is ObjectionOutcome.FOUNDED:
        return Standing.ANNULLED if appeal else Standing.REVOKED
    if outcome is ObjectionOutcome.PARTLY_FOUNDED:
        return Standing.AMENDED
    return None
