"""The HTML evidence pack in a real browser with no network: complete, offline and inert.

Two reports are opened from disk in chromium with every request that is not to this machine
(or a local file) blocked: the demo data comparing 42 PCC areas with the 12 probation regions,
and a small uploaded list on a custom design whose lot names, design name and file name are the
whole script-injection corpus. Each must show the headline figures as the library formats
them, the synthetic warning only for the demo data, the attribution and every lot (the
hostile names literally, character for character); the maps must load (from data URIs), no
request may be made at all, no dialog may open and no payload may set its flag.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _browser import NOT_LOCAL_OR_FILE, OfflineSession
from test_xss_browser import PAYLOADS

from geo.units import load_units
from lotdesign.core.compare import HEADLINE_METRICS, compare_designs, format_metric
from lotdesign.core.designs import design_from_table, get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.providers import load_providers
from lotdesign.report import build_report, render_report
from lotdesign.importing.workspace import build_provider_set, load_provider_set

pytestmark = pytest.mark.e2e

OS_NOTICE = "Contains OS data © Crown copyright and database right 2024"
WARNING_WORDS = "SYNTHETIC DEMO DATA"
FILE_NAME = " ".join(PAYLOADS[12:16]) + ".csv"
DESIGN_NAME = " ".join(PAYLOADS[16:20])
UPLOADED_CSV = (
    b"name,postcode,income_gbp,specialisms,service_area,sector\n"
    b"Leeds Women's Centre,LS1 4DY,5000000,women,West Yorkshire,vcs\n"
    b"Cardiff Futures,CF10 1EP,250000,bame,Cardiff,vcs\n"
    b"Big Services Ltd,SW1A 1AA,50000000,,national,private\n"
)


def _payload_design():
    units = load_units()
    lot = get_design("regions12").unit_to_lot.groupby(units["pfa_code"]).first()
    names = dict(zip(sorted(lot.unique()), PAYLOADS[:12]))
    table = pd.DataFrame({"pfa_code": lot.index, "lot": lot.map(names).to_numpy()})
    return design_from_table(table, design_id="regions_payload", name=DESIGN_NAME)


def _report(provider_set, designs, tmp_path, name):
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, ScoringParams(service="women"))
    path = tmp_path / name
    path.write_bytes(render_report(build_report(comparison, provider_set.load), "html"))
    return comparison, path


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    demo = _report(load_provider_set(), [get_design("pcc42"), get_design("regions12")], folder, "demo.html")
    uploaded_set = build_provider_set(load_providers(UPLOADED_CSV, source_name=FILE_NAME))
    uploaded = _report(uploaded_set, [get_design("pcc42"), _payload_design()], folder, "uploaded.html")
    return {"demo": demo, "uploaded": uploaded}


def _open(browser, path):
    session = OfflineSession(browser, block=NOT_LOCAL_OR_FILE)
    requests: list[str] = []
    session.context.on("request", lambda request: requests.append(request.url))
    page = session.new_page(path.as_uri(), wait_for="h1")
    page.wait_for_load_state("load")
    return session, page, requests


@pytest.mark.parametrize("which", ["demo", "uploaded"])
def test_report_opens_offline_and_shows_everything(browser, reports, which):
    comparison, path = reports[which]
    session, page, requests = _open(browser, path)
    try:
        body = page.inner_text("body")
        table = comparison.table
        missing = [format_metric(m, table.at[d, m]) for d in table.index for m in HEADLINE_METRICS
                   if format_metric(m, table.at[d, m]) not in body]
        assert missing == []
        assert comparison.sentences[0] in body
        assert OS_NOTICE in body
        lots = [lot for score in comparison.scores for lot in score.lots.index]
        assert [lot for lot in lots if lot not in body] == []
        if which == "demo":
            assert WARNING_WORDS in body
            # The banner stays in view while reading (sticky), and is fixed on every printed page.
            page.mouse.wheel(0, 6000)
            assert page.locator(".page-warning").is_visible()
            assert page.evaluate("() => window.scrollY") > 1000
            top = page.evaluate("() => document.querySelector('.page-warning').getBoundingClientRect().top")
            assert abs(top) < 1
        else:
            assert WARNING_WORDS not in body
            assert FILE_NAME in body and DESIGN_NAME in body
        # Both maps (and any chart) are drawn from data URIs.
        widths = page.evaluate("() => [...document.images].map(i => i.complete ? i.naturalWidth : 0)")
        assert len(widths) == 2 and all(w > 500 for w in widths)
        assert page.evaluate("() => document.querySelectorAll('script, iframe, object, embed').length") == 0
        assert page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on')).length") == 0
        page.mouse.move(300, 300)
        page.hover("table >> nth=0")
        assert page.evaluate("() => window.top.__xss") is None
        assert session.dialogs == [] and session.blocked == []
        assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    finally:
        session.close()
