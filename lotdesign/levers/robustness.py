"""Does the answer survive the assumptions? Two designs compared over a grid of assumptions.

For designs A and B, every headline figure that follows from prime eligibility alone is
evaluated for every combination of:

========================  ==================================  =====================================
assumption                default grid                        source
========================  ==================================  =====================================
turnover multiple         1.5× to 3× in steps of 0.25         :data:`SOURCES`
reach threshold           60% to 100% in steps of 10 points
budget                    50% to 150% of the budget in force
default service radii     50% to 150% of the default radii
value weighting           by population, by females
========================  ==================================  =====================================

(7 × 5 × 5 × 5 × 2 = 1,750 combinations; every range is editable.) Reported:

- ``win_shares`` — per figure, the share of combinations in which A beats B, ties, or loses;
- ``tornado`` — per assumption, how far the gap A − B on the lead figure moves when that
  assumption alone runs over its range, the others at the values in force (the widest first);
- ``break_even`` — per assumption, the first value, walking away from the value in force (over
  a wider search range than the grid), at which the conclusion on the lead figure no longer
  holds;
- ``sentence`` — one plain sentence summing it up.

The figures are the ones :func:`lotdesign.core.scoring.score_design` reports and that depend only on
the eligibility tests (``reach_il ≥ r`` and ``income_i ≥ m × value_l``):
lots and population in (locally) contestable lots, population in lots with a prime-eligible
women's or BAME specialist, and local fit. Coverage unions are left out of the grid (they need a
small-area union per combination). Because ``value_l`` scales with the budget, eligibility
depends on the turnover multiple and the budget only through their product, so each lot needs
only the largest income-to-value ratio among organisations that pass the reach test: this is
the eligibility fast path reduced to one number per lot and reach threshold, and every grid
figure equals what ``score_design`` gives for the same parameters (the tests check it).

Changing the default radii changes reach: the reach of organisations on a default radius is
recomputed once per radius factor (on the small-area points, EPSG:27700) and cached in a
:class:`RobustnessCache` that callers keep for the provider set.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lotdesign.errors import ValidationError
from lotdesign.core.compare import METRIC_LABELS, format_share
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import DesignContext, scope_mask, lot_values_gbp

#: The figures evaluated over the grid (all: higher is better for the voluntary sector).
ROBUST_METRICS = (
    "share_lots_locally_contestable",
    "share_population_locally_contestable",
    "share_lots_contestable",
    "share_population_contestable",
    "share_population_contestable_women",
    "share_population_contestable_bame",
    "local_fit",
)
#: How each figure reads in the sentence: "under A, <phrase> than under B".
METRIC_PHRASES = {
    "share_lots_locally_contestable": "a larger share of lots has a locally based voluntary organisation able to bid as prime",
    "share_population_locally_contestable": "more of the population lives in locally contestable lots",
    "share_lots_contestable": "a larger share of lots has a voluntary organisation able to bid as prime",
    "share_population_contestable": "more of the population lives in contestable lots",
    "share_population_contestable_women": "more of the population lives in lots a women's specialist could prime",
    "share_population_contestable_bame": "more of the population lives in lots a BAME specialist could prime",
    "local_fit": "more voluntary organisations could bid as prime for their home lot",
}
ROBUST_LABELS = {
    **{m: METRIC_LABELS.get(m, m) for m in ROBUST_METRICS},
    "share_population_contestable_women": "Population in lots a women's specialist could prime",
    "share_population_contestable_bame": "Population in lots a BAME specialist could prime",
}

ASSUMPTIONS = ("turnover_multiple", "reach_threshold", "budget_factor", "radius_factor", "value_weighting")
ASSUMPTION_LABELS = {
    "turnover_multiple": "Turnover multiple",
    "reach_threshold": "Reach threshold",
    "budget_factor": "Budget (× the budget in force)",
    "radius_factor": "Default service radii (× the defaults)",
    "value_weighting": "Lot values shared by",
}
#: Default grid values of each assumption.
DEFAULT_GRID = {
    "turnover_multiple": (1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0),
    "reach_threshold": (0.6, 0.7, 0.8, 0.9, 1.0),
    "budget_factor": (0.5, 0.75, 1.0, 1.25, 1.5),
    "radius_factor": (0.5, 0.75, 1.0, 1.25, 1.5),
    "value_weighting": ("population", "females"),
}
#: Wider one-at-a-time search ranges for break-even values (radius: the grid's own values,
#: since every radius factor needs reach recomputed).
DEFAULT_SEARCH = {
    "turnover_multiple": tuple(np.round(np.arange(0.5, 5.0001, 0.05), 2)),
    "reach_threshold": tuple(np.round(np.arange(0.3, 1.0001, 0.01), 2)),
    "budget_factor": tuple(np.round(np.arange(0.1, 3.0001, 0.05), 2)),
}
SOURCES = {
    "turnover_multiple": "Public Contracts Regulations 2015, reg. 58: at most 2× the contract value 'except in duly justified "
                         "cases'; 1.5–3× brackets that cap (assumption)",
    "reach_threshold": "Assumption: the share of a lot's population a prime must reach; 60–100% brackets the 80% default",
    "budget_factor": "MoJ written answer UIN 76697: spend 'would exceed £100m per year'; UIN 43641: £195m over three to "
                     "four years at day 1 (about £50–65m a year) — ±50% brackets both",
    "radius_factor": "Assumption: default service radii by income band (10/20/40/80 km), ±50%",
    "value_weighting": "Lot values shared by mid-2023 population, or by females (the option for women's services)",
}


def _format_value(name: str, value) -> str:
    if name == "turnover_multiple":
        return f"{value:.2f}×".replace(".00×", "×")
    if name == "reach_threshold":
        return format_share(value)
    if name in ("budget_factor", "radius_factor"):
        return f"{100 * value:.0f}%"
    return str(value)


# --- reach under scaled default radii ----------------------------------------------------------


@dataclass(eq=False)
class RobustnessCache:
    """Reach of default-radius organisations per radius factor, for one provider set.

    Keep one per provider set (the app keeps it in the session, the CLI for a run): the first
    robustness run computes reach for each radius factor, later runs reuse it.
    """

    _covered: dict = field(default_factory=dict)
    _rows: dict = field(default_factory=dict)

    def covered_population(self, context: DesignContext, factor: float, rows: np.ndarray):
        """(rows × units) small-area persons inside the scaled default-radius circles of ``rows``."""
        key = (id(context.reach), round(float(factor), 6))
        held = self._covered.get(key)
        # The reach is kept with the entry so that a recycled id() can never return stale reach.
        if held is None or held[0] is not context.reach:
            held = (context.reach, np.zeros(0, np.int64), None)
        _, known_rows, known = held
        missing = np.setdiff1d(rows, known_rows)
        if len(missing):
            providers = context.providers
            radius_m = providers["radius_km"].to_numpy(float)[missing] * 1000.0 * factor
            fresh = _covered_by_circles(context.reach.index, providers["base_x"].to_numpy(float)[missing],
                                        providers["base_y"].to_numpy(float)[missing], radius_m)
            from scipy import sparse

            all_rows = np.concatenate([known_rows, missing])
            stacked = fresh if known is None else sparse.vstack([known, fresh]).tocsr()
            order = np.argsort(all_rows, kind="stable")
            known_rows, known = all_rows[order], stacked[order]
            self._covered[key] = (context.reach, known_rows, known)
        return known[np.searchsorted(known_rows, rows)] if len(rows) else known[:0] if known is not None else None


def _touch_bound(context: DesignContext, rows: np.ndarray, radius_m: np.ndarray, lots: np.ndarray) -> np.ndarray:
    """(rows × lots) upper bound on lot reach of circles: units whose bounding circle they touch."""
    index = context.reach.index
    x = context.providers["base_x"].to_numpy(float)[rows]
    y = context.providers["base_y"].to_numpy(float)[rows]
    distance = np.hypot(x[:, None] - index.centre_x[None, :], y[:, None] - index.centre_y[None, :])
    touched = (distance - index.radius_m[None, :] <= radius_m[:, None]).astype(float)
    unit_lot = context.unit_lot_matrix[:, lots].multiply(index.unit_totals[:, :1]).tocsc()
    return np.asarray(unit_lot.T.dot(touched.T)).T / context.lot_small_area_totals[lots, 0][None, :]


def _covered_by_circles(index, x, y, radius_m):
    """(circles × units) small-area persons within each circle (the population weight of geo.reach)."""
    from geo.reach import compute_reach

    ids = np.arange(len(x)).astype(str)
    return compute_reach(ids, x, y, np.asarray(radius_m, float) / 1000.0, index=index).covered["population"]


# --- one design, evaluated fast ----------------------------------------------------------------


class _DesignGrid:
    """The parts of one design's scoring that the grid needs, restricted to VCS rows and lots in scope."""

    def __init__(self, context: DesignContext, params: ScoringParams, cache: RobustnessCache):
        self.context = context
        self.cache = cache
        self.lots = np.flatnonzero(scope_mask(context, params.scope))
        providers = context.providers
        self.rows = np.flatnonzero(context.is_vcs)
        self.income = providers["income_gbp"].to_numpy(float)[self.rows]
        self.women = providers["women"].to_numpy(bool)[self.rows]
        self.bame = providers["bame"].to_numpy(bool)[self.rows]
        base_lot = context.base_lot[self.rows]
        self.local = base_lot[:, None] == self.lots[None, :]
        position = np.full(len(context.lots) + 1, -1)
        position[self.lots] = np.arange(len(self.lots))
        self.base_col = position[base_lot]  # -1 when based outside the scope or the design
        self.counted = self.base_col >= 0
        self.population = context.lot_population["population"].to_numpy(float)[self.lots]
        self.value0 = {
            w: lot_values_gbp(context, params.replace(value_weighting=w))[self.lots] for w in ("population", "females")
        }
        kinds = providers["service_area_kind"].to_numpy() if "service_area_kind" in providers else None
        self.default_radius = (kinds == "default_radius") if kinds is not None else np.zeros(len(providers), bool)
        self._lot_reach: dict = {}
        self._profiles: dict = {}

    def recompute_rows(self, factor: float, min_product: float, min_threshold: float) -> np.ndarray:
        """Default-radius rows whose reach at ``factor`` could matter anywhere in the grid.

        An organisation matters only for a lot whose smallest turnover requirement in the grid
        (``min_product`` × its smaller value) its income meets, and only if its scaled circle
        touches units holding ``min_threshold`` of that lot; any other cannot change a figure.
        """
        key = (id(self.context), tuple(self.lots), round(float(factor), 6), float(min_product), float(min_threshold),
               tuple(float(v.sum()) for v in self.value0.values()))
        cached = self.cache._rows.get(key)
        # The context is kept with the rows so that a recycled id() can never return stale rows.
        if cached is None or cached[0] is not self.context:
            cached = (self.context, self._recompute_rows(factor, min_product, min_threshold))
            self.cache._rows[key] = cached
        return cached[1]

    def _recompute_rows(self, factor: float, min_product: float, min_threshold: float) -> np.ndarray:
        providers = self.context.providers
        income = providers["income_gbp"].to_numpy(float)
        smallest_value = np.minimum(*self.value0.values()) * min_product * (1 - 1e-9)
        rows = np.flatnonzero(self.default_radius & self.context.is_vcs & (income >= smallest_value.min(initial=np.inf)))
        if not len(rows):
            return rows
        radius_m = providers["radius_km"].to_numpy(float)[rows] * 1000.0 * factor
        bound = _touch_bound(self.context, rows, radius_m, self.lots)
        could = (bound >= min_threshold - 1e-12) & (income[rows, None] >= smallest_value[None, :])
        return rows[could.any(axis=1)]

    def lot_reach(self, factor: float, rows: np.ndarray | None = None) -> np.ndarray:
        """(VCS rows × lots in scope) lot reach with default radii scaled by ``factor``.

        At a factor other than 1, only ``rows`` (from :meth:`recompute_rows`, possibly of both
        designs) are recomputed; other default-radius organisations get reach 0, which changes no
        figure since they cannot be prime anywhere in the grid.
        """
        key = round(float(factor), 6)
        if key not in self._lot_reach:
            context = self.context
            covered = context.lot_covered["population"].copy()
            if key != 1.0:
                rows = np.zeros(0, np.int64) if rows is None else np.asarray(rows, np.int64)
                covered[self.default_radius] = 0.0
                if len(rows):
                    scaled = self.cache.covered_population(context, factor, rows)
                    covered[rows] = np.asarray((scaled @ context.unit_lot_matrix).todense())
            share = covered[np.ix_(self.rows, self.lots)] / context.lot_small_area_totals[self.lots, 0][None, :]
            self._lot_reach[key] = share
        return self._lot_reach[key]

    def _profile(self, factor: float) -> dict:
        """Per group and lot: reach sorted from widest, with the running largest income.

        Built once per radius factor; any reach threshold is then a binary search per lot.
        """
        key = round(float(factor), 6)
        if key not in self._profiles:
            reach = self.lot_reach(factor)
            profile = {}
            for name, rows in (("any", np.ones(len(self.rows), bool)), ("women", self.women), ("bame", self.bame)):
                columns = []
                if rows.any():
                    sub, income = reach[rows], self.income[rows]
                    order = np.argsort(-sub, axis=0, kind="stable")
                    negative = np.take_along_axis(-sub, order, axis=0).T.copy()
                    running = np.maximum.accumulate(income[order], axis=0).T.copy()
                    columns = list(zip(negative, running))
                profile[name] = columns
            counted = np.flatnonzero(self.counted)
            home_col = self.base_col[counted]
            home_reach = reach[counted, home_col]
            home_income = self.income[counted]
            local = []
            for lot in range(len(self.lots)):
                members = np.flatnonzero(home_col == lot)
                order = members[np.argsort(-home_reach[members], kind="stable")]
                local.append((-home_reach[order], np.maximum.accumulate(home_income[order]) if len(order) else home_income[:0]))
            profile["local"] = local
            profile["home"] = (home_reach, home_income, home_col, len(counted))
            self._profiles[key] = profile
        return self._profiles[key]

    def best_ratios(self, factor: float, weighting: str, threshold: float) -> dict:
        """Per lot, the largest income ÷ value among organisations passing the reach test.

        ``any``, ``local`` (based in the lot), ``women`` and ``bame`` (specialists); plus
        ``home``: the sorted home-lot ratios of counted organisations passing the reach test,
        and ``n_counted``.
        """
        profile = self._profile(factor)
        value = self.value0[weighting]
        cut = -(threshold - 1e-12)  # reach ≥ threshold (inclusive, float-tolerant) as −reach ≤ cut

        def best(columns):
            out = np.full(len(self.lots), -np.inf)
            for lot, (negative, running) in enumerate(columns):
                k = np.searchsorted(negative, cut, side="right")
                if k:
                    out[lot] = running[k - 1]
            return out / value

        home_reach, home_income, home_col, n_counted = profile["home"]
        passing = home_reach >= threshold - 1e-12
        return {
            "any": best(profile["any"]),
            "local": best(profile["local"]),
            "women": best(profile["women"]),
            "bame": best(profile["bame"]),
            "home": np.sort(home_income[passing] / value[home_col[passing]]),
            "n_counted": n_counted,
        }

    def figures(self, factor: float, weighting: str, threshold: float, products: np.ndarray) -> dict:
        """Each figure for every ``turnover multiple × budget factor`` in ``products`` (arrays)."""
        best = self.best_ratios(factor, weighting, threshold)
        # Inclusive income test (income ≥ m × value), tolerant of float rounding at equality.
        needed = np.asarray(products, float)[:, None] * (1 - 1e-12)
        contestable = best["any"] >= needed
        locally = best["local"] >= needed
        women = best["women"] >= needed
        bame = best["bame"] >= needed
        total = self.population.sum() or 1.0
        home = best["home"]
        fits = len(home) - np.searchsorted(home, needed[:, 0], side="left")
        n = max(len(self.lots), 1)
        n_counted = best["n_counted"]
        return {
            "share_lots_locally_contestable": locally.sum(axis=1) / n,
            "share_population_locally_contestable": locally @ self.population / total,
            "share_lots_contestable": contestable.sum(axis=1) / n,
            "share_population_contestable": contestable @ self.population / total,
            "share_population_contestable_women": women @ self.population / total,
            "share_population_contestable_bame": bame @ self.population / total,
            "local_fit": fits / n_counted if n_counted else np.zeros(len(needed)),
        }


