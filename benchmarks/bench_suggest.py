"""Design-search benchmarks: speed, distance from a proven bound, and regionalisation baselines.

Prints one ``name=value`` line per figure (and ``# ...`` lines explaining them). Run alone with
``.venv/bin/python benchmarks/bench_suggest.py`` (about 2 minutes on the 2-core reference
machine) or through ``benchmarks/run_all.py``. Needs the ``bench`` extra for the baselines
(``pip install -e '.[bench]'``: libpysal, spopt, gerrychain); a baseline that cannot be imported
is reported as unavailable and the random-design baseline is measured instead.

Every figure uses the synthetic demo providers (1,450), accommodation, default parameters, at
PCC-area level with the default balance bounds (each lot between half and twice the mean lot,
widened to the smallest and largest single area). Objectives of every design — ours and the
baselines' — are re-checked with :func:`lotdesign.core.scoring.score_design`.

Figures
-------
suggest_k12_s
    One :func:`lotdesign.studio.suggest.suggest_design` run, 12 lots, default objective (population in
    locally contestable lots). Reference beside it: one full ``score_design`` of ``regions12``.
suggest_curve_s
    :func:`lotdesign.studio.tradeoff.tradeoff_curve`, k = 4..42 at PCC-area level.
suggest_gap_to_bound
    (bound − ours) / bound at k = 12 for the default objective. The bound is 1.0 (a population
    share cannot exceed 100%), which is proven; reaching it proves the design optimal. For the
    women's-specialist objective a relaxation bound is printed too (each woman counts at most
    when a women's specialist covering her has the income for the smallest lot she can be in).
suggest_vs_spopt, suggest_vs_recom
    Our objective ÷ the best baseline's, same objective, same graph (our contiguity with the
    island links, as a libpysal ``W`` / networkx graph), 12 lots. >1 means ours is better.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

K = 12
OBJECTIVE = "locally_contestable_population"


def line(name: str, value) -> None:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def _design_from_labels(labels: np.ndarray, nodes: pd.Index, node_of_unit: pd.Series, design_id: str):
    from lotdesign.core.designs import LotDesign

    lot_of_node = pd.Series([f"lot {int(label) + 1}" for label in labels], index=nodes)
    unit_to_lot = node_of_unit.map(lot_of_node).rename("lot")
    unit_to_lot.index.name = "lad_code"
    return LotDesign(id=design_id, name=design_id, unit_to_lot=unit_to_lot, source="benchmark", confidence="benchmark")


class Evaluator:
    """Objective of partitions given as one label per node, by the normal scorer."""

    def __init__(self, pset, geography, weights, params, bounds):
        self.pset, self.geography, self.weights, self.params, self.bounds = pset, geography, weights, params, bounds
        from geo.units import load_units

        units = load_units()
        self.node_population = units["population"].groupby(geography.node_of_unit).sum().reindex(geography.nodes)

    def __call__(self, labels, design_id: str) -> tuple[float, bool]:
        from lotdesign.core.scoring import prepare_design, score_design
        from lotdesign.studio.suggest import objective_from_summary

        design = _design_from_labels(np.asarray(labels), self.geography.nodes, self.geography.node_of_unit, design_id)
        context = prepare_design(self.pset.providers, self.pset.reach, design, edges=self.pset.edges)
        summary = score_design(self.pset.providers, self.pset.reach, design, self.params, context=context).summary
        lot_population = self.node_population.groupby(np.asarray(labels)).sum()
        low, high = self.bounds
        within = bool(((lot_population >= low - 1) & (lot_population <= high + 1)).all()) and len(lot_population) == K
        return objective_from_summary(summary, self.weights), within


def women_relaxation_bound(pset, params, lower_population: float, geography) -> float:
    """Upper bound on the women's-specialist objective at any design whose lots hold ≥ ``lower_population``.

    A woman counts only when a women's specialist covering her is prime-eligible for her lot; its
    income must then be ≥ turnover × value of a lot at least as large as max(lower bound, her
    area). Dropping the reach test leaves a bound every design respects.
    """
    from geo.units import load_units

    reach = pset.reach
    index = reach.index
    units = load_units().loc[index.unit_codes]
    providers = pset.providers
    specialist = np.flatnonzero((providers["sector"] == "vcs").to_numpy() & providers["women"].to_numpy(bool))
    income = providers["income_gbp"].to_numpy(float)
    node_pop = units["population"].groupby(geography.node_of_unit.reindex(index.unit_codes).to_numpy()).transform("sum").to_numpy()
    smallest_lot = np.maximum(lower_population, node_pop)  # per unit
    needed_per_area = params.turnover_multiple * params.budget_gbp * smallest_lot[index.area_unit] / units["population"].sum()
    covered = np.zeros(index.n_areas, bool)
    full = reach.full[specialist].tocoo()
    for row, unit in zip(full.row, full.col):
        start, stop = index.unit_start[unit], index.unit_start[unit + 1]
        covered[start:stop] |= income[specialist[row]] >= needed_per_area[start:stop]
    edge = np.isin(reach.edge_provider, specialist)
    areas = reach.edge_area[edge]
    covered[areas] |= income[reach.edge_provider[edge]] >= needed_per_area[areas]
    # Each lot's share uses its small-area females; summed with mid-2023 female weights per lot,
    # the bound per area is its share of its unit's small-area females × the unit's mid-2023 females.
    females_small = index.weights[:, 1]
    unit_small = index.unit_totals[:, 1]
    unit_mid = units["females"].to_numpy(float)
    contribution = covered * females_small / unit_small[index.area_unit] * unit_mid[index.area_unit]
    return float(contribution.sum() / unit_mid.sum())


def run_spopt(geography, pset, seed: int) -> dict:
    """spopt's regionalisers on our graph: name -> (labels, seconds)."""
    import libpysal
    from spopt import region

    from geo.boundaries import dissolve_lots
    from geo.units import load_units

    nodes = geography.nodes
    neighbours = geography.graph.neighbour_lists()
    w = libpysal.weights.W({i: list(n) for i, n in enumerate(neighbours)}, silence_warnings=True)
    units = load_units()
    shapes = dissolve_lots(geography.node_of_unit, kind="analysis").reindex(nodes).reset_index(drop=True)
    providers = pset.providers
    vcs = providers[providers["sector"] == "vcs"]
    node_of_base = geography.node_of_unit.reindex(vcs["base_lad"]).to_numpy()
    best_local_income = pd.Series(vcs["income_gbp"].to_numpy(), index=node_of_base).groupby(level=0).max().reindex(nodes).fillna(0)
    population = units["population"].groupby(geography.node_of_unit).sum().reindex(nodes)
    # The attributes they make regions homogeneous in: size and the strongest local organisation.
    shapes["log_population"] = np.log(population.to_numpy())
    shapes["log_local_income"] = np.log1p(best_local_income.to_numpy())
    attrs = ["log_population", "log_local_income"]
    results = {}
    models = {
        "skater": lambda: region.Skater(shapes, w, attrs, n_clusters=K),
        "azp": lambda: region.AZP(shapes, w, attrs, n_clusters=K, random_state=seed),
        "region_kmeans": lambda: region.RegionKMeansHeuristic(shapes[attrs].to_numpy(), K, w, seed=seed),
    }
    for name, build in models.items():
        began = time.perf_counter()
        try:
            model = build()
            model.solve()
            labels = np.asarray(model.labels_)
        except Exception as error:  # noqa: BLE001 — a baseline failing must not stop the benchmark
            note(f"spopt {name} failed: {type(error).__name__}: {error}")
            continue
        results[name] = (pd.factorize(labels)[0], time.perf_counter() - began)
    return results


