"""An inspector creates an investigation for two gemeenten and enters findings, in the browser:
the create form (with its Dutch errors), the findings form of a domain (a refused norm that does
not bind the provider, then a saved finding), and the detail page — each checked with axe-core.
A gemeente that does not take part sees nothing of it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, follow, main_nav, screenshot
from tests.browser.roles import RoleSpec

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

#: The investigations demo's lead inspector (blueprints/investigations/demo.py), entitled to
#: Delft, Den Haag and Rijswijk.
HANNA = RoleSpec(
    "inspecteur-haaglanden", "inspecteur.haaglanden@demo.regiotoezicht.nl", "Hanna Haaglanden",
    frozenset({"Delft", "'s-Gravenhage", "Rijswijk (ZH.)"}), "Delft", (), (), manages_contacts=False,
)
IVO = RoleSpec(
    "inspecteur-oost", "inspecteur.oost@demo.regiotoezicht.nl", "Ivo Inspecteur",
    frozenset({"Zoetermeer"}), "Zoetermeer", (), (), manages_contacts=False,
)


def test_inspector_creates_an_investigation_and_enters_findings(browsing: Browsing) -> None:
    page, watch = browsing.new_page(HANNA)
    follow(page, main_nav(page).get_by_role("link", name="Onderzoeken", exact=True))
    expect(page.locator("h1")).to_have_text("Mijn onderzoeken")
    expect(page.get_by_role("main").get_by_role("table")).to_contain_text("Cyclisch onderzoek Zorggroep Hofstad Thuis")
    assert_accessible(page, "my investigations")
    follow(page, page.get_by_role("main").get_by_role("link", name="Nieuw onderzoek", exact=True))
    expect(page.locator("h1")).to_have_text("Nieuw onderzoek")
    assert_accessible(page, "new investigation form")

    page.get_by_role("button", name="Onderzoek aanmaken").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Kies het soort onderzoek.")
    assert_accessible(page, "new investigation form with errors")

    page.get_by_label("Proactief", exact=True).check()
    page.get_by_label("Soort proactief onderzoek").select_option(label="Risicogestuurd")
    page.get_by_label("Titel", exact=True).fill("Browseronderzoek Hofstad")
    page.get_by_role("group", name="Deelnemende gemeenten").get_by_label("Delft", exact=True).check()
    page.get_by_role("group", name="Deelnemende gemeenten").get_by_label("'s-Gravenhage", exact=True).check()
    page.get_by_role("group", name="Aanbieder(s)").get_by_label("Zorggroep Hofstad Thuis", exact=True).check()
    page.get_by_label("Toetsingskader").select_option(index=1)
    page.get_by_label("Tweede toezichthouder").select_option(label="Bram Brouwer")
    page.get_by_role("button", name="Onderzoek aanmaken").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("is aangemaakt")
    expect(page.locator("h1")).to_contain_text("Browseronderzoek Hofstad")
    screenshot(page, HANNA.key, "onderzoek")
    assert_accessible(page, "investigation detail")

    follow(page, page.get_by_role("link", name="Bevindingen invoeren voor Individueel plan"))
    expect(page.locator("h1")).to_have_text("Bevindingen: 1. Individueel plan")
    assert_accessible(page, "findings form")
    # 1.1.3 binds pgb only; Hofstad is contracted: the judgement is refused with a reason.
    page.get_by_label("Oordeel 1.1.3", exact=True).select_option(label="Voldoet niet")
    page.get_by_label("Toelichting 1.1.3 (niet verplicht)", exact=True).fill("Geen budgetplan.")
    page.get_by_label("Oordeel 1.1.1", exact=True).select_option(label="Voldoet deels")
    page.get_by_label("Toelichting 1.1.1 (niet verplicht)", exact=True).fill("Doelen ontbreken in twee dossiers.")
    page.get_by_role("button", name="Bevindingen opslaan").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Norm 1.1.3 geldt alleen bij pgb")
    expect(page.get_by_label("Oordeel 1.1.3", exact=True)).to_have_attribute("aria-invalid", "true")
    screenshot(page, HANNA.key, "bevindingen-fout")
    assert_accessible(page, "findings form with a refused norm")
    page.get_by_label("Oordeel 1.1.3", exact=True).select_option(label="Niet beoordeeld")
    page.get_by_role("button", name="Bevindingen opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("bevinding(en) opgeslagen")
    expect(page.get_by_role("table", name=re.compile("Bevindingen 1. Individueel plan"))).to_contain_text(
        "Doelen ontbreken in twee dossiers."
    )
    assert_accessible(page, "investigation with findings")


def test_a_gemeente_outside_the_investigation_sees_nothing(browsing: Browsing) -> None:
    page, watch = browsing.new_page(IVO)
    page.goto("/g/zoetermeer/onderzoeken/")
    expect(page.locator("h1")).to_contain_text("Onderzoeken")
    expect(page.get_by_role("main")).not_to_contain_text("Hofstad")
    assert_accessible(page, "investigations of a gemeente without any")
    page.goto("/regio/onderzoeken/?alle=1")
    expect(page.get_by_role("main")).not_to_contain_text("Hofstad")
