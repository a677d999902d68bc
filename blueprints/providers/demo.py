"""Demo providers of GGD Haaglanden: a registry with locations, and each gemeente's relations.

All names and KvK numbers are fictitious. Zorggroep Hofstad Thuis is contracted by Delft, Den Haag
and Rijswijk (the demo's shared investigation later); Stichting De Duinpoort runs beschermd
wonen for the region through centrumgemeente Den Haag; J. Bakker is an informal pgb carer
without a KvK number, registered twice (by Delft and by Rijswijk): the duplicates page offers to
merge the two. Seeding goes through the services, so the demo obeys the same rules as people do,
and adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from blueprints.providers import queries, services
from blueprints.providers.models import FinancingForm, Provider, ProviderRelation
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.models import Gemeente, Region

REGION_CODE = "GG7014"
C, S, P = FinancingForm.CONTRACT, FinancingForm.SUBSIDY, FinancingForm.PGB


@dataclass(frozen=True)
class DemoRelation:
    gemeente: str  # CBS code
    form: FinancingForm
    reference: str
    starts_on: date
    service_types: tuple[str, ...]
    ends_on: date | None = None


@dataclass(frozen=True)
class DemoProvider:
    name: str
    kvk: str | None
    locations: tuple[tuple[str, str, str, str, str], ...] = ()  # name, street, number, postcode, city
    relations: tuple[DemoRelation, ...] = ()
    informal: bool = False
    website: str = ""


Y2023, Y2024, Y2025 = date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1)

DEMO_PROVIDERS: tuple[DemoProvider, ...] = (
    DemoProvider(
        "Zorggroep Hofstad Thuis", "90412345",
        (("Hofstad Thuis Den Haag", "Laan van Meerdervoort", "210", "2517 BG", "Den Haag"),
         ("Hofstad Thuis Delft", "Westvest", "41", "2611 AZ", "Delft"),
         ("Hofstad Thuis Rijswijk", "Herenstraat", "12", "2282 BT", "Rijswijk")),
        (DemoRelation("GM0503", C, "WMO-DLF-2024-017", Y2024, ("huishoudelijke_hulp", "begeleiding_individueel")),
         DemoRelation("GM0518", C, "DH-SZ-2023-0412", Y2023, ("huishoudelijke_hulp", "begeleiding_individueel")),
         DemoRelation("GM0603", C, "RSW-WMO-2024-05", Y2024, ("huishoudelijke_hulp",))),
        website="https://hofstadthuis.demo",
    ),
    DemoProvider(
        "Stichting De Duinpoort", "90423456",
        (("Duinpoort Scheveningen", "Duinstraat", "5", "2584 AZ", "Den Haag"),
         ("Duinpoort Voorburg", "Parkweg", "88", "2271 AJ", "Voorburg")),
        # Beschermd wonen runs through the centrumgemeente: one contract, for the whole region.
        (DemoRelation("GM0518", C, "DH-BW-2023-001 (centrumgemeente)", Y2023, ("beschermd_wonen", "beschermd_thuis")),),
    ),
    DemoProvider(
        "Thuishulp Delfland B.V.", "90434567",
        (("Kantoor Delft", "Buitenwatersloot", "300", "2613 TH", "Delft"),),
        (DemoRelation("GM0503", C, "WMO-DLF-2022-004", date(2022, 1, 1), ("huishoudelijke_hulp",)),
         DemoRelation("GM1842", C, "MDL-HH-2024", Y2024, ("huishoudelijke_hulp",)),
         DemoRelation("GM0518", C, "DH-HH-2021-077", date(2021, 1, 1), ("huishoudelijke_hulp",),
                      ends_on=date(2024, 12, 31))),
    ),
    DemoProvider(
        "Dagbesteding De Groene Tuin", "90445678",
        (("De Groene Tuin", "Tuinbouwweg", "14", "2681 KL", "Monster"),),
        (DemoRelation("GM1783", S, "WL-SUB-2025-031", Y2025, ("begeleiding_groep",)),
         DemoRelation("GM0503", C, "WMO-DLF-2024-022", Y2024, ("begeleiding_groep",))),
    ),
    DemoProvider(
        "Stichting Nachtopvang Het Baken", "90456789",
        (("Het Baken", "Havenkade", "3", "2514 AA", "Den Haag"),),
        (DemoRelation("GM0518", S, "DH-SUB-MO-2025-12", Y2025, ("maatschappelijke_opvang",)),),
    ),
    DemoProvider(
        "MobiZorg Hulpmiddelen B.V.", "90467890",
        (("Werkplaats Zoetermeer", "Industrieweg", "20", "2712 LB", "Zoetermeer"),),
        (DemoRelation("GM0637", C, "ZTM-HM-2023-02", Y2023, ("hulpmiddelen",)),
         DemoRelation("GM1621", C, "LSL-HM-2023-02", Y2023, ("hulpmiddelen",)),
         DemoRelation("GM1926", C, "PN-HM-2023-02", Y2023, ("hulpmiddelen",))),
    ),
    DemoProvider(
        "Vakwerk Woonaanpassingen B.V.", "90478901",
        (("Vakwerk", "Bredewater", "7", "2715 CA", "Zoetermeer"),),
        (DemoRelation("GM0637", C, "ZTM-WA-2024-01", Y2024, ("woningaanpassingen",)),),
    ),
    DemoProvider(
        "Vervoerdienst Haaglanden B.V.", "90489012",
        (("Centrale", "Fokkerweg", "1", "2251 AS", "Voorschoten"),),
        (DemoRelation("GM1916", C, "LV-VV-2024", Y2024, ("vervoer",)),
         DemoRelation("GM0629", C, "WSN-VV-2024", Y2024, ("vervoer",)),
         DemoRelation("GM0626", C, "VST-VV-2024", Y2024, ("vervoer",))),
    ),
    DemoProvider(
        "Begeleiding Op Maat Zoetermeer", "90490123",
        (("Op Maat", "Stadhuisplein", "9", "2711 EC", "Zoetermeer"),),
        (DemoRelation("GM0637", C, "ZTM-BG-2024-11", Y2024, ("begeleiding_individueel", "begeleiding_groep")),
         DemoRelation("GM0637", P, "ZTM-PGB-2025-0091", Y2025, ("begeleiding_individueel",))),
    ),
    DemoProvider(
        "Respijthuis De Linde", "90501234",
        (("De Linde", "Lindenlaan", "2", "2671 AB", "Naaldwijk"),),
        (DemoRelation("GM1783", C, "WL-KV-2024-03", Y2024, ("kortdurend_verblijf",)),
         DemoRelation("GM1842", C, "MDL-KV-2024-01", Y2024, ("kortdurend_verblijf",))),
    ),
    DemoProvider(
        "Mantelzorgsteunpunt Oostland", "90512345",
        (("Steunpunt", "Oranjeplein", "4", "2641 EZ", "Pijnacker"),),
        (DemoRelation("GM1926", S, "PN-SUB-MZ-2025", Y2025, ("mantelzorgondersteuning",)),
         DemoRelation("GM1621", S, "LSL-SUB-MZ-2025", Y2025, ("mantelzorgondersteuning",))),
    ),
    DemoProvider(
        "J. Bakker", None, (),
        (DemoRelation("GM0603", P, "RSW-PGB-2025-0007", Y2025, ("begeleiding_individueel",)),),
        informal=True,
    ),
    DemoProvider(
        "J Bakker", None, (),
        (DemoRelation("GM0503", P, "DLF-PGB-2025-0142", Y2025, ("huishoudelijke_hulp",)),),
        informal=True,
    ),
)


def seed_demo_providers() -> int:
    """Add the demo providers and relations that are missing; returns how many rows it added.

    Runs inside the seed command's tenant context (the demo gemeenten); each relation is written
    inside its own gemeente, as a request of that gemeente would.
    """
    outer = current_tenant_context()
    region = db.session.execute(select(Region).where(Region.code == REGION_CODE)).scalar_one()
    codes = {r.gemeente for spec in DEMO_PROVIDERS for r in spec.relations}
    gemeenten = {g.code: g.id for g in db.session.execute(select(Gemeente).where(Gemeente.code.in_(codes))).scalars()}
    added = 0
    for spec in DEMO_PROVIDERS:
        provider = db.session.execute(
            select(Provider).where(Provider.region_id == region.id, Provider.name == spec.name)
        ).scalar_one_or_none()
        if provider is None:
            provider = services.register_provider(
                {
                    "name": spec.name, "kvk_number": spec.kvk, "is_informal_carer": spec.informal,
                    "website": spec.website,
                    "locations": [
                        {"name": n, "street": s, "house_number": h, "postcode": pc, "city": c}
                        for n, s, h, pc, c in spec.locations
                    ],
                },
                region_id=region.id, confirm_similar_name=True,
            )
            added += 1
        for rel in spec.relations:
            gemeente_id = gemeenten[rel.gemeente]
            with tenant_context(TenantContext(allowed_ids=frozenset({gemeente_id}), active_id=gemeente_id,
                                              user_id=outer.user_id if outer else None, reason="demo-seed")):
                exists = db.session.execute(
                    select(ProviderRelation.id).where(
                        ProviderRelation.gemeente_id == gemeente_id,
                        ProviderRelation.provider_id.in_(sorted(queries.merged_provider_ids(provider.id))),
                        ProviderRelation.reference == rel.reference,
                    )
                ).first()
                if exists:
                    continue
                services.add_relation(provider, {
                    "financing_form": rel.form.value, "reference": rel.reference, "starts_on": rel.starts_on,
                    "ends_on": rel.ends_on, "service_types": list(rel.service_types),
                })
                added += 1
    db.session.flush()
    return added
