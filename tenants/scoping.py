"""Layer 1 of tenant isolation: every ORM statement on a tenant table is limited to the context.

A model takes part by its `__tenant_scope__`:
- "strict" (the TenantScoped mixin): rows of the allowed gemeenten only;
- "nullable": rows of the allowed gemeenten, plus region-level rows without a gemeente;
- "own_or_tenant": rows of the allowed gemeenten, plus the acting user's own rows;
- "shared": everyone reads; writes stay inside the allowed set;
- "participants": a region-level row without a gemeente of its own (an investigation that
  several gemeenten share, and its children) that is visible, changeable and deletable exactly
  when a row of its participant table for an allowed gemeente exists;
- "tenant_or_participants": a strict tenant row (own gemeente_id) that the other participant
  gemeenten of the investigation it points at may READ; only its own gemeente writes it.

The last two declare `__tenant_participants__ = (Participant, "fk_on_participant", "local")`:
the participant model (a strict tenant table, or its table name), its column naming the shared
row, and the column of this model it matches (the primary key for the shared row itself, the
foreign key for its children). The criterion is one EXISTS on the participant table, as is the
PostgreSQL policy (tenants/rls.py). Writes:
- the shared row itself (local column = its primary key) may be INSERTed by anyone: it is
  invisible to everybody until a participant row is added, and participant rows are strict
  tenant rows, so only a gemeente of the context can be added. Add the participants in the same
  flush (a later UPDATE of a row nobody can see is refused like any other);
- a child row is written only when its parent is visible: a new or changed child must point at
  a parent with a participant of the context after the flush (checked after_flush, when
  relationship-assigned keys are known), and an existing one must be visible before;
- a "tenant_or_participants" row is written like a strict row; its local column (nullable)
  must name a parent visible in the context, so nobody can push a row into the view of an
  investigation they do not take part in.

The do_orm_execute hook adds the criteria to every SELECT (also relationship and column loads),
ORM UPDATE and DELETE, and checks ORM INSERT values; the before_flush guard stamps the active
gemeente on new rows and rejects writes outside the set. Without a context a statement on a
tenant table raises: we never run an unfiltered query. Nothing here removes the filter.

The criteria are functions of the entity, so aliases are filtered too; subqueries that read a
tenant table as a bare Table (the EXISTS of any()/has(), `exists().where(...)`) get them added
as well. Writes are limited to the allowed gemeenten whatever the scope (reading a shared table
or one's own memberships does not make them writable), as the PostgreSQL policies do.
Statements that cannot carry the criteria are refused instead of run unfiltered: Core
statements on a tenant table's `Table`, a join to such a bare Table, INSERT … FROM SELECT and
ON CONFLICT DO UPDATE into a tenant table. Rows the unit of work or a bulk UPDATE by primary key
will change are looked up inside the scope first, because their UPDATE/DELETE names only the
primary key.

Limits, which row-level security on PostgreSQL covers: text() SQL, `session.connection()`,
and objects already in the identity map (`session.get` returns them without a query), which is
why every request, job and command uses a session of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from sqlalchemy import (
    Alias,
    ForeignKey,
    ForeignKeyConstraint,
    Insert,
    Join,
    Table,
    UniqueConstraint,
    event,
    exists,
    false,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import (
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    synonym,
    with_loader_criteria,
)
from sqlalchemy.orm.context import FromStatement
from sqlalchemy.sql import visitors
from sqlalchemy.sql.util import find_tables

from regiotoezicht.context import (
    TenantContext,
    TenantContextMissing,
    TenantViolation,
    current_tenant_context,
)
from regiotoezicht.db import Base

STRICT, NULLABLE, OWN_OR_TENANT, SHARED = "strict", "nullable", "own_or_tenant", "shared"
PARTICIPANTS, TENANT_OR_PARTICIPANTS = "participants", "tenant_or_participants"
#: Scopes whose rows have a gemeente_id of their own.
GEMEENTE_SCOPES = frozenset({STRICT, NULLABLE, OWN_OR_TENANT, SHARED, TENANT_OR_PARTICIPANTS})
#: Scopes whose visibility follows a participant table.
PARTICIPANT_SCOPES = frozenset({PARTICIPANTS, TENANT_OR_PARTICIPANTS})


class TenantScoped:
    """Mixin for tenant tables: an indexed, non-null `gemeente_id`, filtered on every statement.

    Tables that other tenant tables refer to add `tenant_key()` to their __table_args__, and the
    referring tables use `tenant_fk(...)`, so a row can never point into another gemeente.
    """

    __tenant_scope__ = STRICT

    @declared_attr
    def gemeente_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("gemeenten.id"), index=True, nullable=False)


def tenant_key() -> UniqueConstraint:
    """The (gemeente_id, id) key that composite tenant foreign keys point at."""
    return UniqueConstraint("gemeente_id", "id")


def tenant_fk(column: str, target_table: str, **kwargs: Any) -> ForeignKeyConstraint:
    """A foreign key on (gemeente_id, column) → target (gemeente_id, id): same gemeente only."""
    return ForeignKeyConstraint(
        ["gemeente_id", column], [f"{target_table}.gemeente_id", f"{target_table}.id"], **kwargs
    )


def scope_of(cls: type) -> str | None:
    return getattr(cls, "__tenant_scope__", None)


_scoped_cache: tuple[int, list[type], dict[Any, type]] = (-1, [], {})


def _refresh_cache() -> None:
    global _scoped_cache
    mappers = Base.registry.mappers
    if _scoped_cache[0] != len(mappers):
        classes = sorted((m.class_ for m in mappers if scope_of(m.class_)), key=lambda c: c.__name__)
        tables = {t: c for c in classes for t in sa_inspect(c).tables}
        _scoped_cache = (len(mappers), classes, tables)


def scoped_classes() -> list[type]:
    """Every mapped class that takes part in tenant scoping (recomputed when models are added)."""
    _refresh_cache()
    return _scoped_cache[1]


def scoped_tables() -> dict[Any, type]:
    """The `Table` of every scoped class → that class."""
    _refresh_cache()
    return _scoped_cache[2]


class ParticipantScoped:
    """Mixin for "participants" models: declare `__tenant_participants__` on the class.

    `tenant_participant_key` is a synonym of the local column, so the criterion can name it
    with a fixed attribute on the class and on every alias of it (SQLAlchemy's lambda caching
    cannot track an attribute name held in a variable).
    """

    __tenant_scope__ = PARTICIPANTS
    __tenant_participants__: tuple[Any, str, str]

    @declared_attr
    def tenant_participant_key(cls) -> Mapped[int]:
        return synonym(cls.__tenant_participants__[2])


class TenantOrParticipantsScoped(TenantScoped):
    """Mixin for "tenant_or_participants" models: a strict tenant row, also readable by the
    participant gemeenten of the shared row named by the local column of `__tenant_participants__`."""

    __tenant_scope__ = TENANT_OR_PARTICIPANTS
    __tenant_participants__: tuple[Any, str, str]

    @declared_attr
    def tenant_participant_key(cls) -> Mapped[int | None]:
        return synonym(cls.__tenant_participants__[2])


class ParticipantLink:
    """How a "participants" or "tenant_or_participants" model finds its participant rows."""

    def __init__(self, cls: type) -> None:
        spec = getattr(cls, "__tenant_participants__", None)
        if not (isinstance(spec, tuple) and len(spec) == 3):
            raise TenantViolation(
                f"{cls.__name__} has scope {scope_of(cls)!r} but no __tenant_participants__ "
                "= (Participant, 'fk_column', 'local_column')"
            )
        if "tenant_participant_key" not in sa_inspect(cls).all_orm_descriptors:
            raise TenantViolation(f"{cls.__name__}: use the ParticipantScoped mixin")
        target, fk, local = spec
        table = _participant_table(target)
        participant = scoped_tables().get(table)
        if participant is None or scope_of(participant) != STRICT:
            raise TenantViolation(f"{cls.__name__}: the participant table must be a strict tenant table")
        mapper = sa_inspect(cls)
        self.participant: Any = participant
        self.fk = table.c[fk]
        self.gemeente = table.c["gemeente_id"]
        self.participant_fk: Any = getattr(participant, _attribute_of(participant, fk))
        self.local: str = local
        self.local_key: str = _attribute_of(cls, local)
        #: The shared row itself (its primary key is what the participants name).
        self.is_root: bool = [c.name for c in mapper.primary_key] == [local]


def _attribute_of(cls: Any, column: str) -> str:
    mapper = sa_inspect(cls)
    return mapper.get_property_by_column(mapper.local_table.c[column]).key  # type: ignore[no-any-return]


def _participant_table(target: Any) -> Table:
    if isinstance(target, str):
        if target in Base.metadata.tables:
            return Base.metadata.tables[target]
        for mapper in Base.registry.mappers:
            if mapper.class_.__name__ == target:
                return mapper.local_table  # type: ignore[return-value]
        raise TenantViolation(f"unknown participant table {target!r}")
    return sa_inspect(target).local_table  # type: ignore[no-any-return]


@cache
def participant_link(cls: type) -> ParticipantLink:
    return ParticipantLink(cls)


class _Columns:
    """A bare Table's columns under the attribute names the criteria use."""

    def __init__(self, cls: type, columns: Any) -> None:
        self.gemeente_id = columns.get("gemeente_id")
        self.tenant_participant_key = columns[participant_link(cls).local]


