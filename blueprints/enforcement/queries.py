"""Reads of enforcement, inside the tenant scope.

The scope "tenant_or_participants" lets a gemeente read the cases and besluiten of the other
participant gemeenten of a shared investigation. So every read of the gemeente's OWN records
names the active gemeente explicitly; only `shared_decisions` reads the others', and only for
the investigation of a case of its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from blueprints.enforcement import deadlines
from blueprints.enforcement.models import (
    Advice,
    EnforcementCase,
    ImprovementPlan,
    Measure,
    MeasureDecision,
)
from blueprints.enforcement.steps import CaseStatus, MeasureStatus, PlanStatus
from blueprints.workdays.calendar import Deadline
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db


def _own_id() -> int:
    ctx = require_tenant_context()
    assert ctx.active_id is not None, "enforcement pages act inside one gemeente"
    return ctx.active_id


def _not_found(object_type: str, object_id: int) -> None:
    audit.record_outside_transaction("access.not_found", object_type=object_type, object_id=object_id)
    abort(404)


def list_cases(*, include_closed: bool = True) -> list[EnforcementCase]:
    query = (
        select(EnforcementCase)
        .where(EnforcementCase.gemeente_id == _own_id())
        .options(selectinload(EnforcementCase.plans), selectinload(EnforcementCase.measures))
        .order_by(EnforcementCase.opened_on.desc(), EnforcementCase.id.desc())
    )
    if not include_closed:
        query = query.where(EnforcementCase.status != CaseStatus.CLOSED.value)
    return list(db.session.execute(query).scalars())


def get_case_or_404(case_id: int) -> EnforcementCase:
    """One of the gemeente's own cases; a shared case of another gemeente is not found here."""
    case = db.session.execute(
        select(EnforcementCase).where(
            EnforcementCase.id == case_id, EnforcementCase.gemeente_id == _own_id()
        )
    ).scalar_one_or_none()
    if case is None:
        _not_found("EnforcementCase", case_id)
    assert case is not None
    return case


def get_plan_or_404(plan_id: int) -> ImprovementPlan:
    plan = db.session.execute(
        select(ImprovementPlan).where(ImprovementPlan.id == plan_id, ImprovementPlan.gemeente_id == _own_id())
    ).scalar_one_or_none()
    if plan is None:
        _not_found("ImprovementPlan", plan_id)
    assert plan is not None
    return plan


def get_measure_or_404(measure_id: int) -> Measure:
    measure = db.session.execute(
        select(Measure).where(Measure.id == measure_id, Measure.gemeente_id == _own_id())
    ).scalar_one_or_none()
    if measure is None:
        _not_found("Measure", measure_id)
    assert measure is not None
    return measure


def get_advice_or_404(advice_id: int) -> Advice:
    advice = db.session.execute(
        select(Advice).where(Advice.id == advice_id, Advice.gemeente_id == _own_id())
    ).scalar_one_or_none()
    if advice is None:
        _not_found("Advice", advice_id)
    assert advice is not None
    return advice


def advices_for(investigation_id: int | None = None) -> list[Advice]:
    query = select(Advice).where(Advice.gemeente_id == _own_id()).order_by(Advice.advised_on.desc(), Advice.id.desc())
    if investigation_id is not None:
        query = query.where(Advice.investigation_id == investigation_id)
    return list(db.session.execute(query).scalars())


@dataclass(frozen=True)
class SharedCase:
    """Another participant gemeente's case on the same investigation: its status and besluiten."""

    gemeente_id: int
    reference: str
    status: str
    outcome: str | None
    closed_on: date | None
    decisions: list[MeasureDecision]


def shared_decisions(case: EnforcementCase) -> list[SharedCase]:
    """What the other participant gemeenten decided on this case's investigation (read-only)."""
    if case.investigation_id is None:
        return []
    others = db.session.execute(
        select(EnforcementCase)
        .where(
            EnforcementCase.investigation_id == case.investigation_id,
            EnforcementCase.gemeente_id != case.gemeente_id,
        )
        .order_by(EnforcementCase.gemeente_id, EnforcementCase.id)
    ).scalars().all()
    decisions = db.session.execute(
        select(MeasureDecision)
        .where(
            MeasureDecision.investigation_id == case.investigation_id,
            MeasureDecision.gemeente_id != case.gemeente_id,
        )
        .order_by(MeasureDecision.decided_on)
    ).scalars().all()
    return [
        SharedCase(
            gemeente_id=other.gemeente_id, reference=other.reference, status=other.status,
            outcome=other.outcome, closed_on=other.closed_on,
            decisions=[d for d in decisions if d.case_id == other.id and d.gemeente_id == other.gemeente_id],
        )
        for other in others
    ]


@dataclass(frozen=True)
class Due:
    """The next running term a case waits for, for the list page."""

    what: str
    deadline: Deadline


