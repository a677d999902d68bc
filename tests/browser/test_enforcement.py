"""The enforcement pages in the browser, on the seeded demo: the region-wide overview of an
inspector (exactly the gemeenten they may see, filtered without JS), the gemeente's list with its
deadlines, a case with the Awb steps and the other participant gemeenten' decisions, a step
form with its Dutch errors, and the lead inspector's view from the shared investigation (its
enforcement section and the advice form) — each checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, assert_layout, follow, main_nav, screenshot
from tests.browser.roles import BY_KEY
from tests.browser.test_investigations import HANNA

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def open_enforcement(page: Page, slug: str) -> None:
    page.goto(f"/g/{slug}/")
    follow(page, page.get_by_role("main").get_by_role("link", name="Handhaving", exact=True))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Handhaving in "))


def test_gemeente_admin_walks_a_case_and_its_step_forms(browsing: Browsing) -> None:
    role = BY_KEY["beheer-denhaag"]
    page, watch = browsing.new_page(role)
    open_enforcement(page, "s-gravenhage")
    assert watch.status == 200
    screenshot(page, role.key, "handhaving")
    assert_layout(page)
    assert_accessible(page, "enforcement list")
    table = page.get_by_role("table", name="Handhavingszaken")
    expect(table).to_be_visible()
    follow(page, table.get_by_role("link").first)
    expect(page.locator("h1")).to_have_text(re.compile(r"^Handhavingszaak H-\d{4}-\d{4}$"))
    expect(page.get_by_role("table", name=re.compile(r"^Awb-stappen"))).to_be_visible()
    # Den Haag's case on the shared Hofstad investigation: Delft's and Rijswijk's decisions show.
    others = page.get_by_role("table", name="Besluiten van andere gemeenten over dit onderzoek")
    expect(others.get_by_role("rowheader")).to_have_text(["Delft", "Rijswijk (ZH.)"])
    expect(others).to_contain_text("afgezien")
    screenshot(page, role.key, "handhavingszaak")
    assert_accessible(page, "enforcement case")

    follow(page, page.get_by_role("main").get_by_role("link", name="Voornemen tot maatregel vastleggen", exact=True))
    page.get_by_label("Wat de maatregel van de aanbieder vraagt", exact=True).fill("")
    page.get_by_role("button", name="Vastleggen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_contain_text(["Beschrijf wat de maatregel van de aanbieder vraagt."])
    field = page.get_by_label("Wat de maatregel van de aanbieder vraagt", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    screenshot(page, role.key, "maatregel-fouten")
    assert_accessible(page, "measure form with errors")


def test_inspector_sees_the_list_and_the_plan_form_is_accessible(browsing: Browsing) -> None:
    role = BY_KEY["inspecteur-west"]
    page, watch = browsing.new_page(role)
    open_enforcement(page, "delft")
    assert_accessible(page, "enforcement list (inspector)")
    table = page.get_by_role("table", name="Handhavingszaken")
    # Delft's demo case on the shared Hofstad investigation, found by what it is rather than by
    # being the newest (the supervision walk adds and closes a Delft case of its own).
    row = table.get_by_role("row").filter(has_text="Zorggroep Hofstad Thuis").filter(has_text="Maatregel")
    follow(page, row.get_by_role("link").first)
    assert_accessible(page, "enforcement case (inspector)")
    # That case is in the measure stage: no improvement plan is offered there (the case cannot
    # go back); the form is still checked.
    expect(page.get_by_role("main").get_by_role("link", name="Verbeterplan vragen", exact=True)).to_have_count(0)
    page.goto(page.url.rstrip("/") + "/verbeterplan")
    expect(page.locator("h1")).to_have_text("Verbeterplan vragen")
    assert_accessible(page, "improvement plan form")


def test_lead_inspector_sees_the_enforcement_on_the_investigation_and_its_advice_form(browsing: Browsing) -> None:
    page, watch = browsing.new_page(HANNA)
    follow(page, main_nav(page).get_by_role("link", name="Onderzoeken", exact=True))
    row = page.get_by_role("main").get_by_role("row").filter(has_text="Cyclisch onderzoek Zorggroep Hofstad Thuis")
    follow(page, row.get_by_role("link").first)
    cases = page.get_by_role("table", name="Handhavingszaken over dit onderzoek")
    expect(cases.get_by_role("rowheader")).to_have_text(["Delft", "'s-Gravenhage", "Rijswijk (ZH.)"])
    # Rijswijk closed its case on the follow-up investigation that found everything resolved.
    expect(cases.get_by_role("row").filter(has_text="Rijswijk")).to_contain_text("Vervolgonderzoek: voldoet")
    expect(page.get_by_role("main")).to_contain_text("Advies aan de colleges")
    screenshot(page, HANNA.key, "onderzoek-handhaving")
    assert_accessible(page, "investigation with its enforcement")
    follow(page, page.get_by_role("link", name="Handhavingsadvies vastleggen", exact=True))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Handhavingsadvies bij onderzoek O-\d{4}-\d{4}$"))
    assert_accessible(page, "advice from the investigation")
    page.get_by_role("button", name="Advies vastleggen").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Onderbouw het advies.")
    screenshot(page, HANNA.key, "handhavingsadvies-fouten")
    assert_accessible(page, "advice from the investigation with errors")


def test_inspector_filters_the_region_overview_and_opens_a_case_in_its_gemeente(browsing: Browsing) -> None:
    role = BY_KEY["inspecteur-west"]  # Delft, Rijswijk and Midden-Delfland; not Den Haag
    page, watch = browsing.new_page(role)
    follow(page, main_nav(page).get_by_role("link", name="Handhaving", exact=True))
    assert watch.status == 200 and page.url.endswith("/regio/handhaving/")
    expect(page.locator("h1")).to_have_text("Handhaving in uw gemeenten")
    table = page.get_by_role("table", name=re.compile(r"^Handhavingszaken"))
    gemeenten = set(table.locator("tbody tr td:nth-child(2)").all_inner_texts())
    assert gemeenten == {"Delft", "Rijswijk (ZH.)"}, gemeenten
    options = page.get_by_label("Gemeente", exact=True).locator("option").all_inner_texts()
    assert options == ["Alle", "Delft", "Midden-Delfland", "Rijswijk (ZH.)"], options
    screenshot(page, role.key, "handhaving-regio")
    assert_layout(page)
    assert_accessible(page, "region enforcement overview")

    # The filter is a plain GET form: choose, submit, read the query string.
    page.get_by_label("Gemeente", exact=True).select_option(label="Rijswijk (ZH.)")
    page.get_by_label("Status", exact=True).select_option(label="Afgesloten")
    page.get_by_role("button", name="Filteren", exact=True).click()
    page.wait_for_load_state()
    assert "status=closed" in page.url and watch.status == 200
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Vervolgonderzoek: voldoet".lower())
    assert_accessible(page, "region enforcement overview, filtered")
    follow(page, rows.first.get_by_role("link"))
    assert "/g/rijswijk-zh/handhaving/zaken/" in page.url
    expect(page.locator("h1")).to_have_text(re.compile(r"^Handhavingszaak H-\d{4}-\d{4}$"))