# --- the result --------------------------------------------------------------------------------


@dataclass(eq=False)
class RobustnessResult:
    """Design A against design B over a grid of assumptions.

    Attributes
    ----------
    sentence : str
    win_shares : pandas.DataFrame
        Indexed by figure: ``a_wins``, ``ties``, ``b_wins`` (counts), their shares, ``gap_in_force``.
    tornado : pandas.DataFrame
        One row per assumption (widest swing first): ``low``/``high`` (values giving the smallest
        and largest gap), ``gap_low``, ``gap_high``, ``swing``, ``gap_in_force``, ``source``.
    break_even : pandas.DataFrame
        One row per assumption and direction: the first value at which the conclusion no
        longer holds (``flips_at``), or none within ``searched``.
    grid : pandas.DataFrame
        Every combination: the assumptions, each figure for A (``*_a``) and B (``*_b``).
    """

    design_a: str
    design_b: str
    label_a: str
    label_b: str
    metric: str
    params: ScoringParams
    grid_values: dict
    sentence: str
    win_shares: pd.DataFrame
    tornado: pd.DataFrame
    break_even: pd.DataFrame
    grid: pd.DataFrame
    timings: dict = field(default_factory=dict)

    @property
    def n_combinations(self) -> int:
        return len(self.grid)

    def to_dict(self) -> dict:
        """JSON-ready form (the CLI's ``robustness --json``)."""
        return {
            "design_a": self.design_a,
            "design_b": self.design_b,
            "metric": self.metric,
            "service": self.params.service,
            "params_in_force": self.params.to_dict(),
            "grid": {k: list(v) for k, v in self.grid_values.items()},
            "sources": SOURCES,
            "n_combinations": self.n_combinations,
            "sentence": self.sentence,
            "win_shares": self.win_shares.reset_index().to_dict(orient="records"),
            "tornado": _records(self.tornado),
            "break_even": _records(self.break_even),
        }


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for missing values (JSON has no NaN)."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _check_grid(grid: dict) -> dict:
    problems = []
    unknown = set(grid) - set(ASSUMPTIONS)
    if unknown:
        problems.append(f"unknown assumptions {sorted(unknown)}; use {', '.join(ASSUMPTIONS)}")
    values = {name: tuple(grid.get(name, DEFAULT_GRID[name])) for name in ASSUMPTIONS}
    for name, options in values.items():
        if not options:
            problems.append(f"{name}: give at least one value")
        elif name == "value_weighting":
            bad = [v for v in options if v not in ("population", "females")]
            if bad:
                problems.append(f"value_weighting: {bad} — use 'population' and/or 'females'")
        else:
            bad = [v for v in options if not (isinstance(v, (int, float, np.number)) and np.isfinite(v) and v >= 0)]
            if bad:
                problems.append(f"{name}: {bad} — every value must be a number ≥ 0")
            elif name == "reach_threshold" and max(options) > 1:
                problems.append(f"reach_threshold: {max(options)} — shares run from 0 to 1")
            elif name in ("budget_factor", "radius_factor") and min(options) <= 0:
                problems.append(f"{name}: {min(options)} — factors must be above 0")
    if problems:
        raise ValidationError("Invalid robustness grid.", problems)
    return {name: tuple(sorted(set(v), key=lambda x: (isinstance(x, str), x))) for name, v in values.items()}


