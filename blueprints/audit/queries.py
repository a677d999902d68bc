"""Reads of the audit log: filtered, newest first, keyset-paginated, with names joined in.

The tenant scoping already limits rows to the allowed gemeenten plus region-level rows (gemeente_id
NULL), and row-level security does the same. Here the log narrows further: region-level rows
(logins, account changes, refusals without a gemeente) only for a region-level AUDIT_READ holder,
and a gemeente page only that gemeente's rows. Rows carry field names, never values.

Pages are keyset-paginated on (occurred_at, id): every read of the log adds an "audit.viewed" row,
so offset pages would shift under the reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select

from blueprints.audit.labels import action_label
from regiotoezicht.audit import AuditEvent
from regiotoezicht.auth.models import User
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission
from tenants.entitlements import AMSTERDAM
from tenants.models import Gemeente
from tenants.resolution import current_entitlements, current_gemeente

PER_PAGE = 50
#: The value of the gemeente filter that selects region-level rows (no gemeente slug can be it).
REGION_LEVEL = "regioniveau"
#: Keys of an event's detail that are shown: non-personal reason codes only.
SHOWN_DETAIL_KEYS = ("reason", "permission")


@dataclass(frozen=True)
class LogScope:
    """Which rows a page may list, on top of the tenant scoping."""

    #: A gemeente page lists only this gemeente's rows.
    gemeente_id: int | None
    #: Whether region-level rows (gemeente_id NULL) may be listed.
    include_region_rows: bool
    #: The gemeenten whose rows may be listed (the tenant context's allowed set).
    gemeente_ids: frozenset[int]


def current_log_scope() -> LogScope:
    """The scope of this request: its gemeente, or the region with the allowed gemeenten.

    Region-level rows need a region-level AUDIT_READ (region admin, privacy officer): a gemeente
    admin holds AUDIT_READ for their gemeente only and never sees logins of other people.
    """
    ctx = require_tenant_context()
    gemeente = current_gemeente()
    if gemeente is not None:
        return LogScope(gemeente.id, False, frozenset({gemeente.id}))
    ents = current_entitlements()
    region_rows = ents is not None and ents.region_can(Permission.AUDIT_READ)
    return LogScope(None, region_rows, ctx.allowed_ids)


@dataclass(frozen=True)
class AuditFilter:
    """The filters a reader chose; all optional."""

    date_from: date | None = None
    date_to: date | None = None
    #: Prefix of the action code, e.g. "access." or "membership."
    action: str | None = None
    actor_id: int | None = None
    gemeente_id: int | None = None
    region_level_only: bool = False
    object_type: str | None = None
    object_id: str | None = None

    def for_audit(self) -> dict[str, Any]:
        """The filters as non-personal detail for the "audit.viewed" row (ids, never names)."""
        detail: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, False, ""):
                continue
            detail[key] = value.isoformat() if isinstance(value, date) else value
        return detail


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    actor_user_id: int | None
    actor_name: str | None
    gemeente_id: int | None
    gemeente_name: str | None
    action: str
    object_type: str | None
    object_id: str | None
    #: Names of the fields that changed; the log holds no values.
    changed_fields: list[str]
    request_id: str | None
    #: Non-personal reason codes from the event's detail ("not_entitled", "permission": ...).
    reason: str | None

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def occurred_local(self) -> datetime:
        moment = self.occurred_at if self.occurred_at.tzinfo else self.occurred_at.replace(tzinfo=UTC)
        return moment.astimezone(AMSTERDAM)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    #: Pass as `before` for the next, older page (None: this is the oldest page).
    next_before: int | None
    #: Pass as `after` for the previous, newer page (None: this is the newest page).
    prev_after: int | None


class FilterError(ValueError):
    """A filter value the reader may not use here; the message is Dutch and shown as is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def resolve_gemeente_filter(scope: LogScope, value: str | None) -> tuple[int | None, bool]:
    """Turn the gemeente filter (a slug or REGION_LEVEL) into (gemeente_id, region_level_only).

    Only gemeenten of the scope and, for region-level readers, REGION_LEVEL are accepted: an
    unknown slug and one outside the scope get the same answer, so nothing is revealed.
    """
    if not value:
        return None, False
    if value == REGION_LEVEL:
        if not scope.include_region_rows:
            raise FilterError("gemeente", "U kunt alleen het auditlog van uw gemeenten inzien.")
        return None, True
    gemeente_id = db.session.execute(
        select(Gemeente.id).where(Gemeente.slug == value, Gemeente.id.in_(sorted(scope.gemeente_ids)))
    ).scalar_one_or_none()
    if gemeente_id is None:
        raise FilterError("gemeente", "Onbekende gemeente, of een gemeente waarvan u het auditlog niet mag inzien.")
    return gemeente_id, False


def gemeente_choices(scope: LogScope) -> list[tuple[str, str]]:
    """(slug, name) of the gemeenten whose rows the reader may list, by name."""
    if not scope.gemeente_ids:
        return []
    rows = db.session.execute(
        select(Gemeente.slug, Gemeente.name)
        .where(Gemeente.id.in_(sorted(scope.gemeente_ids)))
        .order_by(Gemeente.name)
    )
    return [(slug, name) for slug, name in rows]


