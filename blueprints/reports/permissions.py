"""Object rules of the reports slice (the URL rules' permissions are checked centrally)."""

from __future__ import annotations

from blueprints.reports.models import ReportVersion
from blueprints.reports.states import VersionKind
from regiotoezicht.permissions import Permission
from tenants.entitlements import Entitlements


def can_read_version(ents: Entitlements, gemeente_id: int, version: ReportVersion) -> bool:
    """A concept is for the inspectors until it is definitive; the definitive and redacted
    versions are for everyone who may read reports in a participant gemeente."""
    if version.kind == VersionKind.CONCEPT:
        return ents.can(Permission.REPORTS_WRITE, gemeente_id)
    return ents.can(Permission.REPORTS_VIEW, gemeente_id)
