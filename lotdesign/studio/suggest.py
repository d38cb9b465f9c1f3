"""Suggest lot designs: contiguous partitions into k lots that maximise a sector-access objective.

The search (spanning-tree recombination with annealing, :mod:`lotdesign.studio._partition`) works on
whole PCC areas (``unit="pfa"``, 42 nodes: City of London with the Metropolitan Police) or
districts (``unit="lad"``, 318 nodes; London can be kept whole as one node). Every constraint
becomes part of the graph or a bound on lot population:

- contiguity: :mod:`geo.adjacency` (islands joined to the mainland they are served from);
- Wales kept separate: the England–Wales edges are dropped;
- London whole: London's districts are one node;
- minimum / maximum annual lot value: a lower / upper bound on lot population (the value is the
  category budget shared by population, so value and population are proportional);
- balance (on by default): every lot between ``balance[0]`` and ``balance[1]`` times the mean
  lot population — without it a search can game a population share by one huge lot around a
  national charity's base. The bounds widen to admit the smallest or largest single unit when
  the unit alone lies outside them (a PCC area can be no smaller than itself).
- locked lots: lots of the start design kept exactly as they are.

Objectives are additive over lots (a lot's contribution depends only on its own areas), so the
inner loop scores two lots per move, with the eligibility tests of
:func:`lotdesign.core.scoring.prime_eligibility` on cached per-lot sums. The final design is
re-scored by :func:`lotdesign.core.scoring.score_design`, whose figure is the one reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from geo.adjacency import LONDON_PCC, UnitGraph, contract_graph, lad_adjacency
from geo.reach import ReachMatrix
from geo.units import load_units
from lotdesign.errors import ValidationError
from lotdesign.studio._partition import (
    PartitionInfeasible,
    PartitionProblem,
    random_partition,
    search_partition,
)
from lotdesign.core.designs import LotDesign
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import DesignScore, VcsEdges, prepare_design, score_design

#: Objectives: name -> (per-design summary figure of the normal scorer, label).
OBJECTIVES = {
    "locally_contestable_population": ("share_population_locally_contestable",
                                       "Population in lots with a prime-eligible VCS organisation based in the lot"),
    "women_prime_reach": ("specialist_prime_coverage_women", "Women reached by a prime-eligible women's specialist"),
    "bame_prime_reach": ("specialist_prime_coverage_bame",
                         "Minority-ethnic residents reached by a prime-eligible BAME specialist"),
    "local_fit": ("local_fit", "VCS organisations able to bid as prime for their home lot"),
}
#: Default balance bounds: each lot between half and twice the mean lot population.
DEFAULT_BALANCE = (0.5, 2.0)
UNITS = ("pfa", "lad")


@dataclass(eq=False)
class Suggestion:
    """A suggested design with its figures and how the search went.

    Attributes
    ----------
    design : LotDesign
        The best design found (``level`` ``pfa`` or ``lad``), usable anywhere a design is.
    objective_value : float
        The objective re-checked by the normal scorer (:func:`objective_from_summary`).
    score : DesignScore
        The normal scorer's result for ``design``.
    alternatives : list of (LotDesign, float)
        Other distinct designs found, best first, with their fast-path objective.
    bounds_population : tuple of float
        The (lower, upper) lot population bounds used, persons (mid-2023).
    notes : list of str
        Constraints as applied (bounds widened, lots per country, locked lots).
    n_iterations, n_evaluations : int
        Moves tried and distinct lots scored.
    elapsed_s : float
    stopped : str
        ``done``, ``time`` (time budget reached) or ``cancelled``.
    """

    design: LotDesign
    objective: str
    objective_value: float
    score: DesignScore
    alternatives: list
    bounds_population: tuple
    notes: list
    n_iterations: int
    n_evaluations: int
    elapsed_s: float
    stopped: str
    weights: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready summary (the CLI's ``suggest --json``)."""
        lots = self.design.unit_to_lot
        return {
            "design": self.design.id,
            "design_name": self.design.name,
            "objective": self.objective,
            "objective_weights": self.weights,
            "objective_value": self.objective_value,
            "n_lots": self.design.n_lots,
            "unit": self.design.level,
            "bounds_population": list(self.bounds_population),
            "notes": list(self.notes),
            "n_iterations": self.n_iterations,
            "n_evaluations": self.n_evaluations,
            "elapsed_s": round(self.elapsed_s, 3),
            "stopped": self.stopped,
            "alternatives_objective": [value for _, value in self.alternatives],
            "summary": self.score.summary.to_dict(),
            "lots": {lot: sorted(lots.index[lots == lot]) for lot in self.design.lots},
        }


