"""Deadline computation of the report: the longest participant term, working days, settings by date."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from blueprints.reports import terms
from blueprints.settings.models import GemeenteSetting
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from tests.factories import World

pytestmark = pytest.mark.postgres


def _set(gemeente_id: int, key: str, value: object, valid_from: date) -> None:
    ctx = TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason="test")
    with tenant_context(ctx):
        db.session.add(GemeenteSetting(gemeente_id=gemeente_id, key=key, value=value, valid_from=valid_from))
        db.session.commit()


def _only(gemeente_id: int) -> TenantContext:
    return TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason="test")


def test_the_longest_participant_term_wins_and_names_its_gemeente(app: Flask, world: World) -> None:
    with app.app_context():
        _set(world.b_id, terms.RESPONSE_TERM, 3, date(2026, 1, 1))
        # Acting in A only: B's term is read in a context of B alone, and only that value.
        with tenant_context(_only(world.a_id)):
            deadline, weeks, gemeente_id = terms.response_deadline(date(2026, 3, 2), [world.a_id, world.b_id])
            assert terms.response_terms(date(2026, 3, 2), [world.a_id, world.b_id]) == {world.a_id: 2, world.b_id: 3}
        assert (weeks, gemeente_id, deadline.due_on) == (3, world.b_id, date(2026, 3, 23))


def test_equal_terms_name_the_lowest_gemeente_id(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(_only(world.b_id)):
        _, weeks, gemeente_id = terms.response_deadline(date(2026, 3, 2), [world.b_id, world.a_id])
    assert (weeks, gemeente_id) == (2, min(world.a_id, world.b_id))


def test_a_term_ending_on_koningsdag_moves_to_the_next_working_day(app: Flask, world: World) -> None:
    with app.app_context(), tenant_context(_only(world.a_id)):
        deadline, weeks, _ = terms.response_deadline(date(2026, 4, 13), [world.a_id])
    assert weeks == 2
    assert deadline.due_on == date(2026, 4, 28)  # 27 April 2026 is Koningsdag (a Monday)
    assert [s.day for s in deadline.skipped] == [date(2026, 4, 27)]


def test_the_setting_in_force_on_the_send_date_counts(app: Flask, world: World) -> None:
    with app.app_context():
        _set(world.a_id, terms.RESPONSE_TERM, 4, date(2026, 6, 1))
        with tenant_context(_only(world.a_id)):
            before = terms.response_deadline(date(2026, 5, 29), [world.a_id])
            after = terms.response_deadline(date(2026, 6, 1), [world.a_id])
    assert before[1] == 2 and after[1] == 4


def test_publication_delay_over_christmas_and_the_published_types(app: Flask, world: World) -> None:
    with app.app_context():
        _set(world.a_id, terms.PUBLISHED_TYPES, ["reactive"], date(2026, 1, 1))
        with tenant_context(_only(world.a_id)):
            deadline, weeks = terms.publication_deadline(world.a_id, date(2026, 11, 27))
            assert terms.publishes_type(world.a_id, "reactive", date(2026, 12, 11))
            assert not terms.publishes_type(world.a_id, "proactive", date(2026, 12, 11))
            assert terms.publishes_type(world.a_id, "proactive", date(2025, 12, 31))  # the default then
    assert weeks == 4  # Delft's own delay in the standard world (tests/factories.py)
    assert deadline.due_on == date(2026, 12, 28)  # 25, 26 (Kerstdagen) and the Sunday skipped