def run_recom(fast_scores: dict, geography, seed: int, steps: int) -> tuple[dict, float, int]:
    """A GerryChain ReCom chain on our graph; per objective, the labels of its best state (fast path)."""
    import random
    from functools import partial

    import networkx as nx
    from gerrychain import Graph, MarkovChain, Partition, accept, constraints
    from gerrychain.partition import recursive_tree_part
    from gerrychain.proposals import recom

    from geo.units import load_units

    units = load_units()
    population = units["population"].groupby(geography.node_of_unit).sum().reindex(geography.nodes)
    graph = nx.Graph()
    for i, code in enumerate(geography.nodes):
        graph.add_node(i, population=float(population[code]))
    for i, neighbours in enumerate(geography.graph.neighbour_lists()):
        graph.add_edges_from((i, j) for j in neighbours if j > i)
    ideal = float(population.sum()) / K
    # gerrychain balances symmetrically (ideal ± ε); ε = 1 admits every lot up to twice the mean
    # — at least as loose as our bounds.
    epsilon = 1.0
    began = time.perf_counter()
    rng = random.Random(seed)
    graph = Graph.from_networkx(graph)
    assignment = recursive_tree_part(graph, range(K), ideal, "population", epsilon, rng=rng)
    initial = Partition(graph, assignment)
    proposal = partial(recom, pop_col="population", pop_target=ideal, epsilon=epsilon, node_repeats=0, rng=rng)
    chain = MarkovChain(proposal, [constraints.contiguous], accept.always_accept, initial, total_steps=steps, rng=rng)
    best = {name: (-math.inf, None) for name in fast_scores}
    seen: set = set()
    for state in chain:
        labels = np.array([state.assignment[i] for i in range(len(geography.nodes))])
        key = tuple(pd.factorize(labels)[0])
        if key in seen:
            continue
        seen.add(key)
        lots = [tuple(np.flatnonzero(labels == label)) for label in np.unique(labels)]
        for name, score in fast_scores.items():
            value = sum(score(lot) for lot in lots)
            if value > best[name][0]:
                best[name] = (value, np.array(key))
    return {name: labels for name, (_, labels) in best.items()}, time.perf_counter() - began, len(seen)