def robustness(
    context_a: DesignContext,
    context_b: DesignContext,
    params: ScoringParams | None = None,
    *,
    grid: dict | None = None,
    metric: str = "share_lots_locally_contestable",
    cache: RobustnessCache | None = None,
    progress=None,
) -> RobustnessResult:
    """Evaluate the comparison of two designs over a grid of assumptions.

    Parameters
    ----------
    context_a, context_b : DesignContext
        Prepared contexts of designs A and B for the same providers and reach.
    params : ScoringParams, optional
        The assumptions in force (the grid's centre; budget and radius factors are relative to
        them). Service category and scope are kept throughout.
    grid : dict, optional
        Values per assumption (see :data:`DEFAULT_GRID`); missing assumptions take the default.
    metric : str
        The lead figure (one of :data:`ROBUST_METRICS`) for the tornado, break-even values and sentence.
    cache : RobustnessCache, optional
        Reach per radius factor, kept across calls for the same provider set.
    progress : callable, optional
        ``progress(fraction, message)`` is called as the work advances (fraction in [0, 1]).

    Returns
    -------
    RobustnessResult
    """
    started = time.perf_counter()
    params = params or ScoringParams()
    if metric not in ROBUST_METRICS:
        raise ValidationError(f"Unknown figure {metric!r}.", [f"choose one of {', '.join(ROBUST_METRICS)}"])
    if context_a.reach is not context_b.reach:
        raise ValueError("both designs must be prepared for the same providers and reach")
    values = _check_grid(grid or {})
    cache = cache or RobustnessCache()
    report = progress or (lambda fraction, message: None)
    base = {
        "turnover_multiple": params.turnover_multiple,
        "reach_threshold": params.reach_threshold,
        "budget_factor": 1.0,
        "radius_factor": 1.0,
        "value_weighting": params.value_weighting,
    }
    designs = (_DesignGrid(context_a, params, cache), _DesignGrid(context_b, params, cache))
    factors = _reach_per_radius_factor(designs, values, params, report)
    report(0.6, "Evaluating every combination…")
    table = _evaluate_grid(designs, values)
    timings = {"grid_s": time.perf_counter() - started}

    report(0.8, "Tornado and break-even values…")

    search, search_products = _search_grid(values, factors, base)
    gap_at = _gap_function(designs, base, metric, search_products)
    gap_in_force = gap_at()
    win_shares = _win_shares(table, designs, base)
    tornado = _tornado(values, base, gap_at, gap_in_force)
    break_even = _break_even(search, base, gap_at, gap_in_force)
    result = RobustnessResult(
        context_a.design.id, context_b.design.id, context_a.design.label, context_b.design.label, metric, params,
        values, "", win_shares, tornado, break_even, table,
    )
    result.sentence = robustness_sentence(result, gap_in_force)
    timings["total_s"] = time.perf_counter() - started
    result.timings = timings
    report(1.0, "Done.")
    return result


