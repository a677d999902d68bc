"""Keyboard use: the skip link is the first Tab stop and moves focus to <main>; the login form
is submitted with Enter; the gemeente switcher opens and is followed with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import assert_header, screenshot
from tests.browser.roles import BY_KEY, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def focused(page: Page) -> Locator:
    return page.locator(":focus")


def tab_to(page: Page, target: Locator, limit: int = 15) -> list[str]:
    """Press Tab until `target` has focus; return what got focus on the way (for messages)."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return seen
        seen.append(page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.tagName.toLowerCase() + ' ' + (e.innerText || e.name || e.id || '').trim(); }"
        ))
    raise AssertionError(f"never reached {target} with Tab; focus went to: {seen}")


def check_skip_link(page: Page, shot: str) -> None:
    page.keyboard.press("Tab")
    skip = focused(page)
    expect(skip).to_have_text("Naar de inhoud")
    expect(skip).to_have_attribute("href", "#inhoud")
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, f"skip link shown as {box}"
    screenshot(page, shot, "skiplink-focus")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    # The next Tab continues inside the content, past header and navigation.
    page.keyboard.press("Tab")
    assert focused(page).evaluate("el => el.closest('main') !== null"), "Tab after the skip link left <main>"


def test_skip_link_anonymous(browsing: Browsing) -> None:
    page, _ = browsing.new_page()
    page.goto("/login")
    check_skip_link(page, "anoniem")
    expect(page.get_by_label("E-mailadres", exact=True)).to_be_focused()


def test_skip_link_logged_in(browsing: Browsing) -> None:
    page, _ = browsing.new_page(BY_KEY["regiobeheerder"])
    page.goto("/")
    check_skip_link(page, "regiobeheerder")


def test_login_with_keyboard_only(browsing: Browsing) -> None:
    role = BY_KEY["inspecteur-west"]
    page, _ = browsing.new_page()
    page.goto("/login")
    email = page.get_by_label("E-mailadres", exact=True)
    passed = tab_to(page, email)
    assert passed == ["a Naar de inhoud", "a Regiotoezicht"], f"Tab order before the form: {passed}"
    page.keyboard.type(role.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(f"Welkom, {role.name}")
    assert_header(page, role, None)


def test_gemeente_switcher_with_keyboard(browsing: Browsing) -> None:
    role = BY_KEY["inspecteur-oost"]
    page, _ = browsing.new_page(role)
    page.goto("/")
    summary = page.get_by_role("navigation", name="Gemeenten").locator("summary")
    passed = tab_to(page, summary)
    assert passed == ["a Naar de inhoud", "a Regiotoezicht"], f"Tab order before the switcher: {passed}"
    screenshot(page, role.key, "gemeentewisselaar-focus")
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Gemeenten").locator("details")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text("Lansingerland")  # the first, alphabetically
    page.keyboard.press("Tab")
    expect(focused(page)).to_have_text("Voorschoten")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Gemeente Voorschoten")
    assert_header(page, role, "Voorschoten")
