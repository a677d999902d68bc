"""Layer 1, the ORM scoping of tenants/scoping.py: in a context of gemeente A no ORM read, count,
update, delete or insert reaches gemeente B, and without a context nothing runs at all.

Every test runs twice: on PostgreSQL as the app role (row-level security behind it) and on the
embedded SQLite default, where this layer is all there is. B's rows are checked afterwards
through a context that sees both gemeenten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, exists, func, insert, literal, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import (
    aliased,
    joinedload,
    make_transient_to_detached,
    relationship,
    selectinload,
)

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantContextMissing, TenantViolation, tenant_context
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Membership, RegionGemeente
from tests.factories import World
from tests.isolation.support import ctx, only

C = GemeenteContact
NOW = func.current_timestamp()


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"])
def setup(request: pytest.FixtureRequest) -> Iterator[tuple[Flask, World]]:
    """(app, world) on PostgreSQL as the app role, and on the embedded SQLite default."""
    if request.param == "postgres":
        app, world = request.getfixturevalue("app"), request.getfixturevalue("world")
    else:
        app, world = request.getfixturevalue("sqlite_app"), request.getfixturevalue("sqlite_world")
    with app.app_context():
        yield app, world
        db.session.rollback()


@pytest.fixture(scope="module")
def gemeente_contacts() -> Any:
    """A relationship Gemeente → contacts, only for these tests (no model declares one yet)."""
    if "test_contacts" not in Gemeente.__mapper__.relationships:
        Gemeente.__mapper__.add_property(
            "test_contacts",
            relationship(
                C,
                primaryjoin=Gemeente.id == C.gemeente_id,
                foreign_keys=[C.gemeente_id],
                viewonly=True,
                order_by=C.id,
            ),
        )
    return Gemeente.test_contacts  # type: ignore[attr-defined]


def contacts_of_both(world: World) -> list[tuple[int, int, str]]:
    """All contacts as (id, gemeente, name), fresh from the database, in a context of A and B."""
    db.session.rollback()
    db.session.expunge_all()
    with tenant_context(ctx(world.a_id, world.b_id)):
        rows = db.session.execute(select(C.id, C.gemeente_id, C.name).order_by(C.id)).all()
    db.session.rollback()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def b_untouched(world: World) -> None:
    b_rows = [r for r in contacts_of_both(world) if r[1] == world.b_id]
    assert b_rows == [(world.contact_b_id, world.b_id, "Contact Den Haag")]


def fields(gemeente_id: int | None = None, **extra: Any) -> dict[str, Any]:
    row = {
        "name": "Nieuw",
        "email": "nieuw@test.nl",
        "function": "",
        "receives_calamity_copies": False,
        "receives_reports": False,
        **extra,
    }
    if gemeente_id is not None:
        row["gemeente_id"] = gemeente_id
    return row


def refused(
    world: World, error: type[Exception], action: Callable[[], Any], context: Any = "A"
) -> None:
    """`action` in context A (or the given one) raises `error`; B's contact is unchanged after."""
    db.session.rollback()
    db.session.expunge_all()
    with pytest.raises(error), tenant_context(only(world.a_id) if context == "A" else context):
        action()
        db.session.flush()
    db.session.rollback()
    b_untouched(world)


# --- reads ---------------------------------------------------------------------------------------


def test_select_list_and_count_see_only_a(setup: tuple[Flask, World]) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        assert [c.id for c in db.session.execute(select(C)).scalars()] == [w.contact_a_id]
        assert db.session.scalars(select(C.gemeente_id)).all() == [w.a_id]
        assert db.session.execute(select(func.count()).select_from(C)).scalar() == 1
        assert db.session.execute(select(func.count(C.id))).scalar() == 1
        assert db.session.execute(
            select(C.gemeente_id, func.count()).group_by(C.gemeente_id)
        ).all() == [(w.a_id, 1)]
        assert db.session.query(C).count() == 1  # the legacy Query goes through the same hook
        assert db.session.execute(select(C).where(C.gemeente_id == w.b_id)).first() is None
    with tenant_context(only(w.b_id)):  # control: B's contact is there for B
        assert [c.id for c in db.session.execute(select(C)).scalars()] == [w.contact_b_id]


