"""Forms, errors and refusals in the browser: the contact form's error state, what a
gemeente viewer is not offered, the Dutch 403/404 pages and the login page's own states —
each checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import (
    assert_accessible,
    assert_header,
    assert_layout,
    follow,
    screenshot,
)
from tests.browser.roles import BY_KEY, RoleSpec

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def open_contacts(page: Page) -> None:
    """From the gemeente home page (where a one-gemeente user lands) to its contact persons."""
    main = page.get_by_role("main")
    follow(page, main.get_by_role("link", name="Contactpersonen van de gemeente", exact=True))


def test_contact_form_errors_in_dutch(browsing: Browsing) -> None:
    role = BY_KEY["beheer-delft"]
    page, watch = browsing.new_page(role)
    open_contacts(page)
    follow(page, page.get_by_role("main").get_by_role("link", name="Contactpersoon toevoegen", exact=True))
    expect(page.locator("h1")).to_have_text("Contactpersoon toevoegen")
    screenshot(page, role.key, "contactformulier")
    assert_accessible(page, "empty contact form")

    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    screenshot(page, role.key, "contactformulier-fouten")
    expect(page).to_have_title("Fout: Contactpersoon toevoegen — Regiotoezicht")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Er ging iets mis")
    expect(summary.get_by_role("link")).to_have_text(["Vul een naam in.", "Vul een e-mailadres in."])
    for label, message in (("Naam", "Vul een naam in."), ("E-mailadres", "Vul een e-mailadres in.")):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        # The message is tied to the field, so a screen reader reads it with the field.
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_label("Functie (niet verplicht)", exact=True)).not_to_have_attribute("aria-invalid", "true")
    assert_layout(page)
    assert_header(page, role, "Delft")
    assert_accessible(page, "contact form with errors")

    # A summary link takes the user to the field.
    summary.get_by_role("link", name="Vul een naam in.").click()
    expect(page).to_have_url(re.compile(r"#name$"))
    expect(page.get_by_label("Naam", exact=True)).to_be_in_viewport()

    # A wrong address gets its own message; the name typed before stays.
    page.get_by_label("Naam", exact=True).fill("Browsertest Contact")
    page.get_by_label("E-mailadres", exact=True).fill("geen-adres")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_role("alert").wait_for()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(["Vul een geldig e-mailadres in."])
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Browsertest Contact")
    assert_accessible(page, "contact form with an invalid e-mail address")

    # Saved: a status message on the list, which passes axe too; then remove it again.
    page.get_by_label("E-mailadres", exact=True).fill("browsertest@delft.demo")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Contactpersoon Browsertest Contact is toegevoegd.")
    expect(page.get_by_role("main").get_by_role("table")).to_contain_text("browsertest@delft.demo")
    screenshot(page, role.key, "contactpersonen-toegevoegd")
    assert_accessible(page, "contacts with a success message")
    page.get_by_role("button", name="Verwijderen Browsertest Contact", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("Contactpersoon Browsertest Contact is verwijderd.")
    expect(page.get_by_role("main").get_by_role("table")).not_to_contain_text("browsertest@delft.demo")


def test_viewer_is_not_offered_changes(browsing: Browsing) -> None:
    role = BY_KEY["lezer-delft"]
    page, _ = browsing.new_page(role)
    open_contacts(page)
    main = page.get_by_role("main")
    expect(main.get_by_role("table")).to_contain_text("Team Wmo-kwaliteit Delft")
    expect(main.get_by_role("link", name="Contactpersoon toevoegen")).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("^Wijzigen"))).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile("^Verwijderen"))).to_have_count(0)
    expect(main.get_by_role("columnheader", name="Acties")).to_have_count(0)
    # And the form itself refuses the viewer.
    status = page.request.get("/g/delft/contactpersonen/nieuw", max_redirects=0).status
    assert status == 403


def assert_error_page(page: Page, role: RoleSpec | None, code: int, title: str, shot: str) -> None:
    screenshot(page, role.key if role else "anoniem", shot)
    assert_layout(page)
    expect(page).to_have_title(f"{title} — Regiotoezicht")
    main = page.get_by_role("main")
    expect(main.locator("h1")).to_have_text(title)
    expect(main).to_contain_text(f"Foutcode {code}")
    expect(main.get_by_role("link", name="Ga naar de startpagina")).to_have_count(1)
    if role is not None:
        assert_header(page, role, None)
    assert_accessible(page, f"the {code} page ({page.url})")


def test_other_gemeente_shows_dutch_403(browsing: Browsing) -> None:
    role = BY_KEY["beheer-delft"]
    page, watch = browsing.new_page(role)
    page.goto("/g/s-gravenhage/")
    assert watch.status == 403
    assert_error_page(page, role, 403, "Geen toegang", "403-andere-gemeente")
    expect(page.get_by_role("main")).to_contain_text("U hebt geen toegang tot deze pagina of deze gemeente.")


def test_region_page_refused_shows_dutch_403(browsing: Browsing) -> None:
    role = BY_KEY["lezer-delft"]
    page, watch = browsing.new_page(role)
    page.goto("/regio/")
    assert watch.status == 403
    assert_error_page(page, role, 403, "Geen toegang", "403-regio")
    # The way back works.
    follow(page, page.get_by_role("main").get_by_role("link", name="Ga naar de startpagina"))
    expect(page.locator("h1")).to_have_text("Gemeente Delft")


def test_unknown_gemeente_shows_dutch_404(browsing: Browsing) -> None:
    role = BY_KEY["coordinator"]
    page, watch = browsing.new_page(role)
    page.goto("/g/bestaat-niet/")
    assert watch.status == 404
    assert_error_page(page, role, 404, "Niet gevonden", "404")


def test_login_page_states(browsing: Browsing) -> None:
    page, watch = browsing.new_page()
    page.goto("/g/delft/")  # not logged in: to the login page, which returns there afterwards
    expect(page).to_have_url(re.compile(r"/login\?next=/g/delft/"))
    expect(page.locator("h1")).to_have_text("Inloggen")
    assert_layout(page)
    expect(page.get_by_role("banner").get_by_role("navigation")).to_have_count(0)
    screenshot(page, "anoniem", "inloggen")
    assert_accessible(page, "login page")

    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Vul uw e-mailadres in.", "Vul uw wachtwoord in."]
    )
    expect(page).to_have_title("Fout: Inloggen — Regiotoezicht")
    screenshot(page, "anoniem", "inloggen-fouten")
    assert_accessible(page, "login page with field errors")

    # An unknown account (so no demo account gets locked): one generic message.
    page.get_by_label("E-mailadres", exact=True).fill("niemand@demo.regiotoezicht.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("onjuist-wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_role("alert")).not_to_be_empty()
    screenshot(page, "anoniem", "inloggen-mislukt")
    assert_accessible(page, "login page after a failed login")

    role = BY_KEY["lezer-delft"]
    page.get_by_label("E-mailadres", exact=True).fill(role.email)
    from tests.browser.roles import PASSWORD

    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/g/delft/$"))
    assert_header(page, role, "Delft")

    page.get_by_role("banner").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_contain_text("U bent uitgelogd.")
    screenshot(page, "anoniem", "uitgelogd")
    assert_accessible(page, "login page after logging out")
