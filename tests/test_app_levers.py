"""The "Levers and robustness" tab, driven headless with AppTest on the synthetic demo data.

Expected figures are computed here straight from the library and compared with the page.
"""

from __future__ import annotations

import json

import pytest

from apptest_helpers import open_app_on_tab, text
from lotdesign.levers.consortia import consortium_bids
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.levers.robustness import robustness
from lotdesign.importing.workspace import load_provider_set
from ui import levers_tab, state

TAB = "Levers and robustness"


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


@pytest.fixture(scope="module")
def womens_tab():
    """The tab for women's services, 42 PCC areas vs 12 regions (the levers on 12 regions)."""
    return open_app_on_tab(TAB, timeout=120, **{state.SERVICE: "women"})


def test_consortia_for_womens_services_under_12_regions(womens_tab, demo):
    at = womens_tab
    assert at.selectbox(key=levers_tab.DESIGN).value == "regions12"
    expected = consortium_bids(demo.context(get_design("regions12")), ScoringParams(service="women")).summary
    before, after = expected.loc["without consortia"], expected.loc["with consortia"]
    metrics = {text(m.label): m for m in at.metric}
    local = metrics[levers_tab.LOCAL_LABEL]
    assert local.value == f"{int(after['n_lots_locally_contestable'])} of 12"
    gained = int(after["n_lots_locally_contestable"] - before["n_lots_locally_contestable"])
    assert gained > 0  # on the demo data, consortia open lots to locally led bids
    assert local.delta == f"{gained} through consortia"
    page = "\n".join(text(m.value) for m in at.markdown)
    assert "Under 12 probation regions (2021), letting up to 3 voluntary organisations" in page


def test_members_rule_is_wired(womens_tab, demo):
    at = womens_tab
    at.slider(key=levers_tab.SIZE).set_value(1).run()
    assert not at.exception
    local = {text(m.label): m for m in at.metric}[levers_tab.LOCAL_LABEL]
    assert local.delta == "0 through consortia"
    at.slider(key=levers_tab.SIZE).set_value(3).run()


def test_grant_pot_and_specialist_lots(womens_tab):
    at = womens_tab
    page = "\n".join(text(m.value) for m in at.markdown)
    assert "ring-fencing 10% of the women's services budget (£1.3m a year) as grants of up to £20k" in page
    at.radio(key=levers_tab.SPECIALISM).set_value("bame").run()
    assert not at.exception
    page = "\n".join(text(m.value) for m in at.markdown)
    assert "in BAME-specialist lots on the same lots" in page


def test_robustness_sentence_and_tornado(womens_tab, demo):
    at = womens_tab
    expected = robustness(demo.context(get_design("pcc42")), demo.context(get_design("regions12")),
                          ScoringParams(service="women"))
    assert any(text(s.value) == expected.sentence for s in at.success)
    assert "of the 1,750 assumption combinations tried" in expected.sentence
    # The tornado chart: one bar per assumption, widest swing first.
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1, "one tornado chart"
    spec = json.loads(charts[0].proto.spec)
    assert spec["title"] == "Which assumption moves the gap most"
    # Bars sorted widest swing first, as the library's tornado table.
    assert spec["layer"][0]["encoding"]["y"]["sort"] == list(expected.tornado["label"])


def test_edited_range_and_bad_range(womens_tab):
    at = womens_tab
    at.text_input(key=levers_tab.RANGE_KEYS["turnover_multiple"]).set_value("2, 3").run()
    assert not at.exception
    assert any("of the 500 assumption combinations tried" in text(s.value) for s in at.success)
    at.text_input(key=levers_tab.RANGE_KEYS["turnover_multiple"]).set_value("two").run()
    assert any("is not a list of numbers" in text(e.value) for e in at.error)
