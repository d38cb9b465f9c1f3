"""Finer lots in the studio: compare PDU units, the lot-count curve past 42, search and edits at district level."""

import json

import pytest

from geo.adjacency import lad_adjacency, lot_pieces
from geo.units import load_units
from lotdesign.cli import main
from lotdesign.core.designs import get_design, lots_table
from lotdesign.importing.workspace import load_provider_set
from lotdesign.studio.editing import DesignEdits, design_file_table
from lotdesign.studio.suggest import suggest_design
from lotdesign.studio.tradeoff import tradeoff_curve, unit_for_count
from tests.conftest import EW_POPULATION_2023


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


def test_compare_pdu_units_pcc42_regions12_runs(capsys):
    assert main(["compare", "--designs", "pdu_units,pcc42,regions12", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    summary = {d["design"]: d for d in payload["designs"]}
    assert summary["pdu_units"]["n_lots"] == 102
    # Smaller lots, smaller values: the median PDU unit is worth less than the median PCC area.
    assert summary["pdu_units"]["median_value_gbp"] < summary["pcc42"]["median_value_gbp"] < summary["regions12"]["median_value_gbp"]


def test_lot_count_curve_passes_42_at_district_level_with_the_builtins_marked(demo):
    assert unit_for_count(42) == "pfa" and unit_for_count(43) == "lad" and unit_for_count(12, "lad") == "lad"
    curve = tradeoff_curve(demo.providers, demo.reach, lot_counts=[41, 43],
                           builtin_ids=("hmpps_ap_areas7", "regions12", "cpa21", "pcc42", "pdu_units"),
                           seed=1, restarts=1, iterations=200, time_budget_s=5)
    table = curve.table
    suggested = table[table["kind"] == "suggested"]
    assert list(suggested["n_lots"]) == [41, 43] and list(suggested["unit"]) == ["pfa", "lad"]
    builtins = table[table["kind"] == "built-in"].set_index("design")
    assert builtins.loc[["hmpps_ap_areas7", "regions12", "cpa21", "pcc42", "pdu_units"], "n_lots"].tolist() == [7, 12, 21, 42, 102]
    assert builtins.loc["pdu_units", "label"] == "102 PDU units (derived)" and builtins.loc["pdu_units", "unit"] == "lad"
    # The 43 lots are districts: some PCC area is split between lots.
    design = curve.designs[43]
    assert (design.unit_to_lot.groupby(load_units()["pcc_code"]).nunique() > 1).any()


def test_cli_tradeoff_4_to_100_runs_and_marks_the_builtins(capsys):
    # Two counts, the ends of the range, keep the run short; the range parser is the one of 4-100.
    assert main(["tradeoff", "--lots", "4,100", "--time-budget", "1", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = payload["rows"]
    assert [r["n_lots"] for r in rows if r["kind"] == "suggested"] == [4, 100]
    assert {r["design"] for r in rows if r["kind"] == "built-in"} >= {"hmpps_ap_areas7", "regions12", "cpa21", "pcc42", "pdu_units"}


def test_suggest_100_lots_from_districts_keeps_the_constraints(demo):
    suggestion = suggest_design(demo.providers, demo.reach, n_lots=100, unit="lad", keep_wales_separate=True,
                                seed=1, restarts=1, iterations=500, time_budget_s=20)
    design = suggestion.design
    assert design.n_lots == 100 and len(design.unit_to_lot) == 318
    assert (lot_pieces(lad_adjacency(), design.unit_to_lot) == 1).all()  # every lot contiguous
    units = load_units()
    countries = units["country"].groupby(design.unit_to_lot).nunique()
    assert (countries == 1).all()  # Wales kept separate
    low, high = suggestion.bounds_population
    populations = units["population"].groupby(design.unit_to_lot).sum()
    assert populations.sum() == EW_POPULATION_2023
    assert (populations <= high + 1e-6).all() and (populations >= low - 1e-6).all()


def test_editor_works_on_pdu_units_at_district_level():
    edits = DesignEdits(get_design("pdu_units"), level="lad")
    assert len(edits.lots) == 102
    manchester = "E08000003"
    edits.move(manchester, "Salford")
    assert edits.unit_to_lot[manchester] == "Salford" and len(edits.lots) == 101
    # Manchester borders Salford, so no new piece; Stockport and Trafford touch only through
    # Manchester and were a PDU in two pieces all along (they were re-paired in April 2025).
    assert edits.problems() == ["Lot 'Stockport and Trafford' is in 2 separate pieces."]
    table = design_file_table(edits.design())
    assert list(table.columns) == ["lad_code", "lad_name", "lot"] and len(table) == 318
    edits.undo()
    assert len(edits.lots) == 102
    with pytest.raises(Exception, match="district level"):
        DesignEdits(get_design("pdu_units"), level="pfa")
    assert lots_table(edits.design())["population"].sum() == EW_POPULATION_2023


def test_builtins_with_the_same_lot_count_share_one_chart_label():
    import pandas as pd

    from lotdesign.core.params import ScoringParams
    from lotdesign.studio.tradeoff import TRADEOFF_COLUMNS, TradeoffCurve, tradeoff_chart

    rows = [("suggested", "s7", "best found, 7 lots", 7, "pfa"), ("built-in", "nps7", "7 NPS divisions", 7, "pfa"),
            ("built-in", "hmpps_ap_areas7", "7 AP areas", 7, "pfa"), ("built-in", "pdu_units", "102 PDU units (derived)", 102, "lad")]
    table = pd.DataFrame([{**dict(zip(TRADEOFF_COLUMNS, (*row, 0.5, 1e5, 2.0, 0.5, 0.5, 0.0)))} for row in rows])
    curve = TradeoffCurve(table, {}, "locally_contestable_population", {"locally_contestable_population": 1.0},
                          ScoringParams(), 0.0, "done")
    data = next(iter(tradeoff_chart(curve).to_dict()["datasets"].values()))
    labels = [row["chart_label"] for row in data]
    assert labels == ["", "7 NPS divisions / 7 AP areas", "", "102 PDU units (derived)"]