def next_deadline(case: EnforcementCase) -> Due | None:
    """The earliest running term of the case's plans and measures (computed when read)."""
    dues: list[Due] = []
    for plan in case.plans:
        if plan.status == PlanStatus.REQUESTED.value:
            dues.append(Due("Verbeterplan", deadlines.plan_deadline(plan)))
    for m in case.measures:
        status = MeasureStatus(m.status)
        if status is MeasureStatus.INTENDED:
            dues.append(Due("Zienswijze", deadlines.view_deadline(m)))
        elif status is MeasureStatus.OBJECTION:
            term = deadlines.measure_objection_decision_deadline(m)
            if term is not None:
                dues.append(Due("Beslissing op bezwaar", term))
    return min(dues, key=lambda d: d.deadline.due_on) if dues else None


@dataclass(frozen=True)
class RegionCase:
    """A case on the region-wide overview: its gemeente and its next running term."""

    case: EnforcementCase
    next: Due | None

    def sort_key(self) -> tuple[bool, int, bool, int, int]:
        """Next term first (earliest due date); then open before closed, newest first."""
        due = self.next.deadline.due_on.toordinal() if self.next else 0
        closed = self.case.status == CaseStatus.CLOSED.value
        return (self.next is None, due, closed, -self.case.opened_on.toordinal(), -self.case.id)


@dataclass(frozen=True)
class RegionFilter:
    """The filters of /regio/handhaving (None: no filter)."""

    gemeente_id: int | None = None
    status: CaseStatus | None = None
    overdue_only: bool = False


def region_cases(gemeente_ids: Collection[int], flt: RegionFilter, today: date) -> list[RegionCase]:
    """The cases of `gemeente_ids` (the gemeenten the viewer may see enforcement in), the next
    running term first, then cases without one (open before closed, newest first).

    The gemeenten are named explicitly: under /regio/ the scope "tenant_or_participants" also
    lets the ORM read another gemeente's case on an investigation shared with one of them, and
    that case belongs on its own gemeente's overview only. A gemeente filter outside
    `gemeente_ids` selects nothing.
    """
    wanted = set(gemeente_ids)
    if flt.gemeente_id is not None:
        wanted &= {flt.gemeente_id}
    if not wanted:
        return []
    query = (
        select(EnforcementCase)
        .where(EnforcementCase.gemeente_id.in_(wanted))
        .options(selectinload(EnforcementCase.plans), selectinload(EnforcementCase.measures))
    )
    if flt.status is not None:
        query = query.where(EnforcementCase.status == flt.status.value)
    rows = [RegionCase(c, next_deadline(c)) for c in db.session.execute(query).scalars()]
    if flt.overdue_only:
        rows = [r for r in rows if r.next is not None and r.next.deadline.is_overdue(today)]
    return sorted(rows, key=RegionCase.sort_key)


@dataclass(frozen=True)
class GemeenteEnforcement:
    """One participant gemeente's enforcement on an investigation, as the viewer may see it.

    `own`: the viewer acts for this gemeente (its advice and its case pages); otherwise only what
    the participant scope shares: the case's status and its besluiten.
    """

    gemeente_id: int
    own: bool
    advices: list[Advice]
    cases: list[EnforcementCase]
    decisions: dict[int, list[MeasureDecision]]


def enforcement_of_investigation(investigation_id: int, viewable: Collection[int]) -> list[GemeenteEnforcement]:
    """Advice, cases and besluiten on one investigation, per gemeente.

    `viewable` are the gemeenten of the context whose enforcement the viewer may see
    (ENFORCEMENT_VIEW): their advice and cases in full. The other participants' cases and
    besluiten come through the scope "tenant_or_participants" only; advice never does.
    """
    mine = set(viewable)
    if not mine:
        return []
    advices = db.session.execute(
        select(Advice).where(Advice.investigation_id == investigation_id, Advice.gemeente_id.in_(mine))
        .order_by(Advice.advised_on, Advice.id)
    ).scalars().all()
    cases = db.session.execute(
        select(EnforcementCase).where(EnforcementCase.investigation_id == investigation_id)
        .order_by(EnforcementCase.opened_on, EnforcementCase.id)
    ).scalars().all()
    decisions = db.session.execute(
        select(MeasureDecision).where(MeasureDecision.investigation_id == investigation_id)
        .order_by(MeasureDecision.decided_on, MeasureDecision.id)
    ).scalars().all()
    gemeente_ids = sorted({a.gemeente_id for a in advices} | {c.gemeente_id for c in cases})
    return [
        GemeenteEnforcement(
            gemeente_id=gid, own=gid in mine,
            advices=[a for a in advices if a.gemeente_id == gid],
            cases=[c for c in cases if c.gemeente_id == gid],
            decisions={
                c.id: [d for d in decisions if d.case_id == c.id and d.gemeente_id == gid]
                for c in cases if c.gemeente_id == gid
            },
        )
        for gid in gemeente_ids
    ]
