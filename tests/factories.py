"""Factory helpers (in the style of Indico's fixtures) and the standard two-gemeente world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from blueprints.privacy.models import Disclosure, EmergencyAccess
from blueprints.settings.models import GemeenteSetting
from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_user, set_password
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.models import Gemeente, Membership, Region, RegionGemeente, RegionRole

PASSWORD = "test-wachtwoord-123"
SINCE = date(2020, 1, 1)


def gemeente(code: str) -> Gemeente:
    return db.session.execute(select(Gemeente).where(Gemeente.code == code)).scalar_one()


def region(code: str = "GG7014") -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def all_context(*gemeenten: Gemeente) -> TenantContext:
    return TenantContext(allowed_ids=frozenset(g.id for g in gemeenten), reason="test")


def make_user(
    email: str,
    *,
    memberships: tuple[tuple[Gemeente, Role], ...] = (),
    region_roles: tuple[tuple[Region, Role], ...] = (),
    valid_from: date = SINCE,
    valid_until: date | None = None,
) -> User:
    user = create_user(email, email.split("@")[0].replace(".", " ").title())
    set_password(user, PASSWORD)
    with tenant_context(all_context(*(g for g, _ in memberships))):
        for g, role in memberships:
            db.session.add(
                Membership(user_id=user.id, gemeente_id=g.id, role=role, valid_from=valid_from,
                           valid_until=valid_until)
            )
        for r, role in region_roles:
            db.session.add(
                RegionRole(user_id=user.id, region_id=r.id, role=role, valid_from=valid_from,
                           valid_until=valid_until)
            )
        db.session.flush()
    return user


def link(r: Region, g: Gemeente, valid_from: date = SINCE, valid_until: date | None = None) -> None:
    with tenant_context(all_context(g)):
        db.session.add(
            RegionGemeente(region_id=r.id, gemeente_id=g.id, valid_from=valid_from, valid_until=valid_until)
        )
        db.session.flush()


def make_contact(g: Gemeente, name: str, email: str) -> GemeenteContact:
    with tenant_context(all_context(g)):
        contact = GemeenteContact(gemeente_id=g.id, name=name, email=email, function="Test")
        db.session.add(contact)
        db.session.flush()
        return contact


def make_privacy_rows(g: Gemeente, user: User) -> None:
    """An emergency access and a disclosure in gemeente `g` (evidence rows every gemeente has)."""
    now = datetime.now(UTC)
    with tenant_context(all_context(g)):
        db.session.add(EmergencyAccess(
            gemeente_id=g.id, user_id=user.id, subject_type="melding", subject_id=1,
            reason=f"Noodtoegang {g.code}: cliënt in crisis", granted_at=now, expires_at=now,
        ))
        db.session.add(Disclosure(
            gemeente_id=g.id, subject_type="melding", subject_id=1, recipient_kind="igj",
            recipient=f"IGJ-dossier {g.code}", legal_basis="Art. 6.2 Wmo 2015",
            content_summary="Samenvatting", disclosed_on=SINCE,
        ))
        db.session.flush()


def make_setting(g: Gemeente, key: str, value: object, valid_from: date, note: str = "") -> GemeenteSetting:
    with tenant_context(all_context(g)):
        row = GemeenteSetting(gemeente_id=g.id, key=key, value=value, valid_from=valid_from, note=note)
        db.session.add(row)
        db.session.flush()
        return row


@dataclass
class World:
    """Ids and e-mail addresses only: objects would be detached once the fixture's session ends."""

    region_id: int
    a_id: int  # Delft
    b_id: int  # 's-Gravenhage
    a_slug: str
    b_slug: str
    admin_a: str
    admin_b: str
    viewer_a: str
    inspector_a: str
    coordinator: str
    region_admin: str
    privacy_officer: str
    contact_a_id: int
    contact_b_id: int
    user_ids: dict[str, int]
    setting_a_id: int = 0
    setting_b_id: int = 0


def build_world() -> World:
    r = region()
    a, b = gemeente("GM0503"), gemeente("GM0518")
    link(r, a)
    link(r, b)
    users = {
        "admin_a": make_user("beheer.a@test.nl", memberships=((a, Role.GEMEENTE_ADMIN),)),
        "admin_b": make_user("beheer.b@test.nl", memberships=((b, Role.GEMEENTE_ADMIN),)),
        "viewer_a": make_user("lezer.a@test.nl", memberships=((a, Role.GEMEENTE_VIEWER),)),
        "inspector_a": make_user("inspecteur.a@test.nl", memberships=((a, Role.INSPECTOR),)),
        "coordinator": make_user("coordinator@test.nl", region_roles=((r, Role.COORDINATOR),)),
        "region_admin": make_user("regiobeheer@test.nl", region_roles=((r, Role.REGION_ADMIN),)),
        "privacy_officer": make_user("privacy@test.nl", region_roles=((r, Role.PRIVACY_OFFICER),)),
    }
    ca = make_contact(a, "Contact Delft", "contact@delft.test")
    cb = make_contact(b, "Contact Den Haag", "contact@denhaag.test")
    make_privacy_rows(a, users["inspector_a"])
    make_privacy_rows(b, users["inspector_a"])
    # Read the ids before the commit expires the objects: reloading a tenant row needs a context.
    contact_ids = {"contact_a_id": ca.id, "contact_b_id": cb.id}
    sa = make_setting(a, "reports.publication_delay_weeks", 4, SINCE, "Instelling Delft")
    sb = make_setting(b, "reports.publication_delay_weeks", 5, SINCE, "Instelling Den Haag")
    contact_ids |= {"setting_a_id": sa.id, "setting_b_id": sb.id}
    db.session.commit()
    return World(
        region_id=r.id, a_id=a.id, b_id=b.id, a_slug=a.slug, b_slug=b.slug,
        **contact_ids,
        user_ids={k: u.id for k, u in users.items()},
        **{k: u.email for k, u in users.items()},
    )
