"""The provider pages in the browser, with axe-core on each: a gemeente's list, registry search,
recording a relation (with its error state), the provider page; the region's registry,
duplicates and the merge form. The demo data leave the state as they found it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_accessible, assert_header, assert_layout, follow, main_nav, screenshot
from tests.browser.roles import BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _main(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("main")


def test_a_gemeente_records_a_relation_with_a_registry_provider(browsing: Browsing) -> None:
    role = BY_KEY["beheer-delft"]
    page, watch = browsing.new_page(role)
    follow(page, _main(page).get_by_role("link", name="Aanbieders (contracten, subsidies, pgb)", exact=True))
    expect(page.locator("h1")).to_have_text("Aanbieders van Delft")
    table = _main(page).get_by_role("table", name="Aanbieders met een relatie")
    expect(table).to_contain_text("Zorggroep Hofstad Thuis")
    expect(table).to_contain_text("Thuishulp Delfland B.V.")
    expect(table).not_to_contain_text("Stichting De Duinpoort")  # Den Haag's, not Delft's
    assert_layout(page)
    assert_header(page, role, "Delft")
    screenshot(page, role.key, "aanbieders")
    assert_accessible(page, "the providers of Delft")

    # Search the region's registry; Den Haag's beschermd wonen provider is there to add.
    search = page.get_by_role("search", name="Register doorzoeken")
    search.get_by_label("Naam, KvK-nummer, plaats of postcode").fill("duinpoort")
    search.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    results = _main(page).get_by_role("list", name="Zoekresultaten")
    expect(results).to_contain_text("Stichting De Duinpoort (KvK 90423456)")
    assert_accessible(page, "registry search results")
    follow(page, results.get_by_role("link", name="Relatie vastleggen met Stichting De Duinpoort"))
    expect(page.locator("h1")).to_have_text("Relatie vastleggen: Stichting De Duinpoort")
    assert_accessible(page, "the relation form")

    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kies de financieringsvorm.")
    expect(summary).to_contain_text("Vul de ingangsdatum in.")
    screenshot(page, role.key, "relatie-fouten")
    assert_accessible(page, "the relation form with errors")

    page.get_by_label("Subsidie", exact=True).check()
    page.get_by_label("Kenmerk (niet verplicht)").fill("DLF-BROWSER-1")
    page.get_by_label("Ingangsdatum", exact=True).fill("2026-01-01")
    page.get_by_role("group", name="Voorzieningen").get_by_label("Beschermd thuis", exact=True).check()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("De relatie met Stichting De Duinpoort is vastgelegd.")
    relations = _main(page).get_by_role("table", name="Contracten, subsidies en pgb-relaties")
    expect(relations).to_contain_text("DLF-BROWSER-1")
    expect(relations).to_contain_text("Beschermd thuis")
    expect(relations).not_to_contain_text("DH-BW-2023-001")  # Den Haag's contract stays Den Haag's
    screenshot(page, role.key, "aanbieder")
    assert_accessible(page, "the provider page of a gemeente")

    # Undo: the demo data stay as they were for the other browser tests.
    follow(page, relations.get_by_role("link", name=re.compile("^Wijzigen")))
    assert_accessible(page, "the relation edit form")
    page.get_by_role("button", name="Relatie verwijderen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("is verwijderd")
    expect(_main(page)).to_contain_text("Delft heeft (nog) geen relatie met deze aanbieder.")


def test_a_viewer_sees_relations_without_changing_them(browsing: Browsing) -> None:
    role = BY_KEY["lezer-delft"]
    page, _ = browsing.new_page(role)
    follow(page, _main(page).get_by_role("link", name="Aanbieders (contracten, subsidies, pgb)", exact=True))
    follow(page, _main(page).get_by_role("link", name="Zorggroep Hofstad Thuis", exact=True))
    expect(page.locator("h1")).to_have_text("Zorggroep Hofstad Thuis")
    expect(_main(page)).to_contain_text("WMO-DLF-2024-017")
    expect(_main(page)).not_to_contain_text("DH-SZ-2023-0412")  # Den Haag's contract
    expect(_main(page)).not_to_contain_text("RSW-WMO-2024-05")  # Rijswijk's contract
    expect(_main(page).get_by_role("link", name="Relatie vastleggen")).to_have_count(0)
    assert_accessible(page, "a provider page for a viewer")


def test_the_region_registry_duplicates_and_merge_form(browsing: Browsing) -> None:
    role = BY_KEY["coordinator"]
    page, watch = browsing.new_page(role)
    follow(page, main_nav(page).get_by_role("link", name="Aanbieders", exact=True))
    expect(page.locator("h1")).to_have_text("Aanbiedersregister")
    expect(_main(page).get_by_role("table")).to_contain_text("Zorggroep Hofstad Thuis")
    assert_layout(page)
    screenshot(page, role.key, "aanbiedersregister")
    assert_accessible(page, "the registry")

    follow(page, _main(page).get_by_role("link", name="Zorggroep Hofstad Thuis", exact=True))
    relations = _main(page).get_by_role("table")
    for reference in ("WMO-DLF-2024-017", "DH-SZ-2023-0412", "RSW-WMO-2024-05"):
        expect(relations).to_contain_text(reference)  # the coordinator works for all three
    screenshot(page, role.key, "aanbieder-regio")
    assert_accessible(page, "a registry record")

    page.goto("/regio/aanbieders/")
    follow(page, _main(page).get_by_role("link", name="Mogelijke dubbele aanbieders"))
    expect(_main(page)).to_contain_text("J. Bakker (informele pgb-zorgverlener)")
    assert_accessible(page, "the duplicates page")
    follow(page, _main(page).get_by_role("link", name=re.compile("^samenvoegen met J Bakker")))
    expect(page.locator("h1")).to_have_text("J. Bakker samenvoegen")
    expect(page.get_by_label(re.compile(r"J Bakker \(informele"))).to_be_checked()
    assert_accessible(page, "the merge form")
    page.get_by_role("button", name="Samenvoegen", exact=True).click()  # without a reason
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Geef een reden voor het samenvoegen.")
    screenshot(page, role.key, "samenvoegen-fouten")
    assert_accessible(page, "the merge form with errors")
