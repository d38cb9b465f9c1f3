"""Combined member lists in a real browser: two lists combined, another tab visited, a third
added — and all three are still in use.

The register and survey extracts in ``tests/fixtures`` (made up, not real charities) go
through the app's own file uploader; each waits for its proposed columns to be accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _browser import PROVIDER_UPLOADER, OfflineSession, open_tab, upload

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REGISTER = "charity_register_extract.csv"
SURVEY = "member_survey_export.csv"
THIRD = "third_list.csv"
THIRD_CSV = b"name,postcode,income_gbp,service_area\nSwansea Futures,SA1 1AA,120000,Swansea\n"


def _in_use(page, n: int, files: str):
    page.get_by_text(re.compile(rf"^{n} organisations from {re.escape(files)}\.$")).wait_for(timeout=90_000)


def test_two_lists_combined_survive_a_tab_change_and_a_third_is_added(app_url, browser):
    session = OfflineSession(browser)
    try:
        page = session.new_page(app_url)
        open_tab(page, "Organisations")
        upload(page, PROVIDER_UPLOADER, REGISTER, (FIXTURES / REGISTER).read_bytes())
        page.get_by_role("button", name="Accept the proposal and use the file").click()
        _in_use(page, 17, REGISTER)

        page.get_by_text("Add to the list in use", exact=True).click()
        upload(page, PROVIDER_UPLOADER, SURVEY, (FIXTURES / SURVEY).read_bytes())
        page.get_by_role("button", name="Accept the proposal and use the file").click()
        _in_use(page, 27, f"{REGISTER} + {SURVEY}")

        open_tab(page, "Map")
        open_tab(page, "Organisations")
        assert page.get_by_role("radio", name="Add to the list in use").is_checked()
        upload(page, PROVIDER_UPLOADER, THIRD, THIRD_CSV)
        _in_use(page, 28, f"{REGISTER} + {SURVEY} + {THIRD}")
        files = page.locator('[data-testid="stDataFrame"]').filter(has_text="Already in the list")
        assert files.count() == 1 or page.get_by_text("Organisations per file").count() == 1
    finally:
        session.close()
