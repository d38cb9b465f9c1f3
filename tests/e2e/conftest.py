"""Fixtures of the browser tests: a Streamlit server on a free port, and Debian's chromium.

Each test module gets its own app server (``python -m ui.serve``, as ``make run``; module scope) and one chromium
instance driven by Playwright. Every request that is not to this machine is blocked by
:func:`offline_context`; helpers for the app's tabs and file uploaders live in ``_browser.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from _browser import CHROMIUM, CHROMIUM_ARGS, REPO, free_port


def start_server(log_name: str):
    """Start the app (``python -m ui.serve``, i.e. ``streamlit run app.py``) on a free local port; return (process, url).

    Waits for the health endpoint (up to 60 s); the server's output goes to
    ``test-output/<log_name>``.
    """
    port = free_port()
    log = REPO / "test-output"
    log.mkdir(exist_ok=True)
    with open(log / log_name, "w") as output:  # the server keeps its own handle on the file
        server = subprocess.Popen(
            # What `make run` starts: `streamlit run app.py` plus the cache warm-up (ui.serve).
            [sys.executable, "-m", "ui.serve", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=REPO, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            pytest.fail(f"streamlit did not start; see {log / log_name}")
        time.sleep(0.3)


def stop_server(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(request):
    """URL of a Streamlit server running the app, one per test module."""
    server, url = start_server(f"e2e_streamlit_{request.module.__name__.rsplit('.', 1)[-1]}.log")
    try:
        yield url
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("No chromium on PATH: install it (`apt-get install chromium`, or `make test` as root) to run the browser tests.")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_collection_modifyitems(items):
    """Give each browser test one retry: a 2-core machine under load can miss a Streamlit rerun
    by chance. A test that fails twice fails; the retry is reported in the summary (``R``)."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
