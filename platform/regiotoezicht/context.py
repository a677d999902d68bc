"""The tenant context: all the core knows of tenancy is a set of allowed gemeente ids.

`tenants` fills it (per request, job or CLI command); the scoping hooks and row-level security
read it. Listeners registered here are told whenever it changes, so the per-transaction
PostgreSQL setting can be re-applied inside a running transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TenantContext:
    """Who acts and in which gemeenten.

    `active_id` is the gemeente new rows belong to (None under /regio/); `allowed_ids` is the
    set every read and write is limited to; `user_id` lets a user read their own memberships
    before any gemeente is known. `reason` says why the set is what it is, for the audit log.
    """

    allowed_ids: frozenset[int] = field(default_factory=frozenset)
    active_id: int | None = None
    user_id: int | None = None
    reason: str = "request"

    def __post_init__(self) -> None:
        if self.active_id is not None and self.active_id not in self.allowed_ids:
            raise ValueError("the active gemeente must be one of the allowed gemeenten")


class TenantContextMissing(RuntimeError):
    """A tenant table was touched without a tenant context: we fail closed."""


class TenantViolation(RuntimeError):
    """A write or statement tried to reach a gemeente outside the allowed set."""


_current: ContextVar[TenantContext | None] = ContextVar("regiotoezicht_tenant", default=None)
_listeners: list[Callable[[TenantContext | None], None]] = []


def current_tenant_context() -> TenantContext | None:
    return _current.get()


def require_tenant_context() -> TenantContext:
    ctx = _current.get()
    if ctx is None:
        raise TenantContextMissing("no tenant context: set one before touching tenant data")
    return ctx


def set_tenant_context(ctx: TenantContext | None) -> Token[TenantContext | None]:
    token = _current.set(ctx)
    _notify(ctx)
    return token


def reset_tenant_context(token: Token[TenantContext | None]) -> None:
    _current.reset(token)
    _notify(_current.get())


def clear_tenant_context() -> None:
    _current.set(None)
    _notify(None)


@contextmanager
def tenant_context(ctx: TenantContext | None) -> Iterator[TenantContext | None]:
    token = set_tenant_context(ctx)
    try:
        yield ctx
    finally:
        reset_tenant_context(token)


def on_tenant_context_change(listener: Callable[[TenantContext | None], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _notify(ctx: TenantContext | None) -> None:
    for listener in _listeners:
        listener(ctx)
