"""Layer 2 of tenant isolation: PostgreSQL row-level security bound to a per-transaction setting.

Every transaction starts with `set_config('app.gemeente_ids', '<ids>', true)` (and the acting
user's id); it is applied again whenever the tenant context changes inside a transaction (the
user loader runs before the gemeente is known). Transaction-local settings vanish at commit or
rollback, and the pooled connection then reads '' — which the policy function treats as "no
gemeente", exactly like a missing setting. The migration helpers below enable, force and
attach the policies for each tenant table, including the two participant scopes (see
policy_sql): a shared row visible through one EXISTS on its participant table, and a tenant
row that the participants of the shared row it points at may also read.
"""

from __future__ import annotations

from typing import Any

from flask import has_app_context
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from regiotoezicht.context import TenantContext, current_tenant_context, on_tenant_context_change
from regiotoezicht.extensions import db

GEMEENTE_SETTING = "app.gemeente_ids"
USER_SETTING = "app.user_id"

_APPLY = text(
    "SELECT set_config('app.gemeente_ids', :ids, true), set_config('app.user_id', :uid, true)"
)


def setting_values(ctx: TenantContext | None) -> dict[str, str]:
    if ctx is None:
        return {"ids": "", "uid": ""}
    return {
        "ids": ",".join(str(i) for i in sorted(ctx.allowed_ids)),
        "uid": "" if ctx.user_id is None else str(ctx.user_id),
    }


def apply_to(connection: Connection, ctx: TenantContext | None) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(_APPLY, setting_values(ctx))


def _after_begin(session: Session, transaction: Any, connection: Connection) -> None:
    apply_to(connection, current_tenant_context())


def _usable_connection(session: Session) -> Connection | None:
    """The connection of the session's running transaction, if statements can still run on it.

    After a failed flush the session must roll back first, and after a failed statement
    PostgreSQL refuses everything until the rollback: then nothing can read with the old
    setting either, and the next transaction applies the context in after_begin. Trying anyway
    would replace the error that got us here by "current transaction is aborted".
    """
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active:
        return None
    # Through the transaction, not session.connection(): that refuses while a
    # `with session.begin_nested():` block is closing, which is when a savepoint rolls back.
    connection = transaction.connection(None)
    info = getattr(connection.connection.driver_connection, "info", None)
    if getattr(getattr(info, "transaction_status", None), "name", "") == "INERROR":
        return None
    return connection


def _on_context_change(ctx: TenantContext | None) -> None:
    """Re-apply inside a running transaction; a new one picks the context up in after_begin."""
    if not has_app_context():
        return
    connection = _usable_connection(db.session())
    if connection is not None:
        apply_to(connection, ctx)


def _after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    """ROLLBACK TO SAVEPOINT also undoes set_config() calls made since the savepoint, which can
    leave the setting of an earlier (wider) context: apply the current one again."""
    if not previous_transaction.nested:
        return
    connection = _usable_connection(session)
    if connection is not None:
        apply_to(connection, current_tenant_context())


def install(session_cls: type[Session]) -> None:
    if not event.contains(session_cls, "after_begin", _after_begin):
        event.listen(session_cls, "after_begin", _after_begin)
    if not event.contains(session_cls, "after_soft_rollback", _after_soft_rollback):
        event.listen(session_cls, "after_soft_rollback", _after_soft_rollback)
    on_tenant_context_change(_on_context_change)