def objective_weights(objective: str, weights: dict | None = None) -> dict:
    """The objective as weights over :data:`OBJECTIVES` (``mix`` takes ``weights``, normalised)."""
    if objective == "mix":
        if not weights:
            raise ValidationError("objective 'mix' needs weights, e.g. {'locally_contestable_population': 0.5, 'women_prime_reach': 0.5}.")
        unknown = set(weights) - set(OBJECTIVES)
        if unknown:
            raise ValidationError(f"Unknown objective(s) in the mix: {', '.join(sorted(unknown))}; use {', '.join(OBJECTIVES)}.")
        total = float(sum(weights.values()))
        if not total > 0 or any(w < 0 for w in weights.values()):
            raise ValidationError("Mix weights must be ≥ 0 and not all zero.")
        return {name: float(w) / total for name, w in weights.items() if w > 0}
    if objective not in OBJECTIVES:
        raise ValidationError(f"Unknown objective '{objective}'; choose one of {', '.join(OBJECTIVES)} or 'mix'.")
    return {objective: 1.0}


def objective_from_summary(summary: pd.Series, weights: dict) -> float:
    """The objective of a design from the normal scorer's summary (a weighted sum of its figures)."""
    return float(sum(w * summary[OBJECTIVES[name][0]] for name, w in weights.items()))


# --- the geography at the chosen level ------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SearchGeography:
    """Nodes of the search (PCC areas, districts, or districts with London as one node)."""

    graph: UnitGraph
    node_of_unit: pd.Series  # node code per LAD code

    @property
    def nodes(self) -> pd.Index:
        return self.graph.nodes


def search_geography(unit: str = "pfa", *, keep_london_whole: bool = False, keep_wales_separate: bool = False) -> SearchGeography:
    """The contiguity graph the search works on.

    Parameters
    ----------
    unit : {"pfa", "lad"}
        Whole PCC areas (42; London always whole) or districts (318).
    keep_london_whole : bool
        At district level, London's 33 districts become one node.
    keep_wales_separate : bool
        Drop the England–Wales edges, so no lot crosses the border.
    """
    if unit not in UNITS:
        raise ValidationError(f"unit must be 'pfa' (whole PCC areas) or 'lad' (districts), not {unit!r}.")
    units = load_units()
    lad = lad_adjacency()
    if unit == "pfa":
        node_of_unit = units["pcc_code"].rename("node")
        names = units.groupby("pcc_code")["pcc_name"].first()
    else:
        node_of_unit = units.index.to_series().rename("node")
        names = units["lad_name"].copy()
        if keep_london_whole:
            node_of_unit = node_of_unit.where(units["pcc_code"] != LONDON_PCC, LONDON_PCC)
            names.loc[LONDON_PCC] = "London"
    graph = contract_graph(lad, node_of_unit, names=names) if unit == "pfa" or keep_london_whole else lad
    if keep_wales_separate:
        graph = graph.without_cross_border_edges()
    return SearchGeography(graph, node_of_unit)


# --- the lot scorer (fast path) -------------------------------------------------------------------

