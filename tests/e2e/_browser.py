"""Helpers shared by the browser tests: chromium, offline contexts, tabs, uploads, page text."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import time
from pathlib import Path

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser tests skip themselves (see conftest.py)
    PlaywrightError = RuntimeError

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'
NOT_LOCAL = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)([:/]|$))[a-z]+://")
#: The same, letting the browser open local files (a downloaded map).
NOT_LOCAL_OR_FILE = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)([:/]|$)|file://)[a-z]+://")
DEMO_BANNER = "Synthetic demo data — not real organisations"
#: The file uploaders, by the start of their label.
PROVIDER_UPLOADER = "Upload a list of organisations"
DESIGN_UPLOADER = "Upload a lot design"
SCENARIO_UPLOADER = "Open a saved scenario"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout_s: float = 60, message: str = "condition"):
    """Poll ``predicate`` until it returns something truthy (returned), or fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


class OfflineSession:
    """A browser context (one Streamlit session per page) with the internet blocked.

    Records every blocked request and every JavaScript dialog (alert, confirm, prompt), on the
    context and on each page, in any frame; dialogs are dismissed so that nothing hangs.
    """

    def __init__(self, browser, *, viewport=(1366, 900), block=NOT_LOCAL):
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.context.route(block, self._block)
        self.context.on("dialog", self._dialog)

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        with contextlib.suppress(PlaywrightError):  # already dismissed by the other listener
            dialog.dismiss()

    def new_page(self, url: str, *, wait_for: str | None = METRIC_VALUE):
        """Open ``url`` in a new page (a new Streamlit session) and wait for ``wait_for``."""
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        page.on("dialog", self._dialog)
        page.goto(url)
        if wait_for:
            page.locator(wait_for).first.wait_for()
        return page

    def close(self):
        self.context.close()


def open_tab(page, name: str) -> None:
    """Open one of the app's tabs and wait until it is selected."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    wait_until(lambda: tab.get_attribute("aria-selected") == "true", message=f"tab {name!r}")


def uploader(page, label: str):
    return page.locator('[data-testid="stFileUploader"]').filter(has_text=label)


def upload(page, label: str, name: str, data: bytes, mime: str = "text/csv") -> None:
    """Choose a file in the app's own file uploader (the one whose label starts with ``label``)."""
    box = uploader(page, label)
    box.wait_for()
    box.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": data})


def confirm_columns(page) -> None:
    """Confirm the column-mapping step, where a file waits while any of its columns is unused or proposed."""
    page.locator('[data-testid="stForm"]').get_by_role("button", name="Use these columns").click()


def wait_idle(page, timeout_s: float = 30) -> None:
    """Wait until Streamlit has finished the current run (its 'running' indicator is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stStatusWidgetRunningIcon\"], "
        "[data-testid=\"stStatusWidget\"] button')",
        timeout=timeout_s * 1000,
    )


def design_options(page) -> list[str]:
    """Open the sidebar's design chooser, read every design it offers, and close it again."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    options.first.wait_for(state="detached")
    return texts


def frame_htmls(page) -> list[tuple[str, str]]:
    """(frame URL, its whole HTML) for the page and every frame in it."""
    out = []
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):  # a frame detached while we read it
            out.append((frame.url, frame.content()))
    return out
