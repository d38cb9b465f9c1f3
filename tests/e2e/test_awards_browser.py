"""The 'What was awarded' tab in a real browser, offline.

Opens the tab, checks the map draws the real lots (12 ETE regions) with the boundary
attribution and the sector key, clicks a lot and checks its supply chain appears beside the
map, then chooses another lot in the select box. Screenshots go to test-output/.
"""

from __future__ import annotations

import pytest
from _browser import MAP_FRAME, OfflineSession, open_tab, wait_until

pytestmark = pytest.mark.e2e


def test_clicking_a_real_lot_shows_its_supply_chain(app_url, browser, test_output):
    session = OfflineSession(browser)
    try:
        page = session.new_page(app_url)
        open_tab(page, "What was awarded")
        page.get_by_text("What was awarded: the real Dynamic Framework contracts").wait_for()

        # Choose ETE: twelve regional lots.
        page.locator(".st-key-awards_service [data-testid='stSelectbox']").click()
        page.get_by_role("option", name="Education, training and employment").click()
        page.get_by_text("2 of 12 region contracts (17%)").wait_for()

        # The visible map (a hidden tab may keep its own map frame).
        frame = page.frame_locator(f"{MAP_FRAME} >> visible=true")
        lots = frame.locator("path.lde-award-lot")
        wait_until(lambda: lots.count() == 12, message="12 ETE lots on the map")
        assert "Office for National Statistics" in frame.locator(".leaflet-control-attribution").inner_text()
        legend = frame.locator(".lde-legend").inner_text()
        assert "Private" in legend and "Voluntary or community" in legend
        assert "synthetic" not in legend.lower()

        # Lots are drawn in name order (all region lots): the first is the East Midlands.
        lots.first.dispatch_event("click")
        page.get_by_text("ETE Services for the East Midlands").wait_for()
        # The supply-chain table (a canvas grid keeps its cells in the DOM, hidden).
        page.get_by_text("Leonard Cheshire Disability").first.wait_for(state="attached")
        page.screenshot(path=str(test_output / "app_awards_click.png"), full_page=True)

        # The select box offers the same lots.
        page.locator(".st-key-awards_lot [data-testid='stSelectbox']").click()
        page.get_by_role("option", name="Wales (probation region)").click()
        page.get_by_text("ETE Services for Wales").wait_for()
        page.get_by_text("MAXIMUS UK Services Limited").first.wait_for()
        assert session.blocked == []  # nothing fetched from the internet
    finally:
        session.close()