def _reach_per_radius_factor(designs, values: dict, params: ScoringParams, report) -> list:
    """Work out lot reach for every radius factor of the grid (and 1.0); return the sorted factors."""
    factors = sorted(set(values["radius_factor"]) | {1.0})
    # Organisations that cannot pass both tests for any lot anywhere the radius varies keep
    # reach 0 there: their reach is not recomputed.
    min_product = min(min(values["turnover_multiple"]) * min(values["budget_factor"]), params.turnover_multiple)
    min_threshold = min(min(values["reach_threshold"]), params.reach_threshold)
    for k, factor in enumerate(factors):
        report(0.6 * k / len(factors), f"Working out reach with default radii at {100 * factor:.0f}%…")
        if factor == 1.0:
            continue
        rows = np.union1d(*(d.recompute_rows(factor, min_product, min_threshold) for d in designs))
        for design in designs:
            design.lot_reach(factor, rows)
    return factors


def _evaluate_grid(designs, values: dict) -> pd.DataFrame:
    """Every figure of both designs at every combination of the grid, one row per combination."""
    multiples = np.array(values["turnover_multiple"], float)
    budgets = np.array(values["budget_factor"], float)
    products = (multiples[:, None] * budgets[None, :]).ravel()
    frames = []
    for factor, weighting, threshold in itertools.product(values["radius_factor"], values["value_weighting"], values["reach_threshold"]):
        block = pd.DataFrame({
            "turnover_multiple": np.repeat(multiples, len(budgets)),
            "reach_threshold": threshold,
            "budget_factor": np.tile(budgets, len(multiples)),
            "radius_factor": factor,
            "value_weighting": weighting,
        })
        for suffix, design in zip(("a", "b"), designs):
            for name, column in design.figures(factor, weighting, threshold, products).items():
                block[f"{name}_{suffix}"] = column
        frames.append(block)
    return pd.concat(frames, ignore_index=True)


