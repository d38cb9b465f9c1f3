"""First screen and shared use: how fast a page opens on a warm server, and ten sessions at once.

    python benchmarks/bench_sessions.py [--sessions 10] [--repeats 3] [--json-out FILE]

Starts two local servers (127.0.0.1 only): the app as ``make run`` starts it (``python -m ui.serve``)
and the reference page ``benchmarks/minimal_map_page.py`` (one folium map of the 42 PCC areas),
and drives Debian's chromium through Playwright, headless. Figures:

``first_screen_ratio``
    Time from opening the page (a new browser context: a new session) on a warm server to the
    app's headline figures (``st.metric`` values visible and filled), divided by the time from
    opening the reference page to its map drawn (visible PCC area paths). Both servers are warmed
    by one visit first; then app and reference are timed alternately, ``--repeats`` times each,
    and the medians divided — one run, so that machine noise cancels. Target ≤ 1.5.
``server_cpu_per_session_s``
    CPU seconds of the app's server process (``/proc/<pid>/stat``, all threads) per new session,
    from the ``--sessions`` sessions opened at once until each showed its headline and went idle.
    Target ≤ 0.5 on the demo data.
``memory_per_session_mb``
    Growth of the server's resident memory (``VmRSS``) from before the sessions to after, per
    session.
``concurrent_10_ratio``
    The slowest session's time to headline with the sessions opened at once, divided by a lone
    session's time in the same run — for information: the browsers, which render Streamlit's
    front end on the same CPUs, take most of the time; their CPU share is printed beside it.
``upload_to_headline_s``, ``design_switch_large_s`` (with ``--large N``)
    A new session uploads N synthetic organisations (e.g. 170,000) on the *Organisations* tab:
    seconds until its headline figures show them; then the median of two design switches in the
    sidebar until the headline figures change (targets ≤ 30 s and ≤ 2 s at 170,000).
``sessions_isolated``
    1 when, after one session uploaded its own organisation list, every other session still shows
    the synthetic demo data (and none names the uploaded file); 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_app import (  # noqa: E402
    CHROMIUM_ARGS,
    OUTPUT_DIR,
    find_chromium,
    free_port,
    stop_server,
)

HEADLINE = '[data-testid="stMetricValue"]'
TICK = os.sysconf("SC_CLK_TCK")
#: Visible Leaflet paths in any frame (the reference page's PCC areas, the app's lots).
_PATHS_PROBE = """() => {
  let n = 0;
  for (const el of document.querySelectorAll('.leaflet-container path')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) n++;
  }
  return n;
}"""


def log(message: str) -> None:
    print(f"[bench_sessions] {message}", flush=True)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Every process whose parent chain leads to ``pid`` (from /proc)."""
    parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parent[int(entry.name)] = int(fields[1])
            except OSError:
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, pp in parent.items() if pp == current]
        found += children
        frontier += children
    return found


