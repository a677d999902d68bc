"""What the participant scope costs: investigations visible through an EXISTS on their
participants, in the ORM (criterion + RLS) and in raw SQL (RLS only).

Run on demand against the throwaway PostgreSQL of make:
`bash scripts/with-services.sh .venv/bin/python -m benchmarks.bench_participants`.
Prints figures and the plan of the raw count; asserts nothing. Resets its schema.
"""

from __future__ import annotations

import os

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, insert, select, text

from benchmarks.bench_tenancy import GEMEENTEN, timed
from blueprints.investigations.models import Investigation, InvestigationParticipant, Visit
from regiotoezicht.app import create_app
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.reference import load_reference_data
from tests.factories import gemeente, link, make_user, region

PER_GEMEENTE = int(os.environ.get("BENCH_INVESTIGATIONS", "2000"))


def main() -> None:
    owner = create_engine(os.environ["DATABASE_OWNER_URL"])
    with owner.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    app = create_app({"TESTING": True})
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
        r = region()
        gs = [gemeente(code) for code in GEMEENTEN]
        for g in gs:
            link(r, g)
        lead = make_user("inspecteur@bench.nl", memberships=tuple((g, Role.INSPECTOR) for g in gs))
        db.session.commit()
        ids = [g.id for g in gs]
        every = TenantContext(allowed_ids=frozenset(ids), reason="bench")
        total = PER_GEMEENTE * len(gs)
        with tenant_context(every):
            # Ids from the sequence first, as the model does (no RETURNING before participants).
            first = db.session.execute(
                text(f"SELECT nextval('investigations_id_seq') FROM generate_series(1, {total})")
            ).scalars().all()
            db.session.execute(insert(Investigation), [
                {"id": i, "region_id": r.id, "kind": "reactive", "title": f"Onderzoek {i}",
                 "lead_inspector_id": lead.id, "announced": True, "status": "planned"} for i in first
            ])
            # Every investigation has one to three participants, neighbours in the list.
            rows = []
            for n, investigation_id in enumerate(first):
                for k in range(1 + n % 3):
                    rows.append({"investigation_id": investigation_id, "gemeente_id": ids[(n + k) % len(ids)]})
            db.session.execute(insert(InvestigationParticipant), rows)
            db.session.execute(insert(Visit), [
                {"investigation_id": i, "visited_on": "2026-01-01", "location": "", "announced": True,
                 "attendees": "", "notes": ""} for i in first
            ])
            db.session.commit()
        with owner.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"{len(gs)} gemeenten, {total} investigations, {len(rows)} participant rows, {total} visits")
        delft = TenantContext(allowed_ids=frozenset({ids[0]}), active_id=ids[0], reason="bench")
        with tenant_context(delft):
            timed("ORM count of investigations, one gemeente (EXISTS + RLS)",
                  lambda: db.session.execute(select(func.count(Investigation.id))).scalar())
            timed("raw SQL count of investigations, one gemeente (RLS only)",
                  lambda: db.session.execute(text("SELECT count(*) FROM investigations")).scalar())
            timed("ORM page of 50 investigations, newest first",
                  lambda: db.session.execute(
                      select(Investigation).order_by(Investigation.id.desc()).limit(50)).scalars().all())
            some = first[len(first) // 2]
            timed("ORM get one investigation by id", lambda: db.session.execute(
                select(Investigation).where(Investigation.id == some)).scalars().all())
            timed("ORM count of visits (child rows, EXISTS on the parent's participants)",
                  lambda: db.session.execute(select(func.count(Visit.id))).scalar())
            plan = db.session.execute(text("EXPLAIN SELECT count(*) FROM investigations")).scalars().all()
            print("\n".join("    " + line for line in plan))
            db.session.commit()
        with tenant_context(every):
            timed("ORM count, ten gemeenten (/regio/ context)",
                  lambda: db.session.execute(select(func.count(Investigation.id))).scalar())
            db.session.commit()
    with owner.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    owner.dispose()


if __name__ == "__main__":
    main()