def actor_choices(scope: LogScope) -> list[tuple[int, str]]:
    """(user id, display name) of everyone who appears as actor in the rows the reader may list."""
    rows = db.session.execute(
        select(User.id, User.display_name)
        .join(AuditEvent, AuditEvent.actor_user_id == User.id)
        .where(*_scope_conditions(scope))
        .distinct()
        .order_by(User.display_name, User.id)
    )
    return [(user_id, name) for user_id, name in rows]


def events_page(
    scope: LogScope,
    filters: AuditFilter,
    *,
    before: int | None = None,
    after: int | None = None,
    per_page: int = PER_PAGE,
) -> AuditPage:
    """One page of rows, newest first: the newest, those older than `before`, or newer than `after`.

    A cursor is the id of a row on the neighbouring page; one the reader cannot see (another
    gemeente's, or unknown) gives an empty page.
    """
    statement = _statement(scope, filters)
    cursor_id = before if before is not None else after
    if cursor_id is not None:
        position = _position(cursor_id)
        if position is None:
            return AuditPage([], None, None)
        moment, row_id = position
        if before is not None:
            statement = statement.where(
                or_(AuditEvent.occurred_at < moment, and_(AuditEvent.occurred_at == moment, AuditEvent.id < row_id))
            )
        else:
            statement = statement.where(
                or_(AuditEvent.occurred_at > moment, and_(AuditEvent.occurred_at == moment, AuditEvent.id > row_id))
            )
    if after is None:
        statement = statement.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    else:
        statement = statement.order_by(AuditEvent.occurred_at.asc(), AuditEvent.id.asc())
    rows = [_row(r) for r in db.session.execute(statement.limit(per_page + 1))]
    more = len(rows) > per_page
    rows = rows[:per_page]
    if after is None:
        next_before = rows[-1].id if more and rows else None
        prev_after = rows[0].id if before is not None and rows else None
    else:
        rows.reverse()
        next_before = rows[-1].id if rows else None
        prev_after = rows[0].id if more and rows else None
    return AuditPage(rows, next_before, prev_after)


def iter_events(scope: LogScope, filters: AuditFilter, batch: int = 500) -> Iterator[AuditRow]:
    """Every row matching the filters, newest first, read in keyset batches (for the export)."""
    before: int | None = None
    while True:
        page = events_page(scope, filters, before=before, per_page=batch)
        yield from page.rows
        if page.next_before is None:
            return
        before = page.next_before


def _scope_conditions(scope: LogScope) -> list[Any]:
    if scope.gemeente_id is not None:
        return [AuditEvent.gemeente_id == scope.gemeente_id]
    if not scope.include_region_rows:
        return [AuditEvent.gemeente_id.is_not(None)]
    return []


def _filter_conditions(filters: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.region_level_only:
        conditions.append(AuditEvent.gemeente_id.is_(None))
    elif filters.gemeente_id is not None:
        conditions.append(AuditEvent.gemeente_id == filters.gemeente_id)
    if filters.date_from is not None:
        conditions.append(AuditEvent.occurred_at >= _start_of(filters.date_from))
    if filters.date_to is not None:  # inclusive: up to the start of the next day
        conditions.append(AuditEvent.occurred_at < _start_of(filters.date_to + timedelta(days=1)))
    if filters.action:
        conditions.append(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.actor_id is not None:
        conditions.append(AuditEvent.actor_user_id == filters.actor_id)
    if filters.object_type:
        conditions.append(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        conditions.append(AuditEvent.object_id == filters.object_id)
    return conditions


def _start_of(day: date) -> datetime:
    """Midnight in the Netherlands, in UTC: a reader's dates are Dutch dates."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM).astimezone(UTC)


def _statement(scope: LogScope, filters: AuditFilter) -> Select[Any]:
    return (
        select(
            AuditEvent.id,
            AuditEvent.occurred_at,
            AuditEvent.actor_user_id,
            User.display_name,
            AuditEvent.gemeente_id,
            Gemeente.name,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.fields,
            AuditEvent.request_id,
            AuditEvent.detail,
        )
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .outerjoin(Gemeente, Gemeente.id == AuditEvent.gemeente_id)
        .where(*_scope_conditions(scope), *_filter_conditions(filters))
    )


def _position(event_id: int) -> tuple[datetime, int] | None:
    moment = db.session.execute(
        select(AuditEvent.occurred_at).where(AuditEvent.id == event_id)
    ).scalar_one_or_none()
    return None if moment is None else (moment, event_id)


def _row(r: Any) -> AuditRow:
    detail = r.detail if isinstance(r.detail, dict) else {}
    reasons = [str(detail[key]) for key in SHOWN_DETAIL_KEYS if detail.get(key)]
    return AuditRow(
        id=r.id,
        occurred_at=r.occurred_at,
        actor_user_id=r.actor_user_id,
        actor_name=r.display_name,
        gemeente_id=r.gemeente_id,
        gemeente_name=r.name,
        action=r.action,
        object_type=r.object_type,
        object_id=r.object_id,
        changed_fields=list(r.fields or []),
        request_id=r.request_id,
        reason=", ".join(reasons) or None,
    )
