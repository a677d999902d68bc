"""The public meldpunt in the browser, without logging in: both forms by keyboard, the error
summary and its links, the BSN warning while typing, the receipt, axe-core on every state and
reflow at 320 pixels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, assert_layout, screenshot
from tests.browser.test_keyboard import tab_to
from tests.browser.test_reflow import NARROW, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def quick_forms(pg_app: Flask) -> Iterator[None]:
    """A person types for minutes; the test for milliseconds: no minimum fill time here."""
    saved = pg_app.config.get("MELDPUNT_MIN_FILL_SECONDS")
    pg_app.config["MELDPUNT_MIN_FILL_SECONDS"] = 0
    pg_app.config["MELDPUNT_RATE_LIMIT"] = 1000
    yield
    pg_app.config.pop("MELDPUNT_RATE_LIMIT", None)
    if saved is None:
        pg_app.config.pop("MELDPUNT_MIN_FILL_SECONDS", None)
    else:
        pg_app.config["MELDPUNT_MIN_FILL_SECONDS"] = saved


def press(page: Page, name: str) -> None:
    """Activate a button or link from the keyboard."""
    target = page.get_by_role("main").get_by_role("button", name=name, exact=True)
    if target.count() == 0:
        target = page.get_by_role("main").get_by_role("link", name=name, exact=True)
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_provider_report_by_keyboard(browsing: Browsing) -> None:
    page, watch = browsing.new_page()
    page.goto("/meldpunt/")
    assert_layout(page)
    assert_accessible(page, "meldpunt: choose the gemeente")
    screenshot(page, "publiek", "meldpunt")
    select = page.get_by_label("Gemeente", exact=True)
    select.focus()
    select.select_option(label="Delft")
    press(page, "Verder")
    expect(page.locator("h1")).to_have_text("Melding doen voor Delft")
    assert_accessible(page, "meldpunt: Delft")
    press(page, "Calamiteit of geweld melden")
    expect(page.locator("h1")).to_have_text("Calamiteit of geweld melden")
    expect(page.get_by_role("region", name="Wat u moet melden (artikel 3.4 Wmo 2015)")).to_contain_text(
        "dezelfde accommodatie")
    assert_accessible(page, "provider form")
    screenshot(page, "publiek", "meldpunt-aanbieder")

    # The honeypot is never reached with Tab; the submit button is.
    seen = tab_to(page, page.get_by_role("button", name="Melding versturen"), limit=80)
    assert not any("website" in s for s in seen), seen

    press(page, "Melding versturen")
    assert watch.status == 400
    expect(page).to_have_title(re.compile(r"^Fout: Calamiteit of geweld melden"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Er ging iets mis")
    expect(summary.get_by_role("link").first).to_have_text("Kies of u een calamiteit of geweld meldt.")
    assert_accessible(page, "provider form with errors")
    screenshot(page, "publiek", "meldpunt-aanbieder-fouten")
    summary.get_by_role("link", name="Beschrijf wat er is gebeurd.").click()
    expect(page.get_by_label("Wat is er gebeurd?", exact=True)).to_be_in_viewport()
    expect(page.get_by_label("Wat is er gebeurd?", exact=True)).to_have_attribute("aria-invalid", "true")

    main = page.get_by_role("main")
    main.get_by_label("Een calamiteit", exact=True).check()
    main.get_by_label("Datum van het voorval", exact=True).fill((date.today() - timedelta(days=1)).isoformat())
    main.get_by_label("Samenvatting in één zin", exact=True).fill("Bewoner gevallen, alarmering defect")
    description = main.get_by_label("Wat is er gebeurd?", exact=True)
    description.press_sequentially("BSN 123456782")
    warning = page.locator("#description-bsn")
    expect(warning).to_contain_text("dit lijkt een burgerservicenummer")
    expect(description).to_have_accessible_description(re.compile("burgerservicenummer"))
    description.fill("De alarmering werkte niet; de bewoner lag een uur op de grond.")
    expect(warning).to_have_text("")
    main.get_by_label(re.compile("^Wat heeft u gedaan")).fill("Alarmering vervangen, extra nachtronde.")
    main.get_by_label("Naam van de aanbieder", exact=True).fill("Zorggroep Browsertest")
    main.get_by_label("Uw naam", exact=True).fill("Bram Browser")
    main.get_by_label("Uw e-mailadres", exact=True).fill("bram@browsertest.demo")
    main.get_by_label("Uw telefoonnummer", exact=True).fill("015-1234567")
    press(page, "Melding versturen")
    expect(page.locator("h1")).to_have_text("Melding ontvangen")
    status = page.get_by_role("status")
    expect(status).to_contain_text(re.compile(r"M-\d{4}-\d{5}"))
    expect(page.get_by_role("main")).not_to_contain_text("Bram Browser")
    expect(page.get_by_role("main")).not_to_contain_text("alarmering")
    assert_accessible(page, "receipt")
    screenshot(page, "publiek", "meldpunt-ontvangen")


def test_signal_form_at_320_pixels(browsing: Browsing) -> None:
    page, watch = browsing.new_page(viewport=NARROW)
    page.goto("/meldpunt/s-gravenhage/signaal")
    expect(page.locator("h1")).to_have_text("Signaal doorgeven")
    assert_no_horizontal_scroll(page, "the signal form")
    assert_accessible(page, "signal form at 320px")
    press(page, "Signaal versturen")
    assert watch.status == 400
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Kies wie u bent.", "Vul de naam van de aanbieder in.", "Vat in één zin samen wat er gebeurde.",
         "Beschrijf wat er is gebeurd."])
    assert_no_horizontal_scroll(page, "the signal form with errors")
    assert_accessible(page, "signal form with errors at 320px")
    screenshot(page, "publiek-320px", "meldpunt-signaal-fouten")
    main = page.get_by_role("main")
    main.get_by_label("Naaste of mantelzorger van een cliënt", exact=True).check()
    main.get_by_label("Naam van de aanbieder", exact=True).fill("Thuiszorg Browsertest")
    main.get_by_label("Samenvatting in één zin", exact=True).fill("Hulp komt niet opdagen")
    main.get_by_label("Wat is er gebeurd?", exact=True).fill("Al drie weken geen hulp op de afgesproken dagen.")
    press(page, "Signaal versturen")
    expect(page.locator("h1")).to_have_text("Signaal ontvangen")
    assert_no_horizontal_scroll(page, "the receipt")