def _criterion(cls: Any, ctx: TenantContext | None, *, write: bool = False) -> Callable[[Any], Any]:
    """Which rows a statement may see (or, with `write`, change) in this context.

    A function of the entity, as with_loader_criteria wants it: it is called for the class and
    for every alias of it. A fixed expression would keep naming the base table, so an aliased
    join (`join(aliased(C), ...)`) went unfiltered. The closure holds only plain values
    (`allowed`, `user_id`), which SQLAlchemy turns into bound parameters on every execution.
    """
    if ctx is None:
        return lambda entity: false()
    allowed = sorted(ctx.allowed_ids)
    user_id = ctx.user_id
    scope = scope_of(cls)
    if scope in PARTICIPANT_SCOPES:
        link = participant_link(cls)
        fk, gemeente = link.fk, link.gemeente
        if scope == PARTICIPANTS:
            return lambda entity: exists().where(
                fk == entity.tenant_participant_key, gemeente.in_(allowed)
            )
        if not write:
            return lambda entity: or_(
                entity.gemeente_id.in_(allowed),
                exists().where(fk == entity.tenant_participant_key, gemeente.in_(allowed)),
            )
    tenant_only = write and scope in (OWN_OR_TENANT, SHARED, TENANT_OR_PARTICIPANTS)
    if scope == STRICT or tenant_only or (scope == OWN_OR_TENANT and user_id is None):
        return lambda entity: entity.gemeente_id.in_(allowed)
    if scope == NULLABLE:
        return lambda entity: or_(entity.gemeente_id.is_(None), entity.gemeente_id.in_(allowed))
    if scope == OWN_OR_TENANT:
        return lambda entity: or_(entity.gemeente_id.in_(allowed), entity.user_id == user_id)
    if scope == SHARED:
        return lambda entity: true()
    raise TenantViolation(f"unknown tenant scope {scope!r} on {cls.__name__}")


