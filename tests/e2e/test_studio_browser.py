"""The design studio in a real browser, offline: a move changes the headline, the trade-off chart draws.

Starts the app (``python -m ui.serve``), opens the *Design studio* tab on the default design
(42 PCC areas), clicks an area on the map and checks it is chosen for a move, moves Hampshire
into Surrey, and checks the headline table shows 41 lots and a change; then draws the trade-off for 4 to 6 lots and checks the chart and its PNG download.
Screenshots go to test-output/.
"""

from __future__ import annotations

import pytest
from _browser import DEMO_BANNER, OfflineSession, open_tab, wait_idle, wait_until

pytestmark = pytest.mark.e2e


def choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=False).first.click()


def test_editor_move_changes_headline_and_tradeoff_chart_draws(app_url, browser, test_output):
    session = OfflineSession(browser, viewport=(1366, 1000))
    page = session.new_page(app_url)
    page.get_by_text(DEMO_BANNER).first.wait_for()
    open_tab(page, "Design studio")
    page.get_by_text("Now: 42 lots").wait_for()
    headline = page.locator('[data-testid="stTable"]').filter(has_text="Change").first
    assert "42" in headline.inner_text()
    # The map of the design being edited (Vega-Lite), with the boundary attribution.
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    page.get_by_text("Office for National Statistics").first.wait_for()

    # Clicking an area on the map chooses it for the move (the tooltip names the area under the pointer).
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    wait_idle(page)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.55)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for()
    area = tooltip.locator("tr").filter(has_text="PCC area").locator("td.value").inner_text()
    page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.55)
    chosen = page.get_by_role("combobox", name="Area", exact=True)
    wait_until(lambda: chosen.input_value() == f"{area} ({area})", timeout_s=60, message=f"{area} chosen by a click")
    wait_idle(page)

    choose(page, "Area", "Hampshire")
    choose(page, "Into lot", "Surrey")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("Now: 41 lots").wait_for()
    wait_idle(page)
    table = page.locator('[data-testid="stTable"]').filter(has_text="Change").first.inner_text()
    assert "−1" in table  # the number of lots went down by one
    page.screenshot(path=str(test_output / "studio_move.png"), full_page=True)

    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Now: 42 lots").wait_for()

    page.get_by_label("To (lots)").fill("6")
    page.get_by_label("To (lots)").press("Enter")
    page.get_by_role("button", name="Draw the trade-off").click()
    page.get_by_role("button", name="Trade-off chart (PNG)").wait_for(timeout=180_000)
    wait_idle(page, timeout_s=60)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 2  # the map and the trade-off chart
    charts.last.scroll_into_view_if_needed()
    page.screenshot(path=str(test_output / "studio_tradeoff.png"), full_page=True)
    assert session.blocked == [] and session.dialogs == []
    session.close()
