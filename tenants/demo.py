"""The demo region: GGD Haaglanden (GG7014) with its gemeenten and one user per role.

Seeding is idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_user, set_password
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.models import Gemeente, Membership, Region, RegionGemeente, RegionRole
from tenants.reference import load_reference_data

DEMO_PASSWORD = "demo-Haaglanden-2026"
REGION_CODE = "GG7014"
#: The gemeenten that designated GGD Haaglanden (shared/data/README.md): the nine of the region,
#: Lansingerland (in the Rotterdam-Rijnmond region) and Voorschoten, which joined later.
WMO_START = date(2015, 1, 1)
HAAGLANDEN = {
    "GM0503": WMO_START,  # Delft
    "GM0518": WMO_START,  # 's-Gravenhage
    "GM1916": WMO_START,  # Leidschendam-Voorburg
    "GM1842": WMO_START,  # Midden-Delfland
    "GM1926": WMO_START,  # Pijnacker-Nootdorp
    "GM0603": WMO_START,  # Rijswijk (ZH.)
    "GM0629": WMO_START,  # Wassenaar
    "GM1783": WMO_START,  # Westland
    "GM0637": WMO_START,  # Zoetermeer
    "GM1621": WMO_START,  # Lansingerland
    # Voorschoten designated GGD Haaglanden later; the exact date is a demo assumption.
    "GM0626": date(2024, 1, 1),
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    region_roles: tuple[Role, ...] = ()
    memberships: tuple[tuple[str, Role], ...] = ()  # (gemeentecode, role)

    def description(self, names: dict[str, str]) -> str:
        """Roles in words, with gemeente names: "Toezichthouder in Delft, Rijswijk (ZH.)"."""
        parts = [f"{r.label} (regio)" for r in self.region_roles]
        by_role: dict[Role, list[str]] = {}
        for code, role in self.memberships:
            by_role.setdefault(role, []).append(names.get(code, code))
        parts += [f"{role.label} in {', '.join(places)}" for role, places in by_role.items()]
        return "; ".join(parts)


DEMO_USERS = (
    DemoUser("regiobeheer@demo.regiotoezicht.nl", "Rana Regiobeheer", (Role.REGION_ADMIN,)),
    DemoUser("coordinator@demo.regiotoezicht.nl", "Cor Coördinator", (Role.COORDINATOR,)),
    DemoUser("secretariaat@demo.regiotoezicht.nl", "Sanne Secretariaat", (Role.SECRETARIAAT,)),
    DemoUser("privacy@demo.regiotoezicht.nl", "Pim Privacy", (Role.PRIVACY_OFFICER,)),
    DemoUser(
        "inspecteur.west@demo.regiotoezicht.nl", "Ilse Inspecteur",
        memberships=(("GM0503", Role.INSPECTOR), ("GM0603", Role.INSPECTOR), ("GM1842", Role.INSPECTOR)),
    ),
    DemoUser(
        "inspecteur.oost@demo.regiotoezicht.nl", "Ivo Inspecteur",
        memberships=(("GM0637", Role.INSPECTOR), ("GM1621", Role.INSPECTOR), ("GM0626", Role.INSPECTOR)),
    ),
    DemoUser(
        "beheer.delft@demo.regiotoezicht.nl", "Gijs Gemeente Delft",
        memberships=(("GM0503", Role.GEMEENTE_ADMIN),),
    ),
    DemoUser(
        "beheer.denhaag@demo.regiotoezicht.nl", "Greet Gemeente Den Haag",
        memberships=(("GM0518", Role.GEMEENTE_ADMIN),),
    ),
    DemoUser(
        "contractbeheer.delft@demo.regiotoezicht.nl", "Lotte Lezer Delft",
        memberships=(("GM0503", Role.GEMEENTE_VIEWER),),
    ),
)


def seed_demo() -> dict[str, int]:
    """Create what is missing of the demo region; return counts of what was added."""
    added_gemeenten, added_regions = load_reference_data()
    region = db.session.execute(select(Region).where(Region.code == REGION_CODE)).scalar_one()
    gemeenten = {
        g.code: g
        for g in db.session.execute(select(Gemeente).where(Gemeente.code.in_(HAAGLANDEN))).scalars()
    }
    linked = set(
        db.session.execute(
            select(RegionGemeente.gemeente_id).where(RegionGemeente.region_id == region.id)
        ).scalars()
    )
    added_links = 0
    for code, start in HAAGLANDEN.items():
        if gemeenten[code].id not in linked:
            db.session.add(
                RegionGemeente(region_id=region.id, gemeente_id=gemeenten[code].id, valid_from=start)
            )
            added_links += 1
    added_users = 0
    for spec in DEMO_USERS:
        user = db.session.execute(select(User).where(User.email == spec.email)).scalar_one_or_none()
        if user is None:
            user = create_user(spec.email, spec.name)
            set_password(user, DEMO_PASSWORD)
            added_users += 1
        for role in spec.region_roles:
            if not db.session.execute(
                select(RegionRole.id).where(
                    RegionRole.user_id == user.id, RegionRole.region_id == region.id, RegionRole.role == role
                )
            ).first():
                db.session.add(RegionRole(user_id=user.id, region_id=region.id, role=role, valid_from=WMO_START))
        for code, role in spec.memberships:
            gemeente = gemeenten[code]
            if not db.session.execute(
                select(Membership.id).where(
                    Membership.user_id == user.id,
                    Membership.gemeente_id == gemeente.id,
                    Membership.role == role,
                )
            ).first():
                db.session.add(
                    Membership(user_id=user.id, gemeente_id=gemeente.id, role=role, valid_from=WMO_START)
                )
    db.session.flush()
    return {
        "gemeenten": added_gemeenten,
        "regions": added_regions,
        "links": added_links,
        "users": added_users,
    }
