"""Layer 1 of tenant isolation: every ORM statement on a tenant table is limited to the context.

A model takes part by its `__tenant_scope__`:
- "strict" (the TenantScoped mixin): rows of the allowed gemeenten only;
- "nullable": rows of the allowed gemeenten, plus region-level rows without a gemeente;
- "own_or_tenant": rows of the allowed gemeenten, plus the acting user's own rows;
- "shared": everyone reads; writes stay inside the allowed set.

The do_orm_execute hook adds the criteria to every SELECT (also relationship and column loads),
ORM UPDATE and DELETE, and checks ORM INSERT values; the before_flush guard stamps the active
gemeente on new rows and rejects writes outside the set. Without a context a statement on a
tenant table raises: we never run an unfiltered query. Nothing here removes the filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ForeignKey, ForeignKeyConstraint, UniqueConstraint, event, false, or_, true
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import (
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

from regiotoezicht.context import (
    TenantContext,
    TenantContextMissing,
    TenantViolation,
    current_tenant_context,
)
from regiotoezicht.db import Base

STRICT, NULLABLE, OWN_OR_TENANT, SHARED = "strict", "nullable", "own_or_tenant", "shared"


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


_scoped_cache: tuple[int, list[type]] = (-1, [])


def scoped_classes() -> list[type]:
    """Every mapped class that takes part in tenant scoping (recomputed when models are added)."""
    global _scoped_cache
    mappers = Base.registry.mappers
    if _scoped_cache[0] != len(mappers):
        classes = sorted((m.class_ for m in mappers if scope_of(m.class_)), key=lambda c: c.__name__)
        _scoped_cache = (len(mappers), classes)
    return _scoped_cache[1]


def _criterion(cls: Any, ctx: TenantContext | None) -> Any:
    if ctx is None:
        return false()
    allowed = sorted(ctx.allowed_ids)
    scope = scope_of(cls)
    if scope == STRICT:
        return cls.gemeente_id.in_(allowed)
    if scope == NULLABLE:
        return or_(cls.gemeente_id.is_(None), cls.gemeente_id.in_(allowed))
    if scope == OWN_OR_TENANT:
        if ctx.user_id is None:
            return cls.gemeente_id.in_(allowed)
        return or_(cls.gemeente_id.in_(allowed), cls.user_id == ctx.user_id)
    if scope == SHARED:
        return true()
    raise TenantViolation(f"unknown tenant scope {scope!r} on {cls.__name__}")


def _mappers_touched(state: ORMExecuteState) -> Iterable[Mapper[Any]]:
    if state.bind_mapper is not None:
        yield state.bind_mapper
    yield from state.all_mappers


def _check_values(cls: Any, values: Iterable[Mapping[str, Any]], ctx: TenantContext, insert: bool) -> None:
    for row in values:
        keys = {getattr(k, "key", k): v for k, v in row.items()}
        if "gemeente_id" not in keys:
            if insert and scope_of(cls) != NULLABLE:
                raise TenantViolation(f"bulk insert into {cls.__name__} without gemeente_id")
            continue
        value = keys["gemeente_id"]
        value = getattr(value, "value", value)  # a bindparam carries its value
        if value is None and scope_of(cls) == NULLABLE:
            continue
        if not isinstance(value, int) or value not in ctx.allowed_ids:
            raise TenantViolation(f"{cls.__name__}: gemeente {value!r} is outside the tenant context")


def _statement_values(statement: Any) -> list[Mapping[str, Any]]:
    values = getattr(statement, "_values", None) or {}
    multi = getattr(statement, "_multi_values", None) or ()
    rows: list[Mapping[str, Any]] = [values] if values else []
    for group in multi:
        rows.extend(group)
    return rows


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete or state.is_insert):
        return
    ctx = current_tenant_context()
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
            params = state.parameters
            rows = list(params) if isinstance(params, list) else ([params] if params else [])
            _check_values(cls, _statement_values(state.statement) + rows, ctx, state.is_insert)
    if state.is_insert:
        return
    state.statement = state.statement.options(
        *(
            with_loader_criteria(cls, _criterion(cls, ctx), include_aliases=True)
            for cls in scoped
            if scope_of(cls) != SHARED or state.is_update or state.is_delete
        )
    )


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    ctx = current_tenant_context()
    for obj in session.new:
        scope = scope_of(type(obj))
        if scope is None:
            continue
        if ctx is None:
            raise TenantContextMissing(f"new {type(obj).__name__} without a tenant context")
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
    for obj in list(session.dirty) + list(session.deleted):
        scope = scope_of(type(obj))
        if scope is None or not session.is_modified(obj) and obj not in session.deleted:
            continue
        if ctx is None:
            raise TenantContextMissing(f"changing {type(obj).__name__} without a tenant context")
        history = sa_inspect(obj).attrs.gemeente_id.history
        for value in [*history.added, *history.deleted, *history.unchanged]:
            if value is None and scope == NULLABLE:
                continue
            if value not in ctx.allowed_ids:
                raise TenantViolation(
                    f"{type(obj).__name__} {getattr(obj, 'id', '?')}: gemeente outside the context"
                )


def install(session_cls: type[Session]) -> None:
    """Attach both hooks to the session class (idempotent)."""
    if not event.contains(session_cls, "do_orm_execute", _do_orm_execute):
        event.listen(session_cls, "do_orm_execute", _do_orm_execute)
    if not event.contains(session_cls, "before_flush", _before_flush):
        event.listen(session_cls, "before_flush", _before_flush)
