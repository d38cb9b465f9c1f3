"""The app on a projector, in a real browser, offline: 1024×768 with nothing cut, "what if 20 lots?"
from presentation mode in three actions, the Map tab's key beside the map, and a copied link that
opens the same figures in a fresh session. Screenshots go to test-output/."""

from __future__ import annotations

import pytest
from _browser import MAP_FRAME, METRIC_VALUE, OfflineSession, wait_until

pytestmark = pytest.mark.e2e

TWIN_READY = '.lde-twin[data-ready="true"]'

#: Every visible button or tab whose text does not fit (cut, or ending in an ellipsis).
TRUNCATED_JS = """() => [...document.querySelectorAll('button, [role=tab], [role=button]')]
    .filter(b => b.offsetParent !== null && b.getClientRects().length && !b.closest('.leaflet-container'))
    .filter(b => b.scrollWidth > b.clientWidth + 1 || /…$/.test((b.innerText || '').trim())
                 || [...b.querySelectorAll('*')].some(c => c.scrollWidth > c.clientWidth + 1
                                                     && getComputedStyle(c).overflow === 'hidden'))
    .map(b => (b.innerText || b.getAttribute('aria-label') || '').trim().slice(0, 40))"""

#: For each twin map: its box and the union of its lots' boxes (px, page coordinates).
LOTS_IN_FRAME_JS = """() => [...document.querySelectorAll('.lde-twin-map')].map(box => {
    const frame = box.getBoundingClientRect();
    const lots = [...box.querySelectorAll('path.lde-lot')].map(p => p.getBoundingClientRect());
    return {frame: [frame.left, frame.top, frame.right, frame.bottom], n: lots.length,
            lots: [Math.min(...lots.map(r => r.left)), Math.min(...lots.map(r => r.top)),
                   Math.max(...lots.map(r => r.right)), Math.max(...lots.map(r => r.bottom))]};
})"""


def open_page(session: OfflineSession, url: str):
    page = session.new_page(url, wait_for=TWIN_READY)
    page.wait_for_timeout(600)  # the maps settle after their last resize
    return page


def assert_nothing_cut(page, where: str) -> None:
    assert page.evaluate(TRUNCATED_JS) == [], where
    maps = page.evaluate(LOTS_IN_FRAME_JS)
    assert len(maps) == 2, where
    for shown in maps:
        left, top, right, bottom = shown["frame"]
        lot_left, lot_top, lot_right, lot_bottom = shown["lots"]
        assert shown["n"] > 0, where
        # Every lot lies inside its map's frame (to the pixel), so no shape is cut.
        assert lot_left >= left - 0.5 and lot_top >= top - 0.5, (where, shown)
        assert lot_right <= right + 0.5 and lot_bottom <= bottom + 0.5, (where, shown)
        assert bottom <= page.viewport_size["height"] + 0.5, (where, shown)  # on screen without scrolling


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_button_is_cut_and_both_maps_are_framed(app_url, browser, test_output, size):
    session = OfflineSession(browser, viewport=size)
    try:
        page = open_page(session, app_url)
        assert_nothing_cut(page, f"first screen {size}")
        # The headline cards sit beside the maps, never under them.
        cards = page.locator(".lde-card").first.bounding_box()
        first_map = page.locator(".lde-twin-map").first.bounding_box()
        assert cards["x"] + cards["width"] <= first_map["x"] + 0.5
        page.screenshot(path=str(test_output / f"projector_first_screen_{size[0]}x{size[1]}.png"))

        presenting = open_page(session, app_url + "?present=1")
        assert_nothing_cut(presenting, f"presentation {size}")
        for name in ("◀ Back", "Next ▶", "What if N lots?", "Exit"):
            assert presenting.get_by_role("button", name=name).is_visible(), name
        presenting.screenshot(path=str(test_output / f"projector_presentation_{size[0]}x{size[1]}.png"))
        assert session.blocked == []
    finally:
        session.close()


