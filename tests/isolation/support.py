"""Helpers for the isolation tests: tenant contexts, a superuser view of the test database (it
bypasses row-level security, so it sees what really is in the tables), and B's rows as evidence.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, make_url, pool, text
from sqlalchemy.engine import Connection

from regiotoezicht.context import TenantContext
from tests.factories import World

OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")
SUPERUSER_URL = os.environ.get("DATABASE_SUPERUSER_URL", "")

#: Text that only gemeente B's data contains (factories.build_world).
B_MARKERS = (
    "Contact Den Haag", "contact@denhaag.test", "beheer.b@test.nl", "Instelling Den Haag",
    "IGJ-dossier GM0518", "bijlage-gm0518", "Verslag Den Haag", "Noodtoegang GM0518",
    "Relatie Den Haag B-77", "Onderzoek Den Haag",
)

#: Policies that deliberately do not call app_gemeente_allowed(): region_gemeenten is readable
#: by everyone (the public meldpunt lists which gemeenten a region serves), the app may
#: append audit rows for any gemeente (a refused access is logged for the gemeente refused),
#: and a new investigation may be inserted before its participants exist.
OPEN_POLICIES = {
    ("region_gemeenten", "tenant_read", "SELECT"),
    ("audit_events", "tenant_append", "INSERT"),
    # A new investigation is invisible to everyone until a participant (a strict tenant row of
    # an allowed gemeente) is added: inserting it reveals or reaches nothing (tenants/rls.py).
    ("investigations", "tenant_insert", "INSERT"),
}


def ctx(*ids: int, active: int | None = None, user_id: int | None = None) -> TenantContext:
    return TenantContext(
        allowed_ids=frozenset(ids), active_id=active, user_id=user_id, reason="test"
    )


def only(gemeente_id: int, user_id: int | None = None) -> TenantContext:
    """The context of a /g/<slug>/ request: one gemeente, also the active one."""
    return ctx(gemeente_id, active=gemeente_id, user_id=user_id)


def superuser_url() -> str:
    """The superuser on the test database (the exported URL points at the `postgres` database)."""
    assert SUPERUSER_URL and OWNER_URL, (
        "make test exports DATABASE_SUPERUSER_URL and DATABASE_OWNER_URL"
    )
    return (
        make_url(SUPERUSER_URL)
        .set(database=make_url(OWNER_URL).database)
        .render_as_string(hide_password=False)
    )


@contextmanager
def superuser() -> Iterator[Connection]:
    engine = create_engine(superuser_url(), poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def inspect_rows(sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with superuser() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def keep_second_factor_off(gemeente_id: int) -> None:
    """Undo a probe's POST to the security page: requiring TOTP would send every later request
    of the probing session to the second-factor page (it takes effect at once)."""
    with superuser() as conn:
        conn.execute(text("UPDATE gemeenten SET require_totp = false WHERE id = :g"), {"g": gemeente_id})
        conn.execute(text("UPDATE regions SET require_totp = false"))


def tenant_tables() -> list[str]:
    """Every table of the schema with a gemeente_id column, from the catalog."""
    return [
        row[0]
        for row in inspect_rows(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'gemeente_id' AND NOT a.attisdropped "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1"
        )
    ]


def snapshot_b(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Everything of gemeente B a cross-tenant write could change, read past row-level security."""
    b = world.b_id
    admin_b = world.user_ids["admin_b"]
    return {
        "contacts": inspect_rows(
            "SELECT id, name, email, function, receives_calamity_copies, receives_reports, updated_at "
            "FROM gemeente_contacts WHERE gemeente_id = :b ORDER BY id",
            b=b,
        ),
        "meldingen": inspect_rows(
            "SELECT id, status, kind, summary, updated_at, "
            "(SELECT count(*) FROM melding_status_changes c WHERE c.melding_id = m.id), "
            "(SELECT count(*) FROM melding_assignments a WHERE a.melding_id = m.id AND a.ended_at IS NULL) "
            "FROM meldingen m WHERE gemeente_id = :b ORDER BY id",
            b=b,
        ),
        "settings": inspect_rows(
            "SELECT id, key, value::text, is_default, valid_from, note, updated_at FROM gemeente_settings "
            "WHERE gemeente_id = :b ORDER BY id",
            b=b,
        ),
        "memberships": inspect_rows(
            "SELECT id, user_id, role, valid_from, valid_until, ended_by_id FROM memberships "
            "WHERE gemeente_id = :b ORDER BY id",
            b=b,
        ),
        "links": inspect_rows(
            "SELECT id, region_id, valid_from, valid_until FROM region_gemeenten WHERE gemeente_id = :b",
            b=b,
        ),
        "provider_relations": inspect_rows(
            "SELECT id, provider_id, financing_form, reference, starts_on, ends_on, updated_at "
            "FROM provider_relations WHERE gemeente_id = :b ORDER BY id",
            b=b,
        ),
        "provider_relation_links": inspect_rows(
            "SELECT relation_id, service_type_id FROM provider_relation_service_types "
            "WHERE gemeente_id = :b ORDER BY 1, 2",
            b=b,
        ),
        "privacy": inspect_rows(
            "SELECT 'access', id, reason, expires_at::text FROM emergency_accesses WHERE gemeente_id = :b "
            "UNION ALL SELECT 'disclosure', id, recipient, content_summary FROM disclosures "
            "WHERE gemeente_id = :b ORDER BY 1, 2",
            b=b,
        ),
        "gemeente": inspect_rows(
            "SELECT is_active, require_totp, name, slug FROM gemeenten WHERE id = :b", b=b
        ),
        "enforcement": inspect_rows(
            "SELECT 'case', id, status, updated_at FROM enforcement_cases WHERE gemeente_id = :b "
            "UNION ALL SELECT 'plan', id, status, updated_at FROM enforcement_improvement_plans WHERE gemeente_id = :b "
            "UNION ALL SELECT 'measure', id, status, updated_at FROM enforcement_measures WHERE gemeente_id = :b "
            "UNION ALL SELECT 'advice', id, '', updated_at FROM enforcement_advices WHERE gemeente_id = :b "
            "UNION ALL SELECT 'decision', id, standing, updated_at FROM enforcement_measure_decisions WHERE gemeente_id = :b "
            "UNION ALL SELECT 'advice_finding', id, CAST(finding_id AS TEXT), NULL FROM enforcement_advice_findings WHERE gemeente_id = :b "
            "UNION ALL SELECT 'measure_finding', id, CAST(finding_id AS TEXT), NULL FROM enforcement_measure_findings WHERE gemeente_id = :b "
            "ORDER BY 1, 2",
            b=b,
        ),
        "admin_b": inspect_rows(
            "SELECT email, is_enabled, password_hash, session_version, totp_secret, locked_until "
            "FROM users WHERE id = :u",
            u=admin_b,
        ),
        "admin_b_tokens": inspect_rows(
            "SELECT id, revoked_at, expires_at FROM api_tokens WHERE user_id = :u ORDER BY id",
            u=admin_b,
        ),
        "admin_b_links": inspect_rows(
            "SELECT count(*) FROM one_time_links WHERE user_id = :u", u=admin_b
        ),
        # Investigations B takes part in, and everything under them.
        "investigations": inspect_rows(
            "SELECT i.id, i.title, i.status, i.updated_at, "
            "(SELECT count(*) FROM investigation_participants q WHERE q.investigation_id = i.id), "
            "(SELECT count(*) FROM investigation_visits v WHERE v.investigation_id = i.id), "
            "(SELECT string_agg(f.explanation || f.judgement_value_id, ',' ORDER BY f.id) "
            " FROM investigation_findings f WHERE f.investigation_id = i.id), "
            "(SELECT string_agg(coalesce(d.received_on::text, '-'), ',' ORDER BY d.id) "
            " FROM investigation_document_requests d WHERE d.investigation_id = i.id), "
            "(SELECT count(*) FROM investigation_status_changes c WHERE c.investigation_id = i.id) "
            "FROM investigations i WHERE EXISTS (SELECT 1 FROM investigation_participants p "
            "WHERE p.investigation_id = i.id AND p.gemeente_id = :b) ORDER BY i.id",
            b=b,
        ),
    }


def leaks_b(body: str) -> list[str]:
    return [marker for marker in B_MARKERS if marker in body]
