"""The CSV export of a filtered audit view: the same columns as the page, streamed line by line.

Semicolon-separated with a byte-order mark, so Dutch spreadsheet settings open it in columns.
Cells that a spreadsheet would read as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from blueprints.audit.queries import AuditRow

HEADER = (
    "Tijdstip (Nederlandse tijd)",
    "Gemeente",
    "Actiecode",
    "Actie",
    "Door",
    "Gebruiker-id",
    "Objecttype",
    "Object-id",
    "Gewijzigde velden",
    "Reden",
    "Request-id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(rows: Iterable[AuditRow]) -> Iterator[str]:
    """The header and one line per row; field names only, never values."""
    yield "\ufeff" + _line(HEADER)
    for row in rows:
        yield _line(
            (
                row.occurred_local.strftime("%Y-%m-%d %H:%M:%S"),
                row.gemeente_name or "Regio",
                row.action,
                row.action_label,
                row.actor_name or "",
                "" if row.actor_user_id is None else str(row.actor_user_id),
                row.object_type or "",
                row.object_id or "",
                " ".join(row.changed_fields),
                row.reason or "",
                row.request_id or "",
            )
        )


def _line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(_safe(c) for c in cells)
    return buffer.getvalue()


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
