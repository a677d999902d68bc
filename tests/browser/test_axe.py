"""The accessibility check itself: it must fail on a known violation, or a green walk proves
nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.helpers import AXE_OPTIONS, WCAG_TAGS, assert_accessible

pytestmark = [pytest.mark.browser]


def test_axe_reports_violations_readably(browser: Browser) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
            "<img src='data:,'><input type='text'>"
            "<p style='color:#aaa;background:#fff'>te licht</p></main></body></html>"
        )
        with pytest.raises(AssertionError) as failed:
            assert_accessible(page, "a page with known faults")
        report = str(failed.value)
        for rule in ("html-has-lang", "image-alt", "label", "color-contrast"):
            assert rule in report, report
        assert "a page with known faults" in report
    finally:
        context.close()
    assert AXE_OPTIONS["runOnly"]["values"] == WCAG_TAGS
