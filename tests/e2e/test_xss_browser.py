"""Hostile text in uploads stays text, in a real browser, in every place the app shows it.

A corpus of script-injection payloads (script tags, event handlers, ``javascript:`` URLs,
attribute and element break-outs, template syntax for JavaScript and for Jinja, HTML entities,
escaped unicode, Streamlit markdown links, images and colour directives, a spreadsheet formula)
is put into every user-supplied text that survives into the app:

* organisation names and ids, an unknown specialism, an unused column's name and cells, and
  the provider file's own name (uploaded with the Organisations tab's file uploader);
* two rows that are rejected, so that the payload reaches the validation report;
* the lot names of a custom design, and the design file's name (which becomes the design's name);
* a saved scenario whose design is named with the whole corpus (its id and lot names are
  payloads too) and whose organisation file name is the whole corpus (uploaded on the *Save and
  download* tab).

Then every view that shows the text is visited: the banner, the upload status, the validation
report, the organisations table's filter, the design list, the sidebar, the map (every lot's
tooltip, every organisation's tooltip, the key, a clicked lot and a clicked organisation), the
comparison (headings, figures, a chart tooltip, the sentences) and the restored scenario. The
page and every frame are checked throughout: no JavaScript dialog ever opens, no payload sets
its ``window.top.__xss`` flag, no element carries a payload in an event handler or URL
attribute, no request leaves the machine — and the text is shown literally, character for
character. The standalone HTML map (what *Download map* gives) is checked the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time

import pytest
from _browser import (
    DESIGN_UPLOADER,
    MAP_FRAME,
    NOT_LOCAL_OR_FILE,
    PROVIDER_UPLOADER,
    SCENARIO_UPLOADER,
    OfflineSession,
    PlaywrightError,
    confirm_columns,
    design_options,
    open_tab,
    upload,
    wait_until,
)

pytestmark = pytest.mark.e2e

#: Every payload that runs code sets ``window.top.__xss`` (and some also call ``alert``).
PAYLOADS = [
    "<script>window.top.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.top.__xss=1;alert(1)">',
    "<svg onload=window.top.__xss=1;alert(1)>",
    "<svg><script>window.top.__xss=1</script></svg>",
    "javascript:window.top.__xss=1;alert(1)",
    '"><script>window.top.__xss=1</script>',
    "'><img src=x onerror=window.top.__xss=1>",
    '" onmouseover="window.top.__xss=1" x="',
    "</textarea><script>window.top.__xss=1</script>",
    "</script><script>window.top.__xss=1</script>",
    "</title></style><img src=x onerror=window.top.__xss=1>",
    "${window.top.__xss=1}",
    "`;window.top.__xss=1;//",
    "{{constructor.constructor('window.top.__xss=1')()}}",
    "{{ 7*7 }}{% if true %}jinja-ran{% endif %}{# hidden #}",
    '<iframe srcdoc="<script>window.top.__xss=1</script>"></iframe>',
    "<details open ontoggle=window.top.__xss=1>",
    '<div style="width:expression(window.top.__xss=1)">x</div>',
    "<style>@import 'javascript:window.top.__xss=1';</style>",
    "&lt;img src=x onerror=window.top.__xss=1&gt;",
    "&#60;script&#62;window.top.__xss=1&#60;/script&#62;",
    "\\u003cimg src=x onerror=window.top.__xss=1\\u003e",
    "\\x3cscript\\x3ewindow.top.__xss=1\\x3c/script\\x3e",
    "[click me](javascript:window.top.__xss=1)",
    "![x](javascript:window.top.__xss=1)",
    "[phish](https://xss.invalid/phish)",
    "![track](https://xss.invalid/t.png)",
    '<a href="javascript:window.top.__xss=1">link</a>',
    "<input autofocus onfocus=window.top.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.top.__xss=1>",
    '<object data="javascript:window.top.__xss=1"></object>',
    "<video><source onerror=window.top.__xss=1></video>",
    "$\\href{javascript:window.top.__xss=1}{x}$",
    ":red[<img src=x onerror=window.top.__xss=1>]",
    '=HYPERLINK("javascript:window.top.__xss=1","x")',
]
#: Real unit postcodes (OS Code-Point Open), one per organisation.
POSTCODES = [
    "LS1 4DY", "M1 1AE", "B1 1BB", "CF10 1EP", "SW1A 1AA", "NE1 7RU", "L1 8JQ", "BS1 4DJ", "NG1 5FS",
    "S1 2HH", "SA1 3SN", "LL57 2DG", "PL1 2AA", "EX1 1HS", "NR2 1NH", "CB2 1TN", "OX1 1BX", "BN1 1AE",
    "YO1 7HH", "LE1 5WW", "CV1 5RR", "DE1 1NN", "ST1 1HR", "LA1 1HT", "PR1 2HE", "TR1 2SF", "DN1 1QE",
    "SY23 1JH", "LD1 5DG", "CT1 2EH", "IP1 1AA", "TA1 1AA", "WF1 2AP", "HD1 2JA", "BD1 1HY", "HX1 1UJ",
    "SR1 3AA", "MK9 2FZ", "RG1 1AF",
]
#: Every payload in one string: an organisation's name, a lot's name and a design's name.
KITCHEN_SINK = " ".join(PAYLOADS)
#: File names carry payloads too (no '/', which no file name can hold, and no '"', which the
#: browser percent-encodes in the upload).
PROVIDER_FILE = "<svg onload=window.top.__xss=1>[p](javascript:window.top.__xss=1) {{7*7}}.csv"
DESIGN_FILE = "'><img src=x onerror=window.top.__xss=1> [md](javascript:window.top.__xss=1) {{7*7}}.csv"
SCENARIO_FILE = "<img src=x onerror=window.top.__xss=1> ![t](https://xss.invalid) {{7*7}}.json"
DESIGN_NAME = DESIGN_FILE.removesuffix(".csv")
#: The police force area holding LS1 4DY (Leeds), whose lot is named with the whole corpus.
WEST_YORKSHIRE = "E23000010"

#: Run in the page and in every frame: anything a payload could have turned into live markup.
#: One thing is allowed: Streamlit's markdown turns a bare web address in text into a link
#: (GitHub-flavoured autolinks survive every markdown escape); such a link shows its own
#: address as its text, so it cannot disguise where it goes. A link whose text differs from
#: its address ([text](url)), an image, or any javascript: URL is a finding.
INERT_JS = r"""() => {
  const problems = [];
  const risky = ["href", "src", "srcdoc", "data", "action", "formaction", "xlink:href", "style", "poster", "background"];
  const autolink = (el, value) => el.tagName === "A" && /^https?:\/\//.test(value) && el.textContent.length > 0
    && value.endsWith(el.textContent) && el.children.length === 0;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name === "href" && autolink(el, attr.value) && !/__xss/.test(attr.value)) continue;
      if ((name.startsWith("on") || risky.includes(name)) && /__xss|xss\.invalid|^\s*javascript:/i.test(attr.value)) {
        problems.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value.slice(0, 80)}">`);
      }
    }
    if (el.tagName === "SCRIPT" && /^\s*window\.top\.__xss/.test(el.textContent)) problems.push("injected <script>");
  }
  if (window.__xss !== undefined) problems.push("window.__xss is set in " + location.href);
  return problems;
}"""

#: In the map frame: show each organisation (zooming in until its cluster opens), open its
#: tooltip and read it; returns [{pid, shown, text}].
PROVIDER_TOOLTIPS_JS = r"""async () => {
  const values = Object.values(window);
  const cluster = values.find(v => v instanceof L.MarkerClusterGroup);
  const map = values.find(v => v instanceof L.Map);
  const out = [];
  for (const layer of cluster.getLayers()) {
    for (let k = 0; k < 50 && !map.hasLayer(layer); k++) {
      map.setView(layer.getLatLng(), 12, {animate: false});
      await new Promise(done => setTimeout(done, 100));
    }
    layer.openTooltip();
    const tip = layer.getTooltip().getElement();
    out.push({pid: layer.feature.properties.pid, shown: map.hasLayer(layer), text: tip ? tip.innerText : null});
    layer.closeTooltip();
  }
  return out;
}"""

#: In the map frame: the position, among the drawn organisations, of the one with id ``pid``
#: (after zooming in to it).
FIND_PROVIDER_JS = r"""async (pid) => {
  const values = Object.values(window);
  const cluster = values.find(v => v instanceof L.MarkerClusterGroup);
  const map = values.find(v => v instanceof L.Map);
  const layer = cluster.getLayers().find(l => l.feature.properties.pid === pid);
  for (let k = 0; k < 50 && !map.hasLayer(layer); k++) {
    map.setView(layer.getLatLng(), 12, {animate: false});
    await new Promise(done => setTimeout(done, 100));
  }
  return [...document.querySelectorAll("path.lde-provider")].indexOf(layer.getElement());
}"""


# --- the files ------------------------------------------------------------------------------------

def provider_rows() -> list[dict]:
    """One organisation per payload (its name; another payload as its id), the kitchen sink, and
    two rows that are rejected because of a payload in the postcode (one also has payloads as areas)."""
    assert len(POSTCODES) > len(PAYLOADS)
    rows = []
    for k, payload in enumerate(PAYLOADS):
        rows.append({
            "provider_id": PAYLOADS[(k + 7) % len(PAYLOADS)],
            "name": payload,
            "postcode": POSTCODES[k],
            "income_gbp": str(2_500_000 + 1_000 * k),
            "specialisms": f"women; {payload}" if k % 5 == 0 else "",
            "service_area": "national" if k % 7 == 0 else "",
        })
    rows.append({"provider_id": "KITCHEN-SINK", "name": KITCHEN_SINK, "postcode": POSTCODES[len(PAYLOADS)],
                 "income_gbp": "50m", "specialisms": "women; bame", "service_area": ""})
    rows.append({"provider_id": "REJECTED-1", "name": "Rejected because of its postcode",
                 "postcode": "<img src=x onerror=window.top.__xss=1>", "income_gbp": "1000"})
    # Unknown area names are now a warning (the row is kept), so this row is rejected for its
    # postcode; its area payloads reach the report as its original cells (the rejected rows' table).
    rows.append({"provider_id": "REJECTED-2", "name": "Rejected because of its postcode link",
                 "postcode": "[x](javascript:window.top.__xss=1)", "income_gbp": "1000",
                 "service_area": "[x](javascript:window.top.__xss=1); <script>window.top.__xss=1</script>"})
    return rows


#: An unused column whose name and cells are payloads (named in the report's notes).
EXTRA_COLUMN = "<img src=x onerror=window.top.__xss=1> notes"


def provider_csv() -> bytes:
    columns = ["provider_id", "name", "postcode", "income_gbp", "specialisms", "service_area", EXTRA_COLUMN]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, restval="")
    writer.writeheader()
    for k, row in enumerate(provider_rows()):
        writer.writerow({**row, EXTRA_COLUMN: PAYLOADS[k % len(PAYLOADS)]})
    return buffer.getvalue().encode("utf-8")


def lot_names() -> dict[str, str]:
    """Police force area → lot: West Yorkshire is the kitchen sink, the others take payloads in turn."""
    from geo.units import load_units

    codes = sorted(load_units()["pfa_code"].unique())
    others = [c for c in codes if c != WEST_YORKSHIRE]
    lots = {code: PAYLOADS[k % len(PAYLOADS)] for k, code in enumerate(others)}
    lots[WEST_YORKSHIRE] = KITCHEN_SINK
    return lots


def design_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["pfa_code", "lot"])
    writer.writerows(lot_names().items())
    return buffer.getvalue().encode("utf-8")


def scenario_json() -> bytes:
    """A saved view whose design (the 12 regions, each lot named with a payload; its id a payload)
    is named with the whole corpus, saved with 'other' organisation data whose file name is the
    whole corpus."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams

    regions = get_design("regions12")
    renamed = {lot: PAYLOADS[(k + 3) % len(PAYLOADS)] for k, lot in enumerate(regions.lots)}
    payload = {
        "schema_version": 1,
        "app": "lot-design-explorer",
        "design": {"id": "</script><img src=x onerror=window.top.__xss=1>", "name": KITCHEN_SINK,
                   "scope": "England and Wales",
                   "units": {code: renamed[lot] for code, lot in regions.unit_to_lot.items()}},
        "compare": [{"id": "pcc42"}],
        "params": ScoringParams().to_dict(),
        "providers": {"fingerprint": "0000000000000000", "source": KITCHEN_SINK, "synthetic": False},
        "extra": {"map_metric": "n_vcs_local_prime_eligible"},
    }
    return json.dumps(payload).encode("utf-8")


