"""The design studio tab, driven headless with AppTest: a move re-scores, undo restores, save compares."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from apptest_helpers import open_app_on_tab
from lotdesign.core.compare import format_metric
from lotdesign.core.designs import get_design
from lotdesign.studio.editing import DesignEdits
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set
from ui import state

HAMPSHIRE = "E23000030"


def studio(**session) -> AppTest:
    return open_app_on_tab("Design studio", timeout=120, **session)


def headline(at: AppTest) -> dict:
    table = next(t.value for t in at.table if "Now" in t.value.columns)
    return table["Now"].to_dict()


def test_move_rescores_undo_restores_and_save_compares():
    pset = load_provider_set()
    at = studio(**{state.MAIN_DESIGN: "regions12"})
    start = headline(at)
    regions = score_design(pset.providers, pset.reach, get_design("regions12")).summary
    assert start["Median annual lot value"] == format_metric("median_value_gbp", regions["median_value_gbp"])

    at.selectbox(key="studio_move_area").set_value(HAMPSHIRE)
    at.selectbox(key="studio_move_to").set_value("London")
    at.button(key="studio_move").click().run()
    assert not at.exception
    moved = DesignEdits(get_design("regions12"))
    moved.move(HAMPSHIRE, "London")
    expected = score_design(pset.providers, pset.reach, moved.design()).summary
    now = headline(at)
    assert now["Median annual lot value"] == format_metric("median_value_gbp", expected["median_value_gbp"])
    assert now["Population in locally contestable lots"] == format_metric(
        "share_population_locally_contestable", expected["share_population_locally_contestable"])
    assert now != start

    at.button(key="studio_undo").click().run()
    assert headline(at) == start
    at.button(key="studio_redo").click().run()
    at.text_input(key="studio_name").set_value("Hampshire with London")
    at.button(key="studio_save").click().run()
    saved = [d for d in at.session_state["custom_designs"].values() if d.name == "Hampshire with London"]
    assert len(saved) == 1 and saved[0].id in at.session_state[state.COMPARE_DESIGNS]
    assert dict(saved[0].unit_to_lot) == dict(moved.design().unit_to_lot)


def test_suggest_runs_from_the_form_and_opens_in_the_editor():
    from lotdesign.studio.suggest import suggest_design

    pset = load_provider_set()
    at = studio()
    at.number_input(key="suggest_lots").set_value(6)
    at.selectbox(key="suggest_objective").set_value("women_prime_reach")
    next(b for b in at.button if b.label == "Suggest").click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = suggest_design(pset.providers, pset.reach, n_lots=6, objective="women_prime_reach", seed=1,
                              keep_london_whole=True, time_budget_s=None)
    shown = next(s.value for s in at.success if s.value.startswith("Suggested 6 lots"))
    assert f"{expected.objective_value:.1%}" in shown
    at.button(key="studio_open_suggestion").click().run()
    assert at.session_state["studio_edits"].base.n_lots == 6
    assert any("Now: 6 lots" in m.value for m in at.markdown)