def _mappers_touched(state: ORMExecuteState) -> Iterable[Mapper[Any]]:
    if state.bind_mapper is not None:
        yield state.bind_mapper
    yield from state.all_mappers


def _check_values(
    cls: Any,
    values: Iterable[Mapping[str, Any]],
    ctx: TenantContext,
    insert: bool,
    session: Session | None = None,
) -> None:
    scope = scope_of(cls)
    values = list(values)
    if scope in PARTICIPANT_SCOPES:
        _check_parents(cls, values, ctx, insert, session)
        if scope == PARTICIPANTS:
            return
    for row in values:
        keys = {getattr(k, "key", k): v for k, v in row.items()}
        if "gemeente_id" not in keys:
            if insert and scope != NULLABLE:
                raise TenantViolation(f"bulk insert into {cls.__name__} without gemeente_id")
            continue
        value = keys["gemeente_id"]
        value = getattr(value, "value", value)  # a bindparam carries its value
        if value is None and scope == NULLABLE:
            continue
        if not isinstance(value, int) or value not in ctx.allowed_ids:
            raise TenantViolation(f"{cls.__name__}: gemeente {value!r} is outside the tenant context")


def _check_parents(
    cls: Any,
    values: list[Mapping[str, Any]],
    ctx: TenantContext,
    insert: bool,
    session: Session | None,
) -> None:
    """The local column of written rows names a shared row visible in this context."""
    link = participant_link(cls)
    if link.is_root:
        return  # a new shared row is invisible until a participant of the context is added
    named: set[int] = set()
    for row in values:
        keys = {getattr(k, "key", k): v for k, v in row.items()}
        if link.local not in keys:
            if insert and scope_of(cls) == PARTICIPANTS:
                raise TenantViolation(f"insert into {cls.__name__} without {link.local}")
            continue
        value = keys[link.local]
        value = getattr(value, "value", value)
        if value is None and scope_of(cls) == TENANT_OR_PARTICIPANTS:
            continue
        if not isinstance(value, int):
            raise TenantViolation(f"{cls.__name__}: {link.local} {value!r} cannot be checked")
        named.add(value)
    if named:
        if session is None:
            raise TenantViolation(f"{cls.__name__}: {link.local} cannot be checked here")
        _assert_parents_visible(session, cls, named, ctx)


