"""Helpers for the browser tests: logging in through the form, axe-core checks with a readable
report, screenshots, and what every page must show in its header."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import FloatRect, Locator, Page, Response, expect

if TYPE_CHECKING:
    from tests.browser.roles import RoleSpec

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS: dict[str, Any] = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()

#: Text in the gemeente switcher when no gemeente is current (base.html).
NO_GEMEENTE = "kies een gemeente"


class PageWatch:
    """Remembers the status of each main-frame document and any sub-resource that failed."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.documents: list[Response] = []
        self.broken: list[str] = []
        page.on("response", self._on_response)
        page.on("requestfailed", lambda req: self.broken.append(f"{req.url} failed: {req.failure}"))

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "document" and response.frame == self.page.main_frame:
            self.documents.append(response)
        elif response.status >= 400 and not request.url.endswith("/favicon.ico"):
            self.broken.append(f"{request.resource_type} {request.url} → {response.status}")

    @property
    def status(self) -> int:
        assert self.documents, "no page was loaded"
        return self.documents[-1].status

    def assert_no_broken_resources(self) -> None:
        assert not self.broken, "resources failed to load:\n" + "\n".join(self.broken)


def login(page: Page, role: RoleSpec, password: str | None = None) -> None:
    """Log in through /login by its labels and button, as a person would."""
    from tests.browser.roles import PASSWORD

    page.goto("/login")
    page.get_by_label("E-mailadres", exact=True).fill(role.email)
    page.get_by_label("Wachtwoord", exact=True).fill(password or PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    expect(header_user(page)).to_have_text(re.compile(re.escape(role.name)))


def header_user(page: Page) -> Locator:
    return page.get_by_role("banner").locator(".rt-header__user")


def switcher(page: Page) -> Locator:
    return page.get_by_role("banner").get_by_role("navigation", name="Gemeenten")


def open_switcher(page: Page) -> Locator:
    """Open the gemeente switcher (a <details>) and return its navigation landmark."""
    nav = switcher(page)
    details = nav.locator("details")
    if details.get_attribute("open") is None:
        nav.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return nav


def main_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Hoofdmenu")


def follow(page: Page, link: Locator) -> None:
    """Click a link (it must be visible and unique) and wait until the next page has loaded."""
    expect(link).to_have_count(1)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()


def is_stub(page: Page) -> bool:
    """A TEMPORARY blueprint stub answers the bare text 'todo' (no layout, no <main>)."""
    return page.locator("main").count() == 0 and page.locator("body").inner_text().strip() == "todo"


def skip_if_stub(page: Page, what: str) -> None:
    if is_stub(page):
        pytest.skip(f"{what}: {page.url} is still a TEMPORARY stub ('todo'); reached, not yet checked")


#: Long pages (the audit log) are captured up to this height: enough to judge the layout,
#: without spending seconds on encoding thousands of identical table rows.
SCREENSHOT_MAX_HEIGHT = 3000


def screenshot(page: Page, role_key: str, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{role_key}-{name}.png"
    width, height = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": min(height, SCREENSHOT_MAX_HEIGHT)}
    page.screenshot(path=str(path), full_page=True, clip=clip)
    return path


def format_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} axe-core violation(s) (WCAG 2.1 A/AA) on {where}:"]
    for v in violations:
        lines.append(f"\n[{v.get('impact') or '?'}] {v['id']}: {v['help']}")
        lines.append(f"    {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"  - {target}")
            lines.append(f"      {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str | None = None) -> None:
    """Run axe-core with the WCAG 2.1 A and AA rules; fail on any violation."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, format_violations(violations, where or page.url)


def assert_header(page: Page, role: RoleSpec, gemeente: str | None) -> None:
    """The header names the logged-in user and the current gemeente (or asks to choose one)."""
    expect(header_user(page)).to_have_text(re.compile(r"^\s*Ingelogd als\s+" + re.escape(role.name) + r"\s*$"))
    current = switcher(page).locator(".rt-gemeente-switcher__current")
    expect(current).to_have_text(gemeente if gemeente is not None else NO_GEMEENTE)


def assert_layout(page: Page) -> None:
    """Every real page: Dutch, a title ending in the app name, one h1, main landmark."""
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_title(re.compile(r".+ — Regiotoezicht$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)

