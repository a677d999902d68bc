"""Demo investigations of GGD Haaglanden: the default toetsingskader, one investigation that
Delft, Den Haag and Rijswijk share of the provider they all contract, a thematic one over several
providers, a reactive one after a melding (when the meldingen demo has one), with findings.

Idempotent: runs inside the seed command's tenant context (all demo gemeenten) and adds only
what is missing. The demo's two inspectors on the shared case get the memberships it needs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from blueprints.frameworks import default
from blueprints.frameworks import services as framework_services
from blueprints.frameworks.models import Framework, JudgementValue, Norm
from blueprints.investigations import queries, services
from blueprints.investigations.models import Investigation
from blueprints.providers import queries as provider_queries
from blueprints.providers.models import Provider
from regiotoezicht.auth.models import User
from regiotoezicht.auth.services import create_user, set_password
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Role
from tenants.demo import DEMO_PASSWORD, REGION_CODE, WMO_START
from tenants.entitlements import compute_entitlements, today
from tenants.models import Gemeente, Membership, Region

#: The shared case needs inspectors entitled to all three gemeenten; the foundation's demo
#: inspectors each cover other gemeenten, so the investigations demo adds two.
LEAD = ("inspecteur.haaglanden@demo.regiotoezicht.nl", "Hanna Haaglanden")
SECOND = ("inspecteur.centrum@demo.regiotoezicht.nl", "Bram Brouwer")
SHARED = ("GM0503", "GM0518", "GM0603")  # Delft, Den Haag, Rijswijk
SHARED_PROVIDER = "Zorggroep Hofstad Thuis"
TITLES = {
    "shared": "Cyclisch onderzoek Zorggroep Hofstad Thuis",
    "thematic": "Thema: veiligheid en VOG in de dagbesteding",
    "reactive": "Onderzoek na calamiteitenmelding",
}


def _membership(user: User, gemeente: Gemeente) -> int:
    exists = db.session.scalars(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.gemeente_id == gemeente.id, Membership.role == Role.INSPECTOR
        )
    ).first()
    if exists:
        return 0
    db.session.add(Membership(user_id=user.id, gemeente_id=gemeente.id, role=Role.INSPECTOR, valid_from=WMO_START))
    db.session.flush()
    return 1


def _inspector(email: str, name: str, gemeenten: list[Gemeente]) -> tuple[User, int]:
    added = 0
    user = db.session.scalars(select(User).where(User.email == email)).one_or_none()
    if user is None:
        user = create_user(email, name)
        set_password(user, DEMO_PASSWORD)
        added += 1
    for gemeente in gemeenten:
        added += _membership(user, gemeente)
    return user, added


def _inspectors(gemeenten: dict[str, Gemeente]) -> tuple[User, User, int]:
    shared = [gemeenten[code] for code in SHARED]
    lead, added_lead = _inspector(*LEAD, shared)
    second, added_second = _inspector(*SECOND, shared)
    return lead, second, added_lead + added_second


def _framework(region: Region) -> Framework:
    framework = db.session.scalars(
        select(Framework).where(Framework.region_id == region.id, Framework.name == default.NAME)
        .order_by(Framework.version.desc())
    ).first()
    if framework is None:
        framework = framework_services.install_default_framework(region.id, date(2024, 1, 1))
    return framework


def _existing(title: str) -> Investigation | None:
    return db.session.scalars(select(Investigation).where(Investigation.title == title)).first()


def _findings(investigation: Investigation, lead: User, judgements: dict[str, tuple[str, str]]) -> int:
    """Record findings (norm code → (judgement code, explanation)) for every assessed provider."""
    values = {v.code: v for v in db.session.scalars(
        select(JudgementValue).where(JudgementValue.framework_id == investigation.framework_id))}
    norms = {n.code: n for n in db.session.scalars(select(Norm).where(Norm.framework_id == investigation.framework_id))}
    added = 0
    for provider_id in queries.provider_ids(investigation):
        for code, (judgement, explanation) in judgements.items():
            try:
                services.record_finding(investigation, {
                    "provider_id": provider_id, "norm_id": norms[code].id,
                    "judgement_value_id": values[judgement].id, "explanation": explanation,
                    "evidence": "Dossieronderzoek (steekproef van vijf dossiers) en gesprekken op locatie.",
                }, lead.id)
                added += 1
            except services.InvestigationError:
                continue  # a norm that does not bind this provider: left open
    return added


def _create(data: dict[str, Any], lead: User) -> Investigation:
    return services.create_investigation(data, compute_entitlements(lead.id))


def seed_demo_investigations() -> int:
    region = db.session.scalars(select(Region).where(Region.code == REGION_CODE)).one()
    gemeenten = {g.code: g for g in db.session.scalars(select(Gemeente).where(Gemeente.code.in_(
        [*SHARED, "GM1916", "GM0637"])))}
    lead, second, added = _inspectors(gemeenten)
    framework = _framework(region)
    planned = today() - timedelta(days=21)
    if framework.valid_from > planned:
        return added
    hofstad = db.session.scalars(select(Provider).where(Provider.name == SHARED_PROVIDER)).first()
    if hofstad is not None and _existing(TITLES["shared"]) is None:
        shared = _create({
            "kind": "proactive", "proactive_kind": "cyclical", "title": TITLES["shared"],
            "gemeente_ids": [gemeenten[c].id for c in SHARED], "provider_ids": [hofstad.id],
            "framework_id": framework.id, "lead_inspector_id": lead.id, "second_inspector_id": second.id,
            "planned_on": planned, "announced": True,
        }, lead)
        services.change_status(shared, "in_progress", lead.id, "Bezoek afgelegd")
        services.add_visit(shared, {
            "visited_on": planned, "location": "Hofstad Thuis Delft, Westvest 41", "announced": True,
            "attendees": "Locatiemanager, twee begeleiders, kwaliteitsfunctionaris",
            "notes": "Rondgang en dossierinzage.",
        }, lead.id)
        services.add_interview(shared, {
            "held_on": planned, "interviewee_role": "Kwaliteitsfunctionaris",
            "summary": "Toelichting op het incidentenregistratiesysteem en de klachtenregeling.",
        }, lead.id)
        services.request_document(shared, {
            "description": "Overzicht VOG's van medewerkers", "requested_on": planned,
            "due_on": planned + timedelta(days=14),
        }, lead.id)
        added += 1 + _findings(shared, lead, {
            "1.1.1": ("voldoet", "In alle vijf dossiers een ondersteuningsplan met doelen, samen met de cliënt opgesteld."),
            "1.2.1": ("voldoet_deels", "Evaluaties vinden plaats, maar in twee dossiers is de laatste ouder dan een jaar."),
            "2.1.1": ("voldoet", "Klachtenregeling aanwezig en bekend bij de geïnterviewde cliënten."),
            "3.2.1": ("voldoet_niet", "Medewerkers kennen de meldcode niet; het afwegingskader wordt niet gebruikt."),
            "4.2.1": ("voldoet_deels", "Voor twee van de tien nieuwe medewerkers ontbreekt een VOG."),
        })
    others = [p for p in provider_queries.providers_of_gemeente(gemeenten["GM0518"].id, planned) if p.name != SHARED_PROVIDER]
    if len(others) >= 2 and _existing(TITLES["thematic"]) is None:
        chosen = others[:2]
        participants = sorted({
            g.id for g in gemeenten.values() for p in chosen
            if g.code in SHARED and provider_queries.financing_forms_for(p.id, [g.id], planned)
        })
        thematic = _create({
            "kind": "proactive", "proactive_kind": "thematic", "title": TITLES["thematic"],
            "gemeente_ids": participants, "provider_ids": [p.id for p in chosen], "framework_id": framework.id,
            "lead_inspector_id": lead.id, "second_inspector_id": second.id, "planned_on": planned,
            "announced": False,
        }, lead)
        added += 1 + _findings(thematic, lead, {
            "3.1.1": ("voldoet_deels", "Risico's worden bij de start ingeschat, daarna niet meer."),
            "4.2.1": ("voldoet", "Van alle medewerkers in de steekproef is een VOG aanwezig."),
        })
    added += _seed_reactive(gemeenten["GM0503"], hofstad, framework, lead, second, planned)
    return added


def _seed_reactive(
    delft: Gemeente, provider: Provider | None, framework: Framework, lead: User, second: User, planned: date
) -> int:
    """A reactive investigation linked to a melding of Delft, when the meldingen demo has one."""
    try:
        from blueprints.meldingen.models import Melding
    except ImportError:
        return 0
    if provider is None or _existing(TITLES["reactive"]) is not None:
        return 0
    melding = db.session.scalars(
        select(Melding).where(Melding.gemeente_id == delft.id).order_by(Melding.id)
    ).first()
    if melding is None:
        return 0
    reactive = _create({
        "kind": "reactive", "title": TITLES["reactive"], "gemeente_ids": [delft.id], "provider_ids": [provider.id],
        "framework_id": framework.id, "lead_inspector_id": lead.id, "second_inspector_id": second.id,
        "planned_on": planned, "announced": False,
    }, lead)
    services.link_melding(reactive, melding, lead.id)
    return 1 + _findings(reactive, lead, {
        "3.2.2": ("voldoet", "De calamiteit is binnen drie werkdagen gemeld."),
        "3.2.3": ("voldoet_deels", "Oorzaken onderzocht; verbetermaatregelen nog niet belegd."),
    })

