"""The Streamlit app, driven headless with AppTest: defaults, design switching, uploads, scenarios.

Expected figures are computed here independently, straight from the library, and compared with
what the page shows. Uploads are fed through the same queue the file uploaders fill
(``st.session_state["pending_*_upload"] = (bytes, name)``), since AppTest cannot drive a file
picker; the handlers under test are the app's own.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, page_text, text
from lotdesign.core.compare import compare_designs, format_metric
from lotdesign.core.designs import builtin_design_ids, get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.scenario import scenario_from_json
from lotdesign.importing.workspace import load_provider_set
from ui import format as fmt
from ui import state
from ui.compare_tab import COMPARISON_METRICS


def compare_heading(at: AppTest) -> str:
    """The *Compare designs* tab's heading (markdown escapes removed)."""
    return next(text(h.value) for h in at.subheader if " compared with " in text(h.value))


def metrics_by_design(at: AppTest) -> dict[str, list[str]]:
    """Headline values on the page, per design label (markdown escapes removed), in page order."""
    values: dict[str, list[str]] = {}
    for metric in at.metric:
        values.setdefault(text(metric.label), []).append(metric.value)
    return values


@pytest.fixture(scope="module")
def demo():
    """The demo provider set, loaded independently of the app's cache."""
    return load_provider_set()


def expected_headlines(demo, design_ids, params=None) -> dict[str, list[str]]:
    designs = [get_design(d) for d in design_ids]
    comparison = compare_designs(demo.providers, demo.reach, designs, params or ScoringParams())
    return {
        d.label: [format_metric(m, comparison.table.at[d.id, m]) for m in COMPARISON_METRICS] for d in designs
    }


def run_app(**session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    at.session_state[state.TAB] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- default view ---------------------------------------------------------------------------------

def test_opens_on_demo_data_with_banner_and_42_vs_12(demo):
    at = run_app()
    assert any("Synthetic demo data — not real organisations" in w.value for w in at.warning)
    assert compare_heading(at) == "42 PCC areas compared with 12 probation regions (2021)"
    assert metrics_by_design(at) == expected_headlines(demo, ["pcc42", "regions12"])
    # Differences are shown for the compared design only, against the main one.
    deltas = {text(m.label): m.delta for m in at.metric if m.delta}
    assert set(deltas) == {"12 probation regions (2021)"}
    # Plain-English sentences come from the library.
    sentences = [text(m.value) for m in at.markdown if text(m.value).startswith("- For ")]
    assert sentences and "under 42 PCC areas" in sentences[0] and "under 12 probation regions (2021)" in sentences[0]


def test_every_parameter_source_is_shown():
    at = run_app()
    shown = at.table[0].value.to_string() if at.table else ""
    from lotdesign.core.params import SOURCES

    for source in SOURCES.values():
        assert source[:40] in shown


def test_switching_the_design_changes_the_headline_figures(demo):
    at = run_app()
    before = metrics_by_design(at)["42 PCC areas"]
    at.selectbox(key=state.MAIN_DESIGN).select("cpa21").run()
    assert not at.exception
    shown = metrics_by_design(at)
    expected = expected_headlines(demo, ["cpa21", "regions12"])
    assert shown == expected
    assert "42 PCC areas" not in shown
    changed = [m for m, a, b in zip(COMPARISON_METRICS, before, shown["21 contract package areas (2014)"]) if a != b]
    assert "median_value_gbp" in changed and len(changed) >= 3


def test_choosing_the_compared_design_as_main_swaps_them():
    at = run_app()
    at.selectbox(key=state.MAIN_DESIGN).select("regions12").run()
    assert at.session_state[state.COMPARE_DESIGNS] == ["pcc42"]
    assert compare_heading(at) == "12 probation regions (2021) compared with 42 PCC areas"


def test_a_single_design_shows_its_figures_and_asks_for_another():
    at = run_app()
    at.multiselect(key=state.COMPARE_DESIGNS).set_value([]).run()
    assert not at.exception
    assert set(metrics_by_design(at)) == {"42 PCC areas"}
    assert any("Compare it with" in i.value for i in at.info)


def test_inferred_design_carries_its_label():
    at = run_app()
    at.selectbox(key=state.MAIN_DESIGN).select("proposal11_2018").run()
    assert "2018 proposal: 10 English areas + Wales (inferred)" in metrics_by_design(at)
    assert any("inferred" in text(i.value) for i in at.info)


def test_parameters_change_the_figures(demo):
    at = run_app()
    at.slider(key=state.TURNOVER).set_value(4.0).run()
    at.selectbox(key=state.SERVICE).select("women").run()
    params = ScoringParams(service="women", turnover_multiple=4.0)
    assert metrics_by_design(at) == expected_headlines(demo, ["pcc42", "regions12"], params)


# --- uploads ----------------------------------------------------------------------------------------

BAD_ROWS_CSV = (
    b"name,postcode,income_gbp\n"
    b"Unknown Postcode Trust,ZZ9 9ZZ,1000\n"
    b"Edinburgh Futures,EH1 1YZ,1000\n"
)
NO_NAME_CSV = b"organisation_ref,postcode,income_gbp\nA1,LS1 4DY,50000\n"


def test_upload_with_only_bad_rows_shows_each_row_and_keeps_demo_data(demo):
    at = run_app(**{state.TAB: "Organisations"})
    at.session_state[state.PENDING_PROVIDERS] = (BAD_ROWS_CSV, "bad_rows.csv")
    at.run()
    assert not at.exception
    errors = "\n".join(text(e.value) for e in at.error)
    assert "No organisation in bad_rows.csv could be used" in errors
    assert "Row 2 (postcode): 'ZZ9 9ZZ' is not a postcode in England or Wales" in errors
    assert "Row 3 (postcode): 'EH1 1YZ' is outside England and Wales" in errors
    assert "provider_set" not in at.session_state  # the demo data stay in use
    assert any("Synthetic demo data" in w.value for w in at.warning)
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejected["source_row"]) == [2, 3]


