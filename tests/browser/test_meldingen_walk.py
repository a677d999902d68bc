"""One melding from intake to closed case, walked in a real browser by each role, with axe-core
(WCAG 2.1 A/AA) on every page: the secretariaat registers a phone melding; the inspector triages,
asks the provider's investigation, receives and accepts the report and closes with lessons; the
gemeente admin sees the melding without client data; the coordinator opens it by emergency access;
the privacy officer sees that access. And a melding the GGD investigates itself, from which the
inspector opens the (reactive) investigation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tenants.entitlements import today
from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, assert_layout, main_nav, screenshot
from tests.browser.roles import BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

SUMMARY = "Browserwandeling: cliënt gevallen tijdens transfer"
CLIENT = "Wandel Cliënt"
REPORTER = "Wandel Melder"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def check(page: Page, role: str, name: str) -> None:
    page.wait_for_load_state()
    assert_layout(page)
    assert_accessible(page, f"{role} {name} ({page.url})")
    screenshot(page, role, f"meldingen-{name}")


def submit(page: Page, name: str = "Vastleggen") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def open_walk_melding(page: Page, role: str) -> None:
    """From the main navigation to the walk's melding, by links."""
    main_nav(page).get_by_role("link", name="Meldingen", exact=True).click()
    page.wait_for_load_state()
    check(page, role, "inbox")
    page.get_by_label("Kenmerk, aanbieder of tekst").fill("Browserwandeling")
    submit(page, "Filteren")
    links = page.get_by_role("main").get_by_role("table").get_by_role("link")
    expect(links).to_have_count(1)
    links.first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Melding M-\d{4}-\d{5}$"))


def test_a_melding_from_intake_to_closed_case(browsing: Browsing) -> None:
    # The secretariaat registers a melding received by phone, two days ago.
    page, _ = browsing.new_page(BY_KEY["secretariaat"])
    page.goto("/g/delft/meldingen/")
    check(page, "secretariaat", "lijst")
    page.get_by_role("link", name="Melding registreren (telefoon, e-mail of brief)").click()
    page.wait_for_load_state()
    check(page, "secretariaat", "registreren")
    page.get_by_label("Calamiteit", exact=True).check()
    page.get_by_label("Binnengekomen via").select_option(label="Telefoon")
    page.get_by_label("Datum van ontvangst").fill(today().isoformat())
    page.get_by_label("Wie meldt").select_option(label="Aanbieder")
    page.get_by_label("Aanbieder uit het register").select_option(label="Zorggroep Hofstad Thuis")
    page.get_by_label("Voorziening").select_option(index=1)
    page.get_by_label("Korte samenvatting zonder namen").fill(SUMMARY)
    description = page.get_by_label("Wat is er gebeurd")
    description.fill("De cliënt met BSN 111222333 viel")
    expect(page.get_by_text("Let op: dit lijkt een burgerservicenummer")).to_be_visible()
    description.fill("De cliënt viel tijdens een transfer zonder tillift.")
    page.get_by_label("Naam melder").fill(REPORTER)
    page.get_by_label("Naam cliënt").fill(CLIENT)
    submit(page, "Melding registreren")
    expect(page.get_by_text(re.compile(r"Melding M-\d{4}-\d{5} is geregistreerd"))).to_be_visible()
    check(page, "secretariaat", "detail")
    expect(page.get_by_role("main")).not_to_contain_text(CLIENT)  # not on the case team

    # The inspector triages, asks the provider, receives and accepts the report, closes.
    page, _ = browsing.new_page(BY_KEY["inspecteur-west"])
    open_walk_melding(page, "inspecteur-west")
    check(page, "inspecteur-west", "detail-ontvangen")
    page.get_by_role("link", name="Triage vastleggen").click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "triage")
    page.get_by_role("group", name="Is de cliënt nu veilig?").get_by_label("Ja").check()
    page.get_by_role("group", name=re.compile("wettelijke criteria")).get_by_label("Ja").check()
    page.get_by_label("Toelichting op de criteria").fill("Ernstig letsel door de wijze van ondersteunen")
    submit(page)
    expect(page.get_by_role("main")).to_contain_text(CLIENT)  # now on the case team
    expect(page.get_by_role("main")).to_contain_text(REPORTER)
    # On the team, the inspector adds the notes of the phone call as a document.
    page.get_by_label("Document", exact=True).set_input_files(
        files=[{"name": "telefoonnotitie.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    submit(page, "Document toevoegen")
    expect(page.get_by_text(re.compile(r"telefoonnotitie\.pdf is aan melding M-"))).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="telefoonnotitie.pdf")).to_be_visible()
    check(page, "inspecteur-west", "detail-document")

    page.get_by_role("link", name="Onderzoek door de aanbieder vragen").click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "onderzoek-aanbieder")
    submit(page)
    expect(page.get_by_role("main")).to_contain_text("Onderzoek aanbieder gevraagd")
    page.get_by_role("link", name="Verzoek aan de aanbieder bekijken").click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "brief-aanbieder")
    expect(page.get_by_role("main")).not_to_contain_text(REPORTER)
    page.go_back()

    page.get_by_role("link", name="Rapport van de aanbieder ontvangen").click()
    page.wait_for_load_state()
    page.get_by_label("Rapport ontvangen op").fill(today().isoformat())
    submit(page)
    page.get_by_role("link", name="Rapport van de aanbieder beoordelen").click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "beoordeling")
    for group in ("Onafhankelijke voorzitter", "De feiten", "Achterliggende oorzaken", "Verbetermaatregelen",
                  "Hoe de cliënt of naasten zijn betrokken"):
        page.get_by_role("group", name=group).get_by_label("Ja").check()
    page.get_by_label("Geaccepteerd").check()
    submit(page)
    expect(page.get_by_role("main")).to_contain_text("Rapport aanbieder geaccepteerd")

    page.get_by_role("link", name="Afsluiten").click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "afsluiten")
    page.get_by_label("Reden of conclusie").fill("Het rapport van de aanbieder is volledig en de maatregelen zijn genomen.")
    page.get_by_label("Thema van de lessen").select_option("veiligheid")
    page.get_by_label("Geleerde lessen").fill("Bij transfers altijd een tillift en twee begeleiders.")
    page.get_by_label("Deel de lessen met de regio").check()
    page.get_by_label("Versie voor de regio").fill("Gebruik bij elke transfer een tillift en werk met twee begeleiders.")
    submit(page)
    expect(page.get_by_role("main")).to_contain_text("Afgesloten")
    check(page, "inspecteur-west", "detail-afgesloten")

    # The gemeente admin sees the melding without client data or reporter.
    page, _ = browsing.new_page(BY_KEY["beheer-delft"])
    open_walk_melding(page, "beheer-delft")
    check(page, "beheer-delft", "detail")
    main = page.get_by_role("main")
    expect(main).to_contain_text(SUMMARY)
    expect(main).to_contain_text("Afgesloten")
    for secret in (CLIENT, REPORTER, "zonder tillift", "Noodtoegang"):
        expect(main).not_to_contain_text(secret)

    # The coordinator reaches the client data only by a logged emergency access.
    page, _ = browsing.new_page(BY_KEY["coordinator"])
    open_walk_melding(page, "coordinator")
    expect(page.get_by_role("main")).not_to_contain_text(CLIENT)
    page.get_by_role("link", name=re.compile("^Noodtoegang vragen")).click()
    page.wait_for_load_state()
    check(page, "coordinator", "noodtoegang")
    page.get_by_label("Reden voor noodtoegang").fill("Cliënt belt in crisis; dossier nodig om door te verwijzen")
    submit(page, "Noodtoegang vastleggen")
    expect(page.get_by_role("main")).to_contain_text(CLIENT)

    # The privacy officer sees that emergency access.
    page, _ = browsing.new_page(BY_KEY["privacyfunctionaris"])
    main_nav(page).get_by_role("link", name="Privacy", exact=True).click()
    page.wait_for_load_state()
    check(page, "privacyfunctionaris", "privacy-noodtoegang")
    expect(page.get_by_role("main")).to_contain_text("Cliënt belt in crisis")


