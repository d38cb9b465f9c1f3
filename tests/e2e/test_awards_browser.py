"""The 'What was awarded' tab in a real browser, offline.

Opens the tab, chooses ETE and the day one of the framework on the date control, checks the
counts and the map (11 regional ETE lots, with the boundary attribution and the sector key),
moves the date to mid-2024 — when no ETE contract was in force — and sees the counts change,
then clicks a lot and sees its supply chain. Screenshots go to test-output/.
"""

from __future__ import annotations

import pytest
from _browser import MAP_FRAME, OfflineSession, open_tab, wait_until

pytestmark = pytest.mark.e2e

ETE_IN_FORCE = "Education, training and employment contracts in force"


def metric_value(page, label: str) -> str:
    """The value shown by the metric whose label is ``label``."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def set_day(page, day: str) -> None:
    """Type ``day`` (YYYY-MM-DD) into the awards date control, segment by segment, and leave it."""
    field = page.locator(".st-key-awards_as_of [data-testid='stDateInputField']")
    year, month, date = day.split("-")
    for kind, digits in (("year", year), ("month", month), ("day", date)):
        field.locator(f"[data-type='{kind}']").click()
        page.keyboard.type(digits)
    page.keyboard.press("Enter")
    page.get_by_text("What was awarded: the real Dynamic Framework contracts").click()


def test_moving_the_date_changes_the_counts_and_the_map(app_url, browser, test_output):
    session = OfflineSession(browser)
    try:
        page = session.new_page(app_url)
        open_tab(page, "What was awarded")
        page.get_by_text("What was awarded: the real Dynamic Framework contracts").wait_for()
        page.locator(".st-key-awards_service [data-testid='stSelectbox']").click()
        page.get_by_role("option", name="Education, training and employment").click()

        # Day one: 112 contracts in force, 11 of them regional ETE contracts.
        set_day(page, "2021-06-26")
        page.get_by_text("112 contracts in force on 26 June 2021").wait_for()
        wait_until(lambda: metric_value(page, ETE_IN_FORCE) == "11", message="11 ETE contracts on day one")
        page.get_by_text("77 of 88 contracts let for a whole PCC area (88%) but in 6 of 22").first.wait_for()
        frame = page.frame_locator(f"{MAP_FRAME} >> visible=true")
        lots = frame.locator("path.lde-award-lot")
        wait_until(lambda: lots.count() == 11, message="11 ETE lots on the map")
        assert "Office for National Statistics" in frame.locator(".leaflet-control-attribution").inner_text()
        legend = frame.locator(".lde-legend").inner_text()
        assert "Private" in legend and "Voluntary or community" in legend and "synthetic" not in legend.lower()
        page.screenshot(path=str(test_output / "app_awards_day_one.png"), full_page=True)

        # Mid-2024: every regional ETE contract had stopped taking referrals (2023-12-31).
        set_day(page, "2024-06-30")
        wait_until(lambda: metric_value(page, ETE_IN_FORCE) == "0", message="no ETE contract in June 2024")
        page.get_by_text("were in force on 30 June 2024").wait_for()
        assert metric_value(page, "Contracts in force (every service)") == "138"
        page.screenshot(path=str(test_output / "app_awards_mid_2024.png"), full_page=True)

        # Back to day one and click a lot: its supply chain appears beside the map.
        set_day(page, "2021-06-26")
        wait_until(lambda: metric_value(page, ETE_IN_FORCE) == "11", message="back to day one")
        wait_until(lambda: lots.count() == 11, message="the lots drawn again")
        lots.first.dispatch_event("click")
        page.get_by_text("started 2021-06-26 (day one)").first.wait_for()
        assert session.blocked == []  # nothing fetched from the internet
    finally:
        session.close()