def _search_grid(values: dict, factors: list, base: dict) -> tuple[dict, list]:
    """Values searched for break-even points, and every turnover × budget product they need."""
    search = {**DEFAULT_SEARCH, "radius_factor": tuple(factors), "value_weighting": ("population", "females")}
    search = {name: tuple(sorted(set(search[name]) | set(values[name]), key=lambda x: (isinstance(x, str), x)))
              for name in ASSUMPTIONS}
    search_products = sorted({m * base["budget_factor"] for m in search["turnover_multiple"]}
                             | {base["turnover_multiple"] * b for b in search["budget_factor"]}
                             | {m * b for m in values["turnover_multiple"] for b in values["budget_factor"]})
    return search, search_products


def _gap_function(designs, base: dict, metric: str, search_products: list):
    """``gap_at(**changes)``: A minus B on ``metric`` with ``changes`` applied to ``base`` (memoised)."""
    memo: dict = {}

    def gap_at(**changes):
        point = {**base, **changes}
        key = (point["radius_factor"], point["value_weighting"], point["reach_threshold"])
        if key not in memo:
            # Every product of the searches at once: one pass over the organisations per key.
            products = np.unique(np.concatenate([
                np.array(search_products, float), [point["turnover_multiple"] * point["budget_factor"]]]))
            gaps = np.subtract(*(d.figures(*key, products)[metric] for d in designs))
            memo[key] = dict(zip(products.tolist(), gaps.tolist()))
        product = point["turnover_multiple"] * point["budget_factor"]
        if product not in memo[key]:
            a, b = (d.figures(*key, np.array([product]))[metric][0] for d in designs)
            memo[key][product] = float(a - b)
        return memo[key][product]

    return gap_at