class LotScorer:
    """Objective of one lot (a tuple of node positions) from cached per-node sums.

    Uses the two prime-eligibility tests of :func:`lotdesign.core.scoring.prime_eligibility`:
    ``reach ≥ reach_threshold`` and ``income ≥ turnover_multiple × value``, with the value the
    category budget shared by (mid-2023) population across England and Wales.
    """

    def __init__(self, providers: pd.DataFrame, reach: ReachMatrix, params: ScoringParams, node_of_unit: np.ndarray,
                 n_nodes: int, weights: dict):
        index = reach.index
        units = index.units
        self.params, self.weights = params, weights
        one_hot = sparse.csr_matrix((np.ones(len(node_of_unit)), (np.arange(len(node_of_unit)), node_of_unit)),
                                    shape=(len(node_of_unit), n_nodes))
        column = "females" if params.value_weighting == "females" else "population"
        value_weight = units[column].to_numpy(float)
        self.node_value_weight = value_weight @ one_hot
        self.value_per_weight = params.budget_gbp / value_weight.sum()
        self.node_population = units["population"].to_numpy(float) @ one_hot
        self.total_population = self.node_population.sum()
        self.node_group = {"women": units["females"].to_numpy(float) @ one_hot,
                           "bame": units["minority_ethnic"].to_numpy(float) @ one_hot}
        self.node_small_area = np.asarray(one_hot.T @ index.unit_totals)  # (nodes, 3)
        self.covered = np.asarray((reach.covered["population"] @ one_hot).todense())  # providers × nodes
        self.income = providers["income_gbp"].to_numpy(float)
        is_vcs = (providers["sector"] == "vcs").to_numpy()
        base_unit = pd.Index(index.unit_codes).get_indexer(providers["base_lad"].to_numpy())
        base_node = np.where(base_unit >= 0, node_of_unit[base_unit.clip(0)], -1)
        local = np.flatnonzero(is_vcs & (base_node >= 0))
        self.local_by_node = [local[base_node[local] == n] for n in range(n_nodes)]
        self.n_vcs_counted = len(local)
        self.area_node = node_of_unit[index.area_unit]
        self.specialists, self.specialist_areas = {}, {}
        for group, weight_column in (("women", 1), ("bame", 2)):
            name = f"{group}_prime_reach"
            if name not in weights:
                continue
            rows = np.flatnonzero(is_vcs & providers[group].to_numpy(bool))
            self.specialists[group] = rows
            self.specialist_areas[group] = (_area_cover(reach, rows), index.weights[:, weight_column], weight_column)

    def eligible(self, candidates: np.ndarray, nodes: list, needed: float, threshold_persons: float) -> np.ndarray:
        rich = candidates[self.income[candidates] >= needed]
        if not len(rich):
            return rich
        return rich[self.covered[np.ix_(rich, nodes)].sum(axis=1) >= threshold_persons]

    def __call__(self, lot: tuple) -> tuple[float, float]:
        nodes = list(lot)
        params = self.params
        needed = params.turnover_multiple * self.value_per_weight * self.node_value_weight[nodes].sum()
        small_area = self.node_small_area[nodes].sum(axis=0)
        threshold_persons = (params.reach_threshold - 1e-12) * small_area[0]
        population_share = self.node_population[nodes].sum() / self.total_population
        objective, guidance = 0.0, 0.0
        if "locally_contestable_population" in self.weights or "local_fit" in self.weights:
            local = np.concatenate([self.local_by_node[n] for n in nodes])
            eligible = self.eligible(local, nodes, needed, threshold_persons)
            if "locally_contestable_population" in self.weights:
                w = self.weights["locally_contestable_population"]
                if len(eligible):
                    objective += w * population_share
                elif len(local):
                    # How near the best local organisation comes to both tests, for the search only.
                    reach_ratio = self.covered[np.ix_(local, nodes)].sum(axis=1) / max(threshold_persons, 1e-9)
                    income_ratio = self.income[local] / max(needed, 1e-9)
                    guidance += w * population_share * float(np.minimum(np.minimum(reach_ratio, income_ratio), 1).max())
            if "local_fit" in self.weights and self.n_vcs_counted:
                objective += self.weights["local_fit"] * len(eligible) / self.n_vcs_counted
        for group, (cover, area_weight, k) in self.specialist_areas.items():
            eligible = self.eligible(self.specialists[group], nodes, needed, threshold_persons)
            if not len(eligible) or small_area[k] <= 0:
                continue
            areas = np.unique(cover[np.searchsorted(self.specialists[group], eligible)].indices)
            in_lot = np.isin(self.area_node[areas], nodes)
            covered_share = area_weight[areas[in_lot]].sum() / small_area[k]
            group_total = self.node_group[group]
            objective += self.weights[f"{group}_prime_reach"] * covered_share * group_total[nodes].sum() / group_total.sum()
        return objective, guidance


def _area_cover(reach: ReachMatrix, rows: np.ndarray) -> sparse.csr_matrix:
    """(rows × small areas) covered flags of the given providers (whole units expanded to areas)."""
    index = reach.index
    full = reach.full[rows].tocoo()
    starts, stops = index.unit_start[full.col], index.unit_start[full.col + 1]
    lengths = stops - starts
    full_rows = np.repeat(full.row, lengths)
    full_areas = np.concatenate([np.arange(a, b) for a, b in zip(starts, stops)]) if len(starts) else np.zeros(0, int)
    position = np.full(reach.n_providers, -1)
    position[rows] = np.arange(len(rows))
    keep = position[reach.edge_provider] >= 0
    edge_rows = position[reach.edge_provider[keep]]
    all_rows = np.r_[full_rows, edge_rows]
    all_areas = np.r_[full_areas, reach.edge_area[keep]]
    matrix = sparse.csr_matrix((np.ones(len(all_rows), bool), (all_rows, all_areas)), shape=(len(rows), index.n_areas))
    matrix.sum_duplicates()
    return matrix


# --- constraints and feasibility -------------------------------------------------------------------

def _fmt_gbp(value: float) -> str:
    return f"£{value / 1e6:.2f}m" if value >= 1e6 else f"£{value / 1e3:.0f}k"


