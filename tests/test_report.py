"""The evidence pack: every format written, then read back as a reader's software would.

The HTML is parsed (and must hold no script, no event handler and no external address), the PDF's
text is extracted with pypdf page by page, the Word file is opened with python-docx (header,
paragraphs and tables). Each must show the headline figures exactly as the library formats them,
the synthetic-data warning on every page for the demo data (and nowhere for a real list), the
OGL / Ordnance Survey attribution, and every lot of every design.

Two reports are built once per module: the demo data comparing 42 PCC areas with the 12 probation
regions for women's services, and a small uploaded list compared on 42 PCC areas and a custom
design whose names are script-injection payloads.
"""

from __future__ import annotations

import base64
import io
import re
import shlex
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest

from geo.units import load_units
from lotdesign.core.compare import HEADLINE_METRICS, compare_designs, format_metric
from lotdesign.core.designs import design_from_table, get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.providers import load_providers
from lotdesign.report import (
    FORMATS,
    SCENARIO_FILE_NAME,
    awards_section,
    build_report,
    render_report,
    robustness_section,
)
from lotdesign.report.blocks import Report, Table
from lotdesign.core.scenario import scenario_from_json
from lotdesign.importing.workspace import build_provider_set, load_provider_set
from tests.conftest import EW_POPULATION_2023

OS_NOTICE = "Contains OS data © Crown copyright and database right 2024"
OGL_NOTICE = "Office for National Statistics licensed under the Open Government Licence v.3.0"
WARNING_WORDS = "SYNTHETIC DEMO DATA"

#: A selection of the project's script-injection corpus (tests/e2e/test_xss_browser.py).
PAYLOADS = [
    "<script>window.top.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.top.__xss=1;alert(1)">',
    "<svg onload=window.top.__xss=1;alert(1)>",
    '"><script>window.top.__xss=1</script>',
    "</title></style><img src=x onerror=window.top.__xss=1>",
    "&lt;img src=x onerror=window.top.__xss=1&gt;",
    "{{ 7*7 }}{% if true %}jinja-ran{% endif %}",
    "[phish](https://xss.invalid/phish)",
    "=HYPERLINK(\"https://xss.invalid\",\"x\")",
]
FILE_NAME = "orgs <img src=x onerror=alert(1)> &amp; ‘list’.csv"
DESIGN_NAME = '<b onmouseover="alert(1)">Regions</b> & {{ 7*7 }}'
UPLOADED_CSV = (
    "name,postcode,income_gbp,specialisms,service_area,sector\n"
    "Leeds Women's Centre,LS1 4DY,5000000,women,West Yorkshire,vcs\n"
    f'"{PAYLOADS[0]}",B1,50000,bame,,vcs\n'
    "Cardiff Futures,CF10 1EP,250000,,Cardiff,vcs\n"
    "Big Services Ltd,SW1A 1AA,50000000,,national,private\n"
).encode()


# --- readers ------------------------------------------------------------------------------------