def _win_shares(table: pd.DataFrame, designs, base) -> pd.DataFrame:
    rows = []
    for name in ROBUST_METRICS:
        gap = table[f"{name}_a"].to_numpy() - table[f"{name}_b"].to_numpy()
        tie = np.abs(gap) <= 1e-12
        a_wins, b_wins = int(((gap > 0) & ~tie).sum()), int(((gap < 0) & ~tie).sum())
        n = len(gap)
        rows.append({
            "figure": name,
            "label": ROBUST_LABELS[name],
            "a_wins": a_wins,
            "ties": int(tie.sum()),
            "b_wins": b_wins,
            "share_a_wins": a_wins / n,
            "share_ties": tie.sum() / n,
            "share_b_wins": b_wins / n,
            "n_combinations": n,
        })
    return pd.DataFrame(rows).set_index("figure")


def _tornado(values, base, gap_at, gap_in_force) -> pd.DataFrame:
    rows = []
    for name in ASSUMPTIONS:
        options = list(dict.fromkeys([*values[name], base[name]]))
        gaps = [gap_at(**{name: v}) for v in options]
        low, high = int(np.argmin(gaps)), int(np.argmax(gaps))
        rows.append({
            "assumption": name,
            "label": ASSUMPTION_LABELS[name],
            "in_force": _format_value(name, base[name]),
            "low": _format_value(name, options[low]),
            "high": _format_value(name, options[high]),
            "gap_low": gaps[low],
            "gap_high": gaps[high],
            "swing": gaps[high] - gaps[low],
            "gap_in_force": gap_in_force,
            "range": " or ".join(values[name]) if name == "value_weighting" else
                     f"{_format_value(name, min(values[name]))} to {_format_value(name, max(values[name]))}",
            "source": SOURCES[name],
        })
    return pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _holds(gap: float, gap_in_force: float) -> bool:
    """Does the conclusion in force (A ahead, B ahead, or level) still hold at this gap?"""
    if gap_in_force > 1e-12:
        return gap > 1e-12
    if gap_in_force < -1e-12:
        return gap < -1e-12
    return abs(gap) <= 1e-12


