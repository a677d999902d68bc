"""One melding as a given audience may see it: the dict the API schemas and pages render from."""

from __future__ import annotations

from datetime import date
from typing import Any

from blueprints.meldingen import queries
from blueprints.meldingen.deadlines import OpenDeadline, current_deadline
from blueprints.meldingen.models import Melding
from blueprints.meldingen.permissions import Audience
from tenants.entitlements import today


def deadline_dict(deadline: OpenDeadline | None, on: date | None = None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    d = deadline.deadline
    return {
        "label": deadline.label, "due_on": d.due_on, "term": d.term_label,
        "explanation": d.explanation, "overdue": d.is_overdue(on or today()),
    }


def melding_dict(melding: Melding, audience: Audience) -> dict[str, Any]:
    """Every field the audience may see (the schema of that audience allow-lists them again)."""
    data: dict[str, Any] = {
        column: getattr(melding, column)
        for column in (
            "id", "gemeente_id", "reference", "kind", "reported_kind", "local_category", "channel",
            "received_on", "status", "provider_id", "provider_name", "service_type_id", "occurred_on",
            "summary", "reporter_kind", "investigator", "closed_on",
        )
    }
    data["deadline"] = deadline_dict(current_deadline(melding, queries.requests_of(melding)))
    data["history"] = queries.history_of(melding)
    data["audience"] = audience.value
    if audience is Audience.GEMEENTE:
        return data
    for column in ("description", "location_text", "perpetrator", "same_accommodation", "doubt_investigated",
                   "doubt_started_on", "doubt_concluded_on", "closure_reason"):
        data[column] = getattr(melding, column)
    data["personal_data_hidden"] = audience is not Audience.CASE
    if audience is Audience.CASE:
        data["personal"] = queries.personal_data_of(melding)
    return data


def provider_dict(melding: Melding, *, with_client: bool) -> dict[str, Any]:
    """For the provider's letter: the facts and (past the need-to-know gate) the provider's own
    client number. Never the reporter."""
    personal = queries.personal_data_of(melding) if with_client else None
    return {
        "reference": melding.reference, "kind": melding.kind, "received_on": melding.received_on,
        "occurred_on": melding.occurred_on, "summary": melding.summary, "description": melding.description,
        "client_reference": personal.client_reference if personal else "",
    }
