"""The app in a real browser, offline: every request not to this machine is blocked.

Starts ``streamlit run app.py`` on a free port, drives Debian's chromium through Playwright,
and checks that the page opens on the 42 vs 12 comparison, that the map draws its lots and
organisation clusters from the app's own copies of Leaflet/markercluster/jQuery (no CDN), that
clicking a lot shows its details, and that switching the design changes the headline figures.
Screenshots go to test-output/.
"""

from __future__ import annotations

import time

import pytest
from _browser import MAP_FRAME, METRIC_VALUE, NOT_LOCAL
from _browser import wait_until as _wait_until

pytestmark = pytest.mark.e2e


def test_offline_map_comparison_and_design_switch(app_url, browser, test_output):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    blocked: list[str] = []

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    # Every request that is not to this machine is aborted (matched by the browser driver, so
    # local requests are not slowed down by a round trip through Python).
    context.route(NOT_LOCAL, block)
    vendored: list[str] = []
    context.on("requestfinished", lambda request: vendored.append(request.url.split("/app/static/vendor/")[1])
               if "/app/static/vendor/" in request.url else None)
    page = context.new_page()
    page.set_default_timeout(30_000)

    started = time.monotonic()
    page.goto(app_url)
    page.get_by_text("Synthetic demo data — not real organisations").first.wait_for()
    page.locator(METRIC_VALUE).first.wait_for()
    first_render_s = time.monotonic() - started
    page.get_by_text("42 PCC areas compared with 12 probation regions (2021)").wait_for()
    before = page.locator(METRIC_VALUE).all_inner_texts()
    assert len(before) == 22  # the number of lots and ten headline figures (median lot value first) per design
    page.screenshot(path=str(test_output / "app_compare.png"))

    # The map: lots (SVG paths) and organisation clusters, drawn with the app's own Leaflet.
    page.get_by_role("tab", name="Map").click()
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.lde-lot").first.wait_for()
    frame.locator(".lde-cluster").first.wait_for()
    assert frame.locator("path.lde-lot").count() == 42
    assert frame.locator(".lde-cluster").count() > 5
    assert "Office for National Statistics" in frame.locator(".leaflet-control-attribution").inner_text()
    assert "Synthetic demo data" in page.locator(".lde-page-key").inner_text()  # the key, above the map
    # ... whose scripts and styles came from the app itself (static/vendor, copied from XStatic).
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js",
            "markercluster/leaflet.markercluster.js", "markercluster/MarkerCluster.css"} <= set(vendored)

    # Clicking a lot shows its figures beside the map.
    lot = frame.locator("path.lde-lot").first
    lot.dispatch_event("click")
    page.get_by_text("Organisations working in Avon and Somerset").wait_for()
    page.screenshot(path=str(test_output / "app_map.png"))

    # Clicking a group of organisations zooms in to the organisations; clicking one shows where
    # it could bid as prime in every design.
    for _ in range(8):
        if frame.locator("path.lde-provider").count():
            break
        frame.locator(".lde-cluster").first.dispatch_event("click")
        page.wait_for_timeout(700)
    assert frame.locator("path.lde-provider").count() > 0
    frame.locator("path.lde-provider").first.dispatch_event("click")
    page.get_by_text("Could it bid as prime?").wait_for()
    page.get_by_text("2018 proposal: 10 English areas + Wales (inferred)").first.wait_for()

    # Switch the main design; the map redraws with 21 lots and the headline figures change.
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="21 contract package areas (2014)").click()
    _wait_until(lambda: page.frame_locator(MAP_FRAME).locator("path.lde-lot").count() == 21, message="21 lots on the map")
    page.get_by_role("tab", name="Compare designs").click()
    page.get_by_text("21 contract package areas (2014) compared with 12 probation regions (2021)").wait_for()
    after = _wait_until(
        lambda: (texts := page.locator(METRIC_VALUE).all_inner_texts()) and len(texts) == 22 and texts != before and texts,
        message="new headline figures",
    )
    assert after[0::2] != before[0::2]  # the main design's column changed
    assert after[1::2] == before[1::2]  # the 12 regions did not
    page.screenshot(path=str(test_output / "app_compare_cpa21.png"))

    (test_output / "e2e_timing.txt").write_text(f"first render (banner and headline figures): {first_render_s:.1f} s\n")
    assert blocked == [], f"the app tried to reach the internet: {blocked}"
    # The blocker works: a CDN request from the page fails and is recorded.
    cdn = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
    assert page.evaluate(f"fetch('{cdn}').then(() => 'loaded', () => 'blocked')") == "blocked"
    assert blocked == [cdn]
    context.close()