def test_upload_without_a_name_column_shows_the_problem_list():
    at = run_app(**{state.TAB: "Organisations"})
    at.session_state[state.PENDING_PROVIDERS] = (NO_NAME_CSV, "no_name.csv")
    at.run()
    errors = "\n".join(text(e.value) for e in at.error)
    assert "The provider file is missing required columns; nothing was loaded." in errors
    assert "No organisation name column" in errors
    assert "provider_set" not in at.session_state


def test_good_upload_replaces_the_data_and_a_later_failure_keeps_it():
    csv = (
        b"name,postcode,income_gbp,specialisms,service_area\n"
        b"Leeds Women's Centre,LS1 4DY,450000,women,Leeds\n"
        b"Cardiff Futures,CF10 1EP,2500000,bame,national\n"
        b"Unknown Postcode Trust,ZZ9 9ZZ,1000,,\n"
    )
    at = run_app(**{state.TAB: "Organisations"})
    at.session_state[state.PENDING_PROVIDERS] = (csv, "mine.csv")
    at.run()
    assert not at.exception
    assert at.session_state["provider_set"].load.n_accepted == 2
    shown = page_text(at)
    assert "3 rows read: 2 accepted, 1 rejected" in shown
    assert "Row 4 (postcode): 'ZZ9 9ZZ'" in shown
    assert not any("Synthetic demo data" in w.value for w in at.warning)
    fingerprint = at.session_state["provider_set"].load.fingerprint
    at.session_state[state.PENDING_PROVIDERS] = (NO_NAME_CSV, "no_name.csv")
    at.run()
    assert at.session_state["provider_set"].load.fingerprint == fingerprint
    assert "No organisation name column" in "\n".join(text(e.value) for e in at.error)


def test_custom_design_is_validated_then_scored_and_compared(demo):
    from ui.design_tab import example_design_table

    table = example_design_table("regions12")
    merged = table.assign(lot=table["lot"].replace({"Wales": "South West and Wales", "South West": "South West and Wales"}))
    at = run_app(**{state.TAB: "Your own lot design"})
    at.session_state[state.PENDING_DESIGN] = (merged.to_csv(index=False).encode(), "eleven_lots.csv")
    at.run()
    assert not at.exception
    assert at.session_state[state.MAIN_DESIGN] == "custom1"
    assert at.session_state[state.COMPARE_DESIGNS][0] == "pcc42"
    design = at.session_state["custom_designs"]["custom1"]
    assert design.n_lots == 11
    assert any("Loaded “eleven_lots”: 11 lots" in text(s.value) for s in at.success)
    open_tab(at, "Compare designs")
    shown = metrics_by_design(at)
    comparison = compare_designs(demo.providers, demo.reach, [design], ScoringParams())
    assert shown["eleven_lots"] == [format_metric(m, comparison.table.at["custom1", m]) for m in COMPARISON_METRICS]
    open_tab(at, "Map")  # mapped like the built-ins


