"""The column-mapping step in a real browser: upload, check the proposal, change a column, confirm.

A member list whose women's column and areas column only a proposal can match is uploaded
through the app's own file uploader. The page must show the mapping (each column, its match and
sample values) and keep the demo data until the user confirms; after a column is changed and the
mapping confirmed, the headline must say how many organisations the import decided about, and
its link must lead to those rows on the Organisations tab.
"""

from __future__ import annotations

import pytest
from _browser import PROVIDER_UPLOADER, OfflineSession, open_tab, upload, wait_until

pytestmark = pytest.mark.e2e

MEMBERS_FILE = "mapping_members.csv"
MEMBERS_CSV = (
    "Organisation Name,Postcode,Income (approx),Is this a women's organisation?,Where do you work?,Notes\n"
    "Mapping Test Women's Aid,LS1 4DY,\"£450,000\",Yes,Leeds; Bradford,founded 1975\n"
    "Mapping Test Women's Centre,CF10 1EP,£50k,Yes,Cardiff,\n"
    "Mapping Test Trust,LS2 8JS,N/A,No,Leeds,\n"
).encode()


def test_mapping_step_is_confirmed_before_anything_is_scored(app_url, browser):
    session = OfflineSession(browser)
    try:
        page = session.new_page(app_url)
        open_tab(page, "Organisations")
        upload(page, PROVIDER_UPLOADER, MEMBERS_FILE, MEMBERS_CSV)

        page.get_by_text(f"Check the columns of {MEMBERS_FILE}").wait_for()
        page.get_by_text("Nothing is used until you confirm").first.wait_for()
        page.get_by_text(f"{MEMBERS_FILE} is read but not used yet").wait_for()
        assert page.get_by_text("Synthetic demo data — not real organisations").count() >= 1  # demo still in use
        form = page.locator('[data-testid="stForm"]')
        for column in ("Organisation Name", "Is this a women's organisation?", "Where do you work?", "Notes"):
            assert column in form.inner_text()
        assert "founded 1975" in form.inner_text()  # sample values shown

        # Change one column by hand: the income column is not to be used.
        # The third column's select box (the labels are collapsed on screen).
        form.locator('[data-testid="stSelectbox"]').nth(2).click()
        page.keyboard.type("not used")  # the options list opens once there is text to match
        page.get_by_role("option", name="not used", exact=True).click()
        form.get_by_role("button", name="Use these columns").click()

        page.get_by_text(f"Organisations: 3 from {MEMBERS_FILE}.").wait_for()
        banner = page.locator('[data-testid="stAlert"]').filter(has_text="The import decided what").first
        banner.wait_for()
        text = banner.inner_text()
        # 3: two women's organisations by the changed women's column, and every income unknown.
        assert "The import decided what 3 organisations count as" in text
        assert "2 — specialism taken from a column matched by proposal or by you" in text
        assert "3 — income unknown" in text
        link = page.get_by_role("link", name="See these organisations")
        assert link.get_attribute("href").endswith("#import-effects")

        page.get_by_role("button", name="Show these organisations").click()
        heading = page.get_by_text("Organisations the import decided about")
        heading.wait_for()
        wait_until(lambda: page.get_by_role("tab", name="Organisations", exact=True).get_attribute("aria-selected") == "true",
                   message="the Organisations tab")
        assert page.locator("#import-effects").count() == 1
    finally:
        session.close()
