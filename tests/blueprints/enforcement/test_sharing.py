"""Shared visibility of decisions, in both layers, with a third gemeente outside the investigation.

A and B take part in the shared investigation; C does not. Each gemeente's case status and its
besluiten (MeasureDecision) are readable by the other participant: nothing else of theirs (no
advice, no improvement plan, no measure procedure), and nothing at all by C. Only the own
gemeente writes them.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select, text, update
from werkzeug.exceptions import NotFound

from blueprints.enforcement import queries, services
from blueprints.enforcement.models import Advice, EnforcementCase, ImprovementPlan, Measure, MeasureDecision
from regiotoezicht.context import TenantViolation
from regiotoezicht.extensions import db
from tests.blueprints.enforcement.conftest import OPENED, EnforcementWorld, acting_in

pytestmark = pytest.mark.postgres


def _decided_case(
    ew: EnforcementWorld, gemeente_id: int, investigation_id: int, provider_id: int, finding_id: int
) -> dict[str, int]:
    """A case with advice, a plan and a decided measure in one gemeente (committed)."""
    services.give_advice({
        "investigation_id": investigation_id, "provider_id": provider_id, "advised_on": OPENED,
        "recommends_improvement_plan": True, "recommended_kinds": ["contract_client_stop"], "reasoning": "Advies.",
        "finding_ids": [finding_id],
    }, advised_by_id=ew.world.user_ids["inspector_a"])
    case = db.session.execute(select(EnforcementCase).where(EnforcementCase.gemeente_id == gemeente_id)).scalar_one()
    services.request_plan(case, {"requested_on": OPENED})
    measure = services.propose_measure(case, {"kind": "contract_client_stop", "description": "Geen nieuwe cliënten.",
                                              "intended_on": OPENED, "finding_ids": [finding_id]})
    services.record_view(measure, {"recorded_on": date(2026, 3, 20), "received": False})
    decision = services.decide_measure(measure, {
        "decided_on": date(2026, 3, 23), "sent_on": date(2026, 3, 23), "imposed": True,
        "legal_basis": "Overeenkomst art. 12", "decided_by": "College", "mandate": "Mandaatbesluit 2026",
        "summary": "Cliëntenstop tot herstel.", "recovery_term_weeks": 8,
    })
    ids = {"case": case.id, "measure": measure.id, "decision": decision.id}
    db.session.commit()
    return ids


@pytest.fixture()
def decided(app: Flask, ew: EnforcementWorld) -> dict[str, dict[str, int]]:
    out = {}
    for key, gid, inv, prov, finding in (("a", ew.world.a_id, ew.shared, ew.provider_p, ew.short),
                                         ("b", ew.world.b_id, ew.shared, ew.provider_p, ew.short),
                                         ("c", ew.c_id, ew.c_only, ew.provider_q, ew.short_c)):
        with acting_in(app, gid):
            out[key] = _decided_case(ew, gid, inv, prov, finding)
    return out


def test_orm_layer_participants_read_decisions_only(app: Flask, ew: EnforcementWorld, decided: dict[str, dict[str, int]]) -> None:
    a, b, c = ew.world.a_id, ew.world.b_id, ew.c_id
    with acting_in(app, a):
        cases = {row.gemeente_id for row in db.session.execute(select(EnforcementCase)).scalars()}
        assert cases == {a, b}  # B's case on the shared investigation, never C's
        assert {d.gemeente_id for d in db.session.execute(select(MeasureDecision)).scalars()} == {a, b}
        for model in (Advice, ImprovementPlan, Measure):
            assert {r.gemeente_id for r in db.session.execute(select(model)).scalars()} == {a}, model
        own = queries.get_case_or_404(decided["a"]["case"])
        shared = queries.shared_decisions(own)
        assert [(s.gemeente_id, s.status, [d.id for d in s.decisions]) for s in shared] == [
            (b, "measures", [decided["b"]["decision"]])
        ]
        # B's case is readable in the list of decisions, but never opened as one's own.
        with pytest.raises(NotFound):
            queries.get_case_or_404(decided["b"]["case"])
        assert [c_.id for c_ in queries.list_cases()] == [decided["a"]["case"]]
    with acting_in(app, c):
        assert {r.gemeente_id for r in db.session.execute(select(EnforcementCase)).scalars()} == {c}
        assert {r.gemeente_id for r in db.session.execute(select(MeasureDecision)).scalars()} == {c}
        own = queries.get_case_or_404(decided["c"]["case"])
        assert queries.shared_decisions(own) == []


def test_orm_layer_only_the_own_gemeente_writes(app: Flask, ew: EnforcementWorld, decided: dict[str, dict[str, int]]) -> None:
    with acting_in(app, ew.world.a_id):
        b_case = db.session.execute(
            select(EnforcementCase).where(EnforcementCase.id == decided["b"]["case"])
        ).scalar_one()
        b_case.status = "closed"
        with pytest.raises(TenantViolation):
            db.session.flush()
    with acting_in(app, ew.world.a_id):
        result = db.session.execute(
            update(MeasureDecision).where(MeasureDecision.id == decided["b"]["decision"]).values(summary="x")
        )
        assert result.rowcount == 0
    with acting_in(app, ew.world.a_id):
        # A row of A cannot be pushed into the view of an investigation A does not take part in.
        db.session.add(EnforcementCase(reference="H-X", provider_id=ew.provider_q, investigation_id=ew.c_only,
                                       status="open", opened_on=OPENED))
        with pytest.raises(TenantViolation):
            db.session.flush()


def _raw(app: Flask, gemeente_id: int, sql: str) -> list[tuple[object, ...]]:
    with acting_in(app, gemeente_id):
        return [tuple(r) for r in db.session.execute(text(sql))]


def test_rls_layer_with_raw_sql(app: Flask, ew: EnforcementWorld, decided: dict[str, dict[str, int]]) -> None:
    a, b, c = ew.world.a_id, ew.world.b_id, ew.c_id
    assert {r[0] for r in _raw(app, a, "SELECT gemeente_id FROM enforcement_cases")} == {a, b}
    assert {r[0] for r in _raw(app, a, "SELECT gemeente_id FROM enforcement_measure_decisions")} == {a, b}
    assert {r[0] for r in _raw(app, b, "SELECT gemeente_id FROM enforcement_measure_decisions")} == {a, b}
    for table in ("enforcement_advices", "enforcement_improvement_plans", "enforcement_measures"):
        assert {r[0] for r in _raw(app, a, f"SELECT gemeente_id FROM {table}")} == {a}, table
    assert {r[0] for r in _raw(app, c, "SELECT gemeente_id FROM enforcement_cases")} == {c}
    assert {r[0] for r in _raw(app, c, "SELECT gemeente_id FROM enforcement_measure_decisions")} == {c}
    # Writes: A's raw UPDATE of B's shared rows touches nothing.
    with acting_in(app, a):
        changed = db.session.execute(text("UPDATE enforcement_cases SET status = 'closed' WHERE gemeente_id = :b"), {"b": b})
        assert changed.rowcount == 0
        changed = db.session.execute(text("UPDATE enforcement_measure_decisions SET summary = 'x' WHERE gemeente_id = :b"), {"b": b})
        assert changed.rowcount == 0
