"""The melding's state machine as one explicit table: which action leads from which statuses
to which status. Services consult it before any change; nothing else moves a status."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from blueprints.meldingen.models import MeldingStatus as S


class Action(enum.StrEnum):
    REGISTER = "register"
    TRIAGE = "triage"
    REQUEST_PROVIDER_INVESTIGATION = "request_provider_investigation"
    RECEIVE_PROVIDER_REPORT = "receive_provider_report"
    REQUEST_MORE = "request_more"
    ACCEPT_PROVIDER_REPORT = "accept_provider_report"
    START_INVESTIGATION = "start_investigation"
    CLOSE = "close"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.REGISTER: "Geregistreerd",
    Action.TRIAGE: "Triage vastgelegd",
    Action.REQUEST_PROVIDER_INVESTIGATION: "Onderzoek door de aanbieder gevraagd",
    Action.RECEIVE_PROVIDER_REPORT: "Rapport van de aanbieder ontvangen",
    Action.REQUEST_MORE: "Aanvulling op het rapport gevraagd",
    Action.ACCEPT_PROVIDER_REPORT: "Rapport van de aanbieder geaccepteerd",
    Action.START_INVESTIGATION: "Eigen onderzoek door de GGD gestart",
    Action.CLOSE: "Afgesloten",
    Action.TRANSFER: "Overgedragen aan een andere gemeente",
}


@dataclass(frozen=True)
class Transition:
    sources: frozenset[S | None]
    target: S | None  # None: the status stays (a transfer)


OPEN = frozenset(s for s in S if s is not S.CLOSED)

TRANSITIONS: dict[Action, Transition] = {
    Action.REGISTER: Transition(frozenset({None}), S.RECEIVED),
    Action.TRIAGE: Transition(frozenset({S.RECEIVED}), S.TRIAGED),
    Action.REQUEST_PROVIDER_INVESTIGATION: Transition(
        frozenset({S.TRIAGED}), S.PROVIDER_INVESTIGATION_REQUESTED
    ),
    Action.RECEIVE_PROVIDER_REPORT: Transition(
        frozenset({S.PROVIDER_INVESTIGATION_REQUESTED}), S.PROVIDER_REPORT_RECEIVED
    ),
    Action.REQUEST_MORE: Transition(
        frozenset({S.PROVIDER_REPORT_RECEIVED}), S.PROVIDER_INVESTIGATION_REQUESTED
    ),
    Action.ACCEPT_PROVIDER_REPORT: Transition(
        frozenset({S.PROVIDER_REPORT_RECEIVED}), S.PROVIDER_REPORT_ACCEPTED
    ),
    Action.START_INVESTIGATION: Transition(
        frozenset({S.TRIAGED, S.PROVIDER_REPORT_RECEIVED}), S.INVESTIGATING
    ),
    Action.CLOSE: Transition(
        frozenset({S.TRIAGED, S.PROVIDER_REPORT_ACCEPTED, S.INVESTIGATING}), S.CLOSED
    ),
    Action.TRANSFER: Transition(OPEN, None),
}


def allowed(action: Action, status: S | None) -> bool:
    return status in TRANSITIONS[action].sources


def target_of(action: Action, status: S) -> S:
    target = TRANSITIONS[action].target
    return status if target is None else target


def actions_from(status: S) -> list[Action]:
    """The actions a melding in this status allows (for the detail page and the API)."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources]
