"""Design search: the engine on a hand-checkable line, the real search's constraints and results."""

import json

import numpy as np
import pandas as pd
import pytest

from geo.adjacency import LONDON_PCC, lad_adjacency, lot_pieces
from geo.units import load_units
from lotdesign.errors import ValidationError
from lotdesign.studio._partition import PartitionProblem, random_partition, search_partition
from lotdesign.core.designs import design_from_table, get_design
from lotdesign.studio.editing import design_file_table
from lotdesign.core.params import ScoringParams
from lotdesign.core.scenario import Scenario, scenario_from_json, scenario_to_json
from lotdesign.core.scoring import score_design
from lotdesign.studio.suggest import OBJECTIVES, LotScorer, search_geography, suggest_design
from lotdesign.importing.workspace import load_provider_set


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


# --- the engine on six units in a line ----------------------------------------------------------

LINE_VALUES = np.array([5, 1, 1, 1, 1, 4])


def line_problem(upper=4):
    neighbours = [[i - 1, i + 1] for i in range(6)]
    neighbours[0], neighbours[5] = [1], [4]
    # Lot score = (sum of values)², so big lots pay; at most `upper` units per lot.
    return PartitionProblem(neighbours, np.ones(6), 1, upper, lambda lot: (float(LINE_VALUES[list(lot)].sum()) ** 2, 0.0))


def test_line_optimum_is_found():
    # Three contiguous lots of at most four units: the ten splits score 81 for (4,1,1) — 8² + 1² + 4²
    # = 64 + 1 + 16 — ahead of 75 for (1,1,4) and (3,1,2); everything else scores less.
    problem = line_problem()
    outcome = search_partition(problem, lambda rng: random_partition(problem, list(range(6)), 3, rng), seed=3,
                               restarts=2, iterations=300, temperature=5.0)
    best_value, best_lots = outcome.partitions[0]
    assert best_value == 81
    assert best_lots == ((0, 1, 2, 3), (4,), (5,))
    # Distinct designs come back best first, and never twice.
    values = [value for value, _ in outcome.partitions]
    assert values == sorted(values, reverse=True)
    assert len({lots for _, lots in outcome.partitions}) == len(outcome.partitions)


def test_line_bounds_are_kept():
    problem = line_problem(upper=2)
    # With at most two units a lot, three lots must be (2,2,2): 6² + 2² + 5² = 65.
    outcome = search_partition(problem, lambda rng: random_partition(problem, list(range(6)), 3, rng), seed=1,
                               restarts=1, iterations=200, temperature=5.0)
    assert outcome.partitions[0] == (65, ((0, 1), (2, 3), (4, 5)))
    assert random_partition(line_problem(upper=1), list(range(6)), 3, np.random.default_rng(0)) is None


def test_line_search_is_deterministic_and_cancellable():
    problem = line_problem()
    draw = lambda rng: random_partition(problem, list(range(6)), 3, rng)
    first = search_partition(problem, draw, seed=7, restarts=2, iterations=100, temperature=5.0)
    second = search_partition(line_problem(), lambda rng: random_partition(problem, list(range(6)), 3, rng), seed=7,
                              restarts=2, iterations=100, temperature=5.0)
    assert first.partitions == second.partitions
    cancelled = search_partition(problem, draw, seed=7, restarts=2, iterations=10_000, temperature=5.0, cancel=lambda: True)
    assert cancelled.stopped == "cancelled"
    assert cancelled.n_iterations < 10_000


# --- the fast path agrees with the normal scorer ---------------------------------------------------

@pytest.mark.parametrize("objective", list(OBJECTIVES))
def test_fast_lot_scores_add_up_to_the_scorer_figure(demo, objective):
    params = ScoringParams(service="women")
    geography = search_geography("pfa")
    nodes = geography.nodes
    node_of_unit = pd.Series(np.arange(len(nodes)), index=nodes)[
        geography.node_of_unit.reindex(demo.reach.index.unit_codes)].to_numpy()
    scorer = LotScorer(demo.providers, demo.reach, params, node_of_unit, len(nodes), {objective: 1.0})
    design = get_design("cpa21")
    lot_of_node = design.unit_to_lot.groupby(geography.node_of_unit.reindex(design.unit_to_lot.index).to_numpy()).first()
    fast = sum(scorer(tuple(sorted(nodes.get_indexer(members.index))))[0] for _, members in lot_of_node.groupby(lot_of_node))
    summary = score_design(demo.providers, demo.reach, design, params).summary
    assert fast == pytest.approx(summary[OBJECTIVES[objective][0]], abs=1e-9)


# --- the real search --------------------------------------------------------------------------------

def test_twelve_lots_beat_the_twelve_regions_on_local_contestability(demo):
    suggestion = suggest_design(demo.providers, demo.reach, n_lots=12, seed=1, time_budget_s=None)
    assert suggestion.design.n_lots == 12
    rescored = score_design(demo.providers, demo.reach, suggestion.design).summary
    regions = score_design(demo.providers, demo.reach, get_design("regions12")).summary
    metric = "share_population_locally_contestable"
    assert rescored[metric] == pytest.approx(suggestion.objective_value)
    assert rescored[metric] > regions[metric] + 0.1
    # Every lot is one connected piece and whole PCC areas.
    assert (lot_pieces(lad_adjacency(), suggestion.design.unit_to_lot) == 1).all()
    units = load_units()
    assert (suggestion.design.unit_to_lot.groupby(units["pcc_code"]).nunique() == 1).all()
    low, high = suggestion.bounds_population
    populations = units["population"].groupby(suggestion.design.unit_to_lot).sum()
    assert populations.between(low, high).all()


