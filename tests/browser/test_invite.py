"""An invitation end to end in the browser: a gemeente admin invites someone (the form's
errors first), the region admin reads the mail in the outbox, the invitee opens the link,
chooses a password and logs in — axe-core on every state on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.helpers import (
    assert_accessible,
    assert_header,
    assert_layout,
    follow,
    login,
    main_nav,
    screenshot,
)
from tests.browser.roles import BY_KEY, RoleSpec

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

INVITEE = RoleSpec(
    "uitgenodigd", "nina.nieuw@demo.regiotoezicht.nl", "Nina Nieuw", frozenset({"Delft"}),
    "Delft", ("Start", "Mijn account"), (), manages_contacts=False,
)
NEW_PASSWORD = "Een zin van vier woorden"


def test_invite_read_in_outbox_accept_and_log_in(browsing: Browsing) -> None:
    admin = BY_KEY["beheer-delft"]
    page, watch = browsing.new_page(admin)
    main = page.get_by_role("main")
    follow(page, main.get_by_role("link", name="Gebruikers en rollen", exact=True))
    follow(page, main.get_by_role("link", name="Gebruiker uitnodigen", exact=True))
    expect(page.locator("h1")).to_have_text("Gebruiker uitnodigen in Delft")

    page.get_by_role("button", name="Uitnodigen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 400
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Vul een e-mailadres in.", "Vul de naam in."]
    )
    expect(page).to_have_title(re.compile(r"^Fout: "))
    screenshot(page, admin.key, "uitnodigen-fouten")
    assert_accessible(page, "invite form with errors")

    page.get_by_label("E-mailadres", exact=True).fill(INVITEE.email)
    page.get_by_label("Naam", exact=True).fill(INVITEE.name)
    page.get_by_label("Rol", exact=True).select_option(label="Gemeentelezer")
    page.get_by_role("button", name="Uitnodigen", exact=True).click()
    page.wait_for_load_state()
    assert watch.status == 200
    expect(page.get_by_role("status")).to_contain_text(INVITEE.email)
    screenshot(page, admin.key, "uitgenodigd")
    assert_layout(page)
    assert_accessible(page, "after inviting")

    # Without a mail server the outbox is the delivery: the region admin reads the link there.
    region_admin = BY_KEY["regiobeheerder"]
    outbox, _ = browsing.new_page(region_admin)
    follow(outbox, main_nav(outbox).get_by_role("link", name="Uitgaande mail", exact=True))
    row = outbox.get_by_role("main").get_by_role("row").filter(has_text=INVITEE.email)
    expect(row).to_have_count(1)
    follow(outbox, row.get_by_role("link"))
    expect(outbox.get_by_role("main")).to_contain_text(INVITEE.email)
    screenshot(outbox, region_admin.key, "uitgaande-mail-bericht")
    assert_layout(outbox)
    assert_header(outbox, region_admin, None)
    assert_accessible(outbox, "an outbox message")
    body = outbox.locator(".rt-mail-body").inner_text()
    match = re.search(r"https?://[^/\s]+(/uitnodiging/[A-Za-z0-9_-]+)", body)
    assert match, f"no invitation link in the mail:\n{body}"

    # The invitee, in a browser of their own: the link comes from an e-mail, so it is typed in.
    invitee, invitee_watch = browsing.new_page()
    invitee.goto(match.group(1))
    expect(invitee.locator("h1")).to_have_text("Welkom bij Regiotoezicht")
    screenshot(invitee, "anoniem", "uitnodiging")
    assert_layout(invitee)
    assert_accessible(invitee, "the invitation page")
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    invitee.get_by_role("button", name="Wachtwoord instellen", exact=True).click()
    invitee.wait_for_load_state()
    assert invitee_watch.status == 400
    expect(invitee.get_by_role("alert")).to_contain_text("Kies een wachtwoord van minstens")
    assert_accessible(invitee, "the invitation page with errors")
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("Herhaal het nieuwe wachtwoord", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Wachtwoord instellen", exact=True).click()
    invitee.wait_for_load_state()
    expect(invitee.get_by_role("status")).to_contain_text("Uw wachtwoord is ingesteld.")
    login(invitee, INVITEE, NEW_PASSWORD)
    expect(invitee.locator("h1")).to_have_text("Gemeente Delft")
    assert_header(invitee, INVITEE, "Delft")

    # The link works once.
    invitee.goto(match.group(1))
    assert invitee_watch.status == 404
    expect(invitee.locator("h1")).to_have_text("Deze link werkt niet (meer)")
    assert_accessible(invitee, "a used invitation link")