def test_loads_by_id_do_not_find_bs_row(setup: tuple[Flask, World]) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        assert (
            db.session.execute(select(C).where(C.id == w.contact_b_id)).scalar_one_or_none() is None
        )
        assert db.session.scalars(select(C).filter_by(id=w.contact_b_id)).first() is None
        assert db.session.query(C).filter(C.id == w.contact_b_id).one_or_none() is None
        # session.get queries too when the object is not in the identity map yet (a fresh session).
        assert db.session.get(C, w.contact_b_id) is None
        assert db.session.get(C, w.contact_a_id) is not None


def test_aliased_joined_subquery_and_union_are_filtered(setup: tuple[Flask, World]) -> None:
    _, w = setup
    both = [w.a_id, w.b_id]
    other = aliased(C)
    with tenant_context(only(w.a_id)):
        assert db.session.scalars(select(other.id)).all() == [w.contact_a_id]
        assert (
            db.session.execute(
                select(C.id, other.id).join(other, other.gemeente_id != C.gemeente_id)
            ).all()
            == []
        )
        joined = db.session.execute(
            select(Gemeente.id, C.id)
            .join(C, C.gemeente_id == Gemeente.id)
            .where(Gemeente.id.in_(both))
        ).all()
        assert joined == [(w.a_id, w.contact_a_id)]
        outer = db.session.execute(
            select(Gemeente.id, C.id)
            .outerjoin(C, C.gemeente_id == Gemeente.id)
            .where(Gemeente.id.in_(both))
            .order_by(Gemeente.id)
        ).all()
        assert sorted(outer, key=lambda r: r[0]) == sorted(
            [(w.a_id, w.contact_a_id), (w.b_id, None)]
        )
        assert db.session.scalars(
            select(Gemeente.id).where(Gemeente.id.in_(select(C.gemeente_id)))
        ).all() == [w.a_id]
        per_gemeente = (
            select(func.count(C.id)).where(C.gemeente_id == Gemeente.id).scalar_subquery()
        )
        assert dict(
            db.session.execute(select(Gemeente.id, per_gemeente).where(Gemeente.id.in_(both))).all()
        ) == {
            w.a_id: 1,
            w.b_id: 0,
        }
        assert not db.session.scalar(select(C.id).where(C.id == w.contact_b_id).exists().select())
        assert (
            db.session.execute(select(func.count()).select_from(select(C).subquery())).scalar() == 1
        )
        assert db.session.scalars(select(select(C.id).cte().c.id)).all() == [w.contact_a_id]
        assert (
            db.session.scalars(select(C.id).union_all(select(C.id))).all() == [w.contact_a_id] * 2
        )


def test_relationship_loads_are_filtered(
    setup: tuple[Flask, World], gemeente_contacts: Any
) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        b = db.session.get(Gemeente, w.b_id)
        a = db.session.get(Gemeente, w.a_id)
        assert b is not None and a is not None
        assert b.test_contacts == []  # lazy load
        assert [c.id for c in a.test_contacts] == [w.contact_a_id]
        db.session.expunge_all()
        for option in (selectinload(gemeente_contacts), joinedload(gemeente_contacts)):
            loaded = (
                db.session.scalars(
                    select(Gemeente)
                    .where(Gemeente.id.in_([w.a_id, w.b_id]))
                    .options(option)
                    .execution_options(populate_existing=True)
                )
                .unique()
                .all()
            )
            assert {g.id: [c.id for c in g.test_contacts] for g in loaded} == {
                w.a_id: [w.contact_a_id],
                w.b_id: [],
            }
        assert (
            db.session.scalars(
                select(Gemeente.id).where(Gemeente.id == w.b_id, gemeente_contacts.any())
            ).all()
            == []
        )
        assert db.session.scalars(
            select(Gemeente.id).join(gemeente_contacts).where(Gemeente.id.in_([w.a_id, w.b_id]))
        ).all() == [w.a_id]


