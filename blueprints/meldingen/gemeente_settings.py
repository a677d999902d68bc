"""The gemeente's own values for meldingen (settings slice), read for the date they apply to."""

from __future__ import annotations

from datetime import date

from blueprints.settings.effective import effective_setting


def local_categories(gemeente_id: int, on_date: date) -> list[str]:
    """The gemeente's extra categories, kept apart from the legal kinds."""
    return list(effective_setting(gemeente_id, "meldingen.local_categories", on_date) or [])


def copy_kinds(gemeente_id: int, on_date: date) -> list[str]:
    """Kinds of melding whose copy goes to the gemeente's contacts with receives_calamity_copies."""
    return list(effective_setting(gemeente_id, "meldingen.copy_kinds", on_date) or [])


def triage_term(gemeente_id: int, on_date: date) -> int:
    return int(effective_setting(gemeente_id, "meldingen.triage_term_working_days", on_date))


def acknowledgement_term(gemeente_id: int, on_date: date) -> int:
    return int(effective_setting(gemeente_id, "meldingen.acknowledgement_term_working_days", on_date))


def provider_investigation_term(gemeente_id: int, on_date: date) -> int:
    return int(effective_setting(gemeente_id, "meldingen.provider_investigation_term_weeks", on_date))