def _allocate_lots(components: list, k: int, lower: float, upper: float, what: dict) -> list[int]:
    """Lots per connected component: proportional to weight, within what each can hold."""
    low = [max(1, math.ceil(weight / upper - 1e-9)) for weight, n in components]
    high = [min(n, max(0, math.floor(weight / lower + 1e-9)) if lower > 0 else n) for weight, n in components]
    for (weight, n), lo, hi in zip(components, low, high):
        if lo > hi:
            raise PartitionInfeasible(
                f"{what['name_of'](weight)} ({weight / 1e6:.2f}m people) cannot be split into lots between "
                f"{lower / 1e6:.2f}m and {upper / 1e6:.2f}m people{what['because']}."
            )
    fixed = what["fixed_lots"]  # locked lots and areas that are lots on their own
    if sum(low) > k:
        raise PartitionInfeasible(f"{k + fixed} lots are too few: {what['why_split']} needs at least {sum(low) + fixed} lots "
                                  f"with lots of at most {upper / 1e6:.2f}m people{what['because']}.")
    if sum(high) < k:
        raise PartitionInfeasible(f"{k + fixed} lots are too many: at most {sum(high) + fixed} lots can be made "
                                  f"({what['why_split']}, lots of at least {lower / 1e6:.2f}m people{what['because']}).")
    counts = list(low)
    total = sum(weight for weight, _ in components)
    while sum(counts) < k:
        # Give the next lot to the component whose lots are largest, relative to its share.
        order = sorted(range(len(components)), key=lambda c: -(components[c][0] / total * k - counts[c]))
        for c in order:
            if counts[c] < high[c]:
                counts[c] += 1
                break
    return counts


def suggest_design(
    providers: pd.DataFrame, reach: ReachMatrix, *, n_lots: int,
    objective: str = "locally_contestable_population", weights: dict | None = None,
    params: ScoringParams | None = None, unit: str = "pfa",
    min_lot_value_gbp: float | None = None, max_lot_value_gbp: float | None = None,
    balance: tuple[float, float] | None = DEFAULT_BALANCE,
    keep_wales_separate: bool = False, keep_london_whole: bool = False,
    start: LotDesign | None = None, locked_lots: tuple = (),
    seed: int = 1, restarts: int = 3, iterations: int | None = None, time_budget_s: float | None = 30.0,
    n_designs: int = 3, progress: Callable[[float], None] | None = None, cancel: Callable[[], bool] | None = None,
    edges: VcsEdges | None = None, design_id: str | None = None,
) -> Suggestion:
    """Search contiguous designs of ``n_lots`` lots for the one with the highest objective.

    Parameters
    ----------
    providers, reach :
        Accepted providers and their reach (a :class:`lotdesign.importing.workspace.ProviderSet`'s).
    n_lots : int
        Number of lots (including locked lots).
    objective : str
        One of :data:`OBJECTIVES`, or ``mix`` with ``weights`` (objective name → weight).
    params : ScoringParams, optional
        Service, budget, turnover multiple and reach threshold (default accommodation).
    unit : {"pfa", "lad"}
        Whole PCC areas or districts.
    min_lot_value_gbp, max_lot_value_gbp : float, optional
        Annual lot value bounds, £ a year (become population bounds).
    balance : (float, float) or None
        Lot population between these multiples of the mean lot population; None switches the
        balance bounds off.
    keep_wales_separate, keep_london_whole : bool
    start : LotDesign, optional
        Start from this design (its lot count must equal ``n_lots``; at PFA level it must keep
        PCC areas whole).
    locked_lots : tuple of str
        Lots of ``start`` kept exactly as they are.
    seed : int
        Random seed: the same seed gives the same design unless the time budget stops the search.
    restarts, iterations : int
        Independent annealing runs and moves per run (default 1500 at PFA level, 4000 at LAD).
    time_budget_s : float or None
        Stop (keeping the best so far) after this many seconds.
    n_designs : int
        How many distinct designs to return (the best plus alternatives).
    progress : callable, optional
        Called with the fraction done (0..1).
    cancel : callable, optional
        Returning True stops the search (the best so far is kept).

    Raises
    ------
    ValidationError
        When the constraints cannot be met together; the message names the conflicting one.
    """
    params = params or ScoringParams()
    search = _DesignSearch(
        providers, reach, n_lots=n_lots, weights=objective_weights(objective, weights), params=params,
        unit=unit, keep_london_whole=keep_london_whole, keep_wales_separate=keep_wales_separate, seed=seed,
    )
    search.resolve_locked_lots(start, locked_lots)
    search.set_population_bounds(balance, min_lot_value_gbp, max_lot_value_gbp)
    search.split_into_parts()
    search.find_first_start()
    outcome, counts, n_shares = search.run_searches(
        restarts=restarts, iterations=iterations, time_budget_s=time_budget_s, n_designs=n_designs,
        progress=progress, cancel=cancel,
    )
    return search.package(outcome, counts, n_shares, objective=objective, edges=edges, design_id=design_id)