def test_memberships_show_the_gemeente_and_ones_own_rows(setup: tuple[Flask, World]) -> None:
    _, w = setup
    admin_b = w.user_ids["admin_b"]
    with tenant_context(only(w.a_id)):
        gemeenten = set(db.session.scalars(select(Membership.gemeente_id)))
        assert gemeenten == {w.a_id}
    with tenant_context(ctx(user_id=admin_b)):  # the identity context of compute_entitlements
        rows = db.session.execute(select(Membership.user_id, Membership.gemeente_id)).all()
        assert rows == [(admin_b, w.b_id)]
        # Reading one's own membership does not make it writable from outside B.
        assert db.session.execute(update(Membership).values(valid_until=None)).rowcount == 0


def test_cached_statements_take_the_ids_of_each_context(setup: tuple[Flask, World]) -> None:
    """The criteria are cached by SQLAlchemy with the ids as bound values, never as literals."""
    _, w = setup
    both = ctx(w.a_id, w.b_id)
    statements = [
        select(C.gemeente_id),
        select(aliased(C).gemeente_id),
        select(Gemeente.id).where(Gemeente.id.in_(select(C.__table__.c.gemeente_id))),
    ]
    for statement in statements:
        for context, expected in [
            (only(w.a_id), [w.a_id]),
            (only(w.b_id), [w.b_id]),
            (ctx(), []),
            (both, sorted([w.a_id, w.b_id])),
            (only(w.a_id), [w.a_id]),
        ]:
            with tenant_context(context):
                assert sorted(db.session.scalars(statement).all()) == expected, (statement, context)


# --- ORM bulk UPDATE and DELETE ------------------------------------------------------------------


def test_bulk_update_and_delete_leave_b_untouched(setup: tuple[Flask, World]) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        assert db.session.execute(update(C).values(name="Gewijzigd")).rowcount == 1
        assert (
            db.session.execute(update(C).where(C.id == w.contact_b_id).values(name="X")).rowcount
            == 0
        )
        assert (
            db.session.execute(
                update(C).where(C.gemeente_id == w.b_id).values(name="X"),
                execution_options={"synchronize_session": False},
            ).rowcount
            == 0
        )
        assert db.session.execute(delete(C).where(C.id == w.contact_b_id)).rowcount == 0
        assert db.session.execute(delete(C)).rowcount == 1
        db.session.commit()
    assert contacts_of_both(w) == [(w.contact_b_id, w.b_id, "Contact Den Haag")]


def test_bulk_update_cannot_move_rows_or_name_bs_keys(setup: tuple[Flask, World]) -> None:
    _, w = setup
    refused(w, TenantViolation, lambda: db.session.execute(update(C).values(gemeente_id=w.b_id)))
    refused(
        w, TenantViolation, lambda: db.session.execute(update(C).values({C.gemeente_id: w.b_id}))
    )
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(update(C).ordered_values((C.gemeente_id, w.b_id))),
    )
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(update(C).values(gemeente_id=C.gemeente_id + 1)),
    )
    # ORM bulk UPDATE by primary key ignores loader criteria: the keys are checked instead.
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(update(C), [{"id": w.contact_b_id, "name": "X"}]),
    )
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(
            update(C), [{"id": w.contact_a_id, "name": "X"}, {"id": w.contact_b_id, "name": "X"}]
        ),
    )
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(update(C), [{"id": w.contact_a_id, "gemeente_id": w.b_id}]),
    )
    with tenant_context(only(w.a_id)):  # control: A's own key is fine
        db.session.execute(update(C), [{"id": w.contact_a_id, "name": "Per sleutel"}])
        db.session.commit()
    assert (w.contact_a_id, w.a_id, "Per sleutel") in contacts_of_both(w)


def test_shared_table_is_read_by_all_but_written_only_inside(setup: tuple[Flask, World]) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        assert set(db.session.scalars(select(RegionGemeente.gemeente_id))) == {w.a_id, w.b_id}
        assert db.session.execute(update(RegionGemeente).values(valid_until=None)).rowcount == 1
        assert (
            db.session.execute(
                delete(RegionGemeente).where(RegionGemeente.gemeente_id == w.b_id)
            ).rowcount
            == 0
        )
        link_b = db.session.scalars(
            select(RegionGemeente).where(RegionGemeente.gemeente_id == w.b_id)
        ).one()
        link_b.valid_until = link_b.valid_from
        with pytest.raises(TenantViolation):
            db.session.flush()


