"""What the melding sends out: the reporter's acknowledgement and the gemeente's copies.

Mail goes through the outbox (regiotoezicht.mail), in the same transaction as the change. A copy
to the gemeente holds no client data and no reporter, and is recorded as a disclosure all the
same, with its basis and content.
"""

from __future__ import annotations

from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from blueprints.meldingen import gemeente_settings
from blueprints.meldingen.models import Melding
from blueprints.meldingen.provider_refs import provider_label
from blueprints.privacy.services import record_disclosure
from regiotoezicht import audit
from regiotoezicht.db import utcnow
from regiotoezicht.extensions import db
from regiotoezicht.mail import send_mail

COPY_BASIS = "Informeren van het college over een melding (art. 3.4 Wmo 2015; afspraak kopie meldingen)"


def send_acknowledgement(melding: Melding, email: str) -> None:
    """Acknowledge receipt to the reporter, when an address is known. No details of the case."""
    if not email:
        return
    body = (
        f"Wij hebben uw melding ontvangen op {melding.received_on:%d-%m-%Y}.\n"
        f"Het kenmerk is {melding.reference}. Noem dit kenmerk als u contact met ons opneemt.\n\n"
        "De toezichthouder Wmo beoordeelt de melding en neemt zo nodig contact met u op.\n"
        "Uw naam en contactgegevens geven wij niet door aan de aanbieder."
    )
    send_mail(email, f"Ontvangstbevestiging melding {melding.reference}", body, created_by_id=audit.current_actor_id())
    melding.acknowledged_at = utcnow()
    db.session.flush()


def copy_text(melding: Melding) -> str:
    """The copy for the gemeente: facts of the melding, no client data, no reporter."""
    return (
        f"Kenmerk: {melding.reference}\n"
        f"Soort: {melding.kind.label}\n"
        f"Ontvangen op: {melding.received_on:%d-%m-%Y}\n"
        f"Aanbieder: {provider_label(melding)}\n"
        f"Samenvatting: {melding.summary}\n\n"
        "Deze kopie bevat geen cliëntgegevens. De toezichthouder Wmo houdt u op de hoogte."
    )


def send_gemeente_copies(melding: Melding) -> int:
    """Send the copy to each contact that asked for one, when the gemeente wants copies of this
    kind (setting meldingen.copy_kinds); each copy is recorded as a disclosure. Returns the count."""
    if melding.kind.value not in gemeente_settings.copy_kinds(melding.gemeente_id, melding.received_on):
        return 0
    contacts = db.session.execute(
        select(GemeenteContact)
        .where(GemeenteContact.gemeente_id == melding.gemeente_id, GemeenteContact.receives_calamity_copies)
        .order_by(GemeenteContact.name)
    ).scalars().all()
    text = copy_text(melding)
    for contact in contacts:
        send_mail(contact.email, f"Kopie melding {melding.reference} ({melding.kind.label.lower()})", text,
                  created_by_id=audit.current_actor_id())
        record_disclosure(
            "melding", melding.id, "gemeente", f"{contact.name} ({contact.email})", COPY_BASIS,
            "Kopie van de melding zonder cliëntgegevens: " + text.replace("\n", " ")[:1500],
        )
    return len(contacts)