def _assert_parents_visible(
    session: Session, cls: Any, parent_ids: Iterable[int], ctx: TenantContext
) -> None:
    wanted = set(parent_ids)
    if not wanted:
        return
    link = participant_link(cls)
    fk = link.participant_fk
    query = select(fk).where(fk.in_(sorted(wanted)), link.participant.gemeente_id.in_(ctx.allowed_ids))
    missing = wanted - set(session.scalars(query))
    if missing:
        raise TenantViolation(
            f"{cls.__name__}: {link.local} {sorted(missing)!r} is not shared with the tenant context"
        )


def _row(statement: Any, row: Any) -> dict[Any, Any]:
    """A VALUES row as a mapping; positional rows follow the table's column order."""
    if isinstance(row, Mapping):
        return dict(row)
    return {c.key: v for c, v in zip(statement.table.c, row)}


def _statement_values(statement: Any, params: Any) -> list[Mapping[str, Any]]:
    """Every row the statement writes: .values(), ordered values, multi-VALUES, executemany."""
    base = _row(statement, getattr(statement, "_values", None) or {})
    base.update(dict(getattr(statement, "_ordered_values", None) or ()))
    multi = getattr(statement, "_multi_values", None) or ()
    rows = [_row(statement, row) for group in multi for row in group]
    if isinstance(params, (list, tuple)):
        rows += [{**base, **p} for p in params]
    elif params:
        rows.append({**base, **params})
    return rows or [base]


def _check_write(
    cls: Any,
    statement: Any,
    params: Any,
    ctx: TenantContext,
    insert: bool,
    session: Session | None = None,
) -> None:
    if insert:
        if getattr(statement, "_select_names", None):
            raise TenantViolation(f"INSERT … FROM SELECT into {cls.__name__} cannot be checked")
        if hasattr(getattr(statement, "_post_values_clause", None), "update_values_to_set"):
            # The conflicting row may belong to another gemeente: the update would reach it.
            raise TenantViolation(
                f"ON CONFLICT DO UPDATE on {cls.__name__} could change another gemeente's row"
            )
    _check_values(cls, _statement_values(statement, params), ctx, insert, session)


def _assert_in_scope(
    session: Session, cls: Any, identities: Iterable[Any], ctx: TenantContext
) -> None:
    """Each primary key names a row this context may change (their UPDATE/DELETE name only it)."""
    wanted = {tuple(i) for i in identities}
    if not wanted:
        return
    mapper = sa_inspect(cls)
    cols = [mapper.get_property_by_column(c).class_attribute for c in mapper.primary_key]
    key = cols[0] if len(cols) == 1 else tuple_(*cols)
    values = [i[0] for i in wanted] if len(cols) == 1 else sorted(wanted)
    query = select(*cols).where(key.in_(values), _criterion(cls, ctx, write=True)(cls))
    missing = wanted - {tuple(r) for r in session.execute(query)}
    if missing:
        raise TenantViolation(f"{cls.__name__} {sorted(missing)!r}: not in the tenant context")


def _orm_enabled(statement: Any) -> bool:
    # What ORMExecuteState.is_orm_statement checks, for the statement inside a FromStatement too.
    plugin = statement._propagate_attrs.get("compile_state_plugin")
    return plugin == "orm"