# --- ORM INSERT ----------------------------------------------------------------------------------


def test_insert_into_b_is_refused_in_every_form(setup: tuple[Flask, World]) -> None:
    app, w = setup
    a, b = w.a_id, w.b_id
    dialect_insert = (
        postgresql.insert
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        else sqlite.insert
    )
    forms: list[Callable[[], Any]] = [
        lambda: db.session.execute(insert(C).values(**fields(b))),
        lambda: db.session.execute(insert(C).values(**fields(b)).returning(C.id)),
        lambda: db.session.execute(insert(C), [fields(b)]),  # ORM bulk insert (executemany)
        lambda: db.session.execute(insert(C), [fields(a), fields(b)]),
        lambda: db.session.execute(insert(C).values([fields(a), fields(b)])),  # multi-VALUES
        lambda: db.session.execute(insert(C).values(name="x", email="y"), [{"gemeente_id": b}]),
        lambda: db.session.execute(insert(C).values(gemeente_id=literal(b), name="x", email="y")),
        lambda: db.session.execute(
            select(C).from_statement(insert(C).values(**fields(b)).returning(C))
        ),
        lambda: db.session.execute(
            insert(C).from_select(
                ["gemeente_id", "name", "email"], select(literal(b), literal("x"), literal("y"))
            )
        ),
        lambda: db.session.execute(insert(C)),  # no gemeente at all
        lambda: db.session.execute(insert(C), [{"name": "x", "email": "y"}]),
        # An upsert on A's row keyed on B's id would update B's row.
        lambda: db.session.execute(
            dialect_insert(C)
            .values(id=w.contact_b_id, **fields(a))
            .on_conflict_do_update(index_elements=["id"], set_={"name": "Overgenomen"})
        ),
    ]
    for form in forms:
        refused(w, TenantViolation, form)
    with tenant_context(only(a)):  # control: inserts into A work in all these forms
        db.session.execute(insert(C).values(**fields(a)))
        db.session.execute(insert(C), [fields(a, email="twee@test.nl")])
        db.session.commit()
    assert [r[1] for r in contacts_of_both(w)].count(a) == 3
    b_untouched(w)


# --- the unit of work (flush) ----------------------------------------------------------------------


def test_flush_stamps_a_and_refuses_b(setup: tuple[Flask, World]) -> None:
    _, w = setup
    with tenant_context(only(w.a_id)):
        new = C(name="Gestempeld", email="stempel@test.nl")
        db.session.add(new)
        db.session.flush()
        assert new.gemeente_id == w.a_id
        db.session.commit()
    refused(w, TenantViolation, lambda: db.session.add(C(gemeente_id=w.b_id, name="x", email="y")))
    # Region scope (no active gemeente): a new row must name its gemeente explicitly.
    refused(
        w,
        TenantViolation,
        lambda: db.session.add(C(name="x", email="y")),
        context=ctx(w.a_id, w.b_id),
    )


def test_moving_or_changing_bs_objects_is_refused(setup: tuple[Flask, World]) -> None:
    _, w = setup

    def move_a_to_b() -> None:
        contact = db.session.get(C, w.contact_a_id)
        assert contact is not None
        contact.gemeente_id = w.b_id

    refused(w, TenantViolation, move_a_to_b)

    def loaded_in_b(change: Callable[[C], None]) -> Callable[[], None]:
        def action() -> None:
            with tenant_context(only(w.b_id)):
                contact = db.session.get(C, w.contact_b_id)
            assert contact is not None
            change(contact)

        return action

    refused(w, TenantViolation, loaded_in_b(lambda c: setattr(c, "name", "Overgenomen")))
    refused(w, TenantViolation, loaded_in_b(db.session.delete))
    # An expired object has no gemeente_id in memory: the row in the database decides.
    refused(
        w, TenantViolation, loaded_in_b(lambda c: (db.session.expire(c), setattr(c, "name", "X")))
    )
    refused(w, TenantViolation, loaded_in_b(lambda c: (db.session.expire(c), db.session.delete(c))))

    def forged(change: Callable[[C], None]) -> Callable[[], None]:
        def action() -> None:  # an object claiming to be A's, with B's primary key
            fake = C(id=w.contact_b_id, gemeente_id=w.a_id, name="Contact Den Haag", email="x")
            make_transient_to_detached(fake)
            db.session.add(fake)
            change(fake)

        return action

    refused(w, TenantViolation, forged(lambda c: setattr(c, "name", "Vervalst")))
    refused(w, TenantViolation, forged(db.session.delete))


