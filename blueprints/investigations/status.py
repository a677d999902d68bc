"""The investigation life cycle: statuses, their Dutch labels, and which transitions are allowed.

planned → in progress → findings complete → reporting → closed is the base path (with a step
back from findings complete to in progress). Reports and enforcement register the transitions
they need with `register_transition` at import, instead of editing this table.
"""

from __future__ import annotations

from blueprints.investigations.models import InvestigationStatus as S

LABELS: dict[str, str] = {
    S.PLANNED: "Gepland",
    S.IN_PROGRESS: "In uitvoering",
    S.FINDINGS_COMPLETE: "Bevindingen compleet",
    S.REPORTING: "Rapportage",
    S.CLOSED: "Afgesloten",
}

_TRANSITIONS: set[tuple[str, str]] = {
    (S.PLANNED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.FINDINGS_COMPLETE),
    (S.FINDINGS_COMPLETE, S.IN_PROGRESS),
    (S.FINDINGS_COMPLETE, S.REPORTING),
    (S.REPORTING, S.CLOSED),
    (S.PLANNED, S.CLOSED),  # cancelled before it started (the note says why)
}

#: Statuses in which findings, visits and interviews may still be recorded.
OPEN_FOR_FIELDWORK = {S.PLANNED.value, S.IN_PROGRESS.value}


def register_status(code: str, label: str) -> None:
    """A status another slice adds (e.g. "hoor_en_wederhoor")."""
    LABELS.setdefault(code, label)


def register_transition(from_status: str, to_status: str) -> None:
    _TRANSITIONS.add((str(from_status), str(to_status)))


def allowed_next(status: str) -> list[str]:
    order = list(LABELS)
    return sorted(
        (to for frm, to in _TRANSITIONS if frm == status),
        key=lambda code: order.index(code) if code in order else len(order),
    )


def is_allowed(from_status: str, to_status: str) -> bool:
    return (str(from_status), str(to_status)) in _TRANSITIONS


def label(status: str) -> str:
    return LABELS.get(status, status)