class _HtmlReader(HTMLParser):
    """Text (as a browser shows it), tags and attributes of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read_html(data: bytes) -> _HtmlReader:
    reader = _HtmlReader()
    reader.feed(data.decode("utf-8"))
    reader.close()
    return reader


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [_squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def docx_parts(data: bytes) -> tuple[str, str, str]:
    """(the page header's text, the body's text: paragraphs then every table cell, the page footer's text)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    header = " ".join(p.text for section in document.sections for p in section.header.paragraphs)
    body = [p.text for p in document.paragraphs]
    body += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = " ".join(p.text for section in document.sections for p in section.footer.paragraphs)
    return _squash(header), _squash(" ".join(body)), _squash(footer)


def pdf_text(data: bytes, report: Report) -> str:
    """The PDF's text as one flow: each page's header and footer taken out (so that a sentence
    running over a page break reads whole), then page 1's header and footer once at the end."""
    pages = pdf_pages(data)
    bodies = []
    for page in pages:
        for furniture in (report.page_warning, report.attribution):
            if furniture:
                page = page.replace(_squash(furniture), " ")
        bodies.append(_squash(re.sub(r"\bpage \d+\b", " ", page)))
    return " ".join(bodies) + " " + pages[0]


def texts(outputs: dict, report: Report) -> dict:
    """The whole visible text of each format, whitespace squashed."""
    return {
        "html": _squash(" ".join(read_html(outputs["html"]).text)),
        "pdf": pdf_text(outputs["pdf"], report),
        "docx": " ".join(docx_parts(outputs["docx"])),
    }


# --- fixtures -------------------------------------------------------------------------------------

def _payload_design():
    """The 12 probation regions as a design file, with the London lot and the design named by payloads."""
    units = load_units()
    lot = get_design("regions12").unit_to_lot.groupby(units["pfa_code"]).first()
    lot = lot.replace({"London": PAYLOADS[1], "Wales": PAYLOADS[6]})
    table = pd.DataFrame({"pfa_code": lot.index, "lot": lot.to_numpy()})
    return design_from_table(table, design_id="regions_payload", name=DESIGN_NAME)


def _outputs(report: Report) -> dict:
    return {fmt: render_report(report, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def demo():
    provider_set = load_provider_set()
    designs = [get_design("pcc42"), get_design("regions12")]
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, ScoringParams(service="women"),
                                 contexts={d.id: provider_set.context(d) for d in designs})
    steps = []
    report = build_report(comparison, provider_set.load, progress=lambda f, m: steps.append((f, m)))
    return SimpleNamespace(comparison=comparison, report=report, outputs=_outputs(report), steps=steps, load=provider_set.load,
                           provider_set=provider_set, designs=designs)


@pytest.fixture(scope="module")
def uploaded():
    load = load_providers(UPLOADED_CSV, source_name=FILE_NAME)
    assert load.n_accepted == 4 and not load.synthetic
    provider_set = build_provider_set(load)
    designs = [get_design("pcc42"), _payload_design()]
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, ScoringParams(service="women"))
    report = build_report(comparison, load)
    return SimpleNamespace(comparison=comparison, report=report, outputs=_outputs(report), load=load)


# --- the demo report --------------------------------------------------------------------------------

def test_every_format_shows_the_headline_figures_as_the_library_formats_them(demo):
    table = demo.comparison.table
    expected = {format_metric(m, table.at[d, m]) for d in ("pcc42", "regions12") for m in HEADLINE_METRICS}
    lead = _squash(demo.comparison.sentences[0])
    # The lead sentence as the library writes it (numbers and all) — e.g. 41 of 42 lots locally contestable.
    assert "under 42 PCC areas, 41 of 42 lots (99% of the population)" in lead
    for fmt, text in texts(demo.outputs, demo.report).items():
        assert lead in text, fmt
        missing = [value for value in expected if value not in text]
        assert not missing, (fmt, missing)


def test_html_headline_table_reads_back_cell_by_cell(demo):
    page = demo.outputs["html"].decode()
    table = demo.comparison.table
    for metric in HEADLINE_METRICS:
        from lotdesign.core.compare import METRIC_LABELS

        cells = [format_metric(metric, table.at[d, metric]) for d in ("pcc42", "regions12")]
        row = "".join(f'<td class="num">{value}</td>' for value in cells)
        assert f"<td>{METRIC_LABELS[metric].replace(chr(39), '&#x27;')}</td>{row}" in page, metric


def test_synthetic_warning_is_on_every_page(demo):
    pages = pdf_pages(demo.outputs["pdf"])
    assert len(pages) >= 6
    assert [k for k, page in enumerate(pages, start=1) if WARNING_WORDS not in page] == []
    header, _, _ = docx_parts(demo.outputs["docx"])
    assert WARNING_WORDS in header  # a Word header repeats on every page
    html = read_html(demo.outputs["html"])
    assert html.text.count(demo.report.page_warning) == 2  # sticky banner (fixed when printed) and footer
    assert "position: fixed" in demo.outputs["html"].decode()


def test_attribution_in_every_format_and_on_every_pdf_page(demo):
    for fmt, text in texts(demo.outputs, demo.report).items():
        assert OS_NOTICE in text and OGL_NOTICE in text, fmt
    assert all(OS_NOTICE in page for page in pdf_pages(demo.outputs["pdf"]))
    assert OS_NOTICE in docx_parts(demo.outputs["docx"])[2]  # the Word footer, on every page


def test_every_lot_of_every_design_is_named(demo):
    lots = [lot for score in demo.comparison.scores for lot in score.lots.index]
    assert len(lots) == 42 + 12 and "Devon & Cornwall" in lots and "Kent, Surrey and Sussex" in lots
    for fmt, text in texts(demo.outputs, demo.report).items():
        assert [lot for lot in lots if lot not in text] == [], fmt


def test_lot_table_holds_known_london_figures(demo):
    # London region: Metropolitan Police + City of London, mid-2023; women's services get 13% of £100m.
    value = 13_000_000 * 8_945_309 / EW_POPULATION_2023
    assert round(value) == 1_910_928
    html = demo.outputs["html"].decode()
    assert re.search(r"<td>London</td><td class=\"num\">8,945,309</td><td class=\"num\">£1\.9m</td>"
                     r"<td class=\"num\">£3\.8m</td>", html)


def test_equality_gaps_name_the_lots_and_the_women_affected(demo):
    regions = demo.comparison.scores[1]
    # No women's specialist in the demo set is big enough to prime a regional lot: every woman lives in a gap.
    assert (regions.lots["n_specialist_prime_eligible_women"] == 0).all()
    women = f"{load_units()['females'].sum():,}"
    sentence = (f"Under 12 probation regions (2021), no women's specialist could bid as prime in 12 of 12 lots, where "
                f"{women} women live (100% of the women in scope): " + ", ".join(regions.lots.index) + ".")
    pcc = demo.comparison.scores[0].lots
    gaps = pcc.index[pcc["n_specialist_prime_eligible_women"] == 0]
    assert 0 < len(gaps) < 42
    for fmt, text in texts(demo.outputs, demo.report).items():
        assert sentence in text, fmt
        assert f"no women's specialist could bid as prime in {len(gaps)} of 42 lots" in text
        assert ", ".join(gaps) in text


def test_scenario_is_attached_and_the_command_printed(demo):
    from pypdf import PdfReader

    attached = PdfReader(io.BytesIO(demo.outputs["pdf"])).attachments
    assert list(attached) == [SCENARIO_FILE_NAME]
    scenario = scenario_from_json(attached[SCENARIO_FILE_NAME][0])
    assert [scenario.design.id, *(d.id for d in scenario.compare)] == ["pcc42", "regions12"]
    assert scenario.params == ScoringParams(service="women") and scenario.providers_synthetic
    assert scenario.providers_fingerprint == demo.load.fingerprint
    link = re.search(r'<a download="lot_design_scenario.json" href="data:application/json;base64,([^"]+)"',
                     demo.outputs["html"].decode())
    assert scenario_from_json(base64.b64decode(link.group(1))).params == scenario.params
    command = "lotdesign report --designs pcc42,regions12 --service women --out report.pdf"
    for fmt, text in texts(demo.outputs, demo.report).items():
        assert command in text and demo.load.fingerprint in text, fmt


def test_progress_runs_from_start_to_end_in_order(demo):
    fractions = [f for f, _ in demo.steps]
    assert fractions[0] == 0 and fractions == sorted(fractions) and fractions[-1] >= 0.9
    assert any("42 PCC areas" in message for _, message in demo.steps)


def test_maps_are_pictures_with_a_text_alternative_for_each_lot(demo):
    maps = next(s for s in demo.report.sections if s.key == "maps")
    figures = [b for b in maps.blocks if hasattr(b, "png")]
    assert len(figures) == 2 and all(f.png.startswith(b"\x89PNG") for f in figures)
    regions = demo.comparison.scores[1].lots["n_vcs_local_prime_eligible"]
    assert f"London {regions['London']}" in figures[1].alt
    from PIL import Image

    with Image.open(io.BytesIO(figures[0].png)) as image:
        assert image.size == (1140, 945)  # 7.6 × 6.3 inches at 150 dpi


# --- a small uploaded list, with hostile names --------------------------------------------------

def test_real_list_has_no_synthetic_warning_anywhere(uploaded, demo):
    assert demo.report.synthetic and not uploaded.report.synthetic
    for fmt, text in texts(uploaded.outputs, uploaded.report).items():
        assert WARNING_WORDS not in text.upper() and "not real" not in text, fmt
        assert "Synthetic (made-up) data no" in text or "Synthetic (made-up) data | no" in text, fmt
    header, _, _ = docx_parts(uploaded.outputs["docx"])
    assert header == ""


def test_uploaded_report_shows_figures_attribution_and_lots(uploaded):
    table = uploaded.comparison.table
    expected = {format_metric(m, table.at[d, m]) for d in table.index for m in HEADLINE_METRICS}
    lots = [lot for score in uploaded.comparison.scores for lot in score.lots.index]
    assert PAYLOADS[1] in lots
    for fmt, text in texts(uploaded.outputs, uploaded.report).items():
        assert [v for v in expected if v not in text] == [], fmt
        assert OS_NOTICE in text and FILE_NAME in text and DESIGN_NAME in text, fmt
        # Lot names as typed, hostile ones included (the PDF and Word files hold plain text).
        assert [lot for lot in lots if lot not in text] == [], fmt
        # Only the Leeds women's centre (£5m, all of West Yorkshire) can prime, and only there.
        assert "no women's specialist could bid as prime in 41 of 42 lots" in text
        assert "no BAME specialist could bid as prime in 42 of 42 lots" in text


def test_html_report_is_inert_for_injection_payloads(uploaded):
    page = read_html(uploaded.outputs["html"])
    assert "script" not in page.tags and "svg" not in page.tags and "iframe" not in page.tags
    assert page.tags.count("img") == 2  # the two maps
    handlers = [(tag, name) for tag, name, _ in page.attributes if name.startswith("on")]
    assert handlers == []
    addresses = [value for _, name, value in page.attributes if name in ("src", "href", "action", "srcset")]
    assert addresses and all(value.startswith(("data:image/png;base64,", "data:application/json;base64,", "#"))
                             for value in addresses)
    csp = [value for tag, name, value in page.attributes if name == "content" and "default-src" in value]
    assert csp == [("default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; "
                   "base-uri 'none'; frame-ancestors 'none'")]
    shown = " ".join(page.text)
    for text in (FILE_NAME, DESIGN_NAME, PAYLOADS[1], PAYLOADS[6]):
        assert text in shown
    assert "jinja-ran" not in shown.replace(PAYLOADS[6], "")


def test_uploaded_report_reproduces_from_its_printed_command(uploaded, tmp_path, monkeypatch, capsys):
    from lotdesign.cli import main

    command = next(b.text for s in uploaded.report.sections if s.key == "reproduce" for b in s.blocks
                   if getattr(b, "caption", "") == "Command")
    # A custom design cannot be named on the command line: the command reads the attached scenario.
    assert command.startswith("lotdesign report --scenario lot_design_scenario.json --providers ")
    (tmp_path / SCENARIO_FILE_NAME).write_bytes(uploaded.report.attachments[SCENARIO_FILE_NAME])
    (tmp_path / FILE_NAME).write_bytes(UPLOADED_CSV)
    monkeypatch.chdir(tmp_path)
    words = shlex.split(command)
    assert words[-2:] == ["--out", "report.pdf"]
    assert main([*words[1:-1], "again.html"]) == 0
    again = read_html((tmp_path / "again.html").read_bytes())
    table = uploaded.comparison.table
    shown = " ".join(again.text)
    for metric in HEADLINE_METRICS:
        assert format_metric(metric, table.at["regions_payload", metric]) in shown
    assert uploaded.load.fingerprint in shown and WARNING_WORDS not in shown


# --- optional sections: robustness and awards --------------------------------------------------

TORNADO = pd.DataFrame({
    "assumption": ["Reach threshold 60% / 95%", "Turnover multiple 1× / 3×", "Budget £50m / £150m"],
    "low_gap": [0.31, 0.12, 0.20],
    "high_gap": [0.05, 0.26, 0.18],
})
CONTRACTS = pd.DataFrame({
    "contract_reference": ["IN0001-W", "IN0002-W"],
    "service": ["women", "women"],
    "extent": ["whole PCC area", "whole PCC area"],
    "area": ["West Yorkshire", "Avon and Somerset"],
    "prime_name": ["Example Women's Trust <b>", "Example Services Ltd"],
    "prime_sector": ["vcs", "private"],
    "prime_confidence": ["high", "medium"],
    "start_date": ["2021-06-26", "2021-07-01"],
    "n_subcontractors": [3, 0],
})


def test_optional_sections_render_in_every_format(demo):
    robustness = SimpleNamespace(sentence="42 PCC areas stays ahead in 27 of 27 combinations of assumptions.",
                                 tornado=TORNADO, break_even=pd.Series({"reach_threshold": 0.97}), win_shares=None)
    report = build_report(demo.comparison, demo.load, awards_contracts=CONTRACTS, awards_source="MoJ contract files, 2021",
                          robustness_result=robustness)
    keys = [s.key for s in report.sections]
    assert keys.index("robustness") == keys.index("headline") + 1 and "awards" in keys
    for fmt, text in texts(_outputs(report), report).items():
        assert robustness.sentence in text, fmt
        assert "Reach threshold 60% / 95%" in text and "+31 points" in text and "+5 points" in text, fmt
        assert "IN0001-W" in text and "Example Women's Trust <b>" in text and "26 Jun 2021" in text, fmt
        assert "2 Dynamic Framework contracts for women's services; 1 of them (50%) have a voluntary-sector prime" in text
        assert "Source: MoJ contract files, 2021" in text


def test_real_robustness_and_awards_read_back_in_the_report(demo):
    """The robustness result and the shipped award record, on a chosen day, feed the report as they are."""
    from lotdesign.awards.record import contracts_table
    from lotdesign.io.export import app_version
    from lotdesign.levers.robustness import robustness

    a, b = (demo.provider_set.context(d) for d in demo.designs[:2])
    result = robustness(a, b, demo.comparison.scores[0].params,
                        grid={"turnover_multiple": [1.5, 3.0], "reach_threshold": [0.6, 1.0]})
    report = build_report(demo.comparison, demo.load, include_awards=True, awards_as_of="2021-06-26",
                          robustness_result=result)
    html = _squash(" ".join(read_html(render_report(report, "html")).text))
    assert _squash(result.sentence) in html
    top = result.tornado.iloc[0]
    assert top["label"] in html and f"{100 * top['gap_high']:+.0f} points" in html
    service = demo.comparison.scores[0].params.service
    on_day_one = contracts_table(service, as_of="2021-06-26")
    n_vcs = int((on_day_one["prime_sector"] == "vcs").sum())
    assert f"{len(on_day_one)} Dynamic Framework contracts for" in html and "in force on 26 Jun 2021" in html
    assert f"; {n_vcs} of them" in html
    assert "nor the value of any contract" in html and "no contract values" in html
    assert "Contracts: real MoJ record" in html and f"Lot Design Explorer {app_version()}" in html
    assert "Conclusion changes at" in html and "Range searched" in html
    # The banner keeps the synthetic scoring apart from the real contracts.
    assert report.page_warning.startswith("Organisations in the scoring: SYNTHETIC DEMO DATA")
    assert "Contracts in 'What was actually awarded': real MoJ record." in report.page_warning


def test_awards_section_lists_withdrawn_contracts_apart():
    from lotdesign.awards.export import withdrawn_by
    from lotdesign.awards.record import contracts_table

    day = "2024-06-30"
    section = awards_section(contracts_table("ete", as_of=day), service_label="ETE", as_of=day,
                             withdrawn=withdrawn_by("ete", as_of=day), version="9.9")
    texts = [getattr(block, "text", "") for block in section.blocks]
    assert texts[0] == "No Dynamic Framework contracts for ete are recorded in force on 30 Jun 2024."
    (table,) = [block for block in section.blocks if isinstance(block, Table)]
    assert "Withdrawn" in table.caption and len(table.rows) == 11
    assert any("Lot Design Explorer 9.9" in text for text in texts)


def test_section_builders_name_missing_columns():
    with pytest.raises(ValueError, match=r"lacks columns \['high_gap'\]"):
        robustness_section("s", TORNADO.drop(columns="high_gap"))
    with pytest.raises(ValueError, match=r"lacks columns \['prime_confidence'\]"):
        awards_section(CONTRACTS.drop(columns="prime_confidence"), service_label="Women's services")
    assert "No Dynamic Framework contracts" in awards_section(CONTRACTS.iloc[:0], service_label="Women's services").blocks[0].text


def test_cli_writes_each_format_and_refuses_others(tmp_path, capsys):
    from lotdesign.cli import main

    assert main(["report", "--designs", "pcc42,regions12", "--service", "women", "--out", str(tmp_path / "r.txt")]) == 1
    assert "use a .html, .pdf or .docx file name" in capsys.readouterr().err
    assert main(["report", "--designs", "nps7", "--service", "ete", "--out", str(tmp_path / "r.docx")]) == 0
    out = capsys.readouterr()
    assert "Wrote" in out.out and "[ 10%] Drawing the map of 7 NPS divisions (2014)" in out.err
    header, body, _ = docx_parts((tmp_path / "r.docx").read_bytes())
    assert WARNING_WORDS in header and "Education, training and employment" in body
    assert "lotdesign report --designs nps7 --service ete --out r.docx" in body
    # The real record on the default day (today) is included for the same service: every regional
    # ETE contract stopped taking referrals on 2023-12-31, so none is in force and they are listed apart.
    assert "What was actually awarded" in body
    assert "No Dynamic Framework contracts for education, training and employment are recorded in force on" in body
    assert "Withdrawn from the referral catalogue by then" in body and "PRJ_5466" in body
    assert "--awards-as-of" in body  # the reproduce line names the day of the record


# --- the app's button -------------------------------------------------------------------------------

def test_app_builds_the_report_in_the_chosen_format():
    from docx import Document

    from tests.test_app import run_app
    from ui import report_panel, state

    at = run_app(**{state.TAB: "Save and download", state.SERVICE: "women"})
    assert at.radio(key=report_panel.FORMAT).options == ["PDF", "Word (.docx)", "Web page (.html, works offline)"]
    at.radio(key=report_panel.FORMAT).set_value("docx").run()
    at.button(key="evidence_pack_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    fmt, view, data = at.session_state[report_panel.BUILT]
    assert fmt == "docx" and view == state.scenario_json(at.session_state)
    document = Document(io.BytesIO(data))
    assert WARNING_WORDS in document.sections[0].header.paragraphs[0].text
    assert document.paragraphs[0].text == "Lot design evidence pack: Women's services"
    assert "Built from the synthetic demo data: every page of the report says so." in [c.value for c in at.caption]
    # Another format asks for a new build rather than offering the Word file under another name.
    at.radio(key=report_panel.FORMAT).set_value("pdf").run()
    assert "The view or the format has changed since the last report: build it again." in [c.value for c in at.caption]


def test_report_benchmark_returns_its_figures(uploaded):
    import math
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_report

    provider_set = build_provider_set(uploaded.load)
    result = bench_report.bench_report(provider_set, ("nps7",), "ete")
    for name in ("report_s", "report_warm_s", "score_two_designs_s", "report_vs_score"):
        assert math.isfinite(result[name]) and result[name] > 0, name
    assert result["report_s"] >= result["cold"]["pdf_s"] + result["cold"]["build_s"]
    assert set(result["cold"]["bytes"]) == {"html", "pdf", "docx"} and min(result["cold"]["bytes"].values()) > 10_000