def _check_core(
    statement: Any, params: Any, ctx: TenantContext | None, session: Session | None = None
) -> None:
    """A Core statement on a tenant table's Table cannot carry the criteria: refuse it.

    Exceptions: reading a shared table, an INSERT whose rows are checked, and appending to a
    nullable table (the audit log: any gemeente, exactly as its INSERT policy allows).
    """
    by_table = scoped_tables()
    touched = {
        by_table[t]
        for t in find_tables(statement, check_columns=True, include_aliases=True, include_crud=True)
        if isinstance(t, Table) and t in by_table
    }
    if not touched:
        return
    target = by_table.get(getattr(statement, "table", None))
    if isinstance(statement, Insert) and target is not None and touched == {target}:
        if scope_of(target) == NULLABLE and not statement._select_names:
            return
        if ctx is None:
            raise TenantContextMissing(f"insert into {target.__name__} without a tenant context")
        _check_write(target, statement, params, ctx, insert=True, session=session)
        return
    names = ", ".join(sorted(c.__name__ for c in touched))
    if ctx is None and any(scope_of(c) != SHARED for c in touched):
        raise TenantContextMissing(f"statement on tenant table(s) {names} without a tenant context")
    if getattr(statement, "is_select", False) and all(scope_of(c) == SHARED for c in touched):
        return
    raise TenantViolation(
        f"a Core statement on the Table of {names} cannot be scoped: use the mapped class"
    )


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete or state.is_insert):
        return
    ctx = current_tenant_context()
    statement = state.statement
    inner = statement.element if isinstance(statement, FromStatement) else statement
    if not _orm_enabled(inner):
        _check_core(inner, state.parameters, ctx, state.session)
        if inner is statement:
            return
    scoped = scoped_classes()
    touched = [m.class_ for m in _mappers_touched(state) if scope_of(m.class_)]
    if ctx is None and any(scope_of(c) != SHARED for c in touched):
        raise TenantContextMissing(
            "statement on tenant table(s) "
            + ", ".join(sorted({c.__name__ for c in touched}))
            + " without a tenant context"
        )
    if state.is_insert or state.is_update:
        for cls in touched:
            if ctx is None:
                raise TenantContextMissing(f"write to {cls.__name__} without a tenant context")
            _check_write(cls, inner, state.parameters, ctx, state.is_insert, state.session)
            if state.is_update and isinstance(state.parameters, (list, tuple)):
                # ORM bulk UPDATE by primary key ignores the loader criteria: check the keys.
                keys = [c.key for c in sa_inspect(cls).primary_key]
                rows = [p for p in state.parameters if all(k in p for k in keys)]
                named = [[p[k] for k in keys] for p in rows]
                _assert_in_scope(state.session, cls, named, ctx)
    if state.is_insert:
        return
    write = state.is_update or state.is_delete
    state.statement = _scope_bare_tables(state.statement, ctx).options(
        *(
            with_loader_criteria(cls, _criterion(cls, ctx, write=write), include_aliases=True)
            for cls in scoped
            if scope_of(cls) != SHARED or write
        )
    )


def _scope_bare_tables(statement: Any, ctx: TenantContext | None) -> Any:
    """Add the criteria to every SELECT inside the statement that reads a tenant table directly.

    with_loader_criteria reaches entities, not a bare Table (or Table alias) in a subquery: the
    EXISTS of a relationship's any()/has() (SQLAlchemy issue #13070), `exists().where(...)`,
    `select(Table.c.x)` as a subquery. A bare tenant Table joined into an ORM statement cannot
    be filtered without changing what the join means, so that is refused.
    """
    by_table = scoped_tables()
    if not any(
        isinstance(t, Table) and t in by_table
        for t in find_tables(statement, check_columns=True, include_aliases=True)
    ):
        return statement

    def bare(from_: Any) -> Any:
        if "parententity" in from_._annotations:  # an ORM entity: with_loader_criteria has it
            return None
        table = from_.element if isinstance(from_, Alias) else from_
        cls = by_table.get(table) if isinstance(table, Table) else None
        return None if cls is None or scope_of(cls) == SHARED else cls

    def scope_select(select_: Any) -> None:
        for from_ in select_.get_final_froms():
            if isinstance(from_, Join):
                for leaf in _join_leaves(from_):
                    if (cls := bare(leaf)) is None:
                        continue
                    if ctx is None:
                        raise TenantContextMissing(f"join to {cls.__name__} without a context")
                    raise TenantViolation(
                        f"a join to the bare Table of {cls.__name__} cannot be scoped: "
                        "join the mapped class"
                    )
                continue
            if (cls := bare(from_)) is not None:
                if ctx is None:
                    raise TenantContextMissing(f"subquery on {cls.__name__} without a context")
                columns = _Columns(cls, from_.c) if scope_of(cls) in PARTICIPANT_SCOPES else from_.c
                select_._where_criteria += (_criterion(cls, ctx)(columns),)

    # Loader options are not SQL: leave them as they are (they cannot be copied this way).
    options = {o for el in visitors.iterate(statement) for o in getattr(el, "_with_options", ())}
    return visitors.cloned_traverse(statement, {"stop_on": options}, {"select": scope_select})