def _break_even(search, base, gap_at, gap_in_force) -> pd.DataFrame:
    rows = []
    for name in ASSUMPTIONS:
        options = list(search[name])
        if name == "value_weighting":
            other = [v for v in options if v != base[name]]
            flips = [v for v in other if not _holds(gap_at(**{name: v}), gap_in_force)]
            rows.append({"assumption": name, "label": ASSUMPTION_LABELS[name], "direction": "switch",
                         "in_force": base[name], "flips_at": flips[0] if flips else None,
                         "flips_at_text": flips[0] if flips else "", "searched": ", ".join(options)})
            continue
        below = sorted([v for v in options if v < base[name]], reverse=True)
        above = sorted([v for v in options if v > base[name]])
        for direction, walk in (("below", below), ("above", above)):
            flip = None
            for v in walk:
                if not _holds(gap_at(**{name: v}), gap_in_force):
                    flip = v
                    break
            rows.append({
                "assumption": name,
                "label": ASSUMPTION_LABELS[name],
                "direction": direction,
                "in_force": _format_value(name, base[name]),
                "flips_at": flip,
                "flips_at_text": _format_value(name, flip) if flip is not None else "",
                "searched": (f"{_format_value(name, walk[-1])} to {_format_value(name, walk[0])}" if walk and direction == "below"
                             else f"{_format_value(name, walk[0])} to {_format_value(name, walk[-1])}" if walk else "none"),
            })
    return pd.DataFrame(rows)


