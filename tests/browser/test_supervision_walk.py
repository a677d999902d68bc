"""One calamiteit from the phone call to the closed enforcement case, walked in a real browser
across the slices, with axe-core (WCAG 2.1 A/AA) on every page on the way.

The secretariaat registers a calamiteit received by phone in Delft; the inspector (Ilse, of the
role walk) triages it and the GGD investigates itself; from the melding she opens the reactive
investigation with a second inspector (Bram, of the investigations demo), enters the findings
(one tekortkoming, the other norms 'niet beoordeeld') and marks them complete; she writes the
report, Bram approves the concept, the provider's reaction comes in during hoor en wederhoor, its
point is adopted and the definitive report is issued; she advises Delft's college from the
investigation (/regio/onderzoeken/<id>/advies), which opens Delft's case. The gemeente admin
opens the case; the inspector requests the improvement plan (the plan is the toezichthouder's
step, ENFORCEMENT_ADVISE), records its receipt, judges it sufficient and records the re-check;
the gemeente admin closes the case as 'hersteld'.

Time: every step is dated today, because no rule on this path waits for a term to run out — a
provider may answer the concept and send its plan before its term ends, and a re-check may follow
the assessment at once. Nothing is backdated in the UI or the database. The branches that do wait
for a term (no reaction in wederhoor, plan not received, no zienswijze) are tested through the
services in tests/blueprints/reports and tests/blueprints/enforcement.

Accounts: the role accounts of tests/browser/roles.py are used as they are (no membership added);
the second inspector is the investigations demo's Bram Brouwer (Delft, Den Haag, Rijswijk).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tenants.entitlements import today
from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, assert_layout, follow, main_nav, screenshot
from tests.browser.roles import BY_KEY, RoleSpec

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

SUMMARY = "Toezichtwandeling: cliënt kreeg de medicatie van een ander"
PROVIDER = "Zorggroep Hofstad Thuis"
SECRETARIAAT, LEAD, ADMIN = BY_KEY["secretariaat"], BY_KEY["inspecteur-west"], BY_KEY["beheer-delft"]
#: The investigations demo's second inspector (blueprints/investigations/demo.py).
SECOND = RoleSpec(
    "inspecteur-centrum", "inspecteur.centrum@demo.regiotoezicht.nl", "Bram Brouwer",
    frozenset({"Delft", "'s-Gravenhage", "Rijswijk (ZH.)"}), "Delft", (), (), manages_contacts=False,
)
#: The norm that gets the tekortkoming (it binds contracted care; Hofstad has a contract with Delft).
NORM = "1.1.1"


def check(page: Page, who: RoleSpec, name: str) -> None:
    """Every page of the walk: loaded, the common layout, no axe-core violation, a screenshot."""
    page.wait_for_load_state()
    assert_layout(page)
    assert_accessible(page, f"{who.key} {name} ({page.url})")
    screenshot(page, who.key, f"toezicht-{name}")


def submit(page: Page, name: str = "Vastleggen") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def flashed(page: Page, text: str | re.Pattern[str]) -> None:
    """The confirmation after a step (a page may show other status messages too, e.g. a term)."""
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def main_link(page: Page, name: str | re.Pattern[str]) -> None:
    follow(page, page.get_by_role("main").get_by_role("link", name=name, exact=isinstance(name, str)))


def test_a_calamiteit_from_the_phone_call_to_the_closed_enforcement_case(browsing: Browsing) -> None:
    day = today().isoformat()

    # --- the secretariaat registers the calamiteit received by phone -------------------------
    page, watch = browsing.new_page(SECRETARIAAT)
    page.goto("/g/delft/meldingen/")
    main_link(page, "Melding registreren (telefoon, e-mail of brief)")
    check(page, SECRETARIAAT, "registreren")
    page.get_by_label("Calamiteit", exact=True).check()
    page.get_by_label("Binnengekomen via").select_option(label="Telefoon")
    page.get_by_label("Datum van ontvangst").fill(day)
    page.get_by_label("Wie meldt").select_option(label="Aanbieder")
    page.get_by_label("Aanbieder uit het register").select_option(label=PROVIDER)
    page.get_by_label("Voorziening").select_option(index=1)
    page.get_by_label("Korte samenvatting zonder namen").fill(SUMMARY)
    page.get_by_label("Wat is er gebeurd").fill("Bij de avondronde kreeg de cliënt de medicijnen van een buurman.")
    submit(page, "Melding registreren")
    flashed(page, re.compile(r"Melding M-\d{4}-\d{5} is geregistreerd"))
    melding = page.get_by_role("heading", level=1).inner_text().removeprefix("Melding ")
    check(page, SECRETARIAAT, "melding")

    # --- the inspector triages; the GGD investigates itself ----------------------------------
    page, watch = browsing.new_page(LEAD)
    follow(page, main_nav(page).get_by_role("link", name="Meldingen", exact=True))
    page.get_by_label("Kenmerk, aanbieder of tekst").fill(melding)
    submit(page, "Filteren")
    check(page, LEAD, "inbox")
    main_link(page, melding)
    check(page, LEAD, "melding")
    main_link(page, "Triage vastleggen")
    check(page, LEAD, "triage")
    page.get_by_role("group", name="Is de cliënt nu veilig?").get_by_label("Ja").check()
    page.get_by_role("group", name=re.compile("wettelijke criteria")).get_by_label("Ja").check()
    page.get_by_label("Toelichting op de criteria").fill("Ernstige schade door een medicatiefout")
    submit(page)
    check(page, LEAD, "melding-getrieerd")
    main_link(page, "Zelf onderzoeken (GGD)")
    check(page, LEAD, "eigen-onderzoek")
    page.get_by_label("Reden").fill("Tweede medicatiefout dit jaar: de GGD onderzoekt zelf")
    submit(page)
    expect(page.get_by_text("Er is nog geen onderzoek aan deze melding gekoppeld.")).to_be_visible()
    check(page, LEAD, "melding-eigen-onderzoek")

    # --- the reactive investigation, opened from the melding ---------------------------------
    main_link(page, "Onderzoek openen")
    check(page, LEAD, "onderzoek-na-melding")
    expect(page.get_by_label("Reactief (na melding)")).to_be_checked()
    expect(page.get_by_role("checkbox", name=PROVIDER)).to_be_checked()
    page.get_by_label("Toetsingskader").select_option(index=1)
    page.get_by_label("Tweede toezichthouder").select_option(label=SECOND.name)
    submit(page, "Onderzoek aanmaken")
    flashed(page, f"gekoppeld aan melding {melding}")
    heading = page.get_by_role("heading", level=1).inner_text()
    reference = re.match(r"^Onderzoek (O-\d{4}-\d{4}):", heading)
    assert reference, heading
    investigation_url = page.url
    investigation_id = int(investigation_url.rstrip("/").rsplit("/", 1)[1])
    check(page, LEAD, "onderzoek")
    page.get_by_label("Nieuwe fase").select_option(label="In uitvoering")
    submit(page, "Fase wijzigen")
    flashed(page, "In uitvoering")

    # Findings per domain: one tekortkoming, every other norm 'niet beoordeeld'.
    domains = page.get_by_role("main").get_by_role("link", name=re.compile("^Bevindingen invoeren"))
    count = domains.count()
    assert count > 1
    for index in range(count):
        page.goto(investigation_url)
        follow(page, page.get_by_role("main").get_by_role("link", name=re.compile("^Bevindingen invoeren")).nth(index))
        check(page, LEAD, f"bevindingen-{index + 1}")
        selects = page.locator("select[name^='judgement_']")
        for n in range(selects.count()):
            selects.nth(n).select_option(label="Niet beoordeeld")
        if page.get_by_label(f"Oordeel {NORM}", exact=True).count():
            page.get_by_label(f"Oordeel {NORM}", exact=True).select_option(label="Voldoet niet")
            page.get_by_label(f"Toelichting {NORM} (niet verplicht)", exact=True).fill(
                "In drie van de vijf dossiers ontbreekt een actueel ondersteuningsplan.")
        submit(page, "Bevindingen opslaan")
        assert watch.status == 200, f"findings of domain {index + 1}: {page.url} answered {watch.status}"
        flashed(page, "bevinding(en) opgeslagen")
    expect(page.get_by_role("main")).to_contain_text("In drie van de vijf dossiers")
    page.get_by_label("Nieuwe fase").select_option(label="Bevindingen compleet")
    submit(page, "Fase wijzigen")
    flashed(page, "Bevindingen compleet")
    check(page, LEAD, "bevindingen-compleet")

    # --- the report: concept, second inspector, hoor en wederhoor, definitive ----------------
    report = f"/g/delft/onderzoeken/{investigation_id}/rapport/"
    main_link(page, re.compile("^Rapport van dit onderzoek"))  # from the investigation page, by its link
    assert page.url.endswith(report), page.url
    check(page, LEAD, "rapport-leeg")
    submit(page, "Rapport opstellen")
    flashed(page, "Het rapport is aangemaakt als concept.")
    expect(page.locator("h1")).to_have_text(re.compile("^Teksten van het rapport"))  # straight to the texts
    check(page, LEAD, "rapport-teksten")
    page.get_by_label(re.compile("^Samenvatting")).fill("Na een calamiteit met medicatie onderzocht de GGD de ondersteuning.")
    page.get_by_label(re.compile("^Oordeel")).fill("De ondersteuningsplannen zijn niet op orde.")
    page.get_by_label(re.compile("^Advies aan het college")).fill("Vraag de aanbieder een verbeterplan.")
    submit(page, "Opslaan")
    submit(page, "Concept ter beoordeling aanbieden")
    flashed(page, "ligt ter beoordeling bij de tweede toezichthouder")
    check(page, LEAD, "rapport-aangeboden")

    second, _ = browsing.new_page(SECOND)
    second.goto(report)
    check(second, SECOND, "rapport")
    main_link(second, "Concept beoordelen als tweede toezichthouder")
    check(second, SECOND, "concept-beoordelen")
    submit(second, "Goedkeuren")
    flashed(second, "Het concept is goedgekeurd")
    check(second, SECOND, "rapport-goedgekeurd")

    page.goto(report)
    main_link(page, "Hoor en wederhoor starten")
    check(page, LEAD, "wederhoor-starten")
    email = page.get_by_label(f"E-mailadres van {PROVIDER}", exact=True)
    if not email.input_value():
        email.fill("kwaliteit@hofstad.test")
    submit(page, "Concept versturen")
    flashed(page, "Het concept is naar de aanbieder(s) gestuurd")
    follow(page, page.get_by_role("table", name="Hoor en wederhoor per aanbieder").get_by_role("link", name=PROVIDER))
    check(page, LEAD, "wederhoor-reactie")
    page.get_by_label("Ontvangen op", exact=True).fill(day)
    page.get_by_label("Punten van de aanbieder (niet verplicht)", exact=True).fill("De avondronde wordt door twee medewerkers gelopen.")
    submit(page, "Reactie vastleggen")
    flashed(page, "De reactie is vastgelegd.")
    page.get_by_label("Verwerking", exact=True).select_option(label="Overgenomen")
    submit(page, "Verwerking opslaan")
    flashed(page, "De verwerking is vastgelegd.")
    check(page, LEAD, "wederhoor-verwerkt")
    page.goto(report)
    main_link(page, "Definitief rapport vastleggen")
    check(page, LEAD, "definitief")
    submit(page, "Definitief vastleggen en versturen")
    flashed(page, re.compile(r"Definitieve versie \d+ is vastgelegd en verstuurd"))
    check(page, LEAD, "rapport-definitief")

    # --- the inspector advises Delft's college from the investigation ------------------------
    page.goto(investigation_url)
    main_link(page, "Handhavingsadvies vastleggen")
    check(page, LEAD, "handhavingsadvies")
    expect(page.get_by_role("group", name="Advies aan het college van").get_by_label("Delft", exact=True)).to_be_checked()
    grounds = page.get_by_role("group", name=re.compile("^Bevindingen"))
    expect(grounds.get_by_role("checkbox")).to_have_count(1)  # the one tekortkoming, pre-checked
    expect(grounds.get_by_role("checkbox").first).to_be_checked()
    page.get_by_label("Onderbouwing", exact=True).fill(
        "Ondersteuningsplannen ontbreken (norm 1.1.1): eerst een verbeterplan, daarna zo nodig een maatregel.")
    submit(page, "Advies vastleggen")
    flashed(page, "Het advies is vastgelegd voor 1 gemeente(n)")
    cases = page.get_by_role("table", name="Handhavingszaken over dit onderzoek")
    case_link = cases.get_by_role("link", name=re.compile(r"^H-\d{4}-\d{4}$"))
    expect(case_link).to_have_count(1)
    case = case_link.inner_text()
    check(page, LEAD, "onderzoek-met-advies")

    # --- the gemeente admin opens the case ------------------------------------------------
    admin, _ = browsing.new_page(ADMIN)
    follow(admin, main_nav(admin).get_by_role("link", name="Handhaving", exact=True))
    check(admin, ADMIN, "handhaving")
    main_link(admin, case)
    expect(admin.locator("h1")).to_have_text(f"Handhavingszaak {case}")
    expect(admin.get_by_role("main")).to_contain_text(PROVIDER)
    expect(admin.get_by_role("main")).to_contain_text("ontbreekt een actueel ondersteuningsplan")
    check(admin, ADMIN, "zaak")
    case_url = admin.url

    # --- the inspector runs the improvement plan (via the region overview) ------------------
    follow(page, main_nav(page).get_by_role("link", name="Handhaving", exact=True))
    check(page, LEAD, "handhaving-regio")
    main_link(page, re.compile(f"^{case} \\(Delft\\)$"))
    assert page.url == case_url
    main_link(page, "Verbeterplan vragen")
    check(page, LEAD, "verbeterplan-vragen")
    submit(page)
    flashed(page, "Verbeterplan gevraagd")
    main_link(page, "Ontvangst vastleggen")
    check(page, LEAD, "verbeterplan-ontvangen")
    submit(page)
    flashed(page, "Het verbeterplan is als ontvangen vastgelegd.")
    main_link(page, "Plan beoordelen")
    check(page, LEAD, "verbeterplan-beoordelen")
    page.get_by_role("group", name="Oordeel").get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Onderbouwing", exact=True).fill("Elk dossier krijgt binnen vier weken een actueel plan.")
    submit(page)
    flashed(page, "De beoordeling is vastgelegd.")
    main_link(page, "Hercontrole vastleggen")
    check(page, LEAD, "hercontrole")
    page.get_by_role("group", name="Uitkomst").get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Toelichting", exact=True).fill("Steekproef van vijf dossiers: alle plannen actueel.")
    submit(page)
    flashed(page, "De hercontrole is vastgelegd.")
    check(page, LEAD, "zaak-hercontrole")

    # --- the gemeente admin closes the case ---------------------------------------------------
    admin.goto(case_url)
    main_link(admin, "Zaak afsluiten")
    check(admin, ADMIN, "zaak-afsluiten")
    admin.get_by_label("Uitkomst", exact=True).select_option(label="Hersteld")
    admin.get_by_label("Onderbouwing", exact=True).fill("De hercontrole toont dat de ondersteuningsplannen op orde zijn.")
    submit(admin)
    flashed(admin, f"Zaak {case} is afgesloten.")
    expect(admin.get_by_role("main")).to_contain_text("Hersteld")
    check(admin, ADMIN, "zaak-afgesloten")
    # The closed case shows on the investigation, for the inspector too.
    page.goto(investigation_url)
    expect(page.get_by_role("table", name="Handhavingszaken over dit onderzoek")).to_contain_text("Afgesloten: Hersteld")
