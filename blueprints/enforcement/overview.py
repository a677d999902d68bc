"""The region-wide overview of enforcement (/regio/handhaving and its JSON list).

Inspectors and coordinators act in several gemeenten: the overview lists the cases of every
gemeente of the request's context in which the user may see enforcement (ENFORCEMENT_VIEW),
with the gemeente, the provider, the stage and the next running term (computed when read), the
earliest term first. The page and the API share the filter and the rows built here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from blueprints.enforcement import links, queries
from blueprints.enforcement.models import EnforcementCase
from blueprints.enforcement.steps import CaseStatus
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission
from tenants.resolution import current_entitlements


def viewable_gemeenten() -> list[tuple[int, str]]:
    """(id, name) of the context's gemeenten where the user may see enforcement, by name."""
    ents = current_entitlements()
    ctx = require_tenant_context()
    ids = {g for g in ctx.allowed_ids if ents is not None and ents.can(Permission.ENFORCEMENT_VIEW, g)}
    names = links.gemeente_names(ids)
    return sorted(names.items(), key=lambda item: (item[1].lower(), item[0]))


@dataclass(frozen=True)
class Chosen:
    """The filter as the form shows it again (strings, '' for "all")."""

    gemeente: str = ""
    status: str = ""
    overdue: bool = False


def filter_from_args(args: Mapping[str, str], gemeente_ids: Collection[int]) -> tuple[queries.RegionFilter, Chosen]:
    """The page's GET filter. A gemeente the user may not see, or an unknown status, filters
    nothing (the form only offers valid values; a hand-made URL just shows everything)."""
    raw_gemeente = args.get("gemeente") or ""
    gemeente_id = int(raw_gemeente) if raw_gemeente.isdigit() and int(raw_gemeente) in gemeente_ids else None
    raw_status = args.get("status") or ""
    status = CaseStatus(raw_status) if raw_status in CaseStatus._value2member_map_ else None
    overdue = args.get("overdue") == "1"
    flt = queries.RegionFilter(gemeente_id=gemeente_id, status=status, overdue_only=overdue)
    chosen = Chosen(
        gemeente=str(gemeente_id) if gemeente_id is not None else "",
        status=status.value if status is not None else "", overdue=overdue,
    )
    return flt, chosen


@dataclass(frozen=True)
class OverviewRow:
    """One line of the overview."""

    case: EnforcementCase
    gemeente_name: str
    gemeente_slug: str
    provider_name: str
    next: queries.Due | None

    @property
    def status_label(self) -> str:
        return CaseStatus(self.case.status).label


def rows(gemeente_ids: Collection[int], flt: queries.RegionFilter, today: date) -> list[OverviewRow]:
    found = queries.region_cases(gemeente_ids, flt, today)
    in_list = {r.case.gemeente_id for r in found}
    names, slugs = links.gemeente_names(in_list), links.gemeente_slugs(in_list)
    providers = links.provider_names({r.case.provider_id for r in found})
    return [
        OverviewRow(
            case=r.case, gemeente_name=names.get(r.case.gemeente_id, ""),
            gemeente_slug=slugs.get(r.case.gemeente_id, ""),
            provider_name=providers.get(r.case.provider_id, ""), next=r.next,
        )
        for r in found
    ]
