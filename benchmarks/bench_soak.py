"""A day of use: one server, many browser sessions one after another, then ten at once.

    python benchmarks/bench_soak.py [--sessions 200] [--warmup 10] [--concurrent 10] [--ttl 120] [--json-out FILE]

Starts the app as ``lotdesign app`` does (``python -m ui.serve`` with the package's server
settings, 127.0.0.1 only) and drives Debian's chromium through Playwright, headless, with every
request that is not to this machine blocked. Each session, in a new browser context (a new
Streamlit session): opens the first screen and waits for the headline figures; switches the main
design and the service in the sidebar; uploads a small organisation list (30 synthetic
organisations, a new seed each time, so no cache can serve it twice) on the *Organisations* tab;
downloads the scenario file from *Save and download*; closes. After ``--sessions`` such sessions,
``--concurrent`` sessions do the same at once.

Figures (the same-run references are printed beside them):

``soak_rss_growth_mb_per_100``
    Server resident memory (``VmRSS``) at the end minus after the warm-up (the first ``--warmup``
    sessions), per 100 sessions in between. Both are read once closed sessions are gone: the
    server keeps a closed session ``--ttl`` seconds (``server.disconnectedSessionTTL``; the
    shipped setting by default), so the benchmark waits that long plus five seconds before each
    reading. Target < 50 MB.
``soak_errors``
    Sessions that failed a step or showed an exception, plus tracebacks in the server's log.
    Target 0.
``soak_first_screen_ratio``
    Median time to the first screen of the last ten sequential sessions ÷ that of the first ten
    after the warm-up. Target ≤ 1.2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_app import CHROMIUM_ARGS, OUTPUT_DIR, find_chromium, free_port, stop_server
from bench_sessions import headline_shown, idle, resident_mb, start_server

NOT_LOCAL = r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)([:/]|$))[a-z]+://"
SIDEBAR_SELECT = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
EXCEPTION = '[data-testid="stException"]'
SHIPPED_TTL_S = 120  # ui.serve.SERVER_SETTINGS["server.disconnectedSessionTTL"]


def log(message: str) -> None:
    print(f"[bench_soak] {message}", flush=True)


def start_app(port: int, ttl: int, log_path: Path) -> tuple[subprocess.Popen, object]:
    """The server ``lotdesign app --port PORT`` starts (same module, same settings), with ``ttl``."""
    command = [sys.executable, "-m", "ui.serve", f"--server.disconnectedSessionTTL={ttl}"]
    return start_server(command, port, log_path.name)


def small_list(seed: int) -> bytes:
    """A small synthetic organisation list (30 rows), different for every seed."""
    from lotdesign.importing.demo import generate_demo_providers

    return generate_demo_providers(30, seed=1000 + seed).to_csv(index=False).encode()


async def choose_other(page, select_index: int) -> None:
    """Open the sidebar's ``select_index``-th select box and pick an option other than the current one."""
    box = page.locator(SIDEBAR_SELECT).nth(select_index)
    combobox = box.locator('input[role="combobox"]').first
    current = (await combobox.input_value()).strip()
    await combobox.click()
    options = page.locator('[role="listbox"] [role="option"]')
    await options.first.wait_for(state="visible")
    texts = [t.strip() for t in await options.all_inner_texts()]
    choice = next(k for k, text in enumerate(texts) if text and text != current)
    await options.nth(choice).click()
    await idle(page)


async def open_tab(page, name: str) -> None:
    tab = page.get_by_role("tab", name=name, exact=True)
    await tab.click()
    deadline = time.perf_counter() + 30
    while await tab.get_attribute("aria-selected") != "true" and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)