def run_random(problems: dict, n_nodes: int, n: int, seed: int) -> tuple[dict, float]:
    """Random contiguous designs within our bounds; per objective, the labels of the best."""
    from lotdesign.studio._partition import random_partition

    first = next(iter(problems.values()))
    rng = np.random.default_rng(seed)
    began = time.perf_counter()
    best = {name: (-math.inf, None) for name in problems}
    for _ in range(n):
        lots = random_partition(first, list(range(n_nodes)), K, rng)
        if lots is None:
            continue
        labels = np.zeros(n_nodes, int)
        for label, lot in enumerate(lots):
            labels[list(lot)] = label
        for name, problem in problems.items():
            value = sum(problem.score(lot)[0] for lot in lots)
            if value > best[name][0]:
                best[name] = (value, labels)
    return {name: labels for name, (_, labels) in best.items()}, time.perf_counter() - began


def connected_subsets(neighbours: list, weight: np.ndarray, lower: float, upper: float) -> list:
    """Every connected node set with total weight in [lower, upper] (each once; Wernicke's ESU order)."""
    found = []

    def extend(members: set, frontier: list, total: float, root: int) -> None:
        if total >= lower:
            found.append(tuple(sorted(members)))
        frontier = list(frontier)
        while frontier:
            x = frontier.pop()
            grown = total + weight[x]
            if grown > upper:
                continue
            exclusive = [y for y in neighbours[x] if y > root and y not in members and y not in frontier
                         and all(y not in neighbours[m] for m in members)]
            extend(members | {x}, frontier + exclusive, grown, root)

    for root in range(len(weight)):
        if weight[root] <= upper:
            extend({root}, [y for y in neighbours[root] if y > root], float(weight[root]), root)
    return found


