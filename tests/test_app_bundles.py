"""The app with bundled services: the sidebar's 2027 bundle, the first-screen patterns panel and
presentation mode, driven headless with AppTest; figures are recomputed from the library."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lotdesign.core.designs import get_design
from lotdesign.core.params import BUNDLES, ScoringParams, notice_budget_presets
from lotdesign.importing.workspace import load_provider_set
from lotdesign.levers.bundling import pattern_comparison
from ui import bundles_panel, state

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CSM = BUNDLES["community_support_men_2027"]


def _html_with(at: AppTest, marker: str) -> str:
    return next(element.proto.body for element in at.get("html") if marker in element.proto.body)


def _title(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", at.title[0].value)


def test_the_2027_bundle_button_sets_the_bundle_scope_and_designs_and_shows_both_patterns():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    next(b for b in at.button if b.label == "Community Support for Men 2027 bundle").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.BUNDLE] == list(CSM)
    assert at.session_state[state.SCOPE] == "England and Wales except Greater Manchester"
    assert _title(at) == ("Community Support for Men 2027 (every service but women's): 42 PCC areas vs "
                          "Community Support for Men 2027 — lots assumed")
    assert at.selectbox(key=state.SERVICE).disabled
    shown = _html_with(at, "lde-pattern")
    demo = load_provider_set()
    params = ScoringParams(services=CSM, scope="England and Wales except Greater Manchester")
    expected = pattern_comparison(demo.context(get_design("pcc42")), demo.context(get_design("csm2027_assumed")), params)
    assert shown == bundles_panel.pattern_html(expected).strip()
    b = expected.table["2027 pattern"]
    assert f"<td class='n'>{int(b['n_lots_locally_lead_alone'])} of 11 (" in shown
    assert "only the money (turnover) and reach tests were applied" in " ".join(c.value for c in at.caption)
    assert any("lots assumed" in i.value for i in at.info)


def test_a_budget_preset_from_the_notice_sets_the_budget():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.selectbox(key="budget_preset").set_value("notice_8y").run()
    assert not at.exception
    expected = next(p["budget_gbp"] for p in notice_budget_presets() if p["key"] == "notice_8y")
    assert at.session_state[state.BUDGET_M] == round(expected / 1e6, 3) == 89.005


def test_presentation_mode_with_a_bundle_has_the_patterns_screen():
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.BUNDLE] = list(CSM)
    at.session_state[state.SCOPE] = "England and Wales except Greater Manchester"
    at.session_state[state.COMPARE_DESIGNS] = ["csm2027_assumed"]
    at.query_params["present"] = "1"
    at.query_params["step"] = "6"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _title(at).startswith("Bundled lots: the 2021 pattern")
    assert "2027 pattern" in _html_with(at, "lde-pattern")
    at.button(key="present_next").click().run()
    assert _title(at) == "Assumptions and data"


def test_stated_services_show_the_leads_gaps_in_the_app(tmp_path):
    """A member list with a services column: the panel names each possible lead's gap."""
    path = tmp_path / "members.csv"
    path.write_text(
        "Organisation name,Postcode,Income,Areas of operation,Services delivered\n"
        "North East Housing Trust,NE1 4ST,40000000,national,housing; employment\n"
        "Leeds Complete Support,LS1 4DY,60000000,national,accommodation; ete; finance_benefit_debt; "
        "dependency_recovery; personal_wellbeing\n"
    )
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PENDING_PROVIDERS] = (path.read_bytes(), "members.csv")
    at.session_state[state.BUNDLE] = list(CSM)
    at.session_state[state.SCOPE] = "England and Wales except Greater Manchester"
    at.session_state[state.COMPARE_DESIGNS] = ["csm2027_assumed"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    expander = next(e for e in at.expander if e.label.startswith("Possible leads with a service gap"))
    gaps = expander.dataframe[0].value
    # £40m income passes every regional lot at £100m (largest lot £12.8m × 2); it lacks three services.
    assert set(gaps["Organisation"]) == {"North East Housing Trust"} and len(gaps) == 11
    assert set(gaps["Services it does not deliver itself"]) == {
        "Finance, benefit and debt, Dependency and recovery, Personal wellbeing"}