def test_invalid_custom_design_lists_every_problem():
    csv = b"pfa_name,lot\nKent,South East\nNarnia,Elsewhere\nKent,Twice\n"
    at = run_app(**{state.TAB: "Your own lot design"})
    at.session_state[state.PENDING_DESIGN] = (csv, "broken.csv")
    at.run()
    errors = "\n".join(text(e.value) for e in at.error)
    assert "Row 3: 'Narnia' is not a known police force area" in errors
    assert "Row 4: Kent is listed twice (rows 2 and 4)" in errors
    assert "Missing from the design" in errors
    assert at.session_state[state.MAIN_DESIGN] == "pcc42" and not at.session_state["custom_designs"]


# --- scenarios --------------------------------------------------------------------------------------

def test_scenario_round_trips_to_the_same_view():
    at = run_app()
    at.selectbox(key=state.MAIN_DESIGN).select("regions12").run()
    at.multiselect(key=state.COMPARE_DESIGNS).select("cpa21").run()
    at.selectbox(key=state.SERVICE).select("women").run()
    at.number_input(key=state.BUDGET_M).set_value(150.0).run()
    at.slider(key=state.TURNOVER).set_value(3.0).run()
    at.slider(key=state.REACH_PCT).set_value(70).run()
    at.radio(key=state.SCOPE).set_value("England").run()
    assert not at.exception
    saved = state.scenario_json(at.session_state)
    params = state.current_params(at.session_state)
    assert params == ScoringParams(service="women", national_budget_gbp=150e6, turnover_multiple=3.0,
                                   reach_threshold=0.7, scope="England")
    before = metrics_by_design(at)

    fresh = run_app(**{state.TAB: "Save and download"})
    fresh.session_state[state.PENDING_SCENARIO] = (saved.encode(), "view.json")
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state[state.MAIN_DESIGN] == "regions12"
    assert fresh.session_state[state.COMPARE_DESIGNS] == ["pcc42", "cpa21"]
    assert state.current_params(fresh.session_state) == params
    assert scenario_from_json(saved).params == params
    assert any("Restored the view saved in view.json" in text(s.value) for s in fresh.success)
    assert not any("different organisation data" in w.value for w in fresh.warning)
    open_tab(fresh, "Compare designs")
    assert metrics_by_design(fresh) == before


def test_scenario_with_other_provider_data_warns():
    at = run_app()
    payload = json.loads(state.scenario_json(at.session_state))
    payload["providers"]["fingerprint"] = "0000000000000000"
    payload["providers"]["source"] = "their_providers.csv"
    fresh = run_app(**{state.TAB: "Save and download"})
    fresh.session_state[state.PENDING_SCENARIO] = (json.dumps(payload).encode(), "theirs.json")
    fresh.run()
    assert any("different organisation data (their_providers.csv)" in text(w.value) for w in fresh.warning)


def test_scenario_with_a_custom_design_restores_it():
    from ui.design_tab import example_design_table

    at = run_app()
    at.session_state[state.PENDING_DESIGN] = (example_design_table("nps7").to_csv(index=False).encode(), "seven.csv")
    at.run()
    saved = state.scenario_json(at.session_state)
    fresh = run_app()
    fresh.session_state[state.PENDING_SCENARIO] = (saved.encode(), "custom.json")
    fresh.run()
    assert not fresh.exception
    main = fresh.session_state[state.MAIN_DESIGN]
    restored = fresh.session_state["custom_designs"][main]
    assert restored.n_lots == 7 and restored.name == "seven"
    assert dict(restored.unit_to_lot) == dict(get_design("nps7").unit_to_lot)


def test_broken_scenario_file_is_a_clear_error():
    at = run_app(**{state.TAB: "Save and download"})
    at.session_state[state.PENDING_SCENARIO] = (b"{not json", "broken.json")
    at.run()
    assert any("not valid JSON" in e.value for e in at.error)


# --- failed and oversized uploads keep what was loaded before ------------------------------------------

CORRUPT_XLSX = b"PK\x03\x04garbage"
GOOD_PROVIDERS_CSV = (
    b"name,postcode,income_gbp,specialisms,service_area\n"
    b"Leeds Women's Centre,LS1 4DY,450000,women,Leeds\n"
    b"Cardiff Futures,CF10 1EP,2500000,bame,national\n"
)


