"""Two people on one server at the same time: one's upload never shows in the other's browser.

One Streamlit server; browser contexts A and B (separate cookies and storage, so separate
Streamlit sessions) are open at once. A uploads an organisation file with distinctive names and
a custom lot design through the app's own file uploaders. B — already open, then reloaded, and
a third context C opened afterwards — must still show the synthetic demo banner and the demo
headline figures, must not list A's design, and must not contain A's organisation names
anywhere: not in the page, not in the map's frame (whose script carries every organisation's
name), not in the organisations table. A itself must show them (so the search is not vacuous).
"""

from __future__ import annotations

import re

import pytest
from _browser import (
    DEMO_BANNER,
    DESIGN_UPLOADER,
    MAP_FRAME,
    METRIC_VALUE,
    PROVIDER_UPLOADER,
    OfflineSession,
    design_options,
    frame_htmls,
    open_tab,
    upload,
    wait_until,
)

pytestmark = pytest.mark.e2e

ALPHA = "Isolation Test Org Alpha"
ALPHA_CSV = (
    "name,postcode,income_gbp,specialisms,service_area\n"
    f"{ALPHA},LS1 4DY,450000,women,Leeds\n"
    f"{ALPHA} Two,CF10 1EP,2500000,bame,national\n"
    f"{ALPHA} Three,B1 1BB,1200000,,\n"
).encode()
ALPHA_FILE = "isolation_alpha.csv"
ALPHA_DESIGN = "Isolation Design Alpha"


def alpha_design_csv() -> bytes:
    from ui.design_tab import example_design_table

    return example_design_table("nps7").to_csv(index=False).encode()


def headline_figures(page) -> list[str]:
    open_tab(page, "Compare designs")
    page.get_by_text("42 PCC areas compared with 12 probation regions (2021)").wait_for()
    return wait_until(lambda: (v := page.locator(METRIC_VALUE).all_inner_texts()) and len(v) == 22 and v,
                      message="the headline figures")


def organisations_caption(page) -> str:
    """The Organisations tab's caption under the filter: 'Showing … of … organisations.' for one
    page, 'Page 1 of 2: showing … of … matching organisations (… in all).' for more."""
    open_tab(page, "Organisations")
    caption = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(r"^(Showing [\d,]+ of [\d,]+ organisations\.|Page [\d,]+ of [\d,]+: showing .* in all\)\.)$"))
    caption.first.wait_for()
    return caption.first.inner_text()


def organisations_in_all(caption: str) -> str:
    """The total from an Organisations caption, as printed (e.g. '1,450')."""
    return re.search(r"([\d,]+) in all\)|of ([\d,]+) organisations\.", caption).group(1) or \
        re.search(r"of ([\d,]+) organisations\.", caption).group(1)


def filter_organisations(page, words: str, expected: str) -> None:
    """Filter the Organisations tab's table by ``words`` and wait for the ``expected`` caption."""
    open_tab(page, "Organisations")
    box = page.get_by_label("Name contains")
    box.fill(words)
    box.press("Enter")
    page.locator('[data-testid="stCaptionContainer"]').filter(has_text=expected).first.wait_for()


def everything(page) -> str:
    """The HTML of the page and every frame (the map frame's script holds every organisation's name)."""
    return "\n".join(html for _, html in frame_htmls(page))


def assert_demo_only(page, demo_figures: list[str], n_demo: str, where: str) -> None:
    page.get_by_text(DEMO_BANNER).first.wait_for()
    assert headline_figures(page) == demo_figures, where
    assert ALPHA_DESIGN not in design_options(page), where
    filter_organisations(page, ALPHA, f"Showing 0 of {n_demo} organisations.")
    open_tab(page, "Map")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.lde-lot").first.wait_for()
    assert frame.locator("path.lde-lot").count() == 42, where  # the built-in 42 PCC areas, not A's design
    assert "Synthetic demo data" in page.locator(".lde-page-key").inner_text(), where
    # A snapshot of the page and its frames that includes the drawn map's script (which carries
    # every organisation's id and name: SYN-00001 is a demo organisation's id).
    page_html = wait_until(lambda: (html := everything(page)) and "SYN-00001" in html and html,
                           message=f"{where}: the map frame's script")
    assert ALPHA not in page_html and ALPHA_DESIGN not in page_html and ALPHA_FILE not in page_html, where


def test_an_upload_in_one_session_never_shows_in_another(app_url, browser, test_output):
    a, b = OfflineSession(browser), OfflineSession(browser)
    page_a, page_b = a.new_page(app_url), b.new_page(app_url)  # both open before A uploads
    demo_figures = headline_figures(page_b)
    assert headline_figures(page_a) == demo_figures
    n_demo = organisations_in_all(organisations_caption(page_b))  # e.g. "1,450"

    # A uploads organisations and a lot design, and sees them.
    open_tab(page_a, "Organisations")
    upload(page_a, PROVIDER_UPLOADER, ALPHA_FILE, ALPHA_CSV)
    page_a.get_by_text(f"Organisations: 3 from {ALPHA_FILE}.").wait_for()
    filter_organisations(page_a, ALPHA, "Showing 3 of 3 organisations.")
    open_tab(page_a, "Your own lot design")
    upload(page_a, DESIGN_UPLOADER, f"{ALPHA_DESIGN}.csv", alpha_design_csv())
    page_a.get_by_text(f"Loaded “{ALPHA_DESIGN}”").wait_for()
    assert ALPHA_DESIGN in design_options(page_a)
    open_tab(page_a, "Map")
    page_a.frame_locator(MAP_FRAME).locator("path.lde-lot").first.wait_for()
    wait_until(lambda: ALPHA in everything(page_a), message="A's organisations in A's map")
    page_a.screenshot(path=str(test_output / "sessions_a.png"))

    # B, open all along, then reloaded (a new session), and C, opened now: demo data only.
    assert ALPHA not in everything(page_b)
    assert_demo_only(page_b, demo_figures, n_demo, "session B")
    page_b.reload()
    page_b.locator(METRIC_VALUE).first.wait_for()
    assert_demo_only(page_b, demo_figures, n_demo, "session B after a reload")
    c = OfflineSession(browser)
    page_c = c.new_page(app_url)
    assert_demo_only(page_c, demo_figures, n_demo, "session C")
    page_c.screenshot(path=str(test_output / "sessions_c.png"))

    # A still has its own data after the others' runs.
    page_a.get_by_text(f"Organisations: 3 from {ALPHA_FILE}.").wait_for()
    assert organisations_caption(page_a) == "Showing 3 of 3 organisations."
    for session in (a, b, c):
        assert session.dialogs == [] and session.blocked == []
        session.close()