def test_same_seed_same_design_and_distinct_alternatives(demo):
    options = {"n_lots": 9, "objective": "women_prime_reach", "seed": 5, "restarts": 2, "iterations": 400, "time_budget_s": None}
    first = suggest_design(demo.providers, demo.reach, **options)
    second = suggest_design(demo.providers, demo.reach, **options)
    pd.testing.assert_series_equal(first.design.unit_to_lot, second.design.unit_to_lot)
    partitions = [frozenset(frozenset(g.index) for _, g in d.unit_to_lot.groupby(d.unit_to_lot))
                  for d in [first.design, *(alt for alt, _ in first.alternatives)]]
    assert len(set(partitions)) == len(partitions)


def test_wales_separate_min_value_and_london_whole_are_honoured(demo):
    params = ScoringParams()
    suggestion = suggest_design(demo.providers, demo.reach, n_lots=30, unit="lad", keep_wales_separate=True,
                                keep_london_whole=True, min_lot_value_gbp=200_000, seed=2, restarts=1,
                                iterations=800, time_budget_s=None, params=params)
    units = load_units()
    lots = suggestion.design.unit_to_lot
    assert (units["country"].groupby(lots).nunique() == 1).all()
    assert lots[units.index[units["pcc_code"] == LONDON_PCC]].nunique() == 1
    values = suggestion.score.lots["value_gbp"]
    assert (values >= 200_000 - 1e-6).all()
    assert (lot_pieces(lad_adjacency(), lots) == 1).all()


def test_infeasible_constraints_name_the_conflict(demo):
    # London alone is 14.7% of the population: £1.32m of the £9m accommodation budget.
    with pytest.raises(ValidationError, match="London.*maximum lot value £1.00m.*allow London to be split"):
        suggest_design(demo.providers, demo.reach, n_lots=12, max_lot_value_gbp=1_000_000)
    with pytest.raises(ValidationError, match="50 lots are more than the 42 PCC areas"):
        suggest_design(demo.providers, demo.reach, n_lots=50)
    with pytest.raises(ValidationError, match="12 lots are too many.*minimum lot value £1.00m"):
        suggest_design(demo.providers, demo.reach, n_lots=12, min_lot_value_gbp=1_000_000)
    with pytest.raises(ValidationError, match="Locked lot.*'Atlantis'"):
        suggest_design(demo.providers, demo.reach, n_lots=12, start=get_design("regions12"), locked_lots=("Atlantis",))


def test_locked_lots_stay_and_start_design_is_used(demo):
    regions = get_design("regions12")
    suggestion = suggest_design(demo.providers, demo.reach, n_lots=12, start=regions, locked_lots=("London", "Wales"),
                                seed=1, restarts=1, iterations=500, time_budget_s=None)
    lots = suggestion.design.unit_to_lot
    for label in ("London", "Wales"):
        assert set(lots.index[lots == label]) == set(regions.unit_to_lot.index[regions.unit_to_lot == label])
    start_value = score_design(demo.providers, demo.reach, regions).summary["share_population_locally_contestable"]
    assert suggestion.objective_value >= start_value


def test_suggested_design_round_trips_through_files(demo, tmp_path):
    suggestion = suggest_design(demo.providers, demo.reach, n_lots=8, seed=1, restarts=1, iterations=200, time_budget_s=None)
    path = tmp_path / "suggested.csv"
    design_file_table(suggestion.design).to_csv(path, index=False)
    back = design_from_table(pd.read_csv(path, dtype=str), design_id="back")
    pd.testing.assert_series_equal(back.unit_to_lot.sort_index(), suggestion.design.unit_to_lot.sort_index(),
                                   check_names=False)
    scenario = Scenario(design=suggestion.design, compare=[get_design("regions12")], params=ScoringParams())
    reopened = scenario_from_json(scenario_to_json(scenario))
    assert dict(reopened.design.unit_to_lot) == dict(suggestion.design.unit_to_lot)


def test_cli_suggest_json_and_design_file(tmp_path, capsys):
    from lotdesign.cli import main

    assert main(["suggest", "--lots", "6", "--seed", "2", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n_lots"] == 6 and payload["objective"] == "locally_contestable_population"
    assert payload["objective_value"] == payload["summary"]["share_population_locally_contestable"]
    assert payload["providers"]["synthetic"] is True
    out = tmp_path / "six.csv"
    assert main(["suggest", "--lots", "6", "--seed", "2", "--out", str(out)]) == 0
    assert pd.read_csv(out)["lot"].nunique() == 6
    assert main(["suggest", "--lots", "12", "--max-lot-value", "1000000"]) == 1
    assert "allow London to be split" in capsys.readouterr().err


def test_tradeoff_table_csv_and_image(demo, tmp_path):
    from lotdesign.studio.tradeoff import tradeoff_curve, write_tradeoff

    curve = tradeoff_curve(demo.providers, demo.reach, lot_counts=[6, 12], builtin_ids=("regions12", "pcc42"),
                           seed=1, restarts=1, iterations=300, time_budget_s=None)
    table = curve.table
    assert list(table["kind"]) == ["suggested", "suggested", "built-in", "built-in"]
    assert list(table["n_lots"]) == [6, 12, 12, 42]
    regions = table.set_index("design").loc["regions12"]
    assert regions["objective"] == pytest.approx(
        score_design(demo.providers, demo.reach, get_design("regions12")).summary["share_population_locally_contestable"])
    assert table.loc[table["n_lots"] == 12, "objective"].max() == table.loc[1, "objective"]
    csv = write_tradeoff(curve, tmp_path / "curve.csv", synthetic=True)
    assert pd.read_csv(csv)["providers"].eq("synthetic demo data").all()
    png = write_tradeoff(curve, tmp_path / "curve.png", synthetic=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
