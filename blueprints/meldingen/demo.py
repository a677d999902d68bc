"""Demo meldingen of GGD Haaglanden, one or more in every status, reached through the services
(so the demo obeys the same rules as people do). Idempotent: a melding whose summary exists in
its gemeente is not added again. All persons and events are fictitious."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from blueprints.meldingen import services
from blueprints.meldingen.models import Melding, MeldingStatus
from blueprints.providers.models import Provider, ProviderLocation, ServiceType
from regiotoezicht import audit
from regiotoezicht.auth.models import User
from regiotoezicht.context import TenantContext, current_tenant_context, tenant_context
from regiotoezicht.extensions import db
from tenants.entitlements import today
from tenants.models import Gemeente

S = MeldingStatus
WEST = "inspecteur.west@demo.regiotoezicht.nl"  # Delft, Rijswijk, Midden-Delfland
OOST = "inspecteur.oost@demo.regiotoezicht.nl"  # Zoetermeer, Lansingerland, Voorschoten
SECRETARIAAT = "secretariaat@demo.regiotoezicht.nl"


@dataclass(frozen=True)
class DemoMelding:
    gemeente: str  # CBS code
    status: MeldingStatus
    days_ago: int  # received this many days before today
    data: dict[str, Any]
    provider: str = ""
    service_type: str = ""
    channel: str = "meldpunt_aanbieder"
    inspector: str = WEST
    criteria_met: bool | None = True
    extra_triage: dict[str, Any] = field(default_factory=dict)


def _client(name: str, ref: str, reporter: str, email: str) -> dict[str, Any]:
    return {"client_name": name, "client_reference": ref, "reporter_name": reporter, "reporter_email": email,
            "reporter_organisation": "Zorggroep Hofstad Thuis"}


DEMO_MELDINGEN: tuple[DemoMelding, ...] = (
    DemoMelding("GM0503", S.RECEIVED, 1, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Cliënt na val in de badkamer met heupfractuur opgenomen",
        "description": "Bij het douchen zonder de afgesproken tweede begeleider viel de cliënt.",
        **_client("A. de Vries", "HT-10231", "M. Jansen", "kwaliteit@hofstadthuis.demo")},
        provider="Zorggroep Hofstad Thuis", service_type="huishoudelijke_hulp"),
    DemoMelding("GM0503", S.RECEIVED, 12, {
        "kind": "geweld", "reporter_kind": "naaste", "perpetrator": "professional",
        "summary": "Naaste meldt hardhandig optreden van een begeleider",
        "description": "De dochter zag blauwe plekken na een bezoek van een vaste begeleider.",
        "client_name": "H. Bos", "reporter_name": "S. Bos", "reporter_phone": "06-00000000"},
        provider="Zorggroep Hofstad Thuis", service_type="begeleiding_individueel", channel="telefoon"),
    DemoMelding("GM0503", S.PROVIDER_INVESTIGATION_REQUESTED, 70, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Medicatie twee dagen niet gegeven na wisseling van begeleider",
        "description": "Bij de overdracht ontbrak de medicatielijst; de cliënt kreeg twee dagen geen insuline.",
        "doubt_investigated": True,
        **_client("R. Willems", "HT-20877", "K. Smit", "kwaliteit@hofstadthuis.demo")},
        provider="Zorggroep Hofstad Thuis", service_type="begeleiding_individueel"),
    DemoMelding("GM0603", S.PROVIDER_REPORT_RECEIVED, 50, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Cliënt overleden na niet opgemerkte uitdroging",
        "description": "Tijdens een hittegolf werd de vochtlijst niet bijgehouden.",
        **_client("J. Pieters", "HT-30112", "L. de Groot", "kwaliteit@hofstadthuis.demo")},
        provider="Zorggroep Hofstad Thuis", service_type="huishoudelijke_hulp"),
    DemoMelding("GM0603", S.PROVIDER_REPORT_ACCEPTED, 90, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Brand in de keuken van een cliënt tijdens de hulp",
        "description": "Een pan op het vuur werd vergeten; de cliënt liep brandwonden op.",
        **_client("T. Visser", "HT-30456", "L. de Groot", "kwaliteit@hofstadthuis.demo")},
        provider="Zorggroep Hofstad Thuis", service_type="huishoudelijke_hulp"),
    DemoMelding("GM0603", S.INVESTIGATING, 20, {
        "kind": "signaal", "reporter_kind": "professional",
        "summary": "Wijkcoach meldt structureel uitvallen van begeleiding",
        "description": "Afspraken worden op het laatste moment afgezegd; cliënten blijven zonder begeleiding.",
        "reporter_name": "Wijkcoach Rijswijk-Oost"},
        provider="J. Bakker", service_type="begeleiding_individueel", channel="email", criteria_met=None),
    DemoMelding("GM0637", S.CLOSED, 120, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Cliënt ernstig verward na verkeerde medicatie door invaller",
        "description": "Een invalkracht gaf de medicatie van een andere cliënt.",
        **_client("E. Mulder", "OM-1207", "P. de Wit", "kwaliteit@opmaat.demo")},
        provider="Begeleiding Op Maat Zoetermeer", service_type="begeleiding_individueel", inspector=OOST),
    DemoMelding("GM0503", S.CLOSED, 30, {
        "kind": "signaal", "reporter_kind": "inwoner",
        "summary": "Buurtbewoner maakt zich zorgen over de schoonmaak bij een buurvrouw",
        "description": "De hulp komt volgens de buurman vaak niet opdagen."},
        provider="Thuishulp Delfland B.V.", service_type="huishoudelijke_hulp", channel="meldpunt_publiek",
        criteria_met=None),
    DemoMelding("GM0503", S.TRIAGED, 5, {
        "kind": "calamiteit", "reporter_kind": "aanbieder",
        "summary": "Cliënt gevallen van de trap, geen letsel",
        "description": "Val zonder letsel; de aanbieder meldde uit voorzorg.",
        **_client("B. Kok", "HT-10999", "M. Jansen", "kwaliteit@hofstadthuis.demo")},
        provider="Zorggroep Hofstad Thuis", service_type="huishoudelijke_hulp", criteria_met=False),
    DemoMelding("GM0518", S.RECEIVED, 2, {
        "kind": "geweld", "reporter_kind": "client", "perpetrator": "medeclient", "same_accommodation": True,
        "summary": "Bewoner beschermd wonen bedreigd door medebewoner",
        "description": "De bewoner werd in de gemeenschappelijke keuken bedreigd met een mes.",
        "client_name": "D. Hendriks", "reporter_name": "D. Hendriks"},
        provider="Stichting De Duinpoort", service_type="beschermd_wonen", channel="telefoon"),
)


def _user_id(email: str) -> int | None:
    return db.session.execute(select(User.id).where(User.email == email)).scalar_one_or_none()


def _registry(spec: DemoMelding, region_id: int) -> dict[str, Any]:
    provider = db.session.execute(
        select(Provider).where(Provider.name == spec.provider, Provider.region_id == region_id)
    ).scalars().first() if spec.provider else None
    service_type = db.session.execute(
        select(ServiceType.id).where(ServiceType.code == spec.service_type)
    ).scalar_one_or_none() if spec.service_type else None
    found: dict[str, Any] = {"service_type_id": service_type}
    if provider is None:
        found["provider_name"] = spec.provider or "Onbekende aanbieder"
        return found
    found["provider_id"] = provider.id
    location = db.session.execute(
        select(ProviderLocation.id).where(ProviderLocation.provider_id == provider.id).order_by(ProviderLocation.id)
    ).scalars().first()
    if location is not None and spec.gemeente != "GM0637":
        found["provider_location_id"] = location
    return found


def _advance(melding: Melding, spec: DemoMelding, received: date) -> None:
    if spec.status is S.RECEIVED:
        return
    triage: dict[str, Any] = {"client_safe": True, **spec.extra_triage}
    if melding.kind.is_mandatory:
        triage["criteria_met"] = spec.criteria_met
        if spec.criteria_met is False:
            triage["criteria_reason"] = "Geen ernstige schade: de cliënt hield geen letsel over."
    services.triage(melding, triage)
    if spec.status is S.TRIAGED:
        return
    if spec.status is S.CLOSED and melding.kind.value == "signaal":
        services.close(melding, {"closure_reason": "Doorverwezen naar de klachtenregeling van de aanbieder."})
        return
    if spec.status is S.INVESTIGATING:
        services.start_investigation(melding, "Patroon van uitval bij meerdere cliënten: de GGD onderzoekt zelf.")
        return
    services.request_provider_investigation(melding, {"requested_on": received + timedelta(days=3)})
    if spec.status is S.PROVIDER_INVESTIGATION_REQUESTED:
        return
    services.receive_provider_report(melding, {"report_received_on": min(received + timedelta(days=45), today())})
    if spec.status is S.PROVIDER_REPORT_RECEIVED:
        return
    services.assess_provider_report(melding, {
        "has_independent_chair": True, "has_facts": True, "has_root_causes": True, "has_measures": True,
        "client_involved": True, "outcome": "geaccepteerd",
        "assessment": "Volledig rapport met een onafhankelijke voorzitter; maatregelen zijn concreet.",
    })
    if spec.status is S.PROVIDER_REPORT_ACCEPTED:
        return
    services.close(melding, {
        "closure_reason": "Rapport van de aanbieder geaccepteerd; maatregelen zijn ingevoerd.",
        "lesson_theme": "medicatie",
        "lesson_text": "Invalkrachten kregen geen overdracht van de medicatielijst; nu vast onderdeel van de dienststart.",
        "lesson_shareable": True,
        "lesson_shared_text": "Laat invalkrachten pas medicatie geven na een overdracht met de actuele medicatielijst.",
    })


def seed_demo_meldingen() -> int:
    """Add the demo meldingen that are missing; the caller's context covers the demo gemeenten."""
    outer = current_tenant_context()
    assert outer is not None
    added = 0
    for spec in DEMO_MELDINGEN:
        gemeente = db.session.execute(select(Gemeente).where(Gemeente.code == spec.gemeente)).scalar_one()
        if gemeente.id not in outer.allowed_ids:
            continue
        exists = db.session.execute(
            select(Melding.id).where(Melding.gemeente_id == gemeente.id, Melding.summary == spec.data["summary"])
        ).first()
        if exists:
            continue
        received = today() - timedelta(days=spec.days_ago)
        data: dict[str, Any] = {**spec.data, "occurred_on": received - timedelta(days=1)}
        if data.get("doubt_investigated"):
            data["doubt_started_on"] = received - timedelta(days=30)
            data["doubt_concluded_on"] = received - timedelta(days=2)
        ctx = TenantContext(allowed_ids=frozenset({gemeente.id}), active_id=gemeente.id, reason=outer.reason)
        registrar = _user_id(SECRETARIAAT) if spec.channel in ("telefoon", "email", "brief") else None
        with tenant_context(ctx):
            with audit.acting_as(registrar):
                melding = services.register_melding(data | _registry(spec, melding_region(gemeente.id, received)),
                                                    channel=spec.channel, received_on=received)
            with audit.acting_as(_user_id(spec.inspector)):
                _advance(melding, spec, received)
        added += 1
    db.session.flush()
    return added


def melding_region(gemeente_id: int, on: date) -> int:
    region_id = services.region_of(gemeente_id, on)
    assert region_id is not None, "the demo gemeenten are linked to the region first"
    return region_id