# --- checks -----------------------------------------------------------------------------------------

def assert_inert(session: OfflineSession, page, where: str) -> None:
    """No dialog so far, no flag set, no live payload markup in the page or any of its frames."""
    assert session.dialogs == [], f"{where}: a dialog opened: {session.dialogs}"
    problems = []
    for frame in page.frames:
        try:
            problems += [f"{frame.url[:60]}: {p}" for p in frame.evaluate(INERT_JS)]
        except PlaywrightError as error:  # a frame going away while we read it is not a finding
            if "detached" not in str(error) and "destroyed" not in str(error):
                raise
    assert problems == [], f"{where}: {problems}"
    assert page.evaluate("() => window.top.__xss") is None, f"{where}: a payload ran"
    assert session.blocked == [], f"{where}: requests left the machine: {session.blocked}"


def body_text(page) -> str:
    return page.locator("body").inner_text()


def wait_for_text(page, *texts: str, timeout_s: float = 30) -> None:
    """Wait until each of ``texts`` is in the page's visible text, character for character.

    (Streamlit draws a run's elements as they arrive, so text further down the page may come a
    moment after text above it.)
    """
    missing = list(texts)

    def all_there():
        shown = body_text(page)
        missing[:] = [t for t in texts if t not in shown]
        return not missing

    wait_until(all_there, timeout_s, message=f"{[t[:80] for t in missing]}")


