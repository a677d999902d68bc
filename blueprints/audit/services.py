"""Writes of the audit slice: reading the log is itself evidence, so every read leaves a row."""

from __future__ import annotations

from typing import Any

from blueprints.audit.queries import AuditFilter, LogScope
from regiotoezicht import audit


def record_viewed(scope: LogScope, filters: AuditFilter, output: str) -> None:
    """Record who read which part of the log, with which filters ("html", "csv" or "json").

    The row belongs to the one gemeente that was read, when there is exactly one, so that
    gemeente's own admin sees it; a read across gemeenten is region-level and names their ids.
    The filters are ids, dates and codes: nothing personal.
    """
    detail: dict[str, Any] = {"output": output, "filters": filters.for_audit()}
    gemeente_id = scope.gemeente_id or filters.gemeente_id
    if gemeente_id is None and not filters.region_level_only:
        if not scope.include_region_rows and len(scope.gemeente_ids) == 1:
            (gemeente_id,) = scope.gemeente_ids
        else:
            detail["gemeenten"] = sorted(scope.gemeente_ids)
            detail["region_rows"] = scope.include_region_rows
    audit.record("audit.viewed", gemeente_id=gemeente_id, detail=detail)