def _good_scenario() -> bytes:
    at = run_app()
    at.selectbox(key=state.MAIN_DESIGN).select("regions12").run()
    at.multiselect(key=state.COMPARE_DESIGNS).select("cpa21").run()
    at.selectbox(key=state.SERVICE).select("women").run()
    return state.scenario_json(at.session_state).encode()


def _view_of(at: AppTest) -> tuple:
    """What a failed upload must leave alone: the data, the designs, the parameters and the figures."""
    pset = at.session_state["provider_set"] if "provider_set" in at.session_state else None  # noqa: SIM401 (no .get)
    return (id(pset), dict(at.session_state["custom_designs"]), at.session_state[state.MAIN_DESIGN],
            list(at.session_state[state.COMPARE_DESIGNS]), state.current_params(at.session_state))


@pytest.mark.parametrize(
    "queue, tab, good, bad, message",
    [
        (state.PENDING_PROVIDERS, "Organisations", (GOOD_PROVIDERS_CSV, "mine.csv"), (CORRUPT_XLSX, "x.xlsx"),
         "The Excel file is corrupt (not a valid .xlsx)"),
        (state.PENDING_DESIGN, "Your own lot design", None, (CORRUPT_XLSX, "design.xlsx"),
         "The Excel file is corrupt (not a valid .xlsx)"),
        (state.PENDING_SCENARIO, "Save and download", None, (CORRUPT_XLSX, "view.json"), "The scenario file is not"),
    ],
    ids=["providers", "design", "scenario"],
)
def test_a_corrupt_file_after_a_good_one_keeps_the_good_one(queue, tab, good, bad, message):
    from ui.design_tab import example_design_table

    if good is None:
        good = ((example_design_table("nps7").to_csv(index=False).encode(), "seven.csv") if queue == state.PENDING_DESIGN
                else (_good_scenario(), "view_good.json"))
    at = run_app(**{state.TAB: tab})
    at.session_state[queue] = good
    at.run()
    assert not at.exception and not at.error
    before, figures = _view_of(at), metrics_by_design(open_tab(at, "Compare designs"))
    assert before != _view_of(run_app())  # the good file did change the view
    at.session_state[state.TAB] = tab
    at.session_state[queue] = bad
    at.run()
    assert not at.exception
    assert any(message in text(e.value) for e in at.error), [e.value for e in at.error]
    assert _view_of(at) == before
    assert metrics_by_design(open_tab(at, "Compare designs")) == figures


def test_upload_limit_is_25_mb_in_the_server_settings_and_the_library():
    from lotdesign.io.tables import MAX_FILE_BYTES
    from ui.serve import SERVER_SETTINGS, server_flags

    assert SERVER_SETTINGS["server.maxUploadSize"] == 25
    assert "--server.maxUploadSize=25" in server_flags()
    # Streamlit counts an upload MB as 2**20 bytes; the library's own limit is the same size.
    assert MAX_FILE_BYTES == SERVER_SETTINGS["server.maxUploadSize"] * 2**20


@pytest.mark.parametrize(
    "queue, tab, message",
    [
        (state.PENDING_PROVIDERS, "Organisations", "The file is 25.1 MB; the limit is 25 MB."),
        (state.PENDING_DESIGN, "Your own lot design", "The file is 25.1 MB; the limit is 25 MB."),
        (state.PENDING_SCENARIO, "Save and download", "The scenario file is larger than 5 MB"),
    ],
    ids=["providers", "design", "scenario"],
)
def test_a_file_over_the_limit_is_refused_with_a_message(queue, tab, message):
    """Streamlit refuses browser uploads over maxUploadSize; the handlers refuse them too (files
    reaching them another way), with the project's message, before reading a byte of content."""
    from lotdesign.io.tables import MAX_FILE_BYTES

    big = b"name,postcode,income_gbp\n" + b"x" * (MAX_FILE_BYTES + 64 * 1024)
    at = run_app(**{state.TAB: tab})
    at.session_state[queue] = (big, "big.csv" if queue != state.PENDING_SCENARIO else "big.json")
    at.run()
    assert not at.exception
    assert any(message in text(e.value) for e in at.error), [e.value for e in at.error]
    assert "provider_set" not in at.session_state and not at.session_state["custom_designs"]
    assert any("Synthetic demo data" in w.value for w in at.warning)


# --- the other tabs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tab", ["Map", "Organisations", "Your own lot design", "Save and download", "How the figures work"])
def test_every_tab_draws_without_error(tab):
    at = run_app(**{state.TAB: tab})
    assert at.session_state[state.TAB] == tab
    assert any("Synthetic demo data" in w.value for w in at.warning)