async def one_session(browser, url: str, number: int, timeout: float) -> dict:
    """One user's visit; returns its time to the first screen and, if a step failed, the error."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    await context.route(NOT_LOCAL, lambda route: route.abort())
    page = await context.new_page()
    page.set_default_timeout(timeout * 1000)
    outcome = {"first_screen_s": float("nan"), "error": None}
    try:
        start = time.perf_counter()
        await page.goto(url, wait_until="commit")
        if not await headline_shown(page, timeout):
            raise TimeoutError("no headline figures")
        outcome["first_screen_s"] = time.perf_counter() - start
        await idle(page)
        await choose_other(page, 0)  # the main design
        await choose_other(page, 1)  # the service
        name = f"soak_members_{number}.csv"
        await open_tab(page, "Organisations")
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Upload a list of organisations")
        await uploader.locator('input[type="file"]').set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": small_list(number)})
        await page.get_by_text(f"from {name}.").first.wait_for()
        await idle(page)
        await open_tab(page, "Save and download")
        async with page.expect_download() as download_info:
            await page.get_by_role("button", name="Save scenario (.json)").click()
        download = await download_info.value
        saved = json.loads(Path(await download.path()).read_text(encoding="utf-8"))
        if not saved:
            raise ValueError("the scenario file is empty")
        if await page.locator(EXCEPTION).count():
            raise RuntimeError("the page shows an exception")
    except Exception as error:  # noqa: BLE001  (counted and reported, the soak goes on)
        outcome["error"] = f"session {number}: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
        log(outcome["error"])
    finally:
        await context.close()
    return outcome


async def settled_rss(pid: int, ttl: int) -> float:
    """Server memory once every closed session has expired (``ttl`` seconds, plus five)."""
    await asyncio.sleep(ttl + 5)
    return resident_mb(pid)


async def soak(browser, url: str, pid: int, args, figures: dict) -> list[str]:
    errors: list[str] = []
    for number in range(args.warmup):
        outcome = await one_session(browser, url, number, args.timeout)
        errors += [outcome["error"]] if outcome["error"] else []
    rss_warm = await settled_rss(pid, args.ttl)
    log(f"after {args.warmup} warm-up sessions: server {rss_warm:,.0f} MB")
    times, started = [], time.perf_counter()
    for number in range(args.warmup, args.sessions):
        outcome = await one_session(browser, url, number, args.timeout)
        times.append(outcome["first_screen_s"])
        errors += [outcome["error"]] if outcome["error"] else []
        if (number + 1) % 20 == 0:
            log(f"{number + 1} sessions; server {resident_mb(pid):,.0f} MB now (closed sessions kept {args.ttl} s); "
                f"{(time.perf_counter() - started) / len(times):.1f} s a session")
    outcomes = await asyncio.gather(*(one_session(browser, url, args.sessions + k, args.timeout)
                                      for k in range(args.concurrent)))
    errors += [o["error"] for o in outcomes if o["error"]]
    rss_end = await settled_rss(pid, args.ttl)
    measured = args.sessions - args.warmup + args.concurrent
    valid = [t for t in times if not math.isnan(t)]
    window = min(10, max(1, len(valid) // 2))
    start_median, end_median = statistics.median(valid[:window]), statistics.median(valid[-window:])
    figures.update({
        "soak_sessions": args.sessions + args.concurrent,
        "soak_rss_after_warmup_mb": rss_warm,
        "soak_rss_end_mb": rss_end,
        "soak_rss_growth_mb_per_100": (rss_end - rss_warm) / measured * 100,
        "soak_first_screen_start_s": start_median,
        "soak_first_screen_end_s": end_median,
        "soak_first_screen_ratio": end_median / start_median,
        "soak_concurrent_first_screen_s": [o["first_screen_s"] for o in outcomes],
    })
    return errors


def server_tracebacks(log_path: Path) -> list[str]:
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return [f"server log: {block.splitlines()[-1][:200]}" for block in text.split("Traceback (most recent call last):")[1:]]


async def run_async(args) -> dict:
    from playwright.async_api import async_playwright

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    chromium = find_chromium()
    if chromium is None:
        return {"error": "chromium is not installed and could not be installed"}
    figures: dict = {}
    log_path = OUTPUT_DIR / "soak_app_server.log"
    port = free_port()
    server, log_file = start_app(port, args.ttl, log_path)
    url = f"http://127.0.0.1:{port}/"
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                errors = await soak(browser, url, server.pid, args, figures)
            finally:
                await browser.close()
        errors += server_tracebacks(log_path)
        figures["soak_errors"] = len(errors)
        figures["soak_error_messages"] = errors
    except Exception as error:  # noqa: BLE001 — report what was measured, and why the rest was not
        figures["error"] = f"{type(error).__name__}: {error}"
    finally:
        stop_server(server)
        log_file.close()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200, help="sessions one after another (warm-up included)")
    parser.add_argument("--warmup", type=int, default=10, help="first sessions not counted (caches fill)")
    parser.add_argument("--concurrent", type=int, default=10, help="sessions at once at the end")
    parser.add_argument("--ttl", type=int, default=SHIPPED_TTL_S,
                        help=f"seconds the server keeps a closed session (default {SHIPPED_TTL_S}, the shipped setting)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a step may take")
    parser.add_argument("--json-out", help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    args.warmup = max(1, min(args.warmup, args.sessions - 2))
    args.concurrent = max(0, min(args.concurrent, 20))  # a bounded load
    started = time.perf_counter()
    figures = asyncio.run(run_async(args))
    figures["soak_wall_s"] = time.perf_counter() - started
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2, default=str))
    if figures.get("error"):
        log(f"error: {figures['error']}")
        return 1
    log(f"{figures['soak_sessions']} sessions in {figures['soak_wall_s'] / 60:.1f} min. Server memory (closed sessions "
        f"expired): {figures['soak_rss_after_warmup_mb']:,.0f} MB after the warm-up (reference) → "
        f"{figures['soak_rss_end_mb']:,.0f} MB at the end. First screen: median {figures['soak_first_screen_start_s']:.2f} s "
        f"at the start (reference) → {figures['soak_first_screen_end_s']:.2f} s at the end.")
    for message in figures["soak_error_messages"][:20]:
        log(f"error: {message}")
    for name, target in (("soak_rss_growth_mb_per_100", "< 50"), ("soak_errors", "= 0"), ("soak_first_screen_ratio", "≤ 1.2")):
        print(f"{name}={figures[name]:.6g}  (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