class _DesignSearch:
    """State shared by the steps of :func:`suggest_design`, in the order they run.

    Each step reads what earlier steps set and adds its own attributes; the order of the
    checks (and so which error a caller sees first) is that of the calls in ``suggest_design``.
    """

    def __init__(self, providers: pd.DataFrame, reach: ReachMatrix, *, n_lots: int, weights: dict,
                 params: ScoringParams, unit: str, keep_london_whole: bool, keep_wales_separate: bool, seed: int):
        """Build the search graph, node weights (population or females) and value per person."""
        self.providers, self.reach, self.n_lots, self.weights, self.params = providers, reach, n_lots, weights, params
        self.unit, self.keep_wales_separate, self.seed = unit, keep_wales_separate, seed
        self.keep_london_whole = keep_london_whole
        geography = search_geography(unit, keep_london_whole=keep_london_whole, keep_wales_separate=keep_wales_separate)
        self.geography = geography
        self.graph = geography.graph
        self.nodes = self.graph.nodes
        units = load_units()
        unit_codes = reach.index.unit_codes
        self.node_position = pd.Series(np.arange(len(self.nodes)), index=self.nodes)
        self.node_of_unit = self.node_position[geography.node_of_unit.reindex(unit_codes)].to_numpy()
        column = "females" if params.value_weighting == "females" else "population"
        total_value_weight = float(units[column].sum())
        self.node_weight = units[column].groupby(geography.node_of_unit).sum().reindex(self.nodes).to_numpy(float)
        self.gbp_per_person = params.budget_gbp / total_value_weight
        self.level_word = ("PCC areas" if unit == "pfa"
                           else ("districts (London as one)" if keep_london_whole else "districts"))
        self.notes: list[str] = []

    def resolve_locked_lots(self, start: LotDesign | None, locked_lots: tuple) -> None:
        """Take the start design and its locked lots as node lots, and check the lot count against them."""
        n_lots, nodes = self.n_lots, self.nodes
        self.locked_lots = locked_lots
        self.start_lots = None
        self.locked_nodes: set = set()
        self.locked: list = []
        if start is not None:
            self.start_lots = _design_as_node_lots(start, self.geography, self.node_position, self.unit)
            if start.n_lots != n_lots:
                raise ValidationError(f"The start design '{start.name}' has {start.n_lots} lots but {n_lots} were asked for — "
                                      f"ask for {start.n_lots} lots or start from scratch.")
            unknown = sorted(set(locked_lots) - set(self.start_lots))
            if unknown:
                raise ValidationError(f"Locked lot(s) {', '.join(map(repr, unknown))} are not lots of '{start.name}' "
                                      f"(its lots: {', '.join(sorted(self.start_lots))}).")
            for label in locked_lots:
                self.locked.append((label, self.start_lots[label]))
                self.locked_nodes.update(self.start_lots[label])
        elif locked_lots:
            raise ValidationError("Locked lots need a start design to take them from — give start=… (or --start).")
        self.free_k = n_lots - len(self.locked)
        if n_lots < 1:
            raise ValidationError(f"n_lots must be at least 1, not {n_lots}.")
        self.free_nodes = [i for i in range(len(nodes)) if i not in self.locked_nodes]
        if self.free_k < 1 and self.free_nodes:
            raise ValidationError(f"All {n_lots} lots are locked but {len(self.free_nodes)} areas are in no locked lot — unlock a lot or ask for more lots.")
        if n_lots > len(nodes):
            raise ValidationError(f"{n_lots} lots are more than the {len(nodes)} {self.level_word} — ask for at most {len(nodes)} "
                                  "lots, or use unit='lad' (districts).")

    def set_population_bounds(self, balance: tuple[float, float] | None, min_lot_value_gbp: float | None,
                              max_lot_value_gbp: float | None) -> None:
        """Turn the balance and lot value bounds into lot population bounds (and say why they bind)."""
        node_weight, free_nodes, graph, nodes = self.node_weight, self.free_nodes, self.graph, self.nodes
        gbp_per_person, params = self.gbp_per_person, self.params
        self.balance = balance
        free_weight = float(node_weight[free_nodes].sum())
        mean = free_weight / max(self.free_k, 1)
        lower, upper = 0.0, math.inf
        because = []
        if balance is not None:
            lo_factor, hi_factor = balance
            lower, upper = lo_factor * mean, hi_factor * mean
            smallest, largest = float(node_weight[free_nodes].min()), float(node_weight[free_nodes].max())
            if largest > upper:
                self.notes.append(f"Balance: the upper bound is raised from {upper / 1e6:.2f}m to {largest / 1e6:.2f}m people, "
                                  f"the largest single area ({graph.names.iloc[int(np.argmax(np.where(np.isin(np.arange(len(nodes)), free_nodes), node_weight, -1)))]}).")
                upper = largest
            if smallest < lower:
                lower_widened = smallest
            else:
                lower_widened = lower
            because.append(f" (balance {lo_factor:g}–{hi_factor:g} × the mean lot of {mean / 1e6:.2f}m)")
        else:
            lower_widened = 0.0
        if min_lot_value_gbp is not None:
            floor = min_lot_value_gbp / gbp_per_person
            if floor > lower:
                lower = floor
                lower_widened = max(lower_widened, floor)
                because.append(f" (minimum lot value {_fmt_gbp(min_lot_value_gbp)})")
        if max_lot_value_gbp is not None:
            ceiling = max_lot_value_gbp / gbp_per_person
            if min_lot_value_gbp is not None and max_lot_value_gbp < min_lot_value_gbp:
                raise ValidationError(f"The maximum lot value {_fmt_gbp(max_lot_value_gbp)} is below the minimum "
                                      f"{_fmt_gbp(min_lot_value_gbp)} — raise the maximum or lower the minimum.")
            too_big = [i for i in free_nodes if node_weight[i] > ceiling]
            if too_big:
                name = graph.names.iloc[too_big[0]]
                value = node_weight[too_big[0]] * gbp_per_person
                reason = ("London is kept whole" if nodes[too_big[0]] == LONDON_PCC and (self.keep_london_whole or self.unit == "pfa")
                          else f"{name} is one {'PCC area' if self.unit == 'pfa' else 'district'}")
                raise ValidationError(
                    f"{name} alone is worth {_fmt_gbp(value)} a year ({params.service}, {_fmt_gbp(params.budget_gbp)} budget), above "
                    f"the maximum lot value {_fmt_gbp(max_lot_value_gbp)}: {reason}. Raise the maximum lot value"
                    + (", or allow London to be split (unit 'lad' without keeping London whole)." if "London" in reason else ".")
                )
            if ceiling < upper:
                upper = ceiling
                because.append(f" (maximum lot value {_fmt_gbp(max_lot_value_gbp)})")
        self.lower, self.upper, self.lower_widened = lower, upper, lower_widened
        self.because_text = "".join(because)

    def split_into_parts(self) -> None:
        """Fix areas that must be lots on their own, find the connected parts and share the lots among them."""
        node_weight, graph, upper = self.node_weight, self.graph, self.upper
        # An area that cannot take even its smallest neighbour without passing the upper bound is a
        # lot on its own (London at PCC-area level); fixing it first spares the random splits.
        neighbours = graph.neighbour_lists()
        free_set = set(self.free_nodes)
        for i in list(self.free_nodes):
            others = [node_weight[v] for v in neighbours[i] if v in free_set]
            if self.start_lots is None and others and node_weight[i] + min(others) > upper and self.free_k > 1:
                self.locked.append((None, {i}))
                self.locked_nodes.add(i)
                free_set.discard(i)
                self.free_k -= 1
                self.notes.append(f"{graph.names.iloc[i]} is a lot on its own: with any neighbour it would pass "
                                  f"{upper / 1e6:.2f}m people.")
        self.free_nodes = [i for i in self.free_nodes if i in free_set]
        free_neighbours = [[v for v in neighbours[u] if v in free_set] if u in free_set else [] for u in range(len(self.nodes))]
        self.components = _components(self.free_nodes, free_neighbours)
        self.country = graph.country.to_numpy()
        why_split = "keeping Wales separate" if self.keep_wales_separate else "England and Wales"
        if self.locked_lots:
            why_split += f" with {len(self.locked_lots)} locked lot(s)"
        what = {"name_of": self.name_of, "because": self.because_text, "why_split": why_split, "fixed_lots": len(self.locked)}
        self.component_sizes = [(float(node_weight[m].sum()), len(m)) for m in self.components]
        try:
            self.counts = _allocate_lots(self.component_sizes, self.free_k,
                                         self.lower_widened if self.balance is not None else self.lower, upper, what)
        except PartitionInfeasible as error:
            raise ValidationError(f"These constraints cannot all be met: {error}") from None
        # The lots per part that draw_start uses; run_searches tries other shares through it.
        self.allocation = list(self.counts)
        self.scorer = LotScorer(self.providers, self.reach, self.params, self.node_of_unit, len(self.nodes), self.weights)
        self.problem = PartitionProblem(free_neighbours, node_weight, self.lower, upper, self.scorer)
        self.first_start: list = []

    def name_of(self, weight: float) -> str:
        """Name the connected part of this weight, for messages."""
        components, country = self.components, self.country
        for members in components:
            if abs(float(self.node_weight[members].sum()) - weight) < 1e-6:
                countries = set(country[members])
                return "Wales" if countries == {"Wales"} else ("England" if countries == {"England"} and len(components) > 1
                                                              else f"the area around {self.graph.names.iloc[members[0]]}")
        return "an area"

    def draw_start(self, rng: np.random.Generator) -> list:
        """A start partition of the free areas: the start design's free lots, or a random contiguous split."""
        problem = self.problem
        if self.start_lots is not None:
            return [tuple(sorted(lot)) for label, lot in self.start_lots.items()
                    if label not in self.locked_lots and not set(lot) & self.locked_nodes]
        lots = []
        for members, count in zip(self.components, self.allocation):
            # A recursive split can paint itself into a corner; start it again a few times.
            for _ in range(30):
                part = random_partition(problem, members, count, rng, tries=60)
                if part is not None:
                    break
            else:
                raise PartitionInfeasible(f"no contiguous split of {self.name_of(float(self.node_weight[members].sum()))} into "
                                          f"{count} lots between {problem.lower / 1e6:.2f}m and {self.upper / 1e6:.2f}m people")
            lots.extend(part)
        return lots

    def find_first_start(self) -> None:
        """Check a start can be drawn, relaxing the balance lower bound step by step when none can."""
        if self.start_lots is not None:
            return
        lower, lower_widened, problem = self.lower, self.lower_widened, self.problem
        # Try the strict lower bound first; relax it to the smallest area when no start can be drawn.
        probe = np.random.default_rng(self.seed)
        try:
            self.first_start.append(self.draw_start(probe))
        except PartitionInfeasible:
            if self.balance is not None and lower_widened < lower:
                # Lower the bound step by step (a quarter at a time, down to the smallest area), so
                # neighbouring lot counts get similar bounds and the trade-off curve stays comparable.
                relaxed = lower
                while not self.first_start:
                    relaxed = max(lower_widened, relaxed * 0.75)
                    problem.lower = relaxed
                    try:
                        self.first_start.append(self.draw_start(np.random.default_rng(self.seed)))
                    except PartitionInfeasible as error:
                        if relaxed <= lower_widened:
                            raise ValidationError(f"These constraints cannot all be met: {error}{self.because_text}.") from None
                self.notes.append(f"Balance: the lower bound is lowered from {lower / 1e6:.2f}m to {relaxed / 1e6:.2f}m "
                                  f"people — {self.free_k} lots of at least {lower / 1e6:.2f}m cannot be formed from whole areas.")
            else:
                raise ValidationError(f"These constraints cannot all be met: no contiguous split into {self.free_k} lots "
                                      f"between {lower / 1e6:.2f}m and {self.upper / 1e6:.2f}m people{self.because_text}.") from None

    def restart_from(self, rng: np.random.Generator) -> list:
        """A start for one annealing restart."""
        # Later restarts fall back on the first start when a fresh random split is not found.
        try:
            lots = self.draw_start(rng)
        except PartitionInfeasible:
            if not self.first_start:
                raise
            return list(self.first_start[0])
        self.first_start.append(lots)
        return lots

    def candidate_shares(self) -> list:
        """Lots per part to search: the proportional share and each shift of one lot between two parts."""
        # With separate parts (Wales kept separate, locked lots) the lots per part are a choice too:
        # search the proportional share and each shift of one lot between two parts, keep the best.
        counts, components, sizes = self.counts, self.components, self.component_sizes
        candidates = [counts]
        if len(components) > 1 and self.start_lots is None:
            low_bound = self.problem.lower
            most = [min(n, math.floor(w / low_bound + 1e-9) if low_bound > 0 else n) for w, n in sizes]
            least = [max(1, math.ceil(w / self.upper - 1e-9)) for w, _ in sizes]
            for give in range(len(components)):
                for take in range(len(components)):
                    shifted = list(counts)
                    shifted[give] += 1
                    shifted[take] -= 1
                    if give != take and shifted[give] <= most[give] and shifted[take] >= least[take]:
                        candidates.append(shifted)
            candidates = candidates[:5]
        return candidates

    def run_searches(self, *, restarts: int, iterations: int | None, time_budget_s: float | None, n_designs: int,
                     progress: Callable[[float], None] | None, cancel: Callable[[], bool] | None):
        """Anneal each candidate share of lots per part; return the best outcome, its share and the shares run."""
        problem = self.problem
        if iterations is None:
            iterations = 1500 if self.unit == "pfa" else 4000
        candidates = self.candidate_shares()
        outcomes = []
        for position, candidate in enumerate(candidates):
            self.allocation = candidate
            self.first_start.clear()
            try:
                self.first_start.append(self.draw_start(np.random.default_rng(self.seed)))
            except PartitionInfeasible:
                if position == 0:
                    raise ValidationError(f"These constraints cannot all be met: no contiguous split into {self.free_k} lots "
                                          f"between {problem.lower / 1e6:.2f}m and {self.upper / 1e6:.2f}m people{self.because_text}.") from None
                continue

            def report(fraction, position=position):
                if progress is not None:
                    progress((position + fraction) / len(candidates))

            outcome = search_partition(
                problem, self.restart_from, seed=self.seed, restarts=restarts, iterations=iterations,
                temperature=0.3 / max(self.n_lots, 1), time_budget_s=time_budget_s / len(candidates) if time_budget_s else None,
                cancel=cancel, progress=report, n_keep=n_designs,
            )
            outcomes.append((outcome, candidate))
            if outcome.stopped == "cancelled":
                break
        outcome, counts = max(outcomes, key=lambda pair: pair[0].partitions[0][0])
        if len(outcomes) > 1:
            merged = sorted({p for o, _ in outcomes for p in o.partitions}, key=lambda p: (-p[0], p[1]))[:n_designs]
            outcome.partitions = merged
            outcome.n_iterations = sum(o.n_iterations for o, _ in outcomes)
            outcome.n_evaluations = problem.n_evaluations
            outcome.elapsed_s = sum(o.elapsed_s for o, _ in outcomes)
            outcome.stopped = next((o.stopped for o, _ in outcomes if o.stopped != "done"), "done")
        return outcome, counts, len(outcomes)

    def package(self, outcome, counts: list, n_shares: int, *, objective: str, edges: VcsEdges | None,
                design_id: str | None) -> Suggestion:
        """Turn the kept partitions into designs, re-score the best in full and build the Suggestion."""
        providers, reach, weights, params = self.providers, self.reach, self.weights, self.params
        if len(self.components) > 1:
            self.notes.append("Lots per part: " + ", ".join(f"{self.name_of(w)} {c}" for (w, _), c in zip(self.component_sizes, counts))
                              + (f" (best of {n_shares} shares tried)." if n_shares > 1 else "."))
        locked_value = sum(self.scorer(tuple(sorted(lot)))[0] for _, lot in self.locked)
        design_id = design_id or f"suggested{self.n_lots}"
        designs = []
        for rank, (value, partition) in enumerate(outcome.partitions):
            lots = [(label, tuple(sorted(lot))) for label, lot in self.locked] + [(None, lot) for lot in partition]
            designs.append((_to_design(lots, self.geography, self.graph, self.node_weight,
                                       design_id if rank == 0 else f"{design_id}_alt{rank}",
                                       self.n_lots, weights, self.unit, params, self.seed), value + locked_value))
        best = designs[0][0]
        context = prepare_design(providers, reach, best, edges=edges)
        score = score_design(providers, reach, best, params, context=context)
        return Suggestion(
            design=best,
            objective=objective,
            objective_value=objective_from_summary(score.summary, weights),
            score=score,
            alternatives=designs[1:],
            bounds_population=(float(self.problem.lower), float(self.upper)),
            notes=self.notes,
            n_iterations=outcome.n_iterations,
            n_evaluations=outcome.n_evaluations,
            elapsed_s=outcome.elapsed_s,
            stopped=outcome.stopped,
            weights=weights,
        )