def test_what_if_20_lots_from_presentation_mode_in_three_actions(app_url, browser, test_output):
    session = OfflineSession(browser, viewport=(1024, 768))
    try:
        page = open_page(session, app_url + "?present=1")
        page.get_by_role("button", name="What if N lots?").click()  # 1
        page.get_by_label("Number of lots", exact=True).fill("20")  # 2
        page.get_by_role("button", name="Show the best design found").click()  # 3
        title = page.locator("h1").first
        wait_until(lambda: "Best 20 lots found — locally contestable population" in title.inner_text(),
                   timeout_s=60, message="the 20-lot design in the slide title")
        assert title.inner_text().startswith("Accommodation: 42 PCC areas vs Best 20 lots found")
        wait_until(lambda: page.locator(".lde-twin-title").nth(1).inner_text().startswith("Best 20 lots found"),
                   message="the right-hand map titled for the new design")
        design = page.locator(".lde-twin-map").nth(1).get_attribute("data-design")
        wait_until(lambda: page.locator(f'.lde-twin-map[data-design="{design}"] path.lde-lot').count() == 20,
                   message="20 lots on the right-hand map")
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        # The long title of the new design wraps, and both maps stay level and framed.
        left_map, right_map = (page.locator(".lde-twin-map").nth(k).bounding_box() for k in (0, 1))
        assert abs(left_map["y"] - right_map["y"]) < 1 and abs(left_map["height"] - right_map["height"]) < 1
        assert_nothing_cut(page, "presentation after what-if")
        page.screenshot(path=str(test_output / "projector_what_if_20.png"))
        # The next slide keeps the new design.
        page.locator("body").press("ArrowRight")
        page.get_by_text("2 / 6", exact=True).wait_for()
        wait_until(lambda: page.locator(".lde-twin-title").nth(1).inner_text().startswith("Best 20 lots found"),
                   message="the new design on the next slide")
    finally:
        session.close()


def test_enter_on_a_slide_lot_opens_its_details(app_url, browser):
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url + "?present=1&step=2")
        kent = page.locator('.lde-twin-map[data-design="pcc42"] path.lde-lot[aria-label^="Kent,"]')
        kent.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        wait_until(lambda: "Kent (42 PCC areas)" in dialog.inner_text(), message="Kent's details")
        assert "Kent, Surrey and Sussex (12 probation regions (2021))" in dialog.inner_text()
    finally:
        session.close()


def test_the_map_tab_key_is_beside_the_map_and_every_lot_is_framed(app_url, browser, test_output):
    session = OfflineSession(browser, viewport=(1280, 720))
    try:
        page = open_page(session, app_url)
        page.get_by_role("tab", name="Map").click()
        frame = page.frame_locator(MAP_FRAME)
        frame.locator("path.lde-lot").first.wait_for()
        page.wait_for_timeout(800)
        assert frame.locator(".lde-legend").count() == 0  # no key over the shapes
        key = page.locator(".lde-page-key").bounding_box()
        iframe = page.locator(MAP_FRAME).bounding_box()
        assert key["x"] >= iframe["x"] + iframe["width"] or key["y"] + key["height"] <= iframe["y"]
        shapes = frame.locator("body").evaluate("""() => {
            const map = document.querySelector('.leaflet-container').getBoundingClientRect();
            const control = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
            const lots = [...document.querySelectorAll('path.lde-lot')].map(p => p.getBoundingClientRect());
            return {map: [map.left, map.top, map.right, map.bottom], control: control.bottom,
                    lots: [Math.min(...lots.map(r => r.left)), Math.min(...lots.map(r => r.top)),
                           Math.max(...lots.map(r => r.right)), Math.max(...lots.map(r => r.bottom))]};
        }""")
        left, top, right, bottom = shapes["map"]
        lot_left, lot_top, lot_right, lot_bottom = shapes["lots"]
        assert lot_left >= left and lot_right <= right and lot_bottom <= bottom, shapes
        assert lot_top >= shapes["control"], shapes  # the layer switches sit above the shapes
        page.screenshot(path=str(test_output / "projector_map_tab_1280x720.png"))
    finally:
        session.close()


def test_a_copied_link_opens_the_same_figures_in_a_fresh_session(app_url, browser):
    session = OfflineSession(browser, viewport=(1280, 900))
    try:
        page = open_page(session, app_url)
        page.get_by_role("button", name="What if N lots?").click()
        page.get_by_label("Number of lots", exact=True).fill("9")
        page.get_by_role("button", name="Show the best design found").click()
        wait_until(lambda: "Best 9 lots found" in page.locator("h1").first.inner_text(), message="the 9-lot design")
        page.keyboard.press("Escape")
        page.locator(METRIC_VALUE).first.wait_for()
        figures = wait_until(lambda: (v := page.locator(METRIC_VALUE).all_inner_texts()) and len(v) == 33 and v,
                             message="the figures of three designs")
        page.get_by_role("button", name="Copy link").click()
        link = wait_until(lambda: page.locator(".lde-copy-button").get_attribute("data-link"), message="the link")
        assert "designs=pcc42,e1." in link and link.endswith(",regions12")

        fresh = session.context.browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            other = fresh.new_page()
            other.set_default_timeout(60_000)
            other.goto(link)
            other.locator(TWIN_READY).wait_for()
            assert other.locator("h1").first.inner_text() == page.locator("h1").first.inner_text()
            shown = wait_until(lambda: (v := other.locator(METRIC_VALUE).all_inner_texts()) and len(v) == 33 and v,
                               message="the same figures in the fresh session")
            assert shown == figures
        finally:
            fresh.close()
    finally:
        session.close()
