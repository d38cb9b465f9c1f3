"""Bundled lots in a real browser, offline: the sidebar's 2027 bundle button shows the 2021 vs
2027 patterns on the first screen, with the assumed lots said in words. Screenshot to test-output/."""

from __future__ import annotations

import pytest
from _browser import OfflineSession, wait_until

pytestmark = pytest.mark.e2e

TWIN_READY = '.lde-twin[data-ready="true"]'


def test_the_2027_bundle_button_shows_both_patterns(app_url, browser, test_output):
    session = OfflineSession(browser, viewport=(1366, 900))
    try:
        page = session.new_page(app_url, wait_for=TWIN_READY)
        page.get_by_role("button", name="Community Support for Men 2027 bundle").click()
        table = page.locator('table[data-testid="lde-pattern"]')
        table.wait_for()
        text = wait_until(lambda: table.inner_text() if "2027 pattern" in table.inner_text() else "", message="patterns")
        assert "Lots a voluntary organisation based in the lot could lead alone" in text
        assert "Lots a voluntary-sector consortium could lead" in text
        heading = page.locator("h1").first.inner_text()
        assert heading.startswith("Community Support for Men 2027") and "lots assumed" in heading
        assert "the notice does not list its lots in our sources" in page.locator("body").inner_text()
        page.screenshot(path=str(test_output / "bundles_first_screen_1366x900.png"))
        assert session.blocked == []
    finally:
        session.close()
