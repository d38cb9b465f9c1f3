"""The first screen and presentation mode in a real browser, offline, at projector sizes.

At 1280×720 and 1920×1080, on the default first screen and in presentation mode (``?present=1``):
both maps and the women's and BAME headline cards are on screen without scrolling, and each
map's view contains England and Wales whole. The story steps forward and back with the arrow
keys; a lot opens from the keyboard (Enter) as from a click; an accessibility audit (axe-core,
installed with the test dependencies) finds nothing serious or critical. Screenshots go to
test-output/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _browser import MAP_FRAME, OfflineSession, wait_until

from ui.maps import EW_BOUNDS

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1920, 1080)]
TWIN_READY = '.lde-twin[data-ready="true"]'
#: The headline cards that must be on the first screen.
MUST_SEE = ("specialist_prime_coverage_women", "specialist_prime_coverage_bame")


def axe_script() -> Path:
    axe = pytest.importorskip("axe_playwright_python", reason="axe-core comes with the test extra (pip install -e '.[test]')")
    return Path(axe.__file__).with_name("axe.min.js")


def open_page(session: OfflineSession, url: str):
    page = session.new_page(url, wait_for=TWIN_READY)
    page.wait_for_timeout(500)  # let the maps settle after their last resize
    return page


def visible_without_scrolling(page, selector: str, width: int, height: int) -> list[dict]:
    """Bounding boxes of ``selector``'s elements, each asserted to lie inside the viewport."""
    boxes = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map(e => {
            const r = e.getBoundingClientRect(); return {top: r.top, left: r.left, bottom: r.bottom, right: r.right};
        })""",
        selector,
    )
    assert boxes, f"nothing matches {selector}"
    assert page.evaluate("() => window.scrollY") == 0
    for box in boxes:
        assert box["top"] >= 0 and box["left"] >= 0, (selector, box)
        assert box["bottom"] <= height + 0.5 and box["right"] <= width + 0.5, (selector, box, (width, height))
    return boxes


def map_views(page) -> list[list[float]]:
    """[south, west, north, east] of what each of the two maps shows now."""
    return page.evaluate(
        "() => window.__ldeTwinMaps.map(m => { const b = m.getBounds(); "
        "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })"
    )


def check_screen(page, width: int, height: int) -> None:
    maps = visible_without_scrolling(page, ".lde-twin-map", width, height)
    assert len(maps) == 2
    # Side by side, each at least a quarter of the window high.
    assert maps[0]["right"] <= maps[1]["left"] and all(b["bottom"] - b["top"] >= 0.25 * height for b in maps)
    for metric in MUST_SEE:
        visible_without_scrolling(page, f'.lde-card[data-metric="{metric}"]', width, height)
    (south, west), (north, east) = EW_BOUNDS
    for view in map_views(page):
        assert view[0] <= south and view[1] <= west and view[2] >= north and view[3] >= east, view
    assert "Ordnance Survey" in page.locator(".lde-twin-credit").first.inner_text() or \
        "OS data" in page.locator(".lde-twin-credit").first.inner_text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_screen_shows_both_maps_and_the_specialist_rows(app_url, browser, test_output, size):
    session = OfflineSession(browser, viewport=size)
    try:
        page = open_page(session, app_url)
        check_screen(page, *size)
        assert page.locator("h1").first.inner_text().startswith("Accommodation: 42 PCC areas vs 12 probation regions")
        page.screenshot(path=str(test_output / f"first_screen_{size[0]}x{size[1]}.png"))

        presenting = open_page(session, app_url + "?present=1")
        check_screen(presenting, *size)
        assert not presenting.locator('[data-testid="stSidebar"]').is_visible()
        presenting.screenshot(path=str(test_output / f"presentation_{size[0]}x{size[1]}.png"))
        assert session.blocked == []
    finally:
        session.close()


def test_story_steps_with_the_arrow_keys(app_url, browser):
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url + "?present=1")
        page.get_by_text("1 / 6", exact=True).wait_for()
        page.locator("body").press("ArrowRight")
        page.get_by_text("2 / 6", exact=True).wait_for()
        page.get_by_role("heading", name="Local access", level=1).wait_for()
        assert "step=2" in page.url
        page.locator("body").press("ArrowRight")
        page.get_by_text("3 / 6", exact=True).wait_for()
        page.get_by_role("heading", name="Women's specialists", level=1).wait_for()
        # The women's screen colours the lots by women reached.
        wait_until(lambda: "Women reached" in page.locator(".lde-key-title").first.inner_text(), message="women's key")
        page.locator("body").press("ArrowLeft")
        page.get_by_text("2 / 6", exact=True).wait_for()
        assert "step=2" in page.url
    finally:
        session.close()


def test_a_lot_opens_from_the_keyboard_and_shows_both_designs(app_url, browser):
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url)
        lots = page.locator('.lde-twin-map[data-design="pcc42"] path.lde-lot[role="button"]')
        assert lots.count() == 42
        west_yorkshire = page.locator('.lde-twin-map[data-design="pcc42"] path.lde-lot[aria-label^="West Yorkshire,"]')
        west_yorkshire.focus()
        page.keyboard.press("Enter")
        page.get_by_text("Yorkshire and the Humber (12 probation regions (2021))").wait_for()
        page.get_by_text("West Yorkshire (42 PCC areas)").wait_for()

        # The key's switch is a button; hiding the key is remembered when the design changes.
        page.get_by_role("button", name="Hide key").press("Enter")
        assert page.locator("#lde-twin-key").is_hidden()
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="21 contract package areas (2014)").click()
        wait_until(lambda: page.locator('.lde-twin-map[data-design="cpa21"] path.lde-lot').count() == 21,
                   message="21 lots on the left map")
        page.locator(TWIN_READY).wait_for()
        assert page.get_by_role("button", name="Show key").is_visible() and page.locator("#lde-twin-key").is_hidden()

        # On the Map tab too, Enter on a focused lot opens it.
        page.get_by_role("tab", name="Map").click()
        frame = page.frame_locator(MAP_FRAME)
        frame.locator('path.lde-lot[role="button"]').first.wait_for()
        frame.locator('path.lde-lot[role="button"]').first.focus()
        frame.locator('path.lde-lot[role="button"]').first.press("Enter")
        page.get_by_text("Organisations working in").wait_for()
    finally:
        session.close()


def test_maps_widen_when_the_sidebar_is_collapsed(app_url, browser):
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url)
        before = page.locator(".lde-twin-map").first.bounding_box()["width"]
        page.locator('[data-testid="stSidebar"]').hover()  # the collapse button shows on hover
        page.get_by_role("button", name="Collapse sidebar").click()
        wait_until(lambda: page.locator(".lde-twin-map").first.bounding_box()["width"] > before + 100,
                   message="wider maps")
        page.wait_for_timeout(500)
        check_screen(page, 1280, 720)
    finally:
        session.close()


@pytest.mark.parametrize("query", ["", "?present=1"], ids=["first_screen", "presentation"])
def test_no_serious_accessibility_violations(app_url, browser, query):
    script = axe_script()
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url + query)
        page.add_script_tag(path=str(script))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        session.close()


def test_standalone_briefing_map_opens_popups_offline(browser, tmp_path):
    from _browser import NOT_LOCAL_OR_FILE

    from lotdesign.core.compare import compare_designs
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.workspace import load_provider_set
    from ui.briefing_map import briefing_map_html

    demo = load_provider_set()
    params = ScoringParams(service="women")
    result = compare_designs(demo.providers, demo.reach, [get_design("regions12"), get_design("pcc42")], params)
    path = tmp_path / "map_12_probation_regions_2021_women.html"
    path.write_text(briefing_map_html(demo, result, params, "value_gbp", background=False), encoding="utf-8")
    session = OfflineSession(browser, viewport=(1280, 720), block=NOT_LOCAL_OR_FILE)
    try:
        page = session.new_page(path.as_uri(), wait_for="path.lde-lot")
        assert page.locator("h1").inner_text() == "Women's services: 12 probation regions (2021) vs 42 PCC areas"
        page.locator("path.lde-lot").nth(0).dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Annual lot value" in popup.inner_text() and "12 probation regions (2021)" in popup.inner_text()
        page.keyboard.press("Escape")
        # From the keyboard: focus a lot and press Enter.
        page.locator('path.lde-lot[aria-label^="Wales:"]').focus()
        page.keyboard.press("Enter")
        wait_until(lambda: "Wales" in page.locator(".leaflet-popup-content").last.inner_text(), message="Wales popup")
        assert session.blocked == []
    finally:
        session.close()