def _components(free_nodes: list, neighbours: list) -> list[list[int]]:
    seen: set = set()
    components = []
    for start in free_nodes:
        if start in seen:
            continue
        stack, members = [start], []
        seen.add(start)
        while stack:
            u = stack.pop()
            members.append(u)
            for v in neighbours[u]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        components.append(sorted(members))
    return components


def _design_as_node_lots(design: LotDesign, geography: SearchGeography, node_position: pd.Series, unit: str) -> dict:
    """The lots of ``design`` as sets of node positions; every node must sit in one lot."""
    node_of_unit = geography.node_of_unit.reindex(design.unit_to_lot.index)
    lots_per_node = design.unit_to_lot.groupby(node_of_unit.to_numpy()).nunique()
    split = lots_per_node[lots_per_node > 1]
    if len(split):
        names = ", ".join(geography.graph.names.reindex(split.index).astype(str)[:5])
        raise ValidationError(f"The start design '{design.name}' splits {names} between lots; at "
                              f"{'PCC-area' if unit == 'pfa' else 'this'} level each must be in one lot — "
                              "start at district level (unit 'lad') or from another design.")
    missing = geography.nodes.difference(node_of_unit.unique())
    if len(missing):
        raise ValidationError(f"The start design '{design.name}' covers {design.scope} only; a suggestion covers England "
                              "and Wales — start from a design of both.")
    lot_of_node = design.unit_to_lot.groupby(node_of_unit.to_numpy()).first()
    lots: dict = {}
    for node, lot in lot_of_node.items():
        lots.setdefault(lot, set()).add(int(node_position[node]))
    return lots


def _to_design(lots: list, geography: SearchGeography, graph: UnitGraph, node_weight: np.ndarray, design_id: str,
               n_lots: int, weights: dict, unit: str, params: ScoringParams, seed: int) -> LotDesign:
    """Name each new lot after its most populous area (and how many more it holds)."""
    nodes = graph.nodes
    labels = {}
    for label, lot in lots:
        if label is None:
            biggest = max(lot, key=lambda i: (node_weight[i], -i))
            label = str(graph.names.iloc[biggest]) + (f" +{len(lot) - 1}" if len(lot) > 1 else "")
        for i in lot:
            labels[nodes[i]] = label
    unit_to_lot = geography.node_of_unit.map(labels).rename("lot")
    unit_to_lot.index.name = "lad_code"
    objective_text = " + ".join(f"{w:.0%} {name}" if len(weights) > 1 else name for name, w in weights.items())
    return LotDesign(
        id=design_id,
        name=f"Suggested {n_lots} lots ({objective_text})",
        unit_to_lot=unit_to_lot.sort_index(),
        level=unit,
        description=f"Found by the design search for {params.service}: {objective_text}, seed {seed}.",
        source="design search",
        confidence="suggested",
        scope="England and Wales",
    )