def wait_for_figures(page, design_label: str) -> None:
    """Wait until the comparison shows ``design_label`` first, with all of its headline figures."""
    head = page.locator("p.lde-board-head")
    wait_until(lambda: head.count() > 1 and head.nth(1).inner_text() == design_label
               and page.locator('[data-testid="stMetric"]').count() == 11 * (head.count() - 1),
               message=f"the figures of {design_label[:60]!r}")


def grid(page, header: str):
    """The table (st.dataframe) with a column headed ``header``."""
    header = re.compile(f"^{re.escape(header)}$")
    return page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator('th[role="columnheader"]', has_text=header))


def column(table, k: int) -> list[str]:
    """The text of column ``k`` (from 1) in the table's visible rows, from its accessible cells."""
    return table.locator(f'[role="gridcell"][aria-colindex="{k}"]').all_inner_texts()


def in_map(page, script: str, arg=None):
    """Run ``script`` in the map's frame (again, if the frame was replaced while it ran)."""
    for attempt in range(3):
        page.frame_locator(MAP_FRAME).locator("path.lde-lot").first.wait_for(state="attached")
        frame = page.frame(url=lambda url: "streamlit_folium" in url)
        try:
            return frame.evaluate(script, arg)
        except PlaywrightError as error:
            if attempt == 2 or not any(w in str(error) for w in ("destroyed", "detached", "not defined")):
                raise
    return None


