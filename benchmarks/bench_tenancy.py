"""What tenant isolation costs: ORM scoping + RLS per query, entitlements per request, a full page.

Run on demand against the throwaway PostgreSQL of make: `make bench`. Prints figures; asserts
nothing (speed targets are not tests). Uses its own schema reset, so never point it at real data.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.app import create_app
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.entitlements import compute_entitlements
from tenants.reference import load_reference_data
from tests.factories import PASSWORD, gemeente, link, make_user, region

GEMEENTEN = ["GM0503", "GM0518", "GM1916", "GM1842", "GM1926", "GM0603", "GM0629", "GM1783", "GM0637", "GM1621"]
PER_GEMEENTE = int(os.environ.get("BENCH_ROWS", "5000"))


def timed(label: str, fn: Callable[[], object], repeat: int = 200) -> None:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:62} median {statistics.median(samples):7.3f} ms   p95 {p95:7.3f} ms")


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
        make_user("inspecteur@bench.nl", memberships=tuple((g, Role.INSPECTOR) for g in gs[:3]))
        make_user("coordinator@bench.nl", region_roles=((r, Role.COORDINATOR),))
        db.session.commit()
        all_ids = frozenset(g.id for g in gs)
        with tenant_context(TenantContext(allowed_ids=all_ids, reason="bench")):
            for g in gs:
                db.session.execute(
                    GemeenteContact.__table__.insert(),
                    [
                        {"gemeente_id": g.id, "name": f"Contact {i}", "email": f"c{i}@x.nl", "function": "",
                         "receives_calamity_copies": False, "receives_reports": False}
                        for i in range(PER_GEMEENTE)
                    ],
                )
            db.session.commit()
        with owner.begin() as conn:
            conn.execute(text("ANALYZE"))
        delft = gs[0]
        print(f"{len(gs)} gemeenten x {PER_GEMEENTE} contacts = {len(gs) * PER_GEMEENTE} rows")

        one = TenantContext(allowed_ids=frozenset({delft.id}), active_id=delft.id, reason="bench")
        with tenant_context(one):
            timed("ORM count, one gemeente (scoping hook + RLS)",
                  lambda: db.session.execute(select(func.count(GemeenteContact.id))).scalar())
            timed("raw SQL count, one gemeente (RLS only)",
                  lambda: db.session.execute(text("SELECT count(*) FROM gemeente_contacts")).scalar())
            timed("ORM page of 50 by name, one gemeente",
                  lambda: db.session.execute(
                      select(GemeenteContact).order_by(GemeenteContact.name).limit(50)).scalars().all())
            db.session.commit()
        with tenant_context(TenantContext(allowed_ids=all_ids, reason="bench")):
            timed("ORM count, ten gemeenten (/regio/ context)",
                  lambda: db.session.execute(select(func.count(GemeenteContact.id))).scalar())
            db.session.commit()
        uid = db.session.execute(text("SELECT id FROM users WHERE email = 'coordinator@bench.nl'")).scalar()
        timed("compute_entitlements (coordinator, 10 gemeenten)", lambda: compute_entitlements(uid))
        db.session.commit()

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
    client.post("/login", data={"email": "inspecteur@bench.nl", "password": PASSWORD, "csrf_token": token})
    client.get("/login/tweede-factor")
    slug = "delft"
    timed("GET /g/delft/ (full request: login, entitlements, page)", lambda: client.get(f"/g/{slug}/"), 100)
    timed("GET /api/v1/g/delft/contactpersonen/ (5000 rows as JSON)",
          lambda: client.get(f"/api/v1/g/{slug}/contactpersonen/"), 20)
    with owner.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    owner.dispose()


if __name__ == "__main__":
    main()