def cpu_of(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += process_cpu_seconds(pid)
        except (OSError, IndexError):
            continue
    return total


def start_server(command: list[str], port: int, log_name: str, timeout: float = 120):
    log_file = open(OUTPUT_DIR / log_name, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen([*command, "--server.port", str(port), "--server.address", "127.0.0.1",
                               "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{command} exited with {server.returncode}; see benchmarks/output/{log_name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as reply:
                if reply.status == 200:
                    return server, log_file
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{command} did not answer /_stcore/health within {timeout} s")


async def headline_shown(page, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    values = page.locator(HEADLINE)
    while time.perf_counter() < deadline:
        try:
            if await values.count() and (await values.first.inner_text()).strip():
                return True
        except Exception:  # noqa: BLE001  (page still navigating)
            pass
        await asyncio.sleep(0.02)
    return False


async def map_shown(page, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for frame in page.frames:
            try:
                if await asyncio.wait_for(frame.evaluate(_PATHS_PROBE), 2):
                    return True
            except Exception:  # noqa: BLE001  (frame navigating or detached)
                continue
        await asyncio.sleep(0.02)
    return False


async def idle(page, timeout: float = 60, quiet: float = 0.5) -> None:
    deadline, since = time.perf_counter() + timeout, None
    while time.perf_counter() < deadline:
        running = await page.locator('[data-testid="stStatusWidget"]').count()
        if running:
            since = None
        elif since is None:
            since = time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return
        await asyncio.sleep(0.05)


async def open_session(browser, url: str, kind: str, timeout: float):
    """Open ``url`` in a new browser context; seconds until the headline (app) or map (reference)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit")
    shown = await (headline_shown(page, timeout) if kind == "app" else map_shown(page, timeout))
    seconds = time.perf_counter() - start if shown else float("nan")
    return seconds, context, page


async def first_screen(browser, app_url, reference_url, repeats, timeout, figures):
    for url, kind in ((app_url, "app"), (reference_url, "reference")):  # warm both servers
        _, context, page = await open_session(browser, url, kind, timeout)
        await idle(page)
        await context.close()
    app, reference = [], []
    for _ in range(repeats):
        for url, kind, times in ((app_url, "app", app), (reference_url, "reference", reference)):
            seconds, context, page = await open_session(browser, url, kind, timeout)
            times.append(seconds)
            await idle(page)
            await context.close()
    figures["first_screen_app_s"] = app
    figures["first_screen_reference_s"] = reference
    figures["first_screen_ratio"] = statistics.median(app) / statistics.median(reference)
    log(f"first screen on a warm server: app headline {', '.join(f'{t:.2f}' for t in app)} s; reference map "
        f"{', '.join(f'{t:.2f}' for t in reference)} s; ratio of medians {figures['first_screen_ratio']:.2f}")


async def concurrent(browser, app_url, server_pid, sessions, timeout, figures, upload_file: Path):
    me = os.getpid()
    # A lone session first (same run), then `sessions` at once.
    lone, context, page = await open_session(browser, app_url, "app", timeout)
    await idle(page)
    await context.close()
    await asyncio.sleep(1.0)
    rss_before = resident_mb(server_pid)
    server_cpu0 = process_cpu_seconds(server_pid)
    browsers0 = [pid for pid in descendants(me) if pid != server_pid and pid not in descendants(server_pid)]
    browser_cpu0 = cpu_of(browsers0)
    wall0 = time.perf_counter()
    opened = await asyncio.gather(*(open_session(browser, app_url, "app", timeout) for _ in range(sessions)))
    await asyncio.gather(*(idle(page) for _, _, page in opened))
    wall = time.perf_counter() - wall0
    server_cpu = process_cpu_seconds(server_pid) - server_cpu0
    # This process's children are chromium (via Playwright's driver) and the app's server: count
    # the browsers only.
    server_side = {server_pid, *descendants(server_pid)}
    browser_pids = (set(browsers0) | set(descendants(me))) - server_side
    browser_cpu = cpu_of(browser_pids) - browser_cpu0
    rss_after = resident_mb(server_pid)
    times = [seconds for seconds, _, _ in opened]
    reached = sum(1 for t in times if t == t)
    figures.update({
        "lone_session_s": lone,
        "concurrent_session_s": times,
        "sessions_reached_headline": reached,
        "concurrent_10_ratio": max(times) / lone if reached == sessions else float("nan"),
        "server_cpu_per_session_s": server_cpu / sessions,
        "memory_per_session_mb": (rss_after - rss_before) / sessions,
        "server_cpu_share": server_cpu / (wall * (os.cpu_count() or 1)),
        "browsers_cpu_share": browser_cpu / (wall * (os.cpu_count() or 1)),
    })
    log(f"{sessions} sessions at once: {reached} reached their headline; slowest {max(times):.2f} s vs lone {lone:.2f} s "
        f"(ratio {figures['concurrent_10_ratio']:.1f}); server CPU {server_cpu:.2f} s = "
        f"{figures['server_cpu_per_session_s']:.3f} s a session; server memory {rss_before:,.0f} → {rss_after:,.0f} MB "
        f"({figures['memory_per_session_mb']:.1f} MB a session); CPU share of the machine during the burst: "
        f"browsers {figures['browsers_cpu_share']:.0%}, server {figures['server_cpu_share']:.0%}")

    # Isolation: one session uploads its own list; the others must still show the demo data.
    _, _, uploader = opened[0]
    await uploader.get_by_role("tab", name="Organisations", exact=True).click()
    await uploader.locator('input[type="file"]').first.set_input_files(str(upload_file))
    banner = uploader.get_by_text(f"from {upload_file.name}")
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and not await banner.count():
        await asyncio.sleep(0.1)
    uploaded = bool(await banner.count())
    clean = 0
    for _, _, page in opened[1:]:
        await page.get_by_role("tab", name="Organisations", exact=True).click()
        # Wait for the tab to be drawn (it runs only once opened), then for the page to settle.
        deadline = time.perf_counter() + timeout
        demo = leaked = 0
        while time.perf_counter() < deadline:
            demo = await page.get_by_text("synthetic demo organisations").count()
            leaked = await page.get_by_text(upload_file.name).count()
            if demo or leaked:
                break
            await asyncio.sleep(0.2)
        await idle(page)
        demo = await page.get_by_text("synthetic demo organisations").count()
        leaked = await page.get_by_text(upload_file.name).count()
        clean += int(demo > 0 and leaked == 0)
    figures["sessions_isolated"] = int(uploaded and clean == sessions - 1)
    log(f"isolation: the uploading session {'shows' if uploaded else 'does NOT show'} its file; "
        f"{clean} of {sessions - 1} other sessions still show only the demo data")
    for _, context, _ in opened:
        await context.close()


async def headline_text(page) -> str:
    try:
        return " | ".join(t.strip() for t in await page.locator(HEADLINE).all_inner_texts())
    except Exception:  # noqa: BLE001  (page re-rendering)
        return ""


async def large_upload(browser, app_url, csv_path: Path, timeout, figures) -> None:
    """Upload a long list in a new session: time to its headline figures, then design switches."""
    _, context, page = await open_session(browser, app_url, "app", timeout)
    await idle(page)
    before = await headline_text(page)
    await page.get_by_role("tab", name="Organisations", exact=True).click()
    await idle(page)
    start = time.perf_counter()
    await page.locator('input[type="file"]').first.set_input_files(str(csv_path))
    banner = page.get_by_text(f"from {csv_path.name}")
    deadline = start + timeout
    while time.perf_counter() < deadline and not await banner.count():
        await asyncio.sleep(0.1)
    await idle(page, timeout)
    await page.get_by_role("tab", name="Compare designs", exact=True).click()
    while time.perf_counter() < deadline:
        text = await headline_text(page)
        if text and text != before:
            break
        await asyncio.sleep(0.05)
    figures["upload_to_headline_s"] = time.perf_counter() - start if time.perf_counter() < deadline else float("nan")
    await idle(page, timeout)
    switches = []
    for _ in range(2):
        before = await headline_text(page)
        combobox = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        await combobox.locator('input[role="combobox"]').first.click()
        options = page.locator('[role="listbox"] [role="option"]')
        await options.first.wait_for(state="visible", timeout=10_000)
        texts = [t.strip() for t in await options.all_inner_texts()]
        current = (await combobox.locator('input[role="combobox"]').first.input_value()).strip()
        choice = next(k for k, text in enumerate(texts) if text and text != current)
        t0 = time.perf_counter()
        await options.nth(choice).click()
        changed = float("nan")
        while time.perf_counter() - t0 < 60:
            text = await headline_text(page)
            if text and text != before:
                changed = time.perf_counter() - t0
                break
            await asyncio.sleep(0.02)
        switches.append(changed)
        await idle(page, timeout)
    figures["large_design_switch_s"] = switches
    figures["design_switch_large_s"] = statistics.median(switches)
    log(f"{csv_path.name}: upload → headline figures {figures['upload_to_headline_s']:.1f} s; design switches "
        f"{', '.join(f'{t:.2f}' for t in switches)} s")
    await context.close()


async def run_async(args) -> dict:
    from playwright.async_api import async_playwright

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    figures: dict = {}
    chromium = find_chromium()
    if chromium is None:
        return {"error": "chromium is not installed and could not be installed"}
    # A small organisation list of our own for the isolation check.
    from lotdesign.importing.demo import generate_demo_providers

    upload_file = OUTPUT_DIR / "sessions_upload_check.csv"
    generate_demo_providers(30, seed=3).to_csv(upload_file, index=False)

    app_port, reference_port = free_port(), free_port()
    servers = []
    try:
        servers.append(start_server([sys.executable, "-m", "ui.serve"], app_port, "sessions_app_server.log"))
        servers.append(start_server([sys.executable, "-m", "streamlit", "run", str(HERE / "minimal_map_page.py")],
                                    reference_port, "sessions_reference_server.log"))
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                await first_screen(browser, f"http://127.0.0.1:{app_port}/", f"http://127.0.0.1:{reference_port}/",
                                   args.repeats, args.timeout, figures)
                # The reference server is not needed any more: stop it so it takes no CPU.
                reference, reference_log = servers.pop()
                reference.terminate()
                reference.wait(timeout=15)
                reference_log.close()
                await concurrent(browser, f"http://127.0.0.1:{app_port}/", servers[0][0].pid, args.sessions,
                                 args.timeout, figures, upload_file)
                if args.large:
                    import bench_library as lib

                    written = lib.write_providers(args.large)
                    await large_upload(browser, f"http://127.0.0.1:{app_port}/", Path(written["path"]),
                                       args.large_timeout, figures)
                    figures["large_organisations"] = args.large
            finally:
                await browser.close()
    except Exception as error:  # noqa: BLE001 — report what was measured, and why the rest was not
        figures["error"] = f"{type(error).__name__}: {error}"
    finally:
        for server, log_file in servers:
            stop_server(server)
            log_file.close()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions opened at once (at most 20)")
    parser.add_argument("--repeats", type=int, default=3, help="first-screen timings of each page")
    parser.add_argument("--timeout", type=float, default=180, help="seconds a page may take")
    parser.add_argument("--large", type=int, default=0,
                        help="also upload this many synthetic organisations in a new session and time the "
                             "headline figures and two design switches (e.g. 170000; 0 = skip)")
    parser.add_argument("--large-timeout", type=float, default=600, help="seconds the large upload may take")
    parser.add_argument("--json-out", help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    args.sessions = max(2, min(args.sessions, 20))  # a bounded load test
    figures = asyncio.run(run_async(args))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2, default=str))
    if figures.get("error"):
        log(f"error: {figures['error']}")
    for name in ("first_screen_ratio", "server_cpu_per_session_s", "memory_per_session_mb", "concurrent_10_ratio",
                 "browsers_cpu_share", "sessions_isolated", "upload_to_headline_s", "design_switch_large_s"):
        value = figures.get(name)
        print(f"{name}={'nan' if value is None else f'{value:.6g}'}")
    return 1 if figures.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
