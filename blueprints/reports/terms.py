"""The report's terms, from each gemeente's settings and the working-day calendar.

Hoor en wederhoor in a shared investigation: every participant gemeente has its own
`reports.response_term_weeks`. The provider gets the LONGEST of them: the term is the
provider's right to be heard, and a shorter term would break the promise of the gemeente that
set the longer one, while a longer term breaks nobody's. Ties go to the gemeente with the
lowest id, so the record names one gemeente deterministically.

Settings are tenant data, read inside a context that allows the gemeente. The inspector who
sends the concept acts in one gemeente; the term of each OTHER participant is read in a
context of that one gemeente alone (reason "reports:participant_term"): one setting value of a
gemeente that takes part in the same investigation, nothing else of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from blueprints.settings.effective import effective_setting
from blueprints.workdays.calendar import Deadline, add_weeks
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context

RESPONSE_TERM = "reports.response_term_weeks"
PUBLISHED_TYPES = "reports.published_investigation_types"
PUBLICATION_DELAY = "reports.publication_delay_weeks"


def _participant_setting(gemeente_id: int, key: str, on_date: date) -> Any:
    ctx = current_tenant_context()
    if ctx is not None and gemeente_id in ctx.allowed_ids:
        return effective_setting(gemeente_id, key, on_date)
    narrow = TenantContext(
        allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id,
        user_id=ctx.user_id if ctx else None, reason="reports:participant_term",
    )
    with tenant_context(narrow):
        return effective_setting(gemeente_id, key, on_date)


def response_terms(sent_on: date, gemeente_ids: Iterable[int]) -> dict[int, int]:
    """Each participant gemeente's term for hoor en wederhoor on that date, in weeks."""
    return {gid: int(_participant_setting(gid, RESPONSE_TERM, sent_on)) for gid in sorted(set(gemeente_ids))}


def response_deadline(sent_on: date, gemeente_ids: Iterable[int]) -> tuple[Deadline, int, int]:
    """(deadline, weeks, gemeente whose setting gave them) for a concept sent on `sent_on`."""
    terms = response_terms(sent_on, gemeente_ids)
    if not terms:
        raise ValueError("an investigation without participant gemeenten has no response term")
    # The longest term; on a tie the lowest gemeente id (sorted keys, max keeps the first).
    gemeente_id = max(terms, key=lambda gid: terms[gid])
    weeks = terms[gemeente_id]
    return add_weeks(sent_on, weeks), weeks, gemeente_id


def publication_deadline(gemeente_id: int, decided_on: date) -> tuple[Deadline, int]:
    """The planned publication date after a decision to publish, and the delay in weeks."""
    weeks = int(effective_setting(gemeente_id, PUBLICATION_DELAY, decided_on))
    return add_weeks(decided_on, weeks), weeks


def publishes_type(gemeente_id: int, investigation_type: str, on_date: date) -> bool:
    """Whether the gemeente's openbaarmakingsbeleid publishes reports of this investigation type."""
    return investigation_type in set(effective_setting(gemeente_id, PUBLISHED_TYPES, on_date))