# --- no context at all ---------------------------------------------------------------------------


def test_without_context_every_statement_on_a_tenant_table_raises(
    setup: tuple[Flask, World],
) -> None:
    _, w = setup
    table = C.__table__
    statements: list[Callable[[], Any]] = [
        lambda: db.session.execute(select(C)).all(),
        lambda: db.session.execute(select(C.name)).all(),
        lambda: db.session.execute(select(func.count()).select_from(C)).scalar(),
        lambda: db.session.get(C, w.contact_a_id),
        lambda: db.session.query(C).all(),
        lambda: db.session.execute(select(Membership)).all(),
        lambda: db.session.execute(insert(C).values(**fields(w.a_id))),
        lambda: db.session.execute(update(C).values(name="x")),
        lambda: db.session.execute(delete(C)),
        lambda: db.session.execute(select(table)).all(),  # the bare Table, through the session
        lambda: db.session.execute(select(func.count()).select_from(table)).scalar(),
        lambda: db.session.execute(update(table).values(name="x")),
        lambda: db.session.execute(delete(table)),
        lambda: db.session.execute(insert(table).values(**fields(w.a_id))),
        lambda: db.session.add(C(gemeente_id=w.a_id, name="x", email="y")),
    ]
    for statement in statements:
        db.session.rollback()
        with pytest.raises(TenantContextMissing):
            statement()
            db.session.flush()
    db.session.rollback()
    assert len(contacts_of_both(w)) == 2


def test_core_statements_on_tenant_tables_are_refused_not_run_unfiltered(
    setup: tuple[Flask, World],
) -> None:
    _, w = setup
    table = C.__table__
    for statement in (
        select(table),
        select(table.c.name).where(table.c.id == w.contact_b_id),
        update(table).values(name="x"),
        delete(table).where(table.c.id == w.contact_b_id),
        select(Gemeente.__table__).where(
            exists().where(table.c.gemeente_id == Gemeente.__table__.c.id)
        ),
    ):
        refused(w, TenantViolation, lambda s=statement: db.session.execute(s))
    refused(
        w,
        TenantViolation,
        lambda: db.session.execute(select(C).from_statement(select(table))).all(),
    )
    refused(w, TenantViolation, lambda: db.session.execute(insert(table).values(**fields(w.b_id))))
    with tenant_context(only(w.a_id)):  # a checked Core insert into A, and shared reads, are fine
        db.session.execute(insert(table).values(**fields(w.a_id)))
        assert len(db.session.execute(select(RegionGemeente.__table__)).all()) == 2


def test_audit_rows_are_appended_for_any_gemeente_and_read_inside(
    setup: tuple[Flask, World],
) -> None:
    _, w = setup
    row = {"occurred_at": utcnow(), "action": "test.probe", "gemeente_id": w.b_id}
    db.session.execute(
        insert(AuditEvent.__table__), [row]
    )  # what audit.record does, even without context
    with tenant_context(only(w.a_id)):
        db.session.execute(insert(AuditEvent.__table__), [{**row, "gemeente_id": w.a_id}])
        seen = db.session.scalars(
            select(AuditEvent.gemeente_id).where(AuditEvent.action == "test.probe")
        ).all()
        assert seen == [w.a_id]
        with pytest.raises(TenantViolation):
            db.session.execute(update(AuditEvent.__table__).values(action="x"))


def test_text_sql_is_not_seen_by_this_layer(setup: tuple[Flask, World]) -> None:
    """Documents the limit: text() is left to row-level security (tests/tenants/test_rls.py)."""
    app, w = setup
    with tenant_context(only(w.a_id)):
        rows = db.session.execute(text("SELECT gemeente_id FROM gemeente_contacts")).scalars().all()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert rows == [w.a_id]
    else:
        assert sorted(rows) == sorted([w.a_id, w.b_id])  # SQLite: no second layer
