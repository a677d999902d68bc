"""Helpers for the providers tests: acting inside one gemeente or under /regio/, reading past RLS."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db


@contextmanager
def in_gemeente(app: Flask, gemeente_id: int) -> Iterator[None]:
    """A /g/<slug>/ request's context: that gemeente only, also the active one. Rolls back."""
    with app.test_request_context(), tenant_context(
        TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id, reason="test")
    ):
        yield
        db.session.rollback()


@contextmanager
def in_region(app: Flask, *gemeente_ids: int) -> Iterator[None]:
    """A /regio/ request's context: the given gemeenten, none active. Rolls back."""
    with app.test_request_context(), tenant_context(
        TenantContext(allowed_ids=frozenset(gemeente_ids), reason="test")
    ):
        yield
        db.session.rollback()
