"""App benchmarks: first map, design switch, map payload and server memory, in a real browser.

    python benchmarks/bench_app.py [--app app.py] [--json-out FILE] [--design-label REGEX]
                                   [--headline-selector CSS] [--timeout SECONDS]

Starts ``python -m ui.serve --server.port <free port> --server.headless true`` (what
``make run`` runs: ``streamlit run app.py`` plus a cache warm-up) as a
subprocess and drives Debian's chromium through Playwright (headless). Figures:

``first_map_s``
    From starting the server process to the map being rendered in the browser: a Leaflet map
    (``.leaflet-container``) in some frame of the page — the streamlit-folium component iframe,
    or any other iframe — showing at least one visible Leaflet vector path
    (``path.leaflet-interactive``: lot polygons) *and* at least one visible marker or marker
    cluster (``.leaflet-marker-icon``, ``.marker-cluster``). The browser is launched before the
    clock starts; the page is opened as soon as ``/_stcore/health`` answers, and the map's tab
    (``--map-tab``, default *Map*) clicked as soon as it is drawn. A timeline is recorded.
``design_switch_s``
    From clicking another option of the design selectbox (found by its label, ``--design-label``)
    to the headline figures (``--headline-selector``, default the ``st.metric`` values, on the
    ``--headline-tab``, default *Compare designs*) showing a different text. Median of
    ``--switches`` switches, each to a design not chosen before, all printed. For information,
    ``map_switch_s``: the same on the map's tab, until the map is redrawn with the new lots.
``map_payload_mb``
    Bytes of the Streamlit websocket messages that carry the map — the messages received during
    the first page load whose payload contains the Leaflet/folium script (``L.map(`` or
    ``leaflet``) — plus any map data fetched over HTTP (GeoJSON/JSON outside the vendored
    Leaflet files). These are the bytes as received by the browser's websocket (Streamlit does
    not compress them by default). The vendored Leaflet/markercluster/jQuery files (cacheable,
    independent of the data) and all other websocket traffic are reported separately.
``server_peak_rss_mb``
    ``VmHWM`` of the Streamlit server process from ``/proc/<pid>/status``, polled during the run
    and read last just before the server is stopped.

Writes screenshots and the server log to ``benchmarks/output/``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT_DIR = HERE / "output"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Text in a websocket message that marks it as carrying the map.
MAP_MARKERS = (b"L.map(", b"leaflet", b"Leaflet")
#: Counted in every frame of the page: Leaflet maps, visible vector paths, visible markers/clusters.
_MAP_PROBE = """(onlyFresh) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  let maps = Array.from(document.querySelectorAll('.leaflet-container')).filter(visible);
  if (onlyFresh) maps = maps.filter((m) => !m.hasAttribute('data-bench-old'));
  if (!maps.length) return null;
  let paths = 0, markers = 0;
  for (const map of maps) {
    for (const el of map.querySelectorAll('path')) if (visible(el)) paths++;
    for (const el of map.querySelectorAll('.leaflet-marker-icon, .marker-cluster')) if (visible(el)) markers++;
  }
  return {maps: maps.length, paths: paths, markers: markers};
}"""
_MARK_MAPS = "() => document.querySelectorAll('.leaflet-container').forEach((m) => m.setAttribute('data-bench-old', '1'))"


def _playwright_error():
    from playwright.sync_api import Error

    return Error


def log(message: str) -> None:
    print(f"[bench_app] {message}", flush=True)


def find_chromium() -> str | None:
    """Debian's chromium; installed with apt-get when missing and we are root."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        log("chromium is missing; installing it with apt-get (root)...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
        return shutil.which("chromium") or shutil.which("chromium-browser")
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_server(server: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server process: politely first, then by force if it has not exited in time.

    Parameters
    ----------
    server : subprocess.Popen
        The server started by the benchmark.
    timeout : float
        Seconds to wait after SIGTERM before sending SIGKILL.
    """
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()  # reap it, so no zombie outlives the benchmark


class MemoryPoller(threading.Thread):
    """Polls VmHWM (peak RSS) and VmRSS of a process from /proc/<pid>/status."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.hwm_kb = 0
        self.rss_kb = 0
        self._stop_event = threading.Event()

    def read(self) -> None:
        try:
            text = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                self.hwm_kb = max(self.hwm_kb, int(line.split()[1]))
            elif line.startswith("VmRSS:"):
                self.rss_kb = max(self.rss_kb, int(line.split()[1]))

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.read()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.read()


class Traffic:
    """Websocket frames and HTTP responses seen by the page."""

    def __init__(self):
        self.frames: list[tuple[float, int, bool]] = []  # (time, bytes, carries the map)
        self.responses = []
        self.opened_at: float | None = None
        self.lock = threading.Lock()

    def on_websocket(self, ws) -> None:
        if self.opened_at is None:
            self.opened_at = time.perf_counter()

        def received(payload):
            data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
            carries_map = any(marker in data for marker in MAP_MARKERS)
            with self.lock:
                self.frames.append((time.perf_counter(), len(data), carries_map))

        ws.on("framereceived", received)

    def on_response(self, response) -> None:
        with self.lock:
            self.responses.append(response)

    def websocket_bytes(self, until: float | None = None, map_only: bool = False) -> int:
        with self.lock:
            return sum(n for t, n, m in self.frames if (until is None or t <= until) and (m or not map_only))

    def first_frame_at(self, map_only: bool = False) -> float | None:
        with self.lock:
            return min((t for t, _, m in self.frames if m or not map_only), default=None)

    def largest_frame(self) -> int:
        with self.lock:
            return max((n for _, n, _ in self.frames), default=0)

    def http_bytes(self) -> dict:
        """Response body bytes by kind: vendored map assets, map data, everything else."""
        out = {"vendor_assets": 0, "map_data": 0, "component": 0, "other": 0, "n_responses": 0}
        with self.lock:
            responses = list(self.responses)
        for response in responses:
            try:
                size = len(response.body())
            except _playwright_error():  # redirects, aborted or evicted bodies
                try:
                    size = response.request.sizes()["responseBodySize"]
                except _playwright_error():
                    continue
            url = response.url
            out["n_responses"] += 1
            if "/static/vendor/" in url:
                out["vendor_assets"] += size
            elif re.search(r"\.(geo)?json(\?|$)", url) and "/_stcore/" not in url and "manifest" not in url:
                out["map_data"] += size
            elif "/component/" in url:
                out["component"] += size
            else:
                out["other"] += size
        return out


def frame_visible(frame) -> bool:
    """True when ``frame`` and every iframe around it have a non-empty box on the page."""
    while frame.parent_frame is not None:
        try:
            box = frame.frame_element().bounding_box()
        except _playwright_error():  # frame detached
            return False
        if not box or box["width"] <= 0 or box["height"] <= 0:
            return False
        frame = frame.parent_frame
    return True


def map_state(page, only_fresh: bool = False) -> dict | None:
    """The best visible Leaflet map in any visible frame: counts of maps, visible paths and markers.

    With ``only_fresh``, maps marked by :func:`mark_maps` (drawn before) are ignored.
    """
    best = None
    for frame in page.frames:
        try:
            found = frame.evaluate(_MAP_PROBE, only_fresh)
        except _playwright_error():  # frame navigating or detached: not a map now
            found = None
        if not found:
            continue
        if not frame_visible(frame):
            continue
        if best is None or (found["paths"], found["markers"]) > (best["paths"], best["markers"]):
            best = found
    return best


def mark_maps(page) -> None:
    """Mark every Leaflet map on the page as drawn before (so a redraw can be told apart)."""
    for frame in page.frames:
        with contextlib.suppress(_playwright_error()):
            frame.evaluate(_MARK_MAPS)


def open_tab(page, name: str | None, timeout: float = 0) -> bool:
    """Click the Streamlit tab called ``name`` if there is one (waiting up to ``timeout`` s)."""
    if not name:
        return False
    tab = page.get_by_role("tab", name=name, exact=True)
    deadline = time.perf_counter() + timeout
    while True:
        with contextlib.suppress(_playwright_error()):
            if tab.count():
                if tab.first.get_attribute("aria-selected") != "true":
                    tab.first.click()
                return True
        if time.perf_counter() >= deadline:
            return False
        page.wait_for_timeout(25)


def app_running(page) -> bool:
    """True while Streamlit shows its 'running' status widget."""
    try:
        return page.locator('[data-testid="stStatusWidget"]').count() > 0
    except _playwright_error():
        return True


def wait_idle(page, timeout: float, quiet: float = 0.6) -> float:
    """Wait until the script has stopped running for ``quiet`` seconds; return the time it stopped."""
    deadline = time.perf_counter() + timeout
    idle_since = None
    while time.perf_counter() < deadline:
        if app_running(page):
            idle_since = None
        elif idle_since is None:
            idle_since = time.perf_counter()
        elif time.perf_counter() - idle_since >= quiet:
            return idle_since
        page.wait_for_timeout(50)
    return math.nan


def headline_text(page, selector: str) -> str | None:
    try:
        items = page.locator(selector)
        if items.count() == 0:
            return None
        return " | ".join(t.strip() for t in items.all_inner_texts())
    except _playwright_error():
        return None


def find_design_widget(page, label_regex: str):
    """The design selectbox (or radio group) whose label matches ``label_regex``."""
    pattern = re.compile(label_regex, re.IGNORECASE)
    for test_id, kind in (("stSelectbox", "selectbox"), ("stRadio", "radio")):
        widgets = page.locator(f'[data-testid="{test_id}"]')
        for k in range(widgets.count()):
            widget = widgets.nth(k)
            label = widget.locator('[data-testid="stWidgetLabel"]')
            text = label.first.inner_text() if label.count() else widget.inner_text().split("\n")[0]
            if pattern.search(text):
                return kind, widget, text.strip()
    return None, None, None


def choose_other_design(page, kind, widget, already_shown: set[str]):
    """Open the widget and return (option locator, its text) for a design not shown yet."""
    if kind == "selectbox":
        combobox = widget.locator('input[role="combobox"]')
        if combobox.count():  # Streamlit ≥ 1.50 (react-aria combobox)
            current = combobox.first.input_value().strip()
            opener = widget.locator('button[aria-haspopup="listbox"]')
            (opener.first if opener.count() else combobox.first).click()
        else:  # older Streamlit (baseweb select)
            current = widget.locator('[data-baseweb="select"]').first.inner_text().strip()
            widget.locator('[data-baseweb="select"]').first.click()
        options = page.locator('[role="listbox"] [role="option"]')
        options.first.wait_for(state="visible", timeout=5000)
        texts = [t.strip() for t in options.all_inner_texts()]
        for k, text in enumerate(texts):
            if text and text != current and text not in already_shown:
                return options.nth(k), text, current
        page.keyboard.press("Escape")
        return None, None, current
    options = widget.locator('label[data-baseweb="radio"]')
    texts = [t.strip() for t in options.all_inner_texts()]
    current = None
    for k in range(options.count()):
        if options.nth(k).locator("input").is_checked():
            current = texts[k]
    for k, text in enumerate(texts):
        if text and text != current and text not in already_shown:
            return options.nth(k), text, current
    return None, None, current


def wait_for_first_map(page, args, figures, t_start):
    """Poll every frame until a map shows paths and markers; open the map tab when it appears."""
    t_paths = t_markers = idle_since = None
    state = None
    tab_clicked = not args.map_tab
    deadline = time.perf_counter() + args.map_timeout
    while time.perf_counter() < deadline:
        if not tab_clicked and open_tab(page, args.map_tab):
            tab_clicked = True
            figures["map_tab_clicked_s"] = time.perf_counter() - t_start
        state = map_state(page)
        now = time.perf_counter()
        if state:
            if state["paths"] > 0 and t_paths is None:
                t_paths = now
            if state["markers"] > 0 and t_markers is None:
                t_markers = now
        if t_paths is not None and t_markers is not None:
            break
        running = app_running(page)
        if state is None and not running:
            idle_since = idle_since or now
            if now - idle_since > args.no_map_grace:
                figures["notes"].append(f"the app stayed idle for {args.no_map_grace:.0f} s without showing a Leaflet map"
                                        + ("" if tab_clicked else f" (no tab called '{args.map_tab}' either)"))
                break
        else:
            idle_since = None
        if t_paths is not None and now - t_paths > 5 and not running:
            figures["notes"].append("the map shows paths but no marker or cluster elements; "
                                    "first map timed at the first visible path")
            t_markers = t_paths
            break
        page.wait_for_timeout(25)
    if t_paths is None or t_markers is None:
        page.screenshot(path=str(OUTPUT_DIR / "app_no_map.png"), full_page=True)
        raise RuntimeError(f"no rendered Leaflet map {time.perf_counter() - t_start:.0f} s after starting the server "
                           f"(last state {state}); screenshot benchmarks/output/app_no_map.png")
    return max(t_paths, t_markers), state


def measure_payload(page, traffic, figures) -> None:
    ws_map = traffic.websocket_bytes(map_only=True)
    ws_all = traffic.websocket_bytes()
    http = traffic.http_bytes()
    srcdoc = page.evaluate(
        "() => Array.from(document.querySelectorAll('iframe[srcdoc]')).map(f => f.srcdoc)"
        ".filter(s => s.includes('leaflet') || s.includes('L.map(')).reduce((a, s) => a + new Blob([s]).size, 0)"
    )
    figures["map_payload_mb"] = (ws_map + http["map_data"]) / 1e6
    figures["payload"] = {
        "websocket_map_messages_bytes": ws_map,
        "websocket_all_bytes_first_load": ws_all,
        "websocket_largest_message_bytes": traffic.largest_frame(),
        "map_iframe_srcdoc_bytes": srcdoc,
        "http_bytes": http,
    }
    if ws_map == 0 and http["map_data"] == 0:
        figures["notes"].append("no websocket message or HTTP response was recognised as carrying the map; "
                                "map_payload_mb is the total websocket traffic of the first load instead")
        figures["map_payload_mb"] = ws_all / 1e6
    log(f"map payload {figures['map_payload_mb']:.2f} MB (websocket messages carrying the map {ws_map:,} B; "
        f"all websocket traffic of the first load {ws_all:,} B; over HTTP: vendored Leaflet/jQuery {http['vendor_assets']:,} B, "
        f"map data {http['map_data']:,} B, Streamlit and component code {http['other'] + http['component']:,} B)")


def time_switches(page, args, figures, traffic, shown: set[str], *, count: int, watch: str) -> list[dict]:
    """Switch the design ``count`` times; time until the headline changes or the map is redrawn."""
    kind, widget, label = find_design_widget(page, args.design_label)
    if widget is None:
        figures["notes"].append(f"no selectbox or radio labelled like /{args.design_label}/ found; "
                                "design switches not measured (pass --design-label)")
        return []
    figures["design_widget"] = {"kind": kind, "label": label}
    switches = []
    for _ in range(count):
        if watch == "headline":
            before = headline_text(page, args.headline_selector)
            if before is None:
                figures["notes"].append(f"no element matches the headline selector {args.headline_selector!r}; "
                                        "design_switch_s not measured (pass --headline-selector)")
                return switches
        else:
            before_state = map_state(page)
            if before_state is None:
                figures["notes"].append("no map visible before a map switch; map_switch_s not measured")
                return switches
            mark_maps(page)
        option, text, current = choose_other_design(page, kind, widget, shown)
        if current:
            shown.add(current)
        if option is None:
            break
        t0 = time.perf_counter()
        option.click()
        changed_at = None
        end = t0 + args.switch_timeout
        while time.perf_counter() < end:
            if watch == "headline":
                now_text = headline_text(page, args.headline_selector)
                if now_text is not None and now_text != before:
                    changed_at = time.perf_counter()
                    break
            else:
                fresh = map_state(page, only_fresh=True)
                same = map_state(page)
                if (fresh and fresh["paths"] > 0 and fresh["markers"] > 0) or (
                        same and same["paths"] != before_state["paths"] and same["markers"] > 0):
                    changed_at = time.perf_counter()
                    break
            page.wait_for_timeout(10)
        settled = wait_idle(page, 60)
        shown.add(text)
        record = {"to": text, "seconds": (changed_at - t0) if changed_at else None,
                  "app_idle_s": (settled - t0) if math.isfinite(settled) else None,
                  "websocket_map_bytes": sum(n for t, n, m in list(traffic.frames) if m and t >= t0)}
        if watch == "headline" and changed_at:
            record["headline"] = headline_text(page, args.headline_selector)
        switches.append(record)
        what = "headline changed" if watch == "headline" else "map redrawn"
        if changed_at is None:
            figures["notes"].append(f"switching to '{text}': {what.replace('changed', 'unchanged').replace('redrawn', 'not redrawn')} "
                                    f"after {args.switch_timeout} s")
        else:
            sent = f"; {record['websocket_map_bytes'] / 1e6:.2f} MB of map messages" if watch == "map" else ""
            log(f"design → '{text}': {what} after {changed_at - t0:.3f} s (app idle after "
                f"{record['app_idle_s'] if record['app_idle_s'] is not None else float('nan'):.3f} s{sent})")
    return switches


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    figures: dict = {"first_map_s": None, "design_switch_s": None, "map_payload_mb": None, "server_peak_rss_mb": None,
                     "notes": []}
    app_path = Path(args.app)
    if not app_path.is_absolute():
        app_path = ROOT / app_path
    if not app_path.exists():
        figures["error"] = f"{app_path} does not exist"
        return figures
    chromium = find_chromium()
    if chromium is None:
        figures["error"] = "chromium is not installed and could not be installed"
        return figures
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}/"
    server = poller = None
    with open(OUTPUT_DIR / "app_server.log", "w") as server_log, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            traffic = Traffic()
            page.on("websocket", traffic.on_websocket)
            page.on("response", traffic.on_response)

            # The command `make run` uses (Streamlit plus the cache warm-up of ui.serve), unless
            # another app file was asked for.
            launcher = ["-m", "ui.serve"] if Path(app_path).resolve() == (ROOT / "app.py").resolve() else ["-m", "streamlit", "run", str(app_path)]
            command = [sys.executable, *launcher, "--server.port", str(port),
                       "--server.headless", "true", "--browser.gatherUsageStats", "false"]
            log("starting " + " ".join(command[2:]))
            t_start = time.perf_counter()
            server = subprocess.Popen(command, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT)
            poller = MemoryPoller(server.pid)
            poller.start()
            deadline = t_start + args.timeout
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"the Streamlit server exited with {server.returncode}; see benchmarks/output/app_server.log")
                try:
                    with urllib.request.urlopen(f"{url}_stcore/health", timeout=1) as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    pass
                if time.perf_counter() > deadline:
                    raise RuntimeError("the Streamlit server did not answer /_stcore/health in time")
                time.sleep(0.05)
            figures["server_ready_s"] = time.perf_counter() - t_start
            page.goto(url, wait_until="commit")
            figures["page_committed_s"] = time.perf_counter() - t_start

            # 1. First map (opening the map tab as soon as it appears, if the app has one).
            t_map, state = wait_for_first_map(page, args, figures, t_start)
            figures["first_map_s"] = t_map - t_start
            figures["map_elements"] = state
            def since(t):
                return None if t is None else round(t - t_start, 3)
            figures["timeline_s"] = {
                "server answers /_stcore/health": round(figures["server_ready_s"], 3),
                "page navigation committed": round(figures["page_committed_s"], 3),
                "websocket opened": since(traffic.opened_at),
                "first websocket message": since(traffic.first_frame_at()),
                "map tab clicked (tabs drawn)": round(figures["map_tab_clicked_s"], 3) if "map_tab_clicked_s" in figures else None,
                "first message carrying the map": since(traffic.first_frame_at(map_only=True)),
                "map rendered (paths and markers visible)": round(figures["first_map_s"], 3),
            }
            log(f"map rendered {figures['first_map_s']:.2f} s after starting the server "
                f"({state['paths']} visible paths, {state['markers']} visible markers/clusters); timeline: "
                + "; ".join(f"{k} {v:.2f} s" for k, v in figures["timeline_s"].items() if v is not None))
            t_idle = wait_idle(page, 60)
            figures["first_load_idle_s"] = (t_idle - t_start) if math.isfinite(t_idle) else None
            page.screenshot(path=str(OUTPUT_DIR / "app_first_map.png"))

            # 2. What the browser received for it.
            measure_payload(page, traffic, figures)

            # 3. Design switches watched on the headline figures (their tab, when the app has tabs).
            shown: set[str] = set()
            if open_tab(page, args.headline_tab, timeout=2):
                wait_idle(page, 60)
            switches = time_switches(page, args, figures, traffic, shown, count=args.switches, watch="headline")
            figures["switches"] = switches
            timed = [s["seconds"] for s in switches if s["seconds"] is not None]
            if timed:
                figures["design_switch_s"] = statistics.median(timed)
                figures["design_switch_max_s"] = max(timed)
            page.screenshot(path=str(OUTPUT_DIR / "app_after_switch.png"))

            # 4. For information: design switches watched on the map (redrawn with the new lots).
            if args.map_switches:
                if open_tab(page, args.map_tab, timeout=2):
                    wait_idle(page, 60)
                map_switches = time_switches(page, args, figures, traffic, shown, count=args.map_switches, watch="map")
                figures["map_switches"] = map_switches
                timed = [s["seconds"] for s in map_switches if s["seconds"] is not None]
                if timed:
                    figures["map_switch_s"] = statistics.median(timed)
                page.screenshot(path=str(OUTPUT_DIR / "app_after_map_switch.png"))
        except Exception as error:  # noqa: BLE001 — report what was measured, and why the rest was not
            figures["error"] = f"{type(error).__name__}: {error}"
        finally:
            browser.close()
            if server is not None:
                if poller is not None:
                    poller.stop()
                stop_server(server)
    if poller is not None and poller.hwm_kb:
        figures["server_peak_rss_mb"] = poller.hwm_kb / 1024
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", default="app.py", help="Streamlit script, relative to the repository (default app.py)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--json-out", help="write the figures to this JSON file")
    parser.add_argument("--design-label", default=r"^\s*lot design",
                        help="regex matching the design selectbox label (default %(default)s)")
    parser.add_argument("--map-tab", default="Map", help="tab to open for the map, when the app has tabs ('' for none)")
    parser.add_argument("--headline-tab", default="Compare designs",
                        help="tab showing the headline figures, when the app has tabs ('' for none)")
    parser.add_argument("--map-switches", type=int, default=2, help="design switches timed on the map (information)")
    parser.add_argument("--headline-selector", default='[data-testid="stMetricValue"]',
                        help="CSS selector of the headline figure(s) watched on a design switch")
    parser.add_argument("--switches", type=int, default=3, help="design switches to time")
    parser.add_argument("--timeout", type=int, default=240, help="overall seconds allowed for the server to start")
    parser.add_argument("--map-timeout", type=float, default=90, help="seconds allowed for the first map")
    parser.add_argument("--no-map-grace", type=float, default=20,
                        help="give up when the app has been idle this long with no map (default %(default)s s)")
    parser.add_argument("--switch-timeout", type=float, default=20, help="seconds allowed per design switch")
    args = parser.parse_args(argv)
    figures = run(args)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2, default=str))
    for note in figures.get("notes", []):
        log(f"note: {note}")
    if figures.get("error"):
        log(f"error: {figures['error']}")
    for name in ("first_map_s", "design_switch_s", "map_payload_mb", "server_peak_rss_mb", "map_switch_s"):
        value = figures.get(name)
        print(f"{name}={'nan' if value is None else f'{value:.6g}'}")
    return 1 if figures.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
