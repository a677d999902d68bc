"""Factory helpers (in the style of Indico's fixtures) and the standard two-gemeente world."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from blueprints.attachments.services import check_upload, store_attachment
from blueprints.contacts.models import GemeenteContact
from blueprints.privacy.models import Disclosure, EmergencyAccess
from blueprints.providers.models import (
    FinancingForm,
    Provider,
    ProviderLocation,
    ProviderMerge,
    ProviderRelation,
    ProviderRelationLocation,
    ProviderRelationServiceType,
    ServiceType,
)
from blueprints.settings.models import GemeenteSetting
from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_user, set_password
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from regiotoezicht.storage import storage
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


def make_provider(
    r: Region,
    name: str,
    kvk_number: str | None = None,
    *,
    is_informal_carer: bool = False,
    locations: tuple[tuple[str, str], ...] = (),
) -> Provider:
    """A registry record (region-wide, no tenant context needed); locations as (name, city)."""
    provider = Provider(
        region_id=r.id, name=name, kvk_number=kvk_number, is_informal_carer=is_informal_carer,
    )
    db.session.add(provider)
    db.session.flush()
    for loc_name, city in locations:
        db.session.add(ProviderLocation(provider_id=provider.id, name=loc_name, city=city))
    db.session.flush()
    return provider


def make_relation(
    g: Gemeente,
    provider: Provider,
    form: FinancingForm = FinancingForm.CONTRACT,
    *,
    starts_on: date = SINCE,
    ends_on: date | None = None,
    reference: str = "",
    service_types: tuple[str, ...] = ("huishoudelijke_hulp",),
    locations: tuple[ProviderLocation, ...] = (),
) -> ProviderRelation:
    """A relation of gemeente `g` with a provider, covering the service types given by code."""
    with tenant_context(all_context(g)):
        relation = ProviderRelation(
            gemeente_id=g.id, provider_id=provider.id, financing_form=form, starts_on=starts_on,
            ends_on=ends_on, reference=reference,
        )
        types = db.session.execute(select(ServiceType).where(ServiceType.code.in_(service_types))).scalars()
        relation.service_type_links = [
            ProviderRelationServiceType(gemeente_id=g.id, service_type_id=t.id) for t in types
        ]
        relation.location_links = [
            ProviderRelationLocation(gemeente_id=g.id, location_id=loc.id) for loc in locations
        ]
        db.session.add(relation)
        db.session.flush()
        return relation


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


def make_attachment(g: Gemeente, filename: str, text: str) -> int:
    """A text attachment of gemeente `g` (subject "wereld" 1), stored through regiotoezicht.storage."""
    context = TenantContext(allowed_ids=frozenset({g.id}), active_id=g.id, reason="test")
    with tenant_context(context):
        upload = check_upload(FileStorage(io.BytesIO(text.encode()), filename=filename))
        return store_attachment("wereld", 1, upload).id


def make_merge(survivor_id: int, name: str) -> ProviderMerge:
    """A registry record merged into `survivor_id` (registry data: no tenant context needed)."""
    survivor = db.session.get(Provider, survivor_id)
    assert survivor is not None
    merged = make_provider(survivor.region, name, is_informal_carer=True)
    merged.merged_into_id = survivor.id
    merge = ProviderMerge(region_id=survivor.region_id, survivor_id=survivor.id, merged_id=merged.id, reason="Test")
    db.session.add(merge)
    db.session.flush()
    return merge


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
    #: A text attachment in each gemeente (subject "wereld" 1).
    attachment_a_id: int = 0
    attachment_b_id: int = 0
    #: A registry provider both gemeenten have a relation with (one each, with a location).
    provider_id: int = 0
    relation_a_id: int = 0
    relation_b_id: int = 0
    location_id: int = 0
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
    provider = make_provider(r, "Wereldzorg", "99000001", locations=(("Wereldlocatie", "Delft"),))
    location = provider.locations[0]
    rel_a = make_relation(a, provider, reference="Relatie Delft A-76", locations=(location,))
    rel_b = make_relation(b, provider, FinancingForm.PGB, reference="Relatie Den Haag B-77", locations=(location,))
    for g in (a, b):  # a blob in each gemeente: stored_objects is a tenant table too
        with tenant_context(all_context(g)):
            storage().save(f"g{g.id}/world/blob", f"Blob van {g.name}".encode(), "text/plain")
    make_privacy_rows(a, users["inspector_a"])
    make_privacy_rows(b, users["inspector_a"])
    attachment_ids = {
        "attachment_a_id": make_attachment(a, "bijlage-gm0503.txt", "Verslag Delft"),
        "attachment_b_id": make_attachment(b, "bijlage-gm0518.txt", "Verslag Den Haag"),
    }
    # Read the ids before the commit expires the objects: reloading a tenant row needs a context.
    contact_ids = {"contact_a_id": ca.id, "contact_b_id": cb.id}
    provider_ids = {"provider_id": provider.id, "relation_a_id": rel_a.id, "relation_b_id": rel_b.id,
                    "location_id": location.id}
    sa = make_setting(a, "reports.publication_delay_weeks", 4, SINCE, "Instelling Delft")
    sb = make_setting(b, "reports.publication_delay_weeks", 5, SINCE, "Instelling Den Haag")
    contact_ids |= {"setting_a_id": sa.id, "setting_b_id": sb.id}
    db.session.commit()
    return World(
        region_id=r.id, a_id=a.id, b_id=b.id, a_slug=a.slug, b_slug=b.slug,
        **contact_ids,
        **attachment_ids,
        **provider_ids,
        user_ids={k: u.id for k, u in users.items()},
        **{k: u.email for k, u in users.items()},
    )
