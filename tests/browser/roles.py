"""The demo roles as the browser tests see them: who logs in, which gemeenten the switcher
lists, which navigation links appear, which pages each should reach and which it must not.

The expectations are written out by hand (an independent oracle); test_demo_data_matches_roles
checks them against tenants/demo.py so a change to the demo data shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenants.demo import DEMO_PASSWORD

PASSWORD = DEMO_PASSWORD

#: The eleven gemeenten GGD Haaglanden serves in the demo, by CBS code (reference data names).
NAMES = {
    "GM0503": "Delft",
    "GM0518": "'s-Gravenhage",
    "GM1916": "Leidschendam-Voorburg",
    "GM1842": "Midden-Delfland",
    "GM1926": "Pijnacker-Nootdorp",
    "GM0603": "Rijswijk (ZH.)",
    "GM0629": "Wassenaar",
    "GM1783": "Westland",
    "GM0637": "Zoetermeer",
    "GM1621": "Lansingerland",
    "GM0626": "Voorschoten",
}
SLUGS = {
    "Delft": "delft",
    "'s-Gravenhage": "s-gravenhage",
    "Rijswijk (ZH.)": "rijswijk-zh",
    "Westland": "westland",
    "Zoetermeer": "zoetermeer",
    "Voorschoten": "voorschoten",
}
REGION_WIDE = frozenset(NAMES.values())

# Navigation labels (blueprints/home/blueprint.py `navigation`).
START, REGIO, GEBRUIKERS, AUDITLOG, MAIL, ACCOUNT = (
    "Start", "Regio", "Gebruikers", "Auditlog", "Uitgaande mail", "Mijn account",
)
AANBIEDERS = "Aanbieders"
ONDERZOEKEN, TOETSINGSKADERS = "Onderzoeken", "Toetsingskaders"
PRIVACY = "Privacy"
MELDINGEN = "Meldingen"
LESSEN = "Lessen"
HANDHAVING = "Handhaving"

#: Pages a role may reach, by the name used in subtest ids and screenshot file names.
#: How each is reached (which link is followed from where) is ROUTES in test_role_walk.py.
COMMON = ("start", "gemeentewisselaar", "gemeente", "contactpersonen", "account")


@dataclass(frozen=True)
class RoleSpec:
    key: str  # test id and screenshot prefix
    email: str
    name: str
    gemeenten: frozenset[str]  # exactly what the gemeente switcher lists
    visit: str  # the gemeente whose pages the walk opens
    nav: tuple[str, ...]  # the main navigation, in order
    pages: tuple[str, ...]
    manages_contacts: bool
    #: Paths without a link for this role that must answer 403 when typed in.
    forbidden: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return SLUGS[self.visit]

    @property
    def single_gemeente(self) -> bool:
        return len(self.gemeenten) == 1 and REGIO not in self.nav

    def __str__(self) -> str:
        return self.key


ROLES = (
    RoleSpec(
        "regiobeheerder", "regiobeheer@demo.regiotoezicht.nl", "Rana Regiobeheer", REGION_WIDE,
        "'s-Gravenhage", (START, REGIO, GEBRUIKERS, AUDITLOG, MAIL, AANBIEDERS, TOETSINGSKADERS, ACCOUNT),
        COMMON + ("contactpersoon-wijzigen", "gebruikers-gemeente", "gebruiker-gemeente",
                  "gebruiker-uitnodigen-gemeente", "beveiliging", "auditlog-gemeente", "regio",
                  "gebruikers-regio", "gebruiker-regio", "rol-beeindigen", "gebruiker-uitnodigen-regio",
                  "beveiliging-regio", "auditlog-regio", "uitgaande-mail", "wachtwoord-wijzigen",
                  "tweestapsverificatie"),
        manages_contacts=True,
    ),
    RoleSpec(
        "coordinator", "coordinator@demo.regiotoezicht.nl", "Cor Coördinator", REGION_WIDE,
        "Zoetermeer", (START, REGIO, AANBIEDERS, MELDINGEN, LESSEN, ONDERZOEKEN, TOETSINGSKADERS, HANDHAVING, ACCOUNT),
        COMMON + ("contactpersoon-wijzigen", "regio", "lessen", "handhaving"),
        manages_contacts=True,
        forbidden=("/regio/gebruikers", "/regio/audit", "/regio/mail", "/g/zoetermeer/gebruikers",
                   "/g/zoetermeer/audit"),
    ),
    RoleSpec(
        "secretariaat", "secretariaat@demo.regiotoezicht.nl", "Sanne Secretariaat", REGION_WIDE,
        "Westland", (START, REGIO, AANBIEDERS, MELDINGEN, ACCOUNT), COMMON + ("regio",), manages_contacts=False,
        forbidden=("/regio/gebruikers", "/regio/audit", "/regio/mail", "/g/westland/beveiliging",
                   "/g/westland/contactpersonen/nieuw"),
    ),
    RoleSpec(
        "privacyfunctionaris", "privacy@demo.regiotoezicht.nl", "Pim Privacy", REGION_WIDE,
        "Delft", (START, REGIO, AUDITLOG, PRIVACY, ACCOUNT),
        COMMON + ("regio", "auditlog-regio", "auditlog-gemeente", "privacy"), manages_contacts=False,
        forbidden=("/regio/gebruikers", "/regio/mail", "/g/delft/gebruikers",
                   "/g/delft/contactpersonen/nieuw"),
    ),
    RoleSpec(
        "inspecteur-west", "inspecteur.west@demo.regiotoezicht.nl", "Ilse Inspecteur",
        frozenset({"Delft", "Rijswijk (ZH.)", "Midden-Delfland"}),
        "Rijswijk (ZH.)", (START, REGIO, AANBIEDERS, MELDINGEN, LESSEN, ONDERZOEKEN, HANDHAVING, ACCOUNT),
        COMMON + ("regio", "lessen", "handhaving"),
        manages_contacts=False,
        forbidden=("/regio/gebruikers", "/regio/audit", "/regio/mail", "/g/s-gravenhage/",
                   "/g/zoetermeer/contactpersonen/"),
    ),
    RoleSpec(
        "inspecteur-oost", "inspecteur.oost@demo.regiotoezicht.nl", "Ivo Inspecteur",
        frozenset({"Zoetermeer", "Lansingerland", "Voorschoten"}),
        "Voorschoten", (START, REGIO, AANBIEDERS, MELDINGEN, LESSEN, ONDERZOEKEN, HANDHAVING, ACCOUNT),
        COMMON + ("regio", "lessen", "handhaving"),
        manages_contacts=False,
        forbidden=("/regio/gebruikers", "/regio/audit", "/regio/mail", "/g/delft/"),
    ),
    RoleSpec(
        "beheer-delft", "beheer.delft@demo.regiotoezicht.nl", "Gijs Gemeente Delft",
        frozenset({"Delft"}), "Delft", (START, AUDITLOG, MELDINGEN, HANDHAVING, ACCOUNT),
        COMMON + ("contactpersoon-wijzigen", "gebruikers-gemeente", "gebruiker-gemeente",
                  "gebruiker-uitnodigen-gemeente", "beveiliging", "auditlog-regio",
                  "auditlog-gemeente", "handhaving"),
        manages_contacts=True,
        forbidden=("/regio/", "/regio/mail", "/g/s-gravenhage/", "/g/s-gravenhage/contactpersonen/"),
    ),
    RoleSpec(
        "beheer-denhaag", "beheer.denhaag@demo.regiotoezicht.nl", "Greet Gemeente Den Haag",
        frozenset({"'s-Gravenhage"}), "'s-Gravenhage", (START, AUDITLOG, MELDINGEN, HANDHAVING, ACCOUNT),
        COMMON + ("contactpersoon-wijzigen", "gebruikers-gemeente", "gebruiker-gemeente",
                  "gebruiker-uitnodigen-gemeente", "beveiliging", "auditlog-regio",
                  "auditlog-gemeente", "handhaving"),
        manages_contacts=True,
        forbidden=("/regio/", "/regio/mail", "/g/delft/", "/g/delft/gebruikers"),
    ),
    RoleSpec(
        "lezer-delft", "contractbeheer.delft@demo.regiotoezicht.nl", "Lotte Lezer Delft",
        frozenset({"Delft"}), "Delft", (START, MELDINGEN, HANDHAVING, ACCOUNT),
        COMMON + ("wachtwoord-wijzigen", "tweestapsverificatie", "handhaving"), manages_contacts=False,
        forbidden=("/regio/", "/regio/gebruikers", "/regio/audit", "/regio/mail",
                   "/g/delft/gebruikers", "/g/delft/beveiliging", "/g/delft/audit",
                   "/g/delft/contactpersonen/nieuw", "/g/s-gravenhage/"),
    ),
)
BY_KEY = {r.key: r for r in ROLES}
