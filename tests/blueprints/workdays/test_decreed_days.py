"""Decreed days in the database: the calendar reads them, the services validate and audit them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from blueprints.workdays import calendar
from blueprints.workdays.demo import KNOWN_DECREED_DAYS, seed_decreed_days
from blueprints.workdays.services import DecreedDayError, add_decreed_day, remove_decreed_day
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.factories import World

pytestmark = pytest.mark.postgres


@pytest.fixture()
def ctx(app: Flask, world: World) -> Iterator[None]:
    # As under /regio/: the region's gemeenten, none active (decreed days belong to none).
    region = TenantContext(allowed_ids=frozenset({world.a_id, world.b_id}), reason="test")
    with app.app_context(), tenant_context(region):
        yield
        db.session.rollback()


def test_the_calendar_reads_decreed_days_from_the_database(ctx: None) -> None:
    assert calendar.add_working_days(date(2026, 5, 13), 1).due_on == date(2026, 5, 15)
    add_decreed_day(date(2026, 5, 15), "vrijdag na Hemelvaartsdag", "Besluit gelijkstelling 2026–2028")
    assert not calendar.is_working_day(date(2026, 5, 15))
    d = calendar.add_working_days(date(2026, 5, 13), 1)
    assert d.due_on == date(2026, 5, 18)
    assert "vrijdag 15 mei 2026 (vrijdag na Hemelvaartsdag)" in d.explanation
    assert calendar.non_working_reason(date(2026, 5, 15)) == "vrijdag na Hemelvaartsdag"
    assert calendar.add_weeks(date(2026, 5, 1), 2).due_on == date(2026, 5, 18)


def test_removing_a_decreed_day_makes_it_a_working_day_again(ctx: None) -> None:
    row = add_decreed_day(date(2027, 5, 7), "vrijdag na Hemelvaartsdag", "Besluit")
    assert not calendar.is_working_day(date(2027, 5, 7))
    remove_decreed_day(row)
    assert calendar.is_working_day(date(2027, 5, 7))
    actions = db.session.execute(
        select(AuditEvent.action, AuditEvent.gemeente_id, AuditEvent.detail)
        .where(AuditEvent.action.like("decreed_day.%")).order_by(AuditEvent.id)
    ).all()
    assert [(a.action, a.gemeente_id, a.detail) for a in actions] == [
        ("decreed_day.added", None, {"day": "2027-05-07"}),
        ("decreed_day.removed", None, {"day": "2027-05-07"}),
    ]


@pytest.mark.parametrize(
    ("day", "description", "reference", "errors"),
    [
        (date(2026, 5, 16), "x", "y", {"day": "16 mei 2026 valt in het weekend en is al geen werkdag."}),
        (date(2026, 5, 14), "x", "y", {"day": "14 mei 2026 is al een feestdag: Hemelvaartsdag."}),
        (date(1999, 5, 14), "x", "y", {"day": "Kies een datum tussen 2000 en 2100."}),
        (date(2026, 5, 15), " ", "", {
            "description": "Geef een omschrijving, bijv. 'vrijdag na Hemelvaartsdag'.",
            "decree_reference": "Noem het besluit (titel of Staatscourant-nummer).",
        }),
        (date(2026, 5, 15), "x" * 201, "y" * 301, {
            "description": "Hoogstens 200 tekens.", "decree_reference": "Hoogstens 300 tekens.",
        }),
    ],
)
def test_invalid_decreed_days_are_refused(
    ctx: None, day: date, description: str, reference: str, errors: dict[str, str]
) -> None:
    with pytest.raises(DecreedDayError) as exc:
        add_decreed_day(day, description, reference)
    assert exc.value.errors == errors


def test_a_day_is_decreed_once(ctx: None) -> None:
    add_decreed_day(date(2026, 5, 15), "vrijdag na Hemelvaartsdag", "Besluit")
    with pytest.raises(DecreedDayError) as exc:
        add_decreed_day(date(2026, 5, 15), "nogmaals", "Besluit")
    assert exc.value.errors == {"day": "15 mei 2026 staat al in de lijst."}


def test_the_known_decree_is_seeded_once(ctx: None) -> None:
    assert seed_decreed_days() == len(KNOWN_DECREED_DAYS) == 5
    assert seed_decreed_days() == 0
    for day, _, _ in KNOWN_DECREED_DAYS:
        assert day.weekday() == 4  # every one a Friday
        assert not calendar.is_working_day(day)
    assert calendar.add_working_days(date(2025, 12, 31), 1).due_on == date(2026, 1, 5)


def test_the_cli_loads_the_known_decree_once(app: Flask, world: World) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["workdays", "load-decree"])
    assert first.exit_code == 0, first.output
    assert "toegevoegd: 5" in first.output
    again = runner.invoke(args=["workdays", "load-decree"])
    assert "toegevoegd: 0" in again.output
    with app.app_context():
        assert calendar.add_working_days(date(2028, 4, 26), 1).due_on == date(2028, 5, 1)