# --- migration helpers --------------------------------------------------------------------
#
# app_gemeente_allowed() is deliberately a bare `gid = ANY(<setting as int[]>)`: PostgreSQL inlines
# such a SQL function into the policy, so `gemeente_id = ANY(...)` becomes an index condition.
# Wrapped in coalesce(..., false) it was not inlinable and every policy check became a
# sequential scan with a per-row function call (benchmarks/bench_tenancy.py: 69 ms → 2 ms for a
# count over 50,000 rows). A missing or empty setting gives NULL, which a policy treats as false
# (USING hides the row, WITH CHECK rejects it): still "no gemeente".
# Changing FUNCTIONS_SQL needs a new migration that calls install_functions() again.

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION app_gemeente_allowed(gid integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT gid = ANY (string_to_array(nullif(current_setting('app.gemeente_ids', true), ''), ',')::integer[])
$$;
CREATE OR REPLACE FUNCTION app_current_user_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::integer
$$;
"""

DROP_FUNCTIONS_SQL = """
DROP FUNCTION IF EXISTS app_gemeente_allowed(integer);
DROP FUNCTION IF EXISTS app_current_user_id();
"""


def participants_exist(table: str, participants: tuple[str, str, str]) -> str:
    """EXISTS a participant row of an allowed gemeente for this row (one index probe).

    The participant table is under its own strict policy as well, which repeats the same
    condition; the (fk, gemeente_id) index of the participant table serves both. The planner
    turns the EXISTS into a semi-join for list reads (benchmarks/bench_participants.py).
    """
    participant_table, fk, local = participants
    return (
        f"EXISTS (SELECT 1 FROM {participant_table} p WHERE p.{fk} = {table}.{local} "
        "AND app_gemeente_allowed(p.gemeente_id))"
    )


def policy_sql(
    table: str, scope: str, participants: tuple[str, str, str] | None = None
) -> list[str]:
    """The statements that enable, force and attach the policies of one tenant table.

    The participant scopes take `participants` = (participant table, its column naming the
    shared row, this table's column that matches it), as in `__tenant_participants__`:
    - "participants": read, change and delete when a participant of an allowed gemeente exists.
      A new shared row (local column = "id", the primary key) may be inserted freely: nobody
      sees it until a participant row (strict, so only of an allowed gemeente) is added. Its
      INSERT must not use RETURNING (the new row is not visible yet): the model sets
      implicit_returning=False, so the id comes from the sequence first. A child row is
      inserted only under a visible parent;
    - "tenant_or_participants": read by its own gemeente or a participant gemeente of the row
      it points at; written only by its own gemeente, and only pointing at a visible parent.
    """
    allowed = "app_gemeente_allowed(gemeente_id)"
    sql = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
    ]
    if scope in ("participants", "tenant_or_participants"):
        if participants is None:
            raise ValueError(f"{table}: scope {scope!r} needs the participants table and columns")
        shared = participants_exist(table, participants)
        local = participants[2]
        if scope == "participants":
            insert = "true" if local == "id" else shared
            return sql + [
                f"CREATE POLICY tenant_read ON {table} FOR SELECT USING ({shared})",
                f"CREATE POLICY tenant_insert ON {table} FOR INSERT WITH CHECK ({insert})",
                f"CREATE POLICY tenant_update ON {table} FOR UPDATE USING ({shared}) WITH CHECK ({shared})",
                f"CREATE POLICY tenant_delete ON {table} FOR DELETE USING ({shared})",
            ]
        parent = f"({local} IS NULL OR {shared})"
        return sql + [
            f"CREATE POLICY tenant_read ON {table} FOR SELECT USING ({allowed} OR {shared})",
            f"CREATE POLICY tenant_insert ON {table} FOR INSERT WITH CHECK ({allowed} AND {parent})",
            f"CREATE POLICY tenant_update ON {table} FOR UPDATE USING ({allowed}) "
            f"WITH CHECK ({allowed} AND {parent})",
            f"CREATE POLICY tenant_delete ON {table} FOR DELETE USING ({allowed})",
        ]
    if scope == "strict":
        sql.append(f"CREATE POLICY tenant_isolation ON {table} USING ({allowed}) WITH CHECK ({allowed})")
        return sql
    read = {
        "nullable": f"gemeente_id IS NULL OR {allowed}",
        "own_or_tenant": f"{allowed} OR user_id = app_current_user_id()",
        "shared": "true",
    }[scope]
    sql.append(f"CREATE POLICY tenant_read ON {table} FOR SELECT USING ({read})")
    if scope == "nullable":
        # The audit log: the app may add rows for any gemeente, and never change or remove them.
        sql.append(f"CREATE POLICY tenant_append ON {table} FOR INSERT WITH CHECK (true)")
        return sql
    sql += [
        f"CREATE POLICY tenant_insert ON {table} FOR INSERT WITH CHECK ({allowed})",
        f"CREATE POLICY tenant_update ON {table} FOR UPDATE USING ({allowed}) WITH CHECK ({allowed})",
        f"CREATE POLICY tenant_delete ON {table} FOR DELETE USING ({allowed})",
    ]
    return sql


def enable_tenant_rls(
    op: Any, table: str, scope: str = "strict", participants: tuple[str, str, str] | None = None
) -> None:
    """Migration helper: row-level security for one tenant table (no-op on SQLite)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in policy_sql(table, scope, participants):
        op.execute(statement)


def install_functions(op: Any) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTIONS_SQL)


def grant_app_role(op: Any, role: str) -> None:
    """Grant the app role what it needs, now and for tables later migrations create."""
    if not role or op.get_bind().dialect.name != "postgresql":
        return
    quoted = '"' + role.replace('"', '""') + '"'
    op.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    op.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {quoted}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}"
    )
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}")
    # The audit log is append-only for the app; the migration history is not the app's business.
    op.execute(f"REVOKE UPDATE, DELETE ON audit_events FROM {quoted}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {quoted}")
