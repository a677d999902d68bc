"""Demo contact persons for the demo region's gemeenten (idempotent)."""

from __future__ import annotations

from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.extensions import db
from tenants.models import Gemeente

DEMO_CONTACTS = {
    "GM0503": [("Team Wmo-kwaliteit Delft", "wmo-kwaliteit@delft.demo", "Contractmanagement Wmo", True)],
    "GM0518": [("Meldpunt kwaliteit Den Haag", "kwaliteit@denhaag.demo", "Beleidsadviseur Wmo", True)],
    "GM0637": [("Team Zorg Zoetermeer", "zorg@zoetermeer.demo", "Inkoop sociaal domein", False)],
}


def seed_demo_contacts() -> int:
    """Add the demo contacts that are missing; the caller sets a tenant context covering them."""
    added = 0
    for code, contacts in DEMO_CONTACTS.items():
        gemeente = db.session.execute(select(Gemeente).where(Gemeente.code == code)).scalar_one()
        for name, email, function, copies in contacts:
            exists = db.session.execute(
                select(GemeenteContact.id).where(
                    GemeenteContact.gemeente_id == gemeente.id, GemeenteContact.email == email
                )
            ).first()
            if not exists:
                db.session.add(
                    GemeenteContact(
                        gemeente_id=gemeente.id, name=name, email=email, function=function,
                        receives_calamity_copies=copies,
                    )
                )
                added += 1
    db.session.flush()
    return added