def test_clicked_lot_shows_its_figures_and_organisations(demo):
    at = run_app(**{state.TAB: "Map", "selection": ("lot", "Kent")})
    assert any('class="lde-detail-title">Kent<' in m.value for m in at.markdown)
    score = compare_designs(demo.providers, demo.reach, [get_design("pcc42")], ScoringParams()).scores[0]
    facts = at.table[0].value["Value"]
    assert facts["Voluntary organisations that could bid as prime"] == f"{int(score.lots.at['Kent', 'n_vcs_prime_eligible']):,}"
    assert facts["Annual lot value"] == format_metric("value_gbp", score.lots.at["Kent", "value_gbp"])
    organisations = next(d.value for d in at.dataframe if "Could bid as prime" in d.value.columns)
    assert (organisations["Could bid as prime"] == "Yes").sum() == score.lots.at["Kent", "n_vcs_prime_eligible"] + \
        score.lots.at["Kent", "n_other_prime_eligible"]


def test_clicked_organisation_shows_where_it_could_bid():
    at = run_app(**{state.TAB: "Map", "selection": ("provider", "SYN-00002")})
    table = next(d.value for d in at.dataframe if "Design" in d.value.columns)
    assert list(table["Design"])[:2] == ["42 PCC areas", "12 probation regions (2021)"]
    assert len(table) == len(builtin_design_ids())  # one row per built-in design
    lines = next(text(m.value) for m in at.markdown if text(m.value).startswith("- **42 PCC areas**"))
    assert "for its home lot" in lines and "Could bid for" in lines


def test_background_map_switch_keeps_the_page_working():
    at = run_app(**{state.TAB: "Map", state.BACKGROUND: True})
    assert at.session_state[state.BACKGROUND] is True


def test_the_map_uses_only_the_apps_own_scripts_and_exports_offline(demo):
    from lotdesign.io.export import map_html
    from ui import map_tab, maps

    score = compare_designs(demo.providers, demo.reach, [get_design("regions12")], ScoringParams()).scores[0]
    fmap = map_tab.build(demo, score, "prime_coverage", background=False, asset_base=maps.asset_base_url(""))
    page = fmap.get_root().render()
    links = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"([^\"]+)", page)
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert "tile.openstreetmap.org" not in page  # no background tiles unless switched on
    standalone = map_html(map_tab.build(demo, score, "prime_coverage", background=False, asset_base="/x"))
    assert not re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=", standalone)
    for words in (maps.map_attribution(), "Synthetic demo data — not real organisations"):
        assert json.dumps(words)[1:-1] in standalone  # as written into the page's script
    assert standalone.count('"kind": "lot"') == 12


def test_map_text_is_escaped():
    from ui import maps

    lots, _ = maps.lot_collection(
        {"<img src=x onerror=alert(1)>": {"type": "Point", "coordinates": [0, 51]}},
        __import__("pandas").Series({"<img src=x onerror=alert(1)>": 0.5}),
        "prime_coverage",
        "Population reached",
    )
    tip = lots["features"][0]["properties"]["tip"]
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip


def test_filtering_the_organisation_table():
    at = run_app(**{state.TAB: "Organisations"})
    at.text_input(key="provider_filter_text").input("Women's Centre").run()
    table = next(d.value for d in at.dataframe if "Organisation" in d.value.columns)
    assert 0 < len(table) < len(state.demo_provider_set().providers) and table["Organisation"].str.contains("Women's Centre").all()


# --- formatting helpers ---------------------------------------------------------------------------

def test_deltas_read_as_points_pounds_and_lots():
    assert fmt.format_shown_delta("share_lots_contestable", 0.5, 0.266) == "−23 points"  # 50% / 27%
    assert fmt.format_shown_delta("share_lots_contestable", 0.5, 0.501) == "same"
    assert fmt.format_shown_delta("median_value_gbp", 100_000, 632_000) == "+£532k"
    assert fmt.format_shown_delta("median_value_gbp", 1_400_000, 300_000) == "−£1.1m"
    assert fmt.format_shown_delta("fragmentation", 3.6, 2.0) == "−1.6 lots"
    assert fmt.delta_colour("subcontract_dependence_women") == "inverse"
    assert fmt.delta_colour("median_value_gbp") == "off"


def test_user_text_cannot_format_markdown():
    assert fmt.plain("**bold** [link](javascript:x) $x$") == r"\*\*bold\*\* \[link\]\(javascript\:x\) \$x\$"
