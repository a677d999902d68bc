"""Layer 2, PostgreSQL row-level security (tenants/rls.py and the migrations), as the app role.

Raw SQL sees only the gemeenten of the context and none without one; writes to another
gemeente's rows touch nothing or are refused; the catalog shows every gemeente_id table forced
under a policy; the per-transaction setting never outlives its transaction, follows context
changes inside one (also across savepoints), and RLS holds with the ORM hooks switched off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, event, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.app import create_app
from regiotoezicht.audit import AuditEvent
from regiotoezicht.context import TenantViolation, tenant_context
from regiotoezicht.extensions import db
from tenants import rls, scoping
from tests.factories import World
from tests.isolation.support import (
    OPEN_POLICIES,
    ctx,
    inspect_rows,
    only,
    superuser,
    tenant_tables,
)

pytestmark = pytest.mark.postgres

C = GemeenteContact
SETTING = text("SELECT current_setting('app.gemeente_ids', true)")
INSUFFICIENT_PRIVILEGE = "42501"  # both "permission denied" and "violates row-level security"
CONTACT_COLUMNS = "gemeente_id, name, email, function, receives_calamity_copies, receives_reports, created_at, updated_at"


def insert_contact_sql(gemeente_id: int) -> Any:
    return text(
        f"INSERT INTO gemeente_contacts ({CONTACT_COLUMNS}) "
        "VALUES (:g, 'Ingevoegd', 'in@test.nl', '', false, false, now(), now())"
    ).bindparams(g=gemeente_id)


def scopes_by_table() -> dict[str, str]:
    """Scoped tables with a gemeente_id of their own (the participant scopes' shared rows have
    none: tests/tenants/test_participants.py covers those)."""
    return {
        cls.__table__.name: scoping.scope_of(cls)  # type: ignore[attr-defined,misc]
        for cls in scoping.scoped_classes()
        if "gemeente_id" in cls.__table__.c  # type: ignore[attr-defined]
    }


def visible(sql_conn: Any, table: str) -> list[Any]:
    return [r[0] for r in sql_conn.execute(text(f"SELECT gemeente_id FROM {table}"))]


def sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


@contextmanager
def sql_error(state: str = INSUFFICIENT_PRIVILEGE) -> Iterator[None]:
    with pytest.raises(DBAPIError) as caught:
        yield
    assert sqlstate(caught.value) == state, caught.value
    db.session.rollback()


@pytest.fixture()
def seeded(app: Flask, world: World) -> World:
    """The world plus an audit row in each gemeente and one at region level (committed)."""
    with app.app_context():
        for gemeente_id in (world.a_id, world.b_id, None):
            db.session.execute(
                text(
                    "INSERT INTO audit_events (occurred_at, gemeente_id, action) VALUES (now(), :g, 'test.seed')"
                ),
                {"g": gemeente_id},
            )
        db.session.commit()
    return world


# --- (c) raw SQL -------------------------------------------------------------------------------


def test_every_gemeente_id_table_is_a_scoped_model(app: Flask) -> None:
    """No table escapes layer 1: each gemeente_id table is mapped with a tenant scope."""
    assert set(tenant_tables()) == set(scopes_by_table())


def test_raw_sql_without_context_sees_no_tenant_rows(app: Flask, seeded: World) -> None:
    scopes = scopes_by_table()
    with app.app_context():
        for table in tenant_tables():
            session_rows = visible(db.session, table)
            with db.engine.connect() as conn:
                engine_rows = visible(conn, table)
            assert session_rows == engine_rows
            if scopes[table] == "shared":  # region_gemeenten: public by design
                assert sorted(session_rows) == sorted([seeded.a_id, seeded.b_id])
            else:
                assert [g for g in session_rows if g is not None] == [], table
        assert db.session.execute(text("SELECT count(*) FROM gemeente_contacts")).scalar() == 0


def test_raw_sql_in_context_a_sees_only_a(app: Flask, seeded: World) -> None:
    a, b = seeded.a_id, seeded.b_id
    scopes = scopes_by_table()
    with app.app_context(), tenant_context(only(a)):
        for table in tenant_tables():
            rows = visible(db.session, table)
            if scopes[table] == "shared":
                assert sorted(rows) == sorted([a, b])
                continue
            if inspect_rows(f"SELECT 1 FROM {table} WHERE gemeente_id = :a LIMIT 1", a=a):
                assert a in rows, table
            assert set(rows) <= {a, None}, table
        # A raw connection is not the session's: it carries no setting, so it sees nothing.
        with db.engine.connect() as conn:
            assert visible(conn, "gemeente_contacts") == []
            rls.apply_to(conn, only(a))
            assert visible(conn, "gemeente_contacts") == [a]
            conn.rollback()
            assert visible(conn, "gemeente_contacts") == []


def test_raw_writes_to_b_touch_nothing_or_are_refused(app: Flask, seeded: World) -> None:
    a, b = seeded.a_id, seeded.b_id
    with app.app_context():
        with tenant_context(only(a)):
            params = {"b": b, "id": seeded.contact_b_id}
            assert (
                db.session.execute(
                    text("UPDATE gemeente_contacts SET name = 'X' WHERE id = :id"), params
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text("UPDATE gemeente_contacts SET name = 'X' WHERE gemeente_id = :b"), params
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text("DELETE FROM gemeente_contacts WHERE id = :id"), params
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text("UPDATE memberships SET valid_until = valid_from WHERE gemeente_id = :b"),
                    params,
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text("DELETE FROM memberships WHERE gemeente_id = :b"), params
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text(
                        "UPDATE region_gemeenten SET valid_until = valid_from WHERE gemeente_id = :b"
                    ),
                    params,
                ).rowcount
                == 0
            )
            assert (
                db.session.execute(
                    text("DELETE FROM region_gemeenten WHERE gemeente_id = :b"), params
                ).rowcount
                == 0
            )
            db.session.commit()
        for statement in (
            insert_contact_sql(b),
            text("UPDATE gemeente_contacts SET gemeente_id = :b").bindparams(b=b),  # moving A's row
            text(
                "INSERT INTO memberships (user_id, gemeente_id, role, valid_from, created_at, updated_at) "
                "VALUES (:u, :b, 'gemeente_admin', current_date, now(), now())"
            ).bindparams(u=seeded.user_ids["admin_a"], b=b),
            text(
                "INSERT INTO region_gemeenten (region_id, gemeente_id, valid_from) "
                "VALUES (:r, :b, current_date)"
            ).bindparams(r=seeded.region_id, b=b),
            text(
                f"INSERT INTO gemeente_contacts ({CONTACT_COLUMNS}) "
                "SELECT :b, 'Kopie', 'k@test.nl', '', false, false, now(), now()"
            ).bindparams(b=b),
        ):
            with tenant_context(only(a)), sql_error():
                db.session.execute(statement)
        with tenant_context(only(a)):  # control: A's own rows can be written
            db.session.execute(insert_contact_sql(a))
            db.session.commit()
    counts = dict(inspect_rows("SELECT gemeente_id, count(*) FROM gemeente_contacts GROUP BY 1"))
    assert counts == {a: 2, b: 1}
    assert inspect_rows(
        "SELECT name FROM gemeente_contacts WHERE id = :id", id=seeded.contact_b_id
    ) == [("Contact Den Haag",)]
    assert inspect_rows("SELECT count(*) FROM memberships WHERE gemeente_id = :b", b=b) == [(1,)]
    assert inspect_rows("SELECT count(*) FROM region_gemeenten WHERE gemeente_id = :b", b=b) == [
        (1,)
    ]


def test_audit_log_is_append_only_and_read_inside_the_context(app: Flask, seeded: World) -> None:
    a, b = seeded.a_id, seeded.b_id
    with app.app_context():
        with tenant_context(only(a)):
            for gemeente_id in (a, b, None):  # appending works for any gemeente
                db.session.execute(
                    text(
                        "INSERT INTO audit_events (occurred_at, gemeente_id, action) VALUES (now(), :g, 'test.append')"
                    ),
                    {"g": gemeente_id},
                )
            seen = (
                db.session.execute(
                    text("SELECT gemeente_id FROM audit_events WHERE action = 'test.append'")
                )
                .scalars()
                .all()
            )
            assert sorted(seen, key=str) == sorted([a, None], key=str)
            db.session.commit()
        for statement in (
            "UPDATE audit_events SET action = 'x' WHERE gemeente_id = :a",
            "DELETE FROM audit_events WHERE gemeente_id = :a",
            "UPDATE audit_events SET action = 'x' WHERE gemeente_id IS NULL",
            "TRUNCATE audit_events",
            # RETURNING needs SELECT on the new row: the app cannot read back B's audit row.
            "INSERT INTO audit_events (occurred_at, gemeente_id, action) VALUES (now(), :b, 'x') RETURNING id",
        ):
            with tenant_context(only(a)), sql_error():
                db.session.execute(text(statement), {"a": a, "b": b})
        with tenant_context(only(a)), pytest.raises(DBAPIError):  # the ORM says the same
            db.session.execute(delete(AuditEvent).where(AuditEvent.gemeente_id == a))
        db.session.rollback()
    assert inspect_rows("SELECT count(*) FROM audit_events WHERE action = 'test.append'") == [(3,)]
    assert inspect_rows("SELECT count(*) FROM audit_events WHERE action = 'x'") == [(0,)]


def test_the_app_role_cannot_switch_row_level_security_off(app: Flask, seeded: World) -> None:
    with app.app_context():
        for statement in (
            "ALTER TABLE gemeente_contacts DISABLE ROW LEVEL SECURITY",
            "ALTER TABLE gemeente_contacts NO FORCE ROW LEVEL SECURITY",
            "DROP POLICY tenant_isolation ON gemeente_contacts",
            "CREATE POLICY open_up ON gemeente_contacts USING (true)",
            (
                "CREATE OR REPLACE FUNCTION app_gemeente_allowed(gid integer) RETURNS boolean "
                "LANGUAGE sql STABLE AS $$ SELECT true $$"
            ),
            "SET ROLE regiotoezicht_owner",
        ):
            with sql_error():
                db.session.execute(text(statement))
        # With row_security off, a query that policies would filter fails instead of leaking.
        db.session.execute(text("SET LOCAL row_security = off"))
        with sql_error():
            db.session.execute(text("SELECT * FROM gemeente_contacts"))


# --- (d) the catalog ---------------------------------------------------------------------------


def test_every_gemeente_id_table_is_forced_under_a_policy(app: Flask) -> None:
    tables = tenant_tables()
    assert {"gemeente_contacts", "memberships", "region_gemeenten", "audit_events"} <= set(tables)
    flags = {
        name: (rls_on, forced)
        for name, rls_on, forced in inspect_rows(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')"
        )
    }
    policies = inspect_rows(
        "SELECT tablename, policyname, cmd, coalesce(qual, ''), coalesce(with_check, '') "
        "FROM pg_policies WHERE schemaname = 'public'"
    )
    for table in tables:
        assert flags[table] == (True, True), f"{table}: ENABLE and FORCE ROW LEVEL SECURITY"
        own = [p for p in policies if p[0] == table]
        assert own, f"{table} has no policy"
        assert any("app_gemeente_allowed" in p[3] + p[4] for p in own), table
    for table, name, cmd, qual, check in policies:
        if (table, name, cmd) in OPEN_POLICIES:
            continue
        assert "app_gemeente_allowed" in qual + check, f"policy {name} on {table} ({cmd})"
        if cmd in ("INSERT", "UPDATE", "ALL"):
            assert "app_gemeente_allowed" in (check or qual), f"{name} on {table} checks new rows"
    # The deliberately open ones are exactly these, and only for reading or appending.
    open_found = {(t, n, c) for t, n, c, q, w in policies if "app_gemeente_allowed" not in q + w}
    assert open_found == OPEN_POLICIES


def test_the_policy_function_is_stable_and_not_security_definer(app: Flask) -> None:
    rows = inspect_rows(
        "SELECT p.proname, p.provolatile, p.prosecdef, pg_get_userbyid(p.proowner) FROM pg_proc p "
        "WHERE p.pronamespace = 'public'::regnamespace AND p.proname IN ('app_gemeente_allowed', 'app_current_user_id')"
    )
    assert {r[0] for r in rows} == {"app_gemeente_allowed", "app_current_user_id"}
    for name, volatility, security_definer, owner in rows:
        assert volatility == "s", f"{name} is STABLE"
        assert security_definer is False, name
        assert owner != "regiotoezicht_app", name


def test_the_app_role_owns_nothing_and_bypasses_nothing(app: Flask) -> None:
    role = app.config["APP_DB_ROLE"]
    assert role == "regiotoezicht_app"
    assert inspect_rows(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = :r",
        r=role,
    ) == [(False, False, False, False)]
    owned = inspect_rows(
        "SELECT 'relation', relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = :r) "
        "UNION ALL SELECT 'function', proname FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = :r) "
        "UNION ALL SELECT 'schema', nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = :r) "
        "UNION ALL SELECT 'type', typname FROM pg_type WHERE typowner = (SELECT oid FROM pg_roles WHERE rolname = :r) "
        "UNION ALL SELECT 'database', datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = :r)",
        r=role,
    )
    assert owned == []
    # Nor does it inherit from a role that owns or bypasses (membership would give it all).
    assert inspect_rows(
        "SELECT count(*) FROM pg_roles r WHERE pg_has_role(:r, r.oid, 'MEMBER') AND r.rolname <> :r",
        r=role,
    ) == [(0,)]
    with app.app_context():  # and the app really connects as that role
        assert db.session.execute(text("SELECT current_user, session_user")).one() == (role, role)
        db.session.rollback()


# --- (e) the setting never outlives its transaction ---------------------------------------------


@pytest.fixture()
def one_connection_app(app: Flask) -> Iterator[Flask]:
    """An app whose pool holds exactly one connection: every transaction reuses it."""
    single = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 5},
        }
    )
    yield single
    with single.app_context():
        db.session.remove()
        db.engine.dispose()


def fresh_transaction_state() -> tuple[int, str | None, int, str | None, int]:
    """(backend pid, setting, contacts) seen by the session and by a raw connection of the pool."""
    session_view = db.session.execute(
        text(
            "SELECT pg_backend_pid(), current_setting('app.gemeente_ids', true), "
            "(SELECT count(*) FROM gemeente_contacts)"
        )
    ).one()
    db.session.rollback()
    with db.engine.connect() as conn:  # no session hooks at all: what the connection itself holds
        raw = conn.execute(
            text(
                "SELECT pg_backend_pid(), current_setting('app.gemeente_ids', true), "
                "(SELECT count(*) FROM gemeente_contacts)"
            )
        ).one()
    assert session_view[0] == raw[0], "the pool has one connection"
    return raw[0], session_view[1], session_view[2], raw[1], raw[2]


@pytest.mark.parametrize("ending", ["commit", "rollback", "error"])
def test_setting_is_gone_in_the_next_transaction(
    one_connection_app: Flask, world: World, ending: str
) -> None:
    with one_connection_app.app_context():
        with tenant_context(only(world.a_id)):
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
            assert db.session.execute(SETTING).scalar() == str(world.a_id)
            assert db.session.execute(text("SELECT count(*) FROM gemeente_contacts")).scalar() == 1
            if ending == "commit":
                db.session.commit()
            elif ending == "rollback":
                db.session.rollback()
            else:
                with pytest.raises(DBAPIError) as caught:
                    db.session.execute(text("SELECT 1 / 0"))
                assert sqlstate(caught.value) == "22012"  # the error itself, not a later one
        if ending == "error":
            db.session.rollback()
        same_pid, setting, contacts, raw_setting, raw_contacts = fresh_transaction_state()
        assert same_pid == pid
        assert (setting, contacts) == ("", 0)
        assert (raw_setting or "", raw_contacts) == ("", 0)


def test_setting_is_gone_after_a_context_that_stays_set(
    one_connection_app: Flask, world: World
) -> None:
    """Even while the context is still set (a job between two commits), a raw connection taken
    from the pool after the commit sees nothing: set_config(..., true) is transaction-local."""
    with one_connection_app.app_context(), tenant_context(only(world.a_id)):
        assert db.session.execute(text("SELECT count(*) FROM gemeente_contacts")).scalar() == 1
        db.session.commit()
        with db.engine.connect() as conn:
            assert conn.execute(SETTING).scalar() in ("", None)
            assert conn.execute(text("SELECT count(*) FROM gemeente_contacts")).scalar() == 0
        # The session's next transaction applies the context again.
        assert db.session.execute(SETTING).scalar() == str(world.a_id)


def test_setting_follows_context_changes_inside_one_transaction(
    one_connection_app: Flask, world: World
) -> None:
    a, b = world.a_id, world.b_id
    raw = text("SELECT gemeente_id FROM gemeente_contacts")
    with one_connection_app.app_context(), tenant_context(only(a)):
        txid = db.session.execute(text("SELECT txid_current()")).scalar()
        assert db.session.scalars(raw).all() == [a]
        assert db.session.scalars(select(C.gemeente_id)).all() == [a]
        with tenant_context(only(b)):
            assert db.session.execute(SETTING).scalar() == str(b)
            assert db.session.scalars(raw).all() == [b]
            assert db.session.scalars(select(C.gemeente_id)).all() == [b]
        assert db.session.scalars(raw).all() == [a]
        with tenant_context(None):
            assert db.session.scalars(raw).all() == []
        with tenant_context(ctx(a, b)):
            assert sorted(db.session.scalars(raw).all()) == sorted([a, b])
        assert db.session.scalars(raw).all() == [a]
        assert db.session.execute(text("SELECT txid_current()")).scalar() == txid
        db.session.rollback()


def test_rolling_back_a_savepoint_does_not_restore_a_wider_setting(
    app: Flask, world: World
) -> None:
    """ROLLBACK TO SAVEPOINT undoes set_config(); the current context is applied again."""
    a, b = world.a_id, world.b_id
    raw = text("SELECT gemeente_id FROM gemeente_contacts")
    with app.app_context(), tenant_context(ctx(a, b)):  # a region page: both gemeenten
        assert sorted(db.session.scalars(raw).all()) == sorted([a, b])
        savepoint = db.session.begin_nested()
        with tenant_context(only(a)):
            assert db.session.scalars(raw).all() == [a]
            savepoint.rollback()  # would bring back "a,b" while the context says A
            assert db.session.execute(SETTING).scalar() == str(a)
            assert db.session.scalars(raw).all() == [a]
        assert sorted(db.session.scalars(raw).all()) == sorted([a, b])
        with tenant_context(only(a)):
            with pytest.raises(DBAPIError), db.session.begin_nested():
                db.session.execute(insert_contact_sql(b))  # refused by RLS inside the savepoint
            assert db.session.scalars(raw).all() == [a]
        db.session.rollback()


def test_errors_inside_a_context_are_not_replaced_on_leaving_it(app: Flask, world: World) -> None:
    """Leaving a context re-applies the setting; in an aborted transaction that must not raise
    "current transaction is aborted" over the error that got us there."""
    with app.app_context():
        with pytest.raises(DBAPIError) as caught, tenant_context(only(world.a_id)):
            db.session.execute(insert_contact_sql(world.b_id))
        assert sqlstate(caught.value) == INSUFFICIENT_PRIVILEGE
        db.session.rollback()
        with pytest.raises(TenantViolation), tenant_context(only(world.a_id)):
            db.session.add(C(gemeente_id=world.b_id, name="x", email="y"))
            db.session.flush()
        db.session.rollback()
        with tenant_context(only(world.a_id)):  # and the session works normally afterwards
            assert db.session.scalars(select(C.id)).all() == [world.contact_a_id]


# --- RLS alone: the ORM hooks switched off ------------------------------------------------------


@contextmanager
def without_orm_scoping() -> Iterator[None]:
    session_cls = db.session.session_factory.class_  # type: ignore[attr-defined]
    event.remove(session_cls, "do_orm_execute", scoping._do_orm_execute)
    event.remove(session_cls, "before_flush", scoping._before_flush)
    event.remove(session_cls, "after_flush", scoping._after_flush)
    try:
        yield
    finally:
        scoping.install(session_cls)


def test_rls_alone_isolates_orm_statements(app: Flask, world: World) -> None:
    a, b = world.a_id, world.b_id
    with app.app_context(), without_orm_scoping():
        with tenant_context(only(a)):
            assert db.session.scalars(select(C.gemeente_id)).all() == [a]
            assert db.session.get(C, world.contact_b_id) is None
            assert db.session.execute(update(C).values(name="Gewijzigd")).rowcount == 1
            assert db.session.execute(delete(C).where(C.gemeente_id == b)).rowcount == 0
            db.session.commit()
        with tenant_context(only(a)), sql_error():
            db.session.execute(insert(C).values(gemeente_id=b, name="x", email="y"))
        with tenant_context(only(a)), sql_error():
            db.session.add(C(gemeente_id=b, name="x", email="y"))
            db.session.flush()
        with tenant_context(only(a)):
            contact = db.session.get(C, world.contact_a_id)
            assert contact is not None
            contact.gemeente_id = b
            with pytest.raises(DBAPIError) as caught:
                db.session.flush()
            assert sqlstate(caught.value) == INSUFFICIENT_PRIVILEGE
        db.session.rollback()
        assert db.session.scalars(select(C)).all() == []  # without a context: nothing
        db.session.rollback()
    assert inspect_rows("SELECT name FROM gemeente_contacts WHERE gemeente_id = :b", b=b) == [
        ("Contact Den Haag",)
    ]


def test_identity_map_caveat_and_rls_behind_it(app: Flask, world: World) -> None:
    """Objects already in the session skip the loader criteria (SQLAlchemy documents this):
    session.get returns B's contact from the identity map even in context A. The flush guard
    refuses changing it, and with the guard off row-level security still blocks the UPDATE."""
    with app.app_context():
        with tenant_context(only(world.b_id)):
            b_contact = db.session.get(C, world.contact_b_id)
        with tenant_context(only(world.a_id)):
            assert db.session.get(C, world.contact_b_id) is b_contact  # the caveat
            assert db.session.scalars(select(C).where(C.id == world.contact_b_id)).first() is None
            b_contact.name = "Overgenomen"
            with pytest.raises(TenantViolation):
                db.session.flush()
        db.session.rollback()
        with tenant_context(only(world.b_id)):
            b_contact = db.session.get(C, world.contact_b_id)
        with without_orm_scoping(), tenant_context(only(world.a_id)):
            b_contact.name = "Overgenomen"
            with pytest.raises(StaleDataError):  # UPDATE … WHERE id = B's: 0 rows under RLS
                db.session.flush()
        db.session.rollback()
    assert inspect_rows(
        "SELECT name FROM gemeente_contacts WHERE id = :id", id=world.contact_b_id
    ) == [("Contact Den Haag",)]


def test_a_plain_session_without_the_hooks_sees_nothing(app: Flask, world: World) -> None:
    """A Session made by hand has neither hook: no setting means no rows, never all rows."""
    with app.app_context(), tenant_context(only(world.a_id)), Session(db.engine) as plain:
        assert plain.scalars(select(C)).all() == []
        assert plain.execute(text("SELECT count(*) FROM memberships")).scalar() == 0


def test_superuser_view_sees_both(app: Flask, world: World) -> None:
    """Control for the assertions above: the rows are there."""
    with superuser() as conn:
        assert sorted(
            conn.execute(text("SELECT gemeente_id FROM gemeente_contacts")).scalars()
        ) == sorted([world.a_id, world.b_id])