_FLIP_WORDS = {
    ("turnover_multiple", "below"): "the turnover multiple falls to {}",
    ("turnover_multiple", "above"): "the turnover multiple rises to {}",
    ("reach_threshold", "below"): "the reach threshold falls to {}",
    ("reach_threshold", "above"): "the reach threshold rises to {}",
    ("budget_factor", "below"): "the budget falls to {} of the budget in force",
    ("budget_factor", "above"): "the budget rises to {} of the budget in force",
    ("radius_factor", "below"): "default service radii shrink to {} of the defaults",
    ("radius_factor", "above"): "default service radii grow to {} of the defaults",
    ("value_weighting", "switch"): "lot values are shared by {}",
}


def robustness_sentence(result: RobustnessResult, gap_in_force: float) -> str:
    """One plain sentence: how often the conclusion in force holds, and what flips it."""
    shares = result.win_shares.loc[result.metric]
    n = int(shares["n_combinations"])
    a, b = result.label_a, result.label_b
    phrase = METRIC_PHRASES[result.metric]
    if gap_in_force > 1e-12:
        head = f"Under {a}, {phrase} than under {b} in {format_share(shares['share_a_wins'])} of the {n:,} assumption combinations tried"
    elif gap_in_force < -1e-12:
        head = f"Under {b}, {phrase} than under {a} in {format_share(shares['share_b_wins'])} of the {n:,} assumption combinations tried"
    else:
        head = (f"{a} and {b} are level on “{ROBUST_LABELS[result.metric]}” under the assumptions in force "
                f"and in {format_share(shares['share_ties'])} of the {n:,} assumption combinations tried")
    flips = result.break_even.dropna(subset=["flips_at"])
    if flips.empty:
        tail = "no single assumption, varied alone over its search range, changes the conclusion"
    else:
        parts = [_FLIP_WORDS[(r.assumption, r.direction)].format(r.flips_at_text) for r in flips.itertuples()]
        tail = "varied one at a time, the conclusion first changes when " + (
            parts[0] if len(parts) == 1 else ", when ".join(parts[:-1]) + " or when " + parts[-1])
    return f"{head}; {tail}."