def _join_leaves(join: Join) -> Iterator[Any]:
    for side in (join.left, join.right):
        if isinstance(side, Join):
            yield from _join_leaves(side)
        else:
            yield side


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    ctx = current_tenant_context()
    parents: dict[type, set[int]] = {}
    for obj in session.new:
        scope = scope_of(type(obj))
        if scope is None:
            continue
        if ctx is None:
            raise TenantContextMissing(f"new {type(obj).__name__} without a tenant context")
        if scope in PARTICIPANT_SCOPES and not participant_link(type(obj)).is_root:
            # A parent named already is checked now, before any SQL; one assigned through a
            # relationship gets its key while flushing and is checked in _after_flush.
            if (parent := obj.tenant_participant_key) is not None:
                parents.setdefault(type(obj), set()).add(parent)
        if scope == PARTICIPANTS:
            continue  # no gemeente of its own
        if obj.gemeente_id is None:
            if scope == NULLABLE:
                continue
            if ctx.active_id is None:
                raise TenantViolation(
                    f"new {type(obj).__name__} needs a gemeente: none is active in this context"
                )
            obj.gemeente_id = ctx.active_id
        elif obj.gemeente_id not in ctx.allowed_ids:
            raise TenantViolation(f"new {type(obj).__name__} in a gemeente outside the context")
    existing: dict[type, list[Any]] = {}
    for obj in list(session.dirty) + list(session.deleted):
        scope = scope_of(type(obj))
        if scope is None or not session.is_modified(obj) and obj not in session.deleted:
            continue
        if ctx is None:
            raise TenantContextMissing(f"changing {type(obj).__name__} without a tenant context")
        if scope in PARTICIPANT_SCOPES and obj not in session.deleted:
            link = participant_link(type(obj))
            if not link.is_root:  # moved under another shared row: that one must be visible
                for parent in sa_inspect(obj).attrs[link.local_key].history.added:
                    if parent is not None:
                        parents.setdefault(type(obj), set()).add(parent)
        if scope == PARTICIPANTS:  # visible (shared with the context) before the change
            existing.setdefault(type(obj), []).append(sa_inspect(obj).identity)
            continue
        history = sa_inspect(obj).attrs.gemeente_id.history
        for value in [*history.added, *history.deleted, *history.unchanged]:
            if value is None and scope == NULLABLE:
                continue
            if value not in ctx.allowed_ids:
                raise TenantViolation(
                    f"{type(obj).__name__} {getattr(obj, 'id', '?')}: gemeente outside the context"
                )
        existing.setdefault(type(obj), []).append(sa_inspect(obj).identity)
    # The object's gemeente_id may be expired or made up (make_transient_to_detached, merge with
    # load=False): what counts is the row in the database.
    if ctx is not None:
        for cls, identities in existing.items():
            _assert_in_scope(session, cls, identities, ctx)
        for cls, ids in parents.items():
            _assert_parents_visible(session, cls, ids, ctx)


def _after_flush(session: Session, flush_context: Any) -> None:
    """New and changed rows of participant scopes point at a shared row of the context.

    Checked after the flush because a child added with its parent in one flush only gets the
    parent's key while flushing; an exception here rolls the flush back. The shared row itself
    (new, with its participants) needs no check: participant rows are strict tenant rows.
    """
    ctx = current_tenant_context()
    parents: dict[type, set[int]] = {}
    for obj in [*session.new, *session.dirty]:
        cls = type(obj)
        if scope_of(cls) not in PARTICIPANT_SCOPES or participant_link(cls).is_root:
            continue
        if obj in session.deleted or (obj not in session.new and not session.is_modified(obj)):
            continue
        if ctx is None:  # before_flush refused this already; never pass silently
            raise TenantContextMissing(f"writing {cls.__name__} without a tenant context")
        value = obj.tenant_participant_key
        if value is None and scope_of(cls) == TENANT_OR_PARTICIPANTS:
            continue
        if value is None:
            raise TenantViolation(f"{cls.__name__} without {participant_link(cls).local}")
        parents.setdefault(cls, set()).add(value)
    if ctx is not None:
        for cls, ids in parents.items():
            _assert_parents_visible(session, cls, ids, ctx)


def install(session_cls: type[Session]) -> None:
    """Attach the hooks to the session class (idempotent)."""
    if not event.contains(session_cls, "do_orm_execute", _do_orm_execute):
        event.listen(session_cls, "do_orm_execute", _do_orm_execute)
    if not event.contains(session_cls, "before_flush", _before_flush):
        event.listen(session_cls, "before_flush", _before_flush)
    if not event.contains(session_cls, "after_flush", _after_flush):
        event.listen(session_cls, "after_flush", _after_flush)
