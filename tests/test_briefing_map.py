"""The standalone HTML map for a briefing: a title, the headline figures, a popup for every lot,
every script inlined (no network), user text escaped."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from lotdesign.core.compare import compare_designs, format_metric
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.workspace import load_provider_set
from ui import maps
from ui.briefing_map import briefing_map_html, popup_html


@pytest.fixture(scope="module")
def briefing():
    demo = load_provider_set()
    params = ScoringParams(service="women")
    result = compare_designs(demo.providers, demo.reach, [get_design("pcc42"), get_design("regions12")], params)
    return demo, result, params


def test_title_headline_figures_and_popups(briefing):
    demo, result, params = briefing
    page = briefing_map_html(demo, result, params, "specialist_prime_coverage_women", background=False)
    assert "<h1>Women&#x27;s services: 42 PCC areas vs 12 probation regions (2021)</h1>" in page
    assert "Synthetic demo data — not real organisations" in page
    women = format_metric("specialist_prime_coverage_women", result.table.at["regions12", "specialist_prime_coverage_women"])
    assert re.search(r"Women reached by a prime-eligible women&#x27;s specialist</th><td>[^<]+</td><td>"
                     + re.escape(women) + "</td>", page)
    popups = json.loads(re.search(r"\}\)\((\{\"Avon and Somerset\".*?\})\);", page).group(1))
    assert len(popups) == 42 and "West Yorkshire" in popups["West Yorkshire"]
    assert "bindPopup" in page and not re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=", page)
    assert json.dumps(maps.map_attribution())[1:-1] in page  # as written into the map's script


def test_popup_text_is_escaped(briefing):
    _, result, _ = briefing
    score = result.scores[0]
    renamed = score.lots.rename(index={"Kent": "<img src=x onerror=alert(1)>"})
    score = dataclasses.replace(score, lots=renamed)
    html = popup_html(score, "<img src=x onerror=alert(1)>")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