def lot_tooltips(frame) -> list[str]:
    """Hover over every lot of the map in turn; the text of each tooltip, in drawing order."""
    texts = []
    lots = frame.locator("path.lde-lot")
    for k in range(lots.count()):
        lots.nth(k).dispatch_event("mouseover")
        texts.append(frame.locator(".leaflet-tooltip").last.inner_text())
        lots.nth(k).dispatch_event("mouseout")
    return texts


# --- the app -------------------------------------------------------------------------------------

def test_payloads_stay_text_in_every_view(app_url, browser, test_output):
    from lotdesign.importing.providers import load_providers

    started = time.monotonic()
    expected = load_providers(provider_csv(), source_name=PROVIDER_FILE)  # what the page must show
    accepted = expected.accepted.set_index("provider_id")["name"].to_dict()
    assert len(accepted) == len(PAYLOADS) + 1 and expected.n_rejected == 2
    session = OfflineSession(browser)
    page = session.new_page(app_url)

    # --- Organisations: upload, banner, status, report, filter -----------------------------------
    open_tab(page, "Organisations")
    upload(page, PROVIDER_UPLOADER, PROVIDER_FILE, provider_csv())
    confirm_columns(page)  # the payload-named notes column is not used, so the file waits to be confirmed
    wait_for_text(
        page,
        f"Organisations: {len(accepted)} from {PROVIDER_FILE}.",  # the banner
        f"Now using {len(accepted)} organisations from {PROVIDER_FILE}.",  # the upload's status
        f"{len(accepted)} organisations from {PROVIDER_FILE}.",
        f"Checking {PROVIDER_FILE}",  # the validation report
        expected.summary(),
        f"Columns not used: {EXTRA_COLUMN}.",
        *expected.rejected["reason"],  # e.g. Row 39 (postcode): '<img src=x onerror=…>' is not a UK postcode …
    )
    # Filtering the table by a payload finds the organisations whose names hold it.
    page.get_by_label("Name contains").fill("onerror=window.top.__xss=1")
    page.get_by_label("Name contains").press("Enter")
    matching = [name for name in accepted.values() if "onerror=window.top.__xss=1" in name]
    wait_for_text(page, f"Showing {len(matching)} of {len(accepted)} organisations.")
    # The tables are drawn on a canvas; their accessible cells carry the same text. The visible
    # rows show the names as typed, in order ...
    table = grid(page, "Organisation")
    wait_until(lambda: (names := column(table, 1)) and names == matching[:len(names)] and len(names) >= 3,
               message="the filtered names in the organisations table")
    # ... and the rejected rows show their reasons as typed.
    wait_until(lambda: column(grid(page, "reason"), 3) == list(expected.rejected["reason"]),
               message="the reasons in the rejected rows' table")
    assert_inert(session, page, "Organisations tab")

    # --- Your own lot design: upload, message, list of designs -----------------------------------
    open_tab(page, "Your own lot design")
    upload(page, DESIGN_UPLOADER, DESIGN_FILE, design_csv())
    n_lots = len(set(lot_names().values()))
    wait_for_text(page, f"Loaded “{DESIGN_NAME}”: {n_lots} lots covering England and Wales.",
                  f"{DESIGN_NAME} — {n_lots} lots, England and Wales.")
    # The sidebar lists the design by its name, as text.
    assert DESIGN_NAME in design_options(page)
    assert_inert(session, page, "design tab")

    # --- Map: every lot's tooltip, every organisation's tooltip, the key, clicked details --------
    open_tab(page, "Map")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.lde-lot").first.wait_for()
    tips = lot_tooltips(frame)
    assert len(tips) == n_lots
    # Each tooltip's first line is the lot's name, character for character.
    assert sorted(tip.split("\n")[0] for tip in tips) == sorted(set(lot_names().values()))
    assert page.locator(".lde-page-key .design").inner_text() == DESIGN_NAME  # not "… 49"
    providers = in_map(page, PROVIDER_TOOLTIPS_JS)
    assert all(p["shown"] for p in providers), [p["pid"] for p in providers if not p["shown"]]
    assert {p["pid"]: p["text"].split("\n")[0] for p in providers} == accepted
    assert_inert(session, page, "map tooltips")

    # Clicking the kitchen-sink lot shows its name and its organisations as text.
    tips = lot_tooltips(frame)
    frame.locator("path.lde-lot").nth([t.split("\n")[0] for t in tips].index(KITCHEN_SINK)).dispatch_event("click")
    title = page.locator("p.lde-detail-title")
    wait_until(lambda: title.count() and title.first.inner_text() == KITCHEN_SINK, message="the clicked lot's name")
    wait_for_text(page, f"Organisations working in {KITCHEN_SINK}")
    # ... and clicking the kitchen-sink organisation shows its name and where it could bid.
    position = in_map(page, FIND_PROVIDER_JS, "KITCHEN-SINK")
    assert position >= 0
    frame.locator("path.lde-provider").nth(position).dispatch_event("click")
    wait_until(lambda: title.count() and title.first.inner_text() == KITCHEN_SINK and "Could it bid as prime?" in body_text(page),
               message="the clicked organisation's details")
    wait_for_text(page, f"{DESIGN_NAME} — for its home lot, {KITCHEN_SINK}:")
    page.screenshot(path=str(test_output / "xss_map.png"))
    assert_inert(session, page, "map details")

    # --- Compare designs: headings, hidden figure labels, a chart tooltip, sentences -------------
    open_tab(page, "Compare designs")
    wait_for_text(page, f"{DESIGN_NAME} compared with 42 PCC areas, 12 probation regions (2021)",
                  f"under {DESIGN_NAME}, ")  # the heading and the plain-English sentences
    wait_for_figures(page, DESIGN_NAME)
    assert page.locator('[data-testid="stMetric"] a').count() == 0  # figure labels are text, not links
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    chart.locator("g.mark-rect path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    wait_until(lambda: tooltip.count() and DESIGN_NAME in tooltip.inner_text(), message="the chart's tooltip")
    page.mouse.move(0, 0)
    assert_inert(session, page, "comparison")

    # --- Save and download: a scenario named with the whole corpus ------------------------------
    open_tab(page, "Save and download")
    upload(page, SCENARIO_UPLOADER, SCENARIO_FILE, scenario_json(), mime="application/json")
    wait_for_text(page, f"Restored the view saved in {SCENARIO_FILE}.",
                  f"This scenario was saved with different organisation data ({KITCHEN_SINK}).",
                  f"Lot by lot — {KITCHEN_SINK} (12 lots).")
    open_tab(page, "Compare designs")
    wait_for_text(page, f"{KITCHEN_SINK} compared with 42 PCC areas")
    wait_for_figures(page, KITCHEN_SINK)
    # Figure labels: no markdown image or [text](link); bare web addresses may be autolinks (INERT_JS).
    assert page.locator('[data-testid="stMetric"] img').count() == 0
    open_tab(page, "Map")
    legend = page.locator(".lde-page-key .design")
    wait_until(lambda: legend.count() and legend.inner_text() == KITCHEN_SINK, message="the scenario design in the key")
    page.screenshot(path=str(test_output / "xss_scenario_map.png"))
    assert_inert(session, page, "restored scenario")
    session.close()
    (test_output / "e2e_xss_timing.txt").write_text(
        f"{len(PAYLOADS)} payloads, every view: {time.monotonic() - started:.1f} s\n")


# --- the standalone HTML map ------------------------------------------------------------------------

def test_standalone_map_export_keeps_payloads_as_text(browser, test_output):
    from lotdesign.core.designs import load_design_file
    from lotdesign.io.export import map_html
    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.providers import load_providers
    from lotdesign.core.scoring import score_design
    from lotdesign.importing.workspace import build_provider_set
    from ui import map_tab, maps

    pset = build_provider_set(load_providers(provider_csv(), source_name=PROVIDER_FILE))
    design = load_design_file(design_csv(), design_id="custom1", name=KITCHEN_SINK)
    score = score_design(pset.providers, pset.reach, design, ScoringParams(), context=pset.context(design))
    page_html = map_html(map_tab.build(pset, score, "n_vcs_local_prime_eligible", background=False,
                                       asset_base=maps.asset_base_url("")))
    path = test_output / "xss_standalone_map.html"
    path.write_text(page_html, encoding="utf-8")

    session = OfflineSession(browser, block=NOT_LOCAL_OR_FILE)
    page = session.new_page(path.as_uri(), wait_for="path.lde-lot")
    tips = lot_tooltips(page)
    assert sorted(tip.split("\n")[0] for tip in tips) == sorted(set(lot_names().values()))
    assert page.locator(".lde-legend .design").inner_text() == KITCHEN_SINK
    providers = page.evaluate(PROVIDER_TOOLTIPS_JS)
    assert {p["pid"]: p["text"].split("\n")[0] for p in providers} == pset.providers.set_index("provider_id")["name"].to_dict()
    assert_inert(session, page, "standalone map")
    session.close()
