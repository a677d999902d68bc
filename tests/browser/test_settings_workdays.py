"""The settings pages and /regio/werkdagen in Chromium with axe-core: reached by links, changed
through the forms (also with errors), and accessible in every state."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tenants.entitlements import today
from tests.browser.conftest import Browsing
from tests.browser.helpers import (
    assert_accessible,
    assert_layout,
    follow,
    open_switcher,
    screenshot,
)
from tests.browser.roles import BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def to_gemeente(page: Page, name: str) -> None:
    follow(page, open_switcher(page).get_by_role("link", name=name, exact=True))


def test_gemeente_admin_changes_a_term_from_a_date(browsing: Browsing) -> None:
    role = BY_KEY["beheer-denhaag"]
    page, watch = browsing.new_page(role)
    if not page.url.endswith("/g/s-gravenhage/"):
        to_gemeente(page, "'s-Gravenhage")
    follow(page, page.get_by_role("main").get_by_role("link", name="Instellingen: termijnen en keuzes"))
    assert watch.status == 200
    assert_layout(page)
    main = page.get_by_role("main")
    # The demo gives Den Haag a triage term of 2 working days from 1 January 2026.
    triage = main.get_by_role("row", name=re.compile("^Termijn voor triage"))
    expect(triage).to_contain_text("2 werkdagen")
    expect(triage).to_contain_text("gemeente sinds 1 januari 2026")
    screenshot(page, role.key, "instellingen")
    assert_accessible(page, "instellingen (overzicht)")

    # What was in force on 31 December 2025: the default, before Den Haag's own term.
    page.get_by_label("Stand op datum").fill("2025-12-31")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("golden op woensdag 31 december 2025")
    expect(main.get_by_role("row", name=re.compile("^Termijn voor triage"))).to_contain_text("standaard")
    assert_accessible(page, "instellingen op een eerdere datum")
    follow(page, page.get_by_role("link", name="Terug naar vandaag"))
    triage = main.get_by_role("row", name=re.compile("^Termijn voor triage"))

    follow(page, triage.get_by_role("link", name=re.compile("^Wijzigen")))
    assert_layout(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Termijn voor triage")
    assert_accessible(page, "instelling wijzigen")

    page.get_by_label(re.compile("^Nieuwe waarde")).fill("0")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Het getal moet minstens 1 zijn.")
    expect(page.get_by_label(re.compile("^Nieuwe waarde"))).to_have_attribute("aria-invalid", "true")
    screenshot(page, role.key, "instelling-fout")
    assert_accessible(page, "instelling wijzigen (fout)")

    later = today() + timedelta(days=14)
    page.get_by_label(re.compile("^Nieuwe waarde")).fill("4")
    page.get_by_label("Geldt vanaf").fill(later.isoformat())
    page.get_by_label(re.compile("^Toelichting")).fill("Werkplan volgend jaar")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_load_state()
    assert watch.status == 200
    expect(page.get_by_text("Termijn voor triage: de wijziging is opgeslagen.")).to_be_visible()
    history = page.get_by_role("table", name=re.compile("^Waarden van"))
    expect(history).to_contain_text("Werkplan volgend jaar")
    expect(history).to_contain_text("gepland")
    assert_accessible(page, "instelling met geplande wijziging")

    # Withdraw it again (the demo data stays as it was for other tests).
    history.get_by_role("button", name=re.compile("^Intrekken")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("De geplande wijziging is ingetrokken.")).to_be_visible()


def test_the_ladder_page_with_checkboxes_and_steps_is_accessible(browsing: Browsing) -> None:
    role = BY_KEY["regiobeheerder"]
    page, watch = browsing.new_page(role)
    page.goto("/g/zoetermeer/instellingen/")
    expect(page.get_by_role("row", name=re.compile("^Kopie van meldingen"))).to_contain_text("Calamiteit")
    follow(page, page.get_by_role("link", name="Wijzigen handhavingsladder"))
    assert_layout(page)
    expect(page.get_by_role("group", name="Nieuwe waarde")).to_be_visible()
    expect(page.get_by_label("Last onder dwangsom", exact=True)).to_be_checked()
    screenshot(page, role.key, "handhavingsladder")
    assert_accessible(page, "handhavingsladder")
    for box in page.get_by_role("group", name="Nieuwe waarde").get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Kies er minstens 1.")
    assert_accessible(page, "handhavingsladder (fout)")


def test_region_admin_keeps_the_decreed_days(browsing: Browsing) -> None:
    role = BY_KEY["regiobeheerder"]
    page, watch = browsing.new_page(role)
    page.goto("/regio/")
    follow(page, page.get_by_role("link", name="Werkdagen en feestdagen (Algemene termijnenwet)"))
    assert_layout(page)
    year = today().year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Werkdagen en feestdagen {year}")
    page.goto("/regio/werkdagen/?jaar=2026")
    table = page.get_by_role("table")
    expect(table).to_contain_text("vrijdag 15 mei 2026")
    expect(table).to_contain_text("Gelijkgesteld bij besluit")
    expect(table).to_contain_text("dinsdag 5 mei 2026")
    screenshot(page, role.key, "werkdagen")
    assert_accessible(page, "werkdagen")

    page.get_by_label("Datum", exact=True).fill("2026-05-14")
    page.get_by_label(re.compile("^Omschrijving")).fill("Proef")
    page.get_by_label(re.compile("^Besluit")).fill("Proefbesluit")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("is al een feestdag: Hemelvaartsdag")
    assert_accessible(page, "werkdagen (fout)")

    page.get_by_label("Datum", exact=True).fill("2029-05-11")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert watch.status == 200 and page.url.endswith("jaar=2029")
    expect(page.get_by_role("table")).to_contain_text("vrijdag 11 mei 2029")
    page.get_by_role("button", name="Verwijderen 11 mei 2029").click()
    page.wait_for_load_state()
    expect(page.get_by_text("vrijdag 11 mei 2029 is geen gelijkgestelde dag meer.")).to_be_visible()
    assert_accessible(page, "werkdagen na verwijderen")

    # The term calculator: the example, then an error state; both accessible.
    page.get_by_label("Startdatum (ontvangst of verzending)").fill("2026-04-30")
    page.get_by_label("Termijn (aantal)").fill("3")
    page.get_by_role("button", name="Berekenen").click()
    page.wait_for_load_state()
    result = page.get_by_role("status").filter(has_text="Uiterlijk")
    expect(result).to_contain_text("woensdag 6 mei 2026")
    result.locator("summary").click()
    expect(result).to_contain_text("dinsdag 5 mei 2026: Bevrijdingsdag (5 mei)")
    assert_accessible(page, "termijn berekend")
    page.get_by_label("Termijn (aantal)").fill("veel")
    page.get_by_role("button", name="Berekenen").click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_label("Termijn (aantal)")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "termijn berekenen (fout)")


def test_region_overview_of_deviating_settings(browsing: Browsing) -> None:
    role = BY_KEY["coordinator"]
    page, watch = browsing.new_page(role)
    page.goto("/regio/")
    follow(page, page.get_by_role("link", name="Instellingen per gemeente (afwijkingen van de standaard)"))
    assert watch.status == 200
    assert_layout(page)
    row = page.get_by_role("row", name=re.compile("^Meldingen: termijn voor triage"))
    expect(row).to_contain_text("Gravenhage: 2 werkdagen (gemeente sinds 1 januari 2026)")
    expect(page.get_by_role("row", name=re.compile("^Meldingen: kopie van meldingen"))).to_contain_text(
        "Zoetermeer: Calamiteit"
    )
    screenshot(page, role.key, "instellingen-regio")
    assert_accessible(page, "instellingen per gemeente")
