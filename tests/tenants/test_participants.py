"""The participant scopes: an investigation shared by Delft (A) and Den Haag (B) is visible to
exactly those two; Rijswijk (C), not a participant, sees nothing of it — on both layers.

Layer 1 (tenants/scoping.py) runs on PostgreSQL and on SQLite; layer 2 (tenants/rls.py) runs as
the app role with raw SQL and with the ORM hooks switched off. World: investigation AB (A + B,
a visit, a status change, a melding link of A), investigation A (A only) and investigation C
(C only, a visit), all committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, event, exists, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.orm.exc import StaleDataError

from blueprints.investigations.models import (
    Investigation,
    InvestigationMelding,
    InvestigationParticipant,
    InvestigationStatusChange,
    Visit,
)
from regiotoezicht.context import TenantContextMissing, TenantViolation, tenant_context
from regiotoezicht.extensions import db
from tenants import rls, scoping
from tenants.models import Gemeente
from tests.factories import World, gemeente, link, region
from tests.isolation.support import ctx, inspect_rows, only

I, P, V, S, L = Investigation, InvestigationParticipant, Visit, InvestigationStatusChange, InvestigationMelding
INSUFFICIENT_PRIVILEGE = "42501"


@dataclass
class Shared:
    w: World
    c_id: int
    ab: int  # shared by A and B
    a: int  # A only
    c: int  # C only
    visit_ab: int
    visit_c: int
    link_a: int  # A's melding link on AB


def new_investigation(title: str, lead: int, *gemeenten: int) -> Investigation:
    inv = Investigation(
        region_id=region().id, kind="proactive", proactive_kind="cyclical", title=title,
        lead_inspector_id=lead, announced=True, status="planned",
    )
    db.session.add(inv)
    for g in gemeenten:
        inv.participants.append(InvestigationParticipant(gemeente_id=g))
    return inv


def build_shared(w: World) -> Shared:
    c = gemeente("GM0603")
    link(region(), c)
    lead = w.user_ids["inspector_a"]
    with tenant_context(ctx(w.a_id, w.b_id, c.id)):
        ab = new_investigation("Gedeeld onderzoek", lead, w.a_id, w.b_id)
        a = new_investigation("Alleen Delft", lead, w.a_id)
        ci = new_investigation("Alleen Rijswijk", lead, c.id)
        db.session.flush()
        visit_ab = Visit(investigation_id=ab.id, visited_on=date(2026, 3, 1), location="Hoofdlocatie")
        visit_c = Visit(investigation_id=ci.id, visited_on=date(2026, 3, 2), location="Rijswijk")
        change = InvestigationStatusChange(investigation_id=ab.id, from_status=None, to_status="planned")
        link_a = InvestigationMelding(
            gemeente_id=w.a_id, investigation_id=ab.id, melding_id=1, melding_reference="M-2026-00001"
        )
        db.session.add_all([visit_ab, visit_c, change, link_a])
        db.session.flush()
        ids = Shared(w, c.id, ab.id, a.id, ci.id, visit_ab.id, visit_c.id, link_a.id)
        db.session.commit()
    return ids


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"])
def setup(request: pytest.FixtureRequest) -> Iterator[tuple[Flask, Shared]]:
    if request.param == "postgres":
        app, world = request.getfixturevalue("app"), request.getfixturevalue("world")
    else:
        app, world = request.getfixturevalue("sqlite_app"), request.getfixturevalue("sqlite_world")
    with app.app_context():
        yield app, build_shared(world)
        db.session.rollback()


@pytest.fixture()
def pg(app: Flask, world: World) -> Iterator[Shared]:
    with app.app_context():
        yield build_shared(world)
        db.session.rollback()


def ids(statement: Any) -> list[int]:
    return sorted(db.session.scalars(statement).all())


def titles_of_all(s: Shared) -> dict[int, str]:
    db.session.rollback()
    db.session.expunge_all()
    with tenant_context(ctx(s.w.a_id, s.w.b_id, s.c_id)):
        rows = dict(db.session.execute(select(I.id, I.title)).tuples().all())
    db.session.rollback()
    return rows


def refused(s: Shared, error: type[Exception], action: Callable[[], Any], context: Any = None) -> None:
    """`action` in context C (or the given one) raises; AB and its children are unchanged after."""
    before = titles_of_all(s)
    db.session.expunge_all()
    with pytest.raises(error), tenant_context(context or only(s.c_id)):
        action()
        db.session.flush()
    db.session.rollback()
    assert titles_of_all(s) == before
    with tenant_context(ctx(s.w.a_id, s.w.b_id, s.c_id)):
        assert ids(select(V.id).where(V.investigation_id == s.ab)) == [s.visit_ab]
    db.session.rollback()


# --- layer 1: reads -------------------------------------------------------------------------------


def test_each_gemeente_sees_exactly_the_investigations_it_takes_part_in(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    a, b, c = s.w.a_id, s.w.b_id, s.c_id
    for context, investigations, visits in [
        (only(a), [s.ab, s.a], [s.visit_ab]),
        (only(b), [s.ab], [s.visit_ab]),
        (only(c), [s.c], [s.visit_c]),
        (ctx(a, b), [s.ab, s.a], [s.visit_ab]),
        (ctx(), [], []),
    ]:
        with tenant_context(context):
            assert ids(select(I.id)) == sorted(investigations), context
            assert ids(select(V.id)) == sorted(visits), context
            assert db.session.execute(select(func.count()).select_from(I)).scalar() == len(investigations)
            assert ids(select(aliased(I).id)) == sorted(investigations)
            assert ids(select(S.investigation_id)) == ([s.ab] if s.ab in investigations else [])
            assert db.session.query(I).count() == len(investigations)
        db.session.rollback()
        db.session.expunge_all()


def test_loads_by_id_and_relationships_stay_inside(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    with tenant_context(only(s.c_id)):
        assert db.session.get(I, s.ab) is None
        assert db.session.get(V, s.visit_ab) is None
        assert db.session.scalars(select(I).where(I.id == s.ab)).first() is None
        assert ids(select(Gemeente.id).where(Gemeente.id == s.c_id, exists().where(V.investigation_id == s.ab))) == []
        # a bare Table in a subquery of an ORM statement gets the criterion too
        visits = V.__table__.c  # type: ignore[attr-defined]
        assert ids(select(Gemeente.id).where(Gemeente.id == s.c_id, exists().where(visits.investigation_id == s.ab))) == []
        assert ids(select(Gemeente.id).where(Gemeente.id == s.c_id, exists().where(visits.investigation_id == s.c))) == [s.c_id]
        with pytest.raises(TenantViolation):  # and a Core statement on it is refused, not run
            db.session.scalar(select(exists().where(visits.investigation_id == s.ab)))
        joined = db.session.execute(select(I.id, V.id).join(V, V.investigation_id == I.id)).all()
        assert joined == [(s.c, s.visit_c)]
    db.session.rollback()
    db.session.expunge_all()
    with tenant_context(only(s.w.b_id)):
        inv = db.session.scalars(select(I).options(selectinload(I.participants))).one()
        assert inv.id == s.ab
        # B sees its own participant row only: which other gemeenten take part is not B's data
        assert inv.gemeente_ids == [s.w.b_id]
        assert [v.id for v in inv.visits] == [s.visit_ab]


def test_melding_links_are_read_by_the_participants_and_written_by_their_gemeente(
    setup: tuple[Flask, Shared],
) -> None:
    _, s = setup
    a, b, c = s.w.a_id, s.w.b_id, s.c_id
    with tenant_context(only(b)):  # B takes part: reads A's link
        assert ids(select(L.id)) == [s.link_a]
        assert db.session.execute(update(L).values(melding_reference="X")).rowcount == 0
        assert db.session.execute(delete(L)).rowcount == 0
    db.session.rollback()
    with tenant_context(only(c)):  # C does not take part: nothing
        assert ids(select(L.id)) == []
    db.session.rollback()
    db.session.expunge_all()
    with tenant_context(only(b)):
        link_of_a = db.session.get(L, s.link_a)
        assert link_of_a is not None
        link_of_a.melding_reference = "Overgenomen"
        with pytest.raises(TenantViolation):
            db.session.flush()
    db.session.rollback()
    # C cannot push a link of its own into the view of AB, which it does not take part in
    refused(s, TenantViolation, lambda: db.session.add(L(investigation_id=s.ab, melding_id=5)))
    refused(
        s,
        TenantViolation,
        lambda: db.session.execute(insert(L).values(gemeente_id=c, investigation_id=s.ab, melding_id=5)),
    )
    with tenant_context(only(a)):  # control: A writes its own link
        assert db.session.execute(update(L).values(melding_reference="M-2026-00002")).rowcount == 1
        db.session.add(L(investigation_id=s.a, melding_id=6))
        db.session.commit()


def test_cached_statements_take_the_ids_of_each_context(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    a, b, c = s.w.a_id, s.w.b_id, s.c_id
    statements = [select(I.id), select(aliased(I).id), select(V.investigation_id), select(L.investigation_id)]
    expected = {
        a: ([s.ab, s.a], [s.ab], [s.ab]),
        b: ([s.ab], [s.ab], [s.ab]),
        c: ([s.c], [s.c], []),
    }
    for gemeente_id in (a, c, b, a, c):
        invs, visits, links = expected[gemeente_id]
        with tenant_context(only(gemeente_id)):
            assert ids(statements[0]) == sorted(invs)
            assert ids(statements[1]) == sorted(invs)
            assert ids(statements[2]) == sorted(visits)
            assert ids(statements[3]) == sorted(links)
        db.session.rollback()


def test_without_context_nothing_runs(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    for action in (
        lambda: db.session.execute(select(I)).all(),
        lambda: db.session.execute(select(V.id)).all(),
        lambda: db.session.execute(update(I).values(title="x")),
        lambda: db.session.add(Visit(investigation_id=s.ab, visited_on=date(2026, 1, 1))),
    ):
        db.session.rollback()
        with pytest.raises(TenantContextMissing):
            action()
            db.session.flush()
    db.session.rollback()


# --- layer 1: writes ------------------------------------------------------------------------------


def test_bulk_update_and_delete_reach_only_shared_rows(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    with tenant_context(only(s.c_id)):
        assert db.session.execute(update(I).values(title="Rijswijk nieuw")).rowcount == 1
        assert db.session.execute(update(I).where(I.id == s.ab).values(title="X")).rowcount == 0
        assert db.session.execute(update(V).values(notes="n")).rowcount == 1
        assert db.session.execute(delete(V).where(V.id == s.visit_ab)).rowcount == 0
        db.session.commit()
    assert titles_of_all(s)[s.ab] == "Gedeeld onderzoek"
    assert titles_of_all(s)[s.c] == "Rijswijk nieuw"
    with tenant_context(only(s.w.b_id)):  # a participant may change the shared row
        assert db.session.execute(update(I).values(title="Gedeeld, gewijzigd")).rowcount == 1
        db.session.commit()
    assert titles_of_all(s)[s.ab] == "Gedeeld, gewijzigd"


def test_changing_or_adding_to_anothers_investigation_is_refused(setup: tuple[Flask, Shared]) -> None:
    _, s = setup

    def loaded_in_a(change: Callable[[Any], None], cls: Any = I, key: int | None = None) -> Callable[[], None]:
        def action() -> None:
            with tenant_context(only(s.w.a_id)):
                obj = db.session.get(cls, key or s.ab)
            assert obj is not None
            change(obj)

        return action

    refused(s, TenantViolation, loaded_in_a(lambda i: setattr(i, "title", "Overgenomen")))
    refused(s, TenantViolation, loaded_in_a(db.session.delete, V, s.visit_ab))
    refused(s, TenantViolation, lambda: db.session.execute(update(I), [{"id": s.ab, "title": "X"}]))
    refused(s, TenantViolation, lambda: db.session.add(Visit(investigation_id=s.ab, visited_on=date(2026, 1, 1))))
    refused(
        s,
        TenantViolation,
        lambda: db.session.execute(insert(V).values(investigation_id=s.ab, visited_on=date(2026, 1, 1))),
    )
    refused(s, TenantViolation, lambda: db.session.execute(insert(V).values(visited_on=date(2026, 1, 1))))
    refused(s, TenantViolation, lambda: db.session.execute(update(V).values(investigation_id=s.ab)))

    def move_own_visit() -> None:
        visit = db.session.get(V, s.visit_c)
        assert visit is not None
        visit.investigation_id = s.ab

    refused(s, TenantViolation, move_own_visit)
    # joining an investigation means adding a participant of another gemeente: strict, refused
    refused(s, TenantViolation, lambda: db.session.add(P(investigation_id=s.ab, gemeente_id=s.w.a_id)))


def test_a_new_investigation_is_invisible_until_a_participant_is_added(setup: tuple[Flask, Shared]) -> None:
    _, s = setup
    lead = s.w.user_ids["inspector_a"]
    with tenant_context(only(s.c_id)):
        orphan = Investigation(
            region_id=region().id, kind="reactive", title="Zonder deelnemers", lead_inspector_id=lead
        )
        db.session.add(orphan)
        db.session.flush()
        orphan_id = orphan.id
        db.session.expunge_all()
        assert db.session.get(I, orphan_id) is None
        with pytest.raises(TenantViolation):  # nor can anything be hung under it
            db.session.add(Visit(investigation_id=orphan_id, visited_on=date(2026, 1, 1)))
            db.session.flush()
    db.session.rollback()
    # a new investigation for another gemeente is refused: its participant is a strict row
    refused(s, TenantViolation, lambda: new_investigation("Voor Delft", lead, s.w.a_id))
    with tenant_context(only(s.c_id)):  # control: with C as participant it works, in one flush
        inv = new_investigation("Nieuw in Rijswijk", lead, s.c_id)
        db.session.flush()
        db.session.add(Visit(investigation_id=inv.id, visited_on=date(2026, 1, 2)))
        db.session.commit()
        assert len(ids(select(I.id))) == 2


# --- layer 2: PostgreSQL row-level security -------------------------------------------------------


@contextmanager
def without_orm_scoping() -> Iterator[None]:
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    for name, fn in (
        ("do_orm_execute", scoping._do_orm_execute),
        ("before_flush", scoping._before_flush),
        ("after_flush", scoping._after_flush),
    ):
        event.remove(session_cls, name, fn)
    try:
        yield
    finally:
        scoping.install(session_cls)


def raw_ids(table: str) -> list[int]:
    return sorted(db.session.execute(text(f"SELECT id FROM {table}")).scalars().all())


@contextmanager
def sql_error() -> Iterator[None]:
    with pytest.raises(DBAPIError) as caught:
        yield
    assert getattr(caught.value.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE, caught.value
    db.session.rollback()


@pytest.mark.postgres
def test_rls_reads_follow_the_participants(pg: Shared) -> None:
    s = pg
    a, b, c = s.w.a_id, s.w.b_id, s.c_id
    for context, investigations, visits, links in [
        (only(a), [s.ab, s.a], [s.visit_ab], [s.link_a]),
        (only(b), [s.ab], [s.visit_ab], [s.link_a]),
        (only(c), [s.c], [s.visit_c], []),
        (None, [], [], []),
    ]:
        with tenant_context(context):
            assert raw_ids("investigations") == sorted(investigations), context
            assert raw_ids("investigation_visits") == visits
            assert raw_ids("investigation_meldingen") == links
            changes = db.session.execute(text("SELECT investigation_id FROM investigation_status_changes"))
            assert changes.scalars().all() == ([s.ab] if s.ab in investigations else [])
        db.session.rollback()


@pytest.mark.postgres
def test_rls_alone_isolates_orm_statements(pg: Shared) -> None:
    s = pg
    with without_orm_scoping(), tenant_context(only(s.c_id)):
        assert ids(select(I.id)) == [s.c]
        assert db.session.get(I, s.ab) is None
        assert db.session.execute(update(I).values(title="Alles")).rowcount == 1
        assert db.session.execute(delete(V)).rowcount == 1
        assert db.session.execute(update(L).values(melding_reference="X")).rowcount == 0
        db.session.rollback()
    with without_orm_scoping(), tenant_context(only(s.w.a_id)):
        visit = db.session.get(V, s.visit_ab)
    with without_orm_scoping(), tenant_context(only(s.c_id)):
        assert visit is not None
        visit.notes = "Overgenomen"
        with pytest.raises(StaleDataError):  # UPDATE … WHERE id = AB's visit: 0 rows under RLS
            db.session.flush()
    db.session.rollback()
    with without_orm_scoping(), tenant_context(only(s.c_id)), sql_error():
        db.session.add(Visit(investigation_id=s.ab, visited_on=date(2026, 1, 1)))
        db.session.flush()
    with without_orm_scoping(), tenant_context(only(s.c_id)), sql_error():
        db.session.add(P(investigation_id=s.ab, gemeente_id=s.w.a_id))
        db.session.flush()
    assert inspect_rows("SELECT title FROM investigations WHERE id = :i", i=s.ab) == [("Gedeeld onderzoek",)]
    assert inspect_rows("SELECT count(*) FROM investigation_visits WHERE investigation_id = :i", i=s.ab) == [(1,)]


@pytest.mark.postgres
def test_rls_raw_writes_to_a_shared_investigation_touch_nothing_or_are_refused(pg: Shared) -> None:
    s = pg
    params = {"ab": s.ab, "c": s.c, "a": s.w.a_id, "cg": s.c_id, "vc": s.visit_c, "link": s.link_a}
    with tenant_context(only(s.c_id)):
        for statement in (
            "UPDATE investigations SET title = 'X' WHERE id = :ab",
            "DELETE FROM investigation_status_changes WHERE investigation_id = :ab",
            "UPDATE investigation_visits SET notes = 'X' WHERE investigation_id = :ab",
            "DELETE FROM investigation_participants WHERE investigation_id = :ab",
            "UPDATE investigation_meldingen SET melding_reference = 'X'",
        ):
            assert db.session.execute(text(statement), params).rowcount == 0, statement
        db.session.commit()
    for statement in (
        "INSERT INTO investigation_visits (investigation_id, visited_on, location, announced, attendees, notes, "
        "created_at, updated_at) VALUES (:ab, current_date, '', true, '', '', now(), now())",
        "INSERT INTO investigation_participants (investigation_id, gemeente_id, created_at, updated_at) "
        "VALUES (:ab, :a, now(), now())",
        # moving C's own visit under AB fails the WITH CHECK
        "UPDATE investigation_visits SET investigation_id = :ab WHERE id = :vc",
        # a link of C's own gemeente pointing into AB, which C does not take part in
        "INSERT INTO investigation_meldingen (gemeente_id, investigation_id, melding_id, melding_reference, "
        "created_at, updated_at) VALUES (:cg, :ab, 9, '', now(), now())",
        # a new investigation cannot be read back before it has participants
        "INSERT INTO investigations (region_id, kind, title, lead_inspector_id, announced, status, created_at, "
        "updated_at) SELECT region_id, 'reactive', 'Nieuw', lead_inspector_id, true, 'planned', now(), now() "
        "FROM investigations WHERE id = :c RETURNING id",
    ):
        with tenant_context(only(s.c_id)), sql_error():
            db.session.execute(text(statement), params)
    with tenant_context(only(s.c_id)):  # control: without RETURNING the insert is allowed, unseen
        db.session.execute(
            text(
                "INSERT INTO investigations (region_id, kind, title, lead_inspector_id, announced, status, "
                "created_at, updated_at) SELECT region_id, 'reactive', 'Nieuw', lead_inspector_id, true, "
                "'planned', now(), now() FROM investigations WHERE id = :c"
            ),
            params,
        )
        assert raw_ids("investigations") == [s.c]
        db.session.commit()
    assert inspect_rows("SELECT count(*) FROM investigations") == [(4,)]
    assert inspect_rows("SELECT title FROM investigations WHERE id = :i", i=s.ab) == [("Gedeeld onderzoek",)]
    assert inspect_rows(
        "SELECT gemeente_id FROM investigation_participants WHERE investigation_id = :i ORDER BY 1", i=s.ab
    ) == sorted([(s.w.a_id,), (s.w.b_id,)])


@pytest.mark.postgres
def test_participant_tables_are_forced_under_an_exists_policy(app: Flask) -> None:
    participant_scoped = {
        cls.__table__.name: scoping.scope_of(cls)  # type: ignore[attr-defined]
        for cls in scoping.scoped_classes()
        if scoping.scope_of(cls) in scoping.PARTICIPANT_SCOPES
    }
    assert {"investigations", "investigation_visits", "investigation_meldingen"} <= set(participant_scoped)
    for table, scope in participant_scoped.items():
        assert inspect_rows(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = :t", t=table
        ) == [(True, True)], table
        policies = inspect_rows(
            "SELECT policyname, cmd, coalesce(qual, '') || coalesce(with_check, '') FROM pg_policies "
            "WHERE tablename = :t",
            t=table,
        )
        assert {p[1] for p in policies} == {"SELECT", "INSERT", "UPDATE", "DELETE"}, table
        for name, cmd, condition in policies:
            if (table, name, cmd) == ("investigations", "tenant_insert", "INSERT"):
                assert condition == "true"
                continue
            assert "app_gemeente_allowed" in condition, (table, name)
            if scope == "participants":
                assert "investigation_participants" in condition, (table, name)
    # the probe the policies make is an index condition on (investigation_id, gemeente_id)
    assert inspect_rows(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'investigation_participants' "
        "AND indexdef LIKE '%(investigation_id, gemeente_id)%'"
    )


def test_policy_sql_needs_the_participants() -> None:
    with pytest.raises(ValueError):
        rls.policy_sql("investigation_visits", "participants")
    sql = rls.policy_sql("x", "tenant_or_participants", ("p", "investigation_id", "investigation_id"))
    assert any("FOR SELECT USING (app_gemeente_allowed(gemeente_id) OR EXISTS" in s for s in sql)
