"""Every demo role logs in through the form and walks the pages it should reach, following
links as a person would, with axe-core (WCAG 2.1 A/AA) on each page and a screenshot in
test-artifacts/screenshots/<role>-<page>.png. Each page is a subtest, so one broken page does
not hide the others.

Pages that a slice still serves as a TEMPORARY stub ('todo') are reached through their link
and then reported as skipped with their URL (SUBSKIPPED in the summary), never passed
silently; they are checked in full as soon as the real page lands.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tenants.demo import DEMO_USERS, HAAGLANDEN
from tests.browser.conftest import Browsing
from tests.browser.helpers import (
    assert_accessible,
    assert_header,
    assert_layout,
    follow,
    is_stub,
    main_nav,
    open_switcher,
    screenshot,
    skip_if_stub,
    switcher,
)
from tests.browser.roles import BY_KEY, NAMES, ROLES, RoleSpec

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

#: Pages reached from the main navigation, by the link's label.
NAV_PAGES = {
    "regio": "Regio",
    "gebruikers-regio": "Gebruikers",
    "auditlog-regio": "Auditlog",
    "uitgaande-mail": "Uitgaande mail",
    "privacy": "Privacy",
    "lessen": "Lessen",
    "handhaving": "Handhaving",
    "account": "Mijn account",
}
#: Pages from the main navigation that open inside the gemeente of a single-gemeente user;
#: for everyone else the same link opens the region-wide page (heading in REGION_HEADINGS).
NAV_IN_GEMEENTE = {"handhaving"}
#: Links on the gemeente's home page: present exactly for the roles whose walk has the page.
GEMEENTE_LINKS = {
    "contactpersonen": "Contactpersonen van de gemeente",
    "gebruikers-gemeente": "Gebruikers en rollen",
    "beveiliging": "Beveiliging (tweestapsverificatie)",
    "auditlog-gemeente": "Auditlog van deze gemeente",
}
LinkFinder = Callable[[Locator], Locator]


def link(name: str | re.Pattern[str]) -> LinkFinder:
    return lambda main: main.get_by_role("link", name=name, exact=isinstance(name, str))


def first_user(main: Locator) -> Locator:
    return main.get_by_role("table").get_by_role("rowheader").get_by_role("link").first


#: Deeper pages: (the page that links to it, how to find the link in its <main>).
DEEPER: dict[str, tuple[str, LinkFinder]] = {
    **{name: ("gemeente", link(label)) for name, label in GEMEENTE_LINKS.items()},
    "contactpersoon-wijzigen": ("contactpersonen", link(re.compile("^Wijzigen "))),
    "gebruiker-gemeente": ("gebruikers-gemeente", first_user),
    "gebruiker-uitnodigen-gemeente": ("gebruikers-gemeente", link("Gebruiker uitnodigen")),
    "gebruiker-regio": ("gebruikers-regio", link("Ilse Inspecteur")),
    "rol-beeindigen": ("gebruiker-regio", lambda main: link(re.compile("^Beëindigen"))(main).first),
    "gebruiker-uitnodigen-regio": ("gebruikers-regio", link("Gebruiker uitnodigen")),
    "beveiliging-regio": ("gebruikers-regio", link("Beveiliging van de regio (tweestapsverificatie)")),
    "wachtwoord-wijzigen": ("account", link("Wachtwoord wijzigen")),
    "tweestapsverificatie": ("account", link("Tweestapsverificatie aanzetten")),
}
#: The order of the walk: each page after the page that links to it.
ORDER = [
    "start", "gemeentewisselaar", "gemeente",
    "contactpersonen", "contactpersoon-wijzigen",
    "gebruikers-gemeente", "gebruiker-gemeente", "gebruiker-uitnodigen-gemeente",
    "beveiliging", "auditlog-gemeente",
    "regio", "gebruikers-regio", "gebruiker-regio", "rol-beeindigen", "gebruiker-uitnodigen-regio",
    "beveiliging-regio", "auditlog-regio", "uitgaande-mail", "privacy",
    "lessen", "handhaving", "account", "wachtwoord-wijzigen", "tweestapsverificatie",
]
#: Demo contact persons (blueprints/contacts/demo.py) by gemeente name.
DEMO_CONTACTS = {
    "Delft": "Team Wmo-kwaliteit Delft",
    "'s-Gravenhage": "Meldpunt kwaliteit Den Haag",
    "Zoetermeer": "Team Zorg Zoetermeer",
}


def chain(name: str) -> list[str]:
    """The pages passed on the way to `name`, the page itself last."""
    return [*chain(DEEPER[name][0]), name] if name in DEEPER else [name]


def reach(page: Page, role: RoleSpec, name: str, here: str | None) -> None:
    """Follow links from page `here` (where the walk is) to page `name`."""
    if name == here or name == "start":  # the login form lands on the start page
        return
    if name in DEEPER:
        parent, find = DEEPER[name]
        reach(page, role, parent, here)
        follow(page, find(page.get_by_role("main")))
        return
    if is_stub(page) or switcher(page).count() == 0:
        page.goto("/")  # a stub has no navigation to follow: back to the start
    if name == "gemeentewisselaar":
        open_switcher(page)
    elif name in NAV_PAGES:
        follow(page, main_nav(page).get_by_role("link", name=NAV_PAGES[name], exact=True))
    elif name == "gemeente":
        follow(page, open_switcher(page).get_by_role("link", name=role.visit, exact=True))
    else:
        raise AssertionError(f"no route to {name}")


def check_content(page: Page, role: RoleSpec, name: str, gemeente: str | None) -> None:
    """What each page shows beyond the common layout (for pages whose content is settled)."""
    main = page.get_by_role("main")
    if name in NAV_PAGES:
        link = main_nav(page).get_by_role("link", name=NAV_PAGES[name], exact=True)
        expect(link).to_have_attribute("aria-current", "page")
    if name == "start":
        expect(main_nav(page).get_by_role("link")).to_have_text(list(role.nav))
    if name == "start" and role.single_gemeente:
        # Someone who works for exactly one gemeente starts in it.
        assert page.url.endswith(f"/g/{role.slug}/"), page.url
        expect(page.locator("h1")).to_have_text(f"Gemeente {role.visit}")
    elif name == "start":
        expect(page.locator("h1")).to_have_text(f"Welkom, {role.name}")
        listed = main.get_by_role("table").get_by_role("link").all_inner_texts()
        assert sorted(listed) == sorted(role.gemeenten), f"start page lists {listed}"
    elif name == "gemeentewisselaar":
        nav = open_switcher(page)
        listed = nav.get_by_role("link").all_inner_texts()
        assert sorted(listed) == sorted(role.gemeenten), f"switcher lists {listed}"
        current = nav.locator("a[aria-current='page']")
        expect(current).to_have_count(1 if gemeente else 0)
        if gemeente:
            expect(current).to_have_text(gemeente)
    elif name == "gemeente":
        expect(page.locator("h1")).to_have_text(f"Gemeente {role.visit}")
        for page_name, label in GEMEENTE_LINKS.items():
            expected = 1 if page_name in role.pages else 0
            expect(main.get_by_role("link", name=label, exact=True)).to_have_count(expected)
    elif name == "contactpersonen":
        expect(page.locator("h1")).to_have_text(f"Contactpersonen van {role.visit}")
        add = main.get_by_role("link", name="Contactpersoon toevoegen")
        expect(add).to_have_count(1 if role.manages_contacts else 0)
        if role.visit in DEMO_CONTACTS:
            expect(main.get_by_role("table")).to_contain_text(DEMO_CONTACTS[role.visit])
        else:
            expect(main).to_contain_text("Er zijn nog geen contactpersonen.")
    elif name == "account":
        expect(page.locator("h1")).to_have_text("Mijn account")
        expect(main).to_contain_text(role.email)
    elif name in REGION_HEADINGS and gemeente is None:
        expect(page.locator("h1")).to_have_text(REGION_HEADINGS[name])
    elif name in HEADINGS:
        expect(page.locator("h1")).to_have_text(HEADINGS[name].format(gemeente=gemeente))


#: The h1 of the deeper pages.
HEADINGS = {
    "contactpersoon-wijzigen": "Contactpersoon wijzigen",
    "gebruiker-uitnodigen-gemeente": "Gebruiker uitnodigen in {gemeente}",
    "gebruiker-uitnodigen-regio": "Gebruiker uitnodigen",
    "gebruiker-regio": "Ilse Inspecteur",
    "rol-beeindigen": "Rol beëindigen",
    "beveiliging": "Beveiliging van {gemeente}",
    "wachtwoord-wijzigen": "Wachtwoord wijzigen",
    "tweestapsverificatie": "Tweestapsverificatie",
    "handhaving": "Handhaving in {gemeente}",
}
#: The h1 of the same pages opened region-wide (several gemeenten or a region role).
REGION_HEADINGS = {"handhaving": "Handhaving in uw gemeenten"}


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_walk(browsing: Browsing, subtests: pytest.Subtests, role: RoleSpec) -> None:
    page, watch = browsing.new_page(role)
    here: str | None = "start"
    stubs: set[str] = set()
    for name in sorted(role.pages, key=ORDER.index):
        with subtests.test(msg=name):
            if stubs & set(chain(name)):
                pytest.skip(f"{role.key} → {name}: reached through a TEMPORARY stub, not yet checked")
            start_here, here = here, None  # unknown until this page is reached
            reach(page, role, name, start_here)
            here = "start" if name == "gemeentewisselaar" else name
            if is_stub(page):
                stubs.add(name)
            in_gemeente = chain(name)[0] == "gemeente" or (
                role.single_gemeente and name in ("start", "gemeentewisselaar", *NAV_IN_GEMEENTE))
            gemeente = role.visit if in_gemeente else None
            assert watch.status == 200, f"{name}: {page.url} answered {watch.status}"
            skip_if_stub(page, f"{role.key} → {name}")
            screenshot(page, role.key, name)
            assert_layout(page)
            assert_header(page, role, gemeente)
            check_content(page, role, name, gemeente)
            assert_accessible(page, f"{role.key} → {name} ({page.url})")
    # Pages the role has no link to must refuse it when the URL is typed in.
    for path in role.forbidden:
        with subtests.test(msg=f"geen toegang {path}"):
            status = page.request.get(path, max_redirects=0).status
            assert status == 403, f"{role.key}: {path} answered {status}, not 403"


def test_demo_data_matches_roles() -> None:
    """The hand-written expectations in roles.py agree with tenants/demo.py."""
    assert {u.email for u in DEMO_USERS} == {r.email for r in ROLES}
    for user in DEMO_USERS:
        role = next(r for r in ROLES if r.email == user.email)
        assert role.name == user.name
        if user.region_roles:
            assert role.gemeenten == {NAMES[c] for c in HAAGLANDEN}
        else:
            assert role.gemeenten == {NAMES[c] for c, _ in user.memberships}
    assert set(NAMES) == set(HAAGLANDEN)
    assert BY_KEY["lezer-delft"].single_gemeente and not BY_KEY["inspecteur-west"].single_gemeente
