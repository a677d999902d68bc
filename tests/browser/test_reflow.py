"""WCAG 1.4.10 Reflow (AA), which axe-core does not test: at 320 CSS pixels wide the pages
scroll only vertically; wide tables scroll inside their own region, not the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import follow, main_nav, open_switcher, screenshot, skip_if_stub
from tests.browser.roles import BY_KEY

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

NARROW = {"width": 320, "height": 640}




def assert_no_horizontal_scroll(page: Page, what: str) -> None:
    """The page itself must not scroll sideways; name the elements that stick out if it does."""
    width, scroll_width, offenders = page.evaluate(
        """() => {
            const root = document.documentElement, width = root.clientWidth;
            const sticksOut = e => {
                if (e.getBoundingClientRect().right <= width + 1) return false;
                // Inside a table's scroll box only what escapes it counts.
                const pos = getComputedStyle(e).position;
                return !e.closest('.rt-table-scroll') || pos === 'absolute' || pos === 'fixed';
            };
            const offenders = [...document.querySelectorAll('body *')].filter(sticksOut).map(e => ({
                html: e.outerHTML.slice(0, 120),
                hiddenInTable: e.matches('.rt-table-scroll .rt-visually-hidden'),
            }));
            return [width, root.scrollWidth, offenders];
        }"""
    )
    if scroll_width <= width:
        return
    raise AssertionError(
        f"{what} is {scroll_width}px wide at {width}px and scrolls sideways; sticking out: "
        + "; ".join(o["html"] for o in offenders[:5])
    )


def test_pages_reflow_at_320_pixels(browsing: Browsing, subtests: pytest.Subtests) -> None:
    role = BY_KEY["regiobeheerder"]
    page, _ = browsing.new_page(role, viewport=NARROW)
    with subtests.test(msg="start"):
        screenshot(page, f"{role.key}-320px", "start")
        assert_no_horizontal_scroll(page, "the start page")
    steps = [
        ("gemeente", lambda: follow(page, open_switcher(page).get_by_role("link", name="Delft", exact=True))),
        ("contactpersonen", lambda: follow(page, page.get_by_role("main").get_by_role(
            "link", name="Contactpersonen van de gemeente"))),
        ("contactformulier", lambda: follow(page, page.get_by_role("main").get_by_role(
            "link", name="Contactpersoon toevoegen"))),
    ] + [
        (label.lower().replace(" ", "-"), lambda label=label: follow(
            page, main_nav(page).get_by_role("link", name=label, exact=True)))
        for label in ("Regio", "Gebruikers", "Auditlog", "Uitgaande mail", "Mijn account")
    ]
    for name, go in steps:
        with subtests.test(msg=name):
            if main_nav(page).count() == 0:
                page.goto("/")
            go()
            skip_if_stub(page, f"320px → {name}")
            expect(page.locator("h1")).to_have_count(1)
            screenshot(page, f"{role.key}-320px", name)
            assert_no_horizontal_scroll(page, name)