def packing_bound(problem, n_lots: int, time_limit_s: float = 120) -> tuple[float, int, int]:
    """Upper bound on an additive objective: the best ≤ n_lots disjoint connected lots within the bounds.

    Every design's lots are disjoint connected node sets within the bounds, so the best packing of
    the lots that score above zero bounds the objective (the rest of the map need not be coverable
    by zero-score lots, which is what makes this a relaxation). Solved exactly as an integer programme.
    Returns (bound, connected lots enumerated, lots scoring above zero).
    """
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    lots = connected_subsets(problem.neighbours, problem.weight, problem.lower, problem.upper)
    values = np.array([problem.score_lot(lot)[0] for lot in lots])
    positive = np.flatnonzero(values > 0)
    chosen = [lots[i] for i in positive]
    n_nodes = len(problem.weight)
    rows = np.concatenate([np.array(lot) for lot in chosen])
    cols = np.repeat(np.arange(len(chosen)), [len(lot) for lot in chosen])
    matrix = sparse.vstack([sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_nodes, len(chosen))),
                            sparse.csr_matrix(np.ones((1, len(chosen))))])
    result = milp(-values[positive], constraints=LinearConstraint(matrix, 0, np.r_[np.ones(n_nodes), n_lots]),
                  integrality=np.ones(len(chosen)), bounds=Bounds(0, 1), options={"time_limit": time_limit_s})
    bound = -result.fun if result.status == 0 else -getattr(result, "mip_dual_bound", -math.inf)
    return float(bound), len(lots), len(chosen)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recom-steps", type=int, default=2000)
    parser.add_argument("--random-designs", type=int, default=1000)
    parser.add_argument("--skip-curve", action="store_true")
    parser.add_argument("--skip-packing", action="store_true", help="leave out the women's packing bound (~1 min)")
    args = parser.parse_args(argv)

    from lotdesign.studio._partition import PartitionProblem
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import prepare_design, score_design
    from lotdesign.studio.suggest import LotScorer, search_geography, suggest_design
    from lotdesign.studio.tradeoff import tradeoff_curve
    from lotdesign.importing.workspace import load_provider_set

    pset = load_provider_set()
    params = ScoringParams()
    note(f"providers: {len(pset.providers):,} synthetic demo organisations; service {params.service}; PCC-area level")

    began = time.perf_counter()
    regions = get_design("regions12")
    score_design(pset.providers, pset.reach, regions, params, context=prepare_design(pset.providers, pset.reach, regions, edges=pset.edges))
    reference_s = time.perf_counter() - began
    regions_value = score_design(pset.providers, pset.reach, regions, params).summary["share_population_locally_contestable"]

    began = time.perf_counter()
    suggestion = suggest_design(pset.providers, pset.reach, n_lots=K, params=params, seed=1, edges=pset.edges, time_budget_s=None)
    k12_s = time.perf_counter() - began
    line("suggest_k12_s", k12_s)
    line("suggest_k12_reference_score_design_s", reference_s)
    line("suggest_k12_per_score_design", k12_s / reference_s)
    line("suggest_k12_objective", suggestion.objective_value)
    line("suggest_k12_regions12_objective", float(regions_value))
    line("suggest_k12_lots_scored", suggestion.n_evaluations)
    line("suggest_k12_moves_per_s", suggestion.n_iterations / suggestion.elapsed_s)

    women = suggest_design(pset.providers, pset.reach, n_lots=K, objective="women_prime_reach", params=params, seed=1,
                           edges=pset.edges, time_budget_s=None)
    line("suggest_k12_women_objective", women.objective_value)
    line("suggest_k12_women_s", women.elapsed_s)

    bound = 1.0
    line("suggest_gap_to_bound", (bound - suggestion.objective_value) / bound)
    note("bound for the default objective: 1.0 (a population share), proven; gap 0 means the design is optimal")
    geography = search_geography("pfa")
    women_bound = women_relaxation_bound(pset, params, suggestion.bounds_population[0], geography)
    line("suggest_k12_women_relaxation_bound", women_bound)
    note("women coverage bound: relaxation (reach test dropped) — loose")
    if not args.skip_packing:
        node_of_unit_ = pd.Series(np.arange(len(geography.nodes)), index=geography.nodes)[
            geography.node_of_unit.reindex(pset.reach.index.unit_codes)].to_numpy()
        weight_ = load_population().groupby(geography.node_of_unit).sum().reindex(geography.nodes).to_numpy(float)
        women_problem = PartitionProblem(
            geography.graph.neighbour_lists(), weight_, *women.bounds_population,
            LotScorer(pset.providers, pset.reach, params, node_of_unit_, len(geography.nodes), {"women_prime_reach": 1.0}))
        began = time.perf_counter()
        bound, n_connected, n_positive = packing_bound(women_problem, K)
        line("suggest_k12_women_packing_bound", bound)
        line("suggest_k12_women_packing_s", time.perf_counter() - began)
        line("suggest_k12_women_connected_lots", n_connected)
        line("suggest_gap_to_bound_women", (bound - women.objective_value) / bound)
        note(f"women packing bound: best ≤{K} disjoint connected lots within the bounds, of the {n_positive:,} "
             f"(of {n_connected:,}) that score above zero, by integer programme — proven upper bound")

    if not args.skip_curve:
        began = time.perf_counter()
        curve = tradeoff_curve(pset.providers, pset.reach, lot_counts=range(4, 43), params=params, edges=pset.edges, seed=1,
                               time_budget_s=None)
        line("suggest_curve_s", time.perf_counter() - began)
        line("suggest_curve_per_k_s", (time.perf_counter() - began) / 39)
        suggested = curve.table[curve.table["kind"] == "suggested"].set_index("n_lots")["objective"]
        builtins = curve.table[curve.table["kind"] == "built-in"]
        builtins = builtins[builtins["n_lots"].isin(suggested.index)]  # those within the curve's 4..42 lots
        beaten = sum(row.objective <= suggested.get(row.n_lots, -1) + 1e-12 for row in builtins.itertuples())
        line("suggest_curve_builtins_on_or_below_frontier", f"{beaten}/{len(builtins)}")

    nodes = geography.nodes
    node_of_unit = pd.Series(np.arange(len(nodes)), index=nodes)[geography.node_of_unit.reindex(pset.reach.index.unit_codes)].to_numpy()
    weight = pd.Series(load_population(), dtype=float).groupby(geography.node_of_unit).sum().reindex(nodes).to_numpy()
    ours = {OBJECTIVE: suggestion.objective_value, "women_prime_reach": women.objective_value}
    suffix = {OBJECTIVE: "", "women_prime_reach": "_women"}
    problems = {
        name: PartitionProblem(geography.graph.neighbour_lists(), weight, *suggestion.bounds_population,
                               LotScorer(pset.providers, pset.reach, params, node_of_unit, len(nodes), {name: 1.0}))
        for name in ours
    }
    evaluators = {name: Evaluator(pset, geography, {name: 1.0}, params, suggestion.bounds_population) for name in ours}
    note("baselines: 12 lots on our PCC-area graph (island links included); every design re-checked by score_design; "
         "ratio = ours / best baseline (> 1: ours better, 1: equal)")

    baselines: dict = {}
    try:
        for name, (labels, seconds) in run_spopt(geography, pset, seed=1).items():
            baselines[f"spopt_{name}"] = ({objective: labels for objective in ours}, seconds)
    except ImportError as error:
        note(f"spopt/libpysal cannot be imported ({error}); install the bench extra: pip install -e '.[bench]'")
    try:
        labels, seconds, distinct = run_recom({n: (lambda lot, p=p: p.score(lot)[0]) for n, p in problems.items()},
                                              geography, seed=1, steps=args.recom_steps)
        baselines["recom"] = (labels, seconds)
        line("recom_distinct_designs", distinct)
    except ImportError as error:
        note(f"gerrychain cannot be imported ({error}); install the bench extra: pip install -e '.[bench]'")
    labels, seconds = run_random(problems, len(nodes), args.random_designs, seed=1)
    baselines["random"] = (labels, seconds)

    for objective, value in ours.items():
        best_of = {"spopt": None, "recom": None, "random": None}
        for baseline, (labels_by_objective, seconds) in baselines.items():
            score, within = evaluators[objective](labels_by_objective[objective], baseline)
            line(f"{baseline}{suffix[objective]}_objective", score)
            line(f"{baseline}{suffix[objective]}_within_bounds", int(within))
            if not suffix[objective]:
                line(f"{baseline}_s", seconds)
            family = baseline.split("_")[0]
            best_of[family] = score if best_of[family] is None else max(best_of[family], score)
        for family, best in best_of.items():
            line(f"suggest_vs_{family}{suffix[objective]}", "unavailable" if best is None else value / best)
    return 0


def load_population() -> pd.Series:
    from geo.units import load_units

    return load_units()["population"]


if __name__ == "__main__":
    sys.exit(main())