def test_the_inspector_opens_an_investigation_from_a_melding(browsing: Browsing) -> None:
    page, _ = browsing.new_page(BY_KEY["inspecteur-west"])
    page.goto("/g/delft/meldingen/nieuw")
    page.get_by_label("Calamiteit", exact=True).check()
    page.get_by_label("Binnengekomen via").select_option(label="E-mail")
    page.get_by_label("Datum van ontvangst").fill(today().isoformat())
    page.get_by_label("Wie meldt").select_option(label="Aanbieder")
    page.get_by_label("Aanbieder uit het register").select_option(label="Zorggroep Hofstad Thuis")
    page.get_by_label("Voorziening").select_option(index=1)
    page.get_by_label("Korte samenvatting zonder namen").fill("Onderzoekswandeling: medicatie twee keer gegeven")
    submit(page, "Melding registreren")
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Melding ")
    page.get_by_role("link", name="Triage vastleggen").click()
    page.wait_for_load_state()
    page.get_by_role("group", name="Is de cliënt nu veilig?").get_by_label("Ja").check()
    page.get_by_role("group", name=re.compile("wettelijke criteria")).get_by_label("Ja").check()
    page.get_by_label("Toelichting op de criteria").fill("Ernstige schade door een medicatiefout")
    submit(page)
    page.get_by_role("link", name="Zelf onderzoeken (GGD)").click()
    page.wait_for_load_state()
    page.get_by_label("Reden").fill("Herhaalde medicatiefouten: de GGD onderzoekt zelf")
    submit(page)
    expect(page.get_by_text("Er is nog geen onderzoek aan deze melding gekoppeld.")).to_be_visible()
    check(page, "inspecteur-west", "detail-eigen-onderzoek")

    page.get_by_role("link", name="Onderzoek openen", exact=True).click()
    page.wait_for_load_state()
    check(page, "inspecteur-west", "onderzoek-na-melding")
    expect(page.get_by_role("main")).to_contain_text(f"Dit onderzoek volgt op melding {reference}")
    expect(page.get_by_label("Reactief (na melding)")).to_be_checked()
    expect(page.get_by_label("Titel")).to_have_value(f"Onderzoek na melding {reference}")
    expect(page.get_by_role("checkbox", name="Delft", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Zorggroep Hofstad Thuis")).to_be_checked()
    page.get_by_label("Toetsingskader").select_option(index=1)
    submit(page, "Onderzoek aanmaken")
    expect(page.get_by_text(f"gekoppeld aan melding {reference}")).to_be_visible()
    check(page, "inspecteur-west", "onderzoek-gekoppeld")
    page.get_by_role("main").get_by_role("link", name=reference).click()
    page.wait_for_load_state()
    investigation = page.get_by_role("main").get_by_role("link", name=re.compile(r"^O-\d{4}-\d{4}: Onderzoek na melding"))
    expect(investigation).to_have_count(1)
    expect(page.get_by_role("link", name="Nog een onderzoek openen")).to_be_visible()
