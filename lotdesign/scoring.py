"""Score a lot design: prime eligibility, local and specialist coverage, per lot and per design.

Definitions follow the project's domain model (README, "How scores are defined"):

- lot value ``value_l = budget_category × pop_l / pop(England and Wales)`` (mid-2023 persons,
  or females when ``value_weighting="females"``);
- lot reach ``reach_il`` = share of the lot's small-area population inside provider i's area;
- prime-eligible: ``reach_il ≥ reach_threshold`` and ``income_i ≥ turnover_multiple × value_l``;
- coverage = share of the lot's small-area population (or women, or minority-ethnic residents)
  inside the service area of at least one qualifying VCS provider.

Everything is computed with sparse matrix products and array reductions over all providers and
lots at once; :func:`prepare_design` does the design-dependent work once, so re-scoring with
new parameters (what every widget change does) is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse

from geo.reach import WEIGHTS, ReachMatrix
from lotdesign.designs import LotDesign
from lotdesign.params import ScoringParams

SPECIALISMS = ("women", "bame")
SPECIALISM_WEIGHT = {"women": "females", "bame": "minority_ethnic"}
SPECIALISM_LABELS = {"women": "women", "bame": "minority-ethnic residents"}

# Bits of the per-provider, per-lot qualification code used for coverage unions.
_BIT_LOCAL, _BIT_PRIME = 0, 1
_BIT_SPECIALIST = {"women": 2, "bame": 4}
_BIT_SPECIALIST_PRIME = {"women": 3, "bame": 5}

#: Provider columns scoring needs (as produced by ``lotdesign.providers``).
REQUIRED_PROVIDER_COLUMNS = ("provider_id", "sector", "income_gbp", "women", "bame", "base_lad")


@dataclass(eq=False)
class DesignContext:
    """Everything about a (providers, reach, design) triple that parameters do not change."""

    design: LotDesign
    providers: pd.DataFrame
    reach: ReachMatrix
    lots: pd.Index  # lot labels, sorted
    lot_of_unit: np.ndarray  # (n_units,) lot index of each reach unit, -1 outside the design
    unit_lot_matrix: sparse.csr_matrix  # (n_units × n_lots) one-hot
    lot_population: pd.DataFrame  # mid-2023 population, females, minority_ethnic per lot
    lot_small_area_totals: np.ndarray  # (n_lots, 3) small-area persons per weight
    lot_covered: dict  # weight -> (providers × lots) dense covered persons
    is_vcs: np.ndarray
    base_lot: np.ndarray  # (providers,) lot index of base, -1 outside the design

    @cached_property
    def lot_reach(self) -> np.ndarray:
        """(providers × lots) share of each lot's small-area population a provider reaches."""
        return self.lot_covered["population"] / self.lot_small_area_totals[None, :, 0]

    @cached_property
    def _full_coo(self):
        full = self.reach.full.tocoo()
        order = np.argsort(full.col, kind="stable")
        rows, cols = full.row[order], full.col[order]
        lot = self.lot_of_unit[cols]
        keep = lot >= 0
        return rows[keep], cols[keep], lot[keep]

    edges: VcsEdges | None = None  # design-independent edge pairs, shared across designs

    @cached_property
    def _edge(self):
        edges = self.edges if self.edges is not None else vcs_edges(self.providers, self.reach)
        n_lots = len(self.lots)
        lot = self.lot_of_unit[edges.unit]
        # Pairs outside the design point at an extra all-zero column of the code matrix.
        lot = np.where(lot >= 0, lot, n_lots)
        flat = edges.provider * (n_lots + 1) + lot
        return flat, edges.areas, edges.starts

    @cached_property
    def _area_lot(self) -> np.ndarray:
        return self.lot_of_unit[self.reach.index.area_unit]


@dataclass(frozen=True, eq=False)
class VcsEdges:
    """Covered (VCS provider, small area) pairs in partly covered units, grouped by area.

    Computed once per provider set and shared by every design's context: only the lot of each
    pair depends on the design.
    """

    provider: np.ndarray  # (pairs,) int64 provider row
    unit: np.ndarray  # (pairs,) int64 unit of the pair's area
    areas: np.ndarray  # (groups,) the distinct areas, ascending
    starts: np.ndarray  # (groups,) first pair of each area


def vcs_edges(providers: pd.DataFrame, reach: ReachMatrix) -> VcsEdges:
    """The edge pairs of VCS providers (the only ones that count for coverage), grouped by area."""
    is_vcs = (providers["sector"] == "vcs").to_numpy()
    keep = is_vcs[reach.edge_provider]
    provider = reach.edge_provider[keep].astype(np.int64)
    area = reach.edge_area[keep]  # already sorted by area
    starts = np.flatnonzero(np.r_[True, area[1:] != area[:-1]]) if len(area) else np.zeros(0, np.int64)
    return VcsEdges(provider, reach.index.area_unit[area].astype(np.int64), area[starts], starts)


def _units_for(reach: ReachMatrix) -> pd.DataFrame:
    return reach.index.units


def prepare_design(
    providers: pd.DataFrame, reach: ReachMatrix, design: LotDesign, *, edges: VcsEdges | None = None
) -> DesignContext:
    """Do the parameter-independent work of scoring ``design`` for these providers.

    Parameters
    ----------
    providers : pandas.DataFrame
        Accepted providers, in the same order as the rows of ``reach``.
    reach : ReachMatrix
        From :func:`geo.reach.compute_reach` for these providers.
    design : LotDesign
    edges : VcsEdges, optional
        From :func:`vcs_edges` for these providers, to share across designs.
    """
    missing = [c for c in REQUIRED_PROVIDER_COLUMNS if c not in providers.columns]
    if missing:
        raise ValueError(f"providers lacks columns {missing}; load them with lotdesign.providers.load_providers.")
    if len(providers) != reach.n_providers:
        raise ValueError(f"providers has {len(providers)} rows but reach has {reach.n_providers}; compute reach for these providers.")
    units = _units_for(reach)
    unit_lot = design.unit_to_lot.reindex(units.index)
    lots = pd.Index(sorted(unit_lot.dropna().unique()), name="lot")
    lot_position = pd.Series(np.arange(len(lots)), index=lots)
    lot_of_unit = unit_lot.map(lot_position).fillna(-1).astype(np.int64).to_numpy()
    inside = lot_of_unit >= 0
    unit_lot_matrix = sparse.csr_matrix(
        (np.ones(inside.sum()), (np.flatnonzero(inside), lot_of_unit[inside])), shape=(len(units), len(lots))
    )
    lot_population = (
        units.loc[inside, ["population", "females", "minority_ethnic"]]
        .groupby(lot_of_unit[inside])
        .sum()
        .set_axis(lots)
    )
    lot_small_area_totals = np.asarray(unit_lot_matrix.T @ reach.index.unit_totals)
    lot_covered = {weight: np.asarray((reach.covered[weight] @ unit_lot_matrix).todense()) for weight in WEIGHTS}
    base_unit = pd.Index(reach.index.unit_codes).get_indexer(providers["base_lad"].to_numpy())
    base_lot = np.where(base_unit >= 0, lot_of_unit[base_unit.clip(0)], -1)
    return DesignContext(
        design=design,
        providers=providers,
        reach=reach,
        lots=lots,
        lot_of_unit=lot_of_unit,
        unit_lot_matrix=unit_lot_matrix,
        lot_population=lot_population,
        lot_small_area_totals=lot_small_area_totals,
        lot_covered=lot_covered,
        is_vcs=(providers["sector"] == "vcs").to_numpy(),
        base_lot=base_lot,
        edges=edges,
    )


def lot_values_gbp(context: DesignContext, params: ScoringParams) -> np.ndarray:
    """Annual value of each lot, £ a year: the category budget shared by population.

    The denominator is always England and Wales, so a scope restriction does not inflate values.
    """
    column = "females" if params.value_weighting == "females" else "population"
    total = _units_for(context.reach)[column].sum()
    return params.budget_gbp * context.lot_population[column].to_numpy(float) / total


def prime_eligibility(context: DesignContext, params: ScoringParams) -> np.ndarray:
    """(providers × lots) bool: can the provider bid as prime for the lot?

    Both tests are inclusive: ``reach_il ≥ reach_threshold`` and
    ``income_i ≥ turnover_multiple × value_l``. This is the fast path a sweep uses.
    """
    income = context.providers["income_gbp"].to_numpy(float)
    needed = params.turnover_multiple * lot_values_gbp(context, params)
    # Tolerate float rounding at exactly the threshold (shares are ratios of integer counts).
    return (context.lot_reach >= params.reach_threshold - 1e-12) & (income[:, None] >= needed[None, :])


def _scope_mask(context: DesignContext, scope: str) -> np.ndarray:
    if scope == "England and Wales":
        return np.ones(len(context.lots), bool)
    units = _units_for(context.reach)
    country = units["country"].to_numpy()
    inside = context.lot_of_unit >= 0
    in_country = np.bincount(context.lot_of_unit[inside], weights=(country[inside] == scope), minlength=len(context.lots))
    return in_country > 0


def _coverage_bits(context: DesignContext, codes: np.ndarray) -> np.ndarray:
    """OR of qualification bits over the providers covering each small area, (n_areas,) uint8."""
    index = context.reach.index
    area_bits = np.zeros(index.n_areas, dtype=np.uint8)
    rows, cols, lot = context._full_coo
    if len(rows):
        bits = codes[rows, lot]
        unit_starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
        unit_bits = np.zeros(index.n_units, dtype=np.uint8)
        unit_bits[cols[unit_starts]] = np.bitwise_or.reduceat(bits, unit_starts)
        area_bits |= unit_bits[index.area_unit]
    flat, areas, starts = context._edge
    if len(flat):
        padded = np.zeros((codes.shape[0], codes.shape[1] + 1), dtype=np.uint8)
        padded[:, :-1] = codes
        bits = padded.ravel()[flat]
        area_bits[areas] |= np.bitwise_or.reduceat(bits, starts)
    return area_bits


def _covered_share(context: DesignContext, area_bits: np.ndarray, bit: int, weight: str) -> np.ndarray:
    index = context.reach.index
    k = WEIGHTS.index(weight)
    area_lot = context._area_lot
    hit = ((area_bits >> bit) & 1).astype(bool) & (area_lot >= 0)
    covered = np.bincount(area_lot[hit], weights=index.weights[hit, k], minlength=len(context.lots))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(context.lot_small_area_totals[:, k] > 0, covered / context.lot_small_area_totals[:, k], 0.0)


@dataclass(eq=False)
class DesignScore:
    """The result of scoring one design: a per-lot table and a per-design summary."""

    design: LotDesign
    params: ScoringParams
    lots: pd.DataFrame
    summary: pd.Series
    eligibility: np.ndarray  # (providers × lots in scope) bool, VCS and others
    provider_ids: np.ndarray

    def to_dict(self) -> dict:
        """JSON-ready form (the CLI's ``score --json``)."""
        lots = []
        for lot, row in self.lots.iterrows():
            record = {"lot": lot}
            for column, value in row.items():
                if column.startswith(("specialist_", "subcontract_dependence_", "n_specialist_prime_eligible_")):
                    continue
                record[column] = value
            for stem in ("specialist_coverage", "specialist_prime_coverage", "subcontract_dependence", "n_specialist_prime_eligible"):
                record[stem] = {s: row[f"{stem}_{s}"] for s in SPECIALISMS}
            lots.append(record)
        return {
            "design": self.design.id,
            "design_name": self.design.label,
            "service": self.params.service,
            "params": self.params.to_dict(),
            "n_lots": int(len(self.lots)),
            "lots": lots,
            "summary": self.summary.to_dict(),
        }


def score_design(
    providers: pd.DataFrame,
    reach: ReachMatrix,
    design: LotDesign,
    params: ScoringParams | None = None,
    *,
    context: DesignContext | None = None,
) -> DesignScore:
    """Score a design: every per-lot and per-design metric.

    Parameters
    ----------
    providers : pandas.DataFrame
        Accepted providers (``lotdesign.providers``), in the row order of ``reach``.
    reach : ReachMatrix
    design : LotDesign
    params : ScoringParams, optional
        Defaults to :class:`ScoringParams()` (accommodation, £100m national budget, 2× turnover,
        80% reach).
    context : DesignContext, optional
        From :func:`prepare_design`, to skip the design-dependent work when re-scoring.

    Returns
    -------
    DesignScore
        ``lots`` (indexed by lot, in scope only) and ``summary`` (named figures).
    """
    params = params or ScoringParams()
    context = context or prepare_design(providers, reach, design)
    n_lots = len(context.lots)
    providers = context.providers
    is_vcs = context.is_vcs
    specialist = {s: providers[s].to_numpy(bool) & is_vcs for s in SPECIALISMS}
    eligible = prime_eligibility(context, params)
    reaching = context.lot_covered["population"] > 0
    local = np.zeros((len(providers), n_lots), dtype=bool)
    has_base = context.base_lot >= 0
    local[np.flatnonzero(has_base), context.base_lot[has_base]] = True

    vcs_eligible = eligible & is_vcs[:, None]
    codes = (local & is_vcs[:, None]).astype(np.uint8) << _BIT_LOCAL
    codes |= vcs_eligible.astype(np.uint8) << _BIT_PRIME
    for s in SPECIALISMS:
        codes |= np.repeat(specialist[s][:, None], n_lots, axis=1).astype(np.uint8) << _BIT_SPECIALIST[s]
        codes |= (vcs_eligible & specialist[s][:, None]).astype(np.uint8) << _BIT_SPECIALIST_PRIME[s]
    area_bits = _coverage_bits(context, codes)

    values = lot_values_gbp(context, params)
    lots = pd.DataFrame(index=context.lots)
    lots["lot_code"] = [context.design.lot_codes.get(lot, "") for lot in context.lots]
    lots["population"] = context.lot_population["population"].to_numpy()
    lots["females"] = context.lot_population["females"].to_numpy()
    lots["minority_ethnic"] = context.lot_population["minority_ethnic"].to_numpy()
    lots["n_units"] = np.bincount(context.lot_of_unit[context.lot_of_unit >= 0], minlength=n_lots)
    lots["value_gbp"] = values
    lots["turnover_needed_gbp"] = params.turnover_multiple * values
    lots["n_providers_local"] = (local & is_vcs[:, None]).sum(axis=0)
    lots["n_providers_local_all_sectors"] = local.sum(axis=0)
    lots["n_vcs_reaching"] = (reaching & is_vcs[:, None]).sum(axis=0)
    lots["n_vcs_prime_eligible"] = vcs_eligible.sum(axis=0)
    lots["n_vcs_local_prime_eligible"] = (vcs_eligible & local).sum(axis=0)
    lots["n_vcs_partner_only"] = (reaching & ~eligible & is_vcs[:, None]).sum(axis=0)
    lots["n_other_prime_eligible"] = (eligible & ~is_vcs[:, None]).sum(axis=0)
    for s in SPECIALISMS:
        lots[f"n_specialist_prime_eligible_{s}"] = (vcs_eligible & specialist[s][:, None]).sum(axis=0)
    lots["local_coverage"] = _covered_share(context, area_bits, _BIT_LOCAL, "population")
    lots["prime_coverage"] = _covered_share(context, area_bits, _BIT_PRIME, "population")
    for s in SPECIALISMS:
        weight = SPECIALISM_WEIGHT[s]
        lots[f"specialist_coverage_{s}"] = _covered_share(context, area_bits, _BIT_SPECIALIST[s], weight)
        lots[f"specialist_prime_coverage_{s}"] = _covered_share(context, area_bits, _BIT_SPECIALIST_PRIME[s], weight)
        lots[f"subcontract_dependence_{s}"] = lots[f"specialist_coverage_{s}"] - lots[f"specialist_prime_coverage_{s}"]
    lots["locked_out"] = lots["n_vcs_prime_eligible"] == 0
    lots["locally_contestable"] = lots["n_vcs_local_prime_eligible"] > 0
    lots.index.name = "lot"

    in_scope = _scope_mask(context, params.scope)
    lots = lots[in_scope]
    summary = _summarise(context, params, lots, eligible[:, in_scope], reaching[:, in_scope], in_scope)
    return DesignScore(context.design, params, lots, summary, eligible[:, in_scope], providers["provider_id"].to_numpy())


def _share(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else 0.0


def _summarise(context, params, lots, eligible, reaching, in_scope) -> pd.Series:
    is_vcs = context.is_vcs
    population = lots["population"].to_numpy(float)
    total_population = population.sum()
    contestable = lots["n_vcs_prime_eligible"].to_numpy() > 0
    locally = lots["locally_contestable"].to_numpy()
    # Providers based outside the scope (or outside the design) are left out of fit and fragmentation.
    scope_lot_index = np.flatnonzero(in_scope)
    base_in_scope = np.isin(context.base_lot, scope_lot_index)
    counted = is_vcs & base_in_scope
    position_in_scope = np.full(len(in_scope), -1)
    position_in_scope[scope_lot_index] = np.arange(len(scope_lot_index))
    base_position = position_in_scope[context.base_lot[counted]]
    fits = eligible[np.flatnonzero(counted), base_position]
    summary = {
        "design": context.design.id,
        "design_name": context.design.label,
        "service": params.service,
        "scope": params.scope,
        "n_lots": int(len(lots)),
        "median_value_gbp": float(np.median(lots["value_gbp"])) if len(lots) else 0.0,
        "max_value_gbp": float(lots["value_gbp"].max()) if len(lots) else 0.0,
        "median_turnover_needed_gbp": float(np.median(lots["turnover_needed_gbp"])) if len(lots) else 0.0,
        "max_turnover_needed_gbp": float(lots["turnover_needed_gbp"].max()) if len(lots) else 0.0,
        "n_lots_contestable": int(contestable.sum()),
        "share_lots_contestable": _share(contestable.sum(), len(lots)),
        "share_population_contestable": _share(population[contestable].sum(), total_population),
        "n_lots_locally_contestable": int(locally.sum()),
        "share_lots_locally_contestable": _share(locally.sum(), len(lots)),
        "share_population_locally_contestable": _share(population[locally].sum(), total_population),
        "n_lots_locked_out": int(lots["locked_out"].sum()),
        "local_fit": _share(fits.sum(), counted.sum()),
        "local_coverage": _share((lots["local_coverage"] * population).sum(), total_population),
        "prime_coverage": _share((lots["prime_coverage"] * population).sum(), total_population),
        "fragmentation": float(reaching[counted].sum(axis=1).mean()) if counted.any() else 0.0,
        "n_vcs_providers": int(counted.sum()),
    }
    for s in SPECIALISMS:
        group = lots[SPECIALISM_WEIGHT[s]].to_numpy(float)
        with_specialist = lots[f"n_specialist_prime_eligible_{s}"].to_numpy() > 0
        summary[f"share_lots_contestable_{s}"] = _share(with_specialist.sum(), len(lots))
        summary[f"share_population_contestable_{s}"] = _share(population[with_specialist].sum(), total_population)
        summary[f"specialist_coverage_{s}"] = _share((lots[f"specialist_coverage_{s}"] * group).sum(), group.sum())
        summary[f"specialist_prime_coverage_{s}"] = _share((lots[f"specialist_prime_coverage_{s}"] * group).sum(), group.sum())
        summary[f"subcontract_dependence_{s}"] = summary[f"specialist_coverage_{s}"] - summary[f"specialist_prime_coverage_{s}"]
    return pd.Series(summary, name=context.design.id)


def eligibility_for_assignment(
    reach: ReachMatrix,
    income_gbp: np.ndarray,
    lot_of_unit: np.ndarray,
    n_lots: int,
    params: ScoringParams,
) -> np.ndarray:
    """Prime eligibility for a design given as an integer lot per unit: the sweep's fast path.

    Skips everything but the two eligibility tests, for design searches that score thousands
    of candidate designs.

    Parameters
    ----------
    reach : ReachMatrix
    income_gbp : numpy.ndarray
        (providers,) annual income, £.
    lot_of_unit : numpy.ndarray
        (units,) lot index 0..n_lots-1 of each unit, in ``reach.index.unit_codes`` order.
    n_lots : int
    params : ScoringParams

    Returns
    -------
    numpy.ndarray
        (providers × lots) bool.
    """
    one_hot = sparse.csr_matrix(
        (np.ones(len(lot_of_unit)), (np.arange(len(lot_of_unit)), lot_of_unit)), shape=(len(lot_of_unit), n_lots)
    )
    lot_totals = reach.index.unit_totals[:, 0] @ one_hot
    lot_reach = (reach.covered["population"] @ one_hot).toarray() / lot_totals
    column = "females" if params.value_weighting == "females" else "population"
    unit_weights = reach.index.units[column].to_numpy(float)
    values = params.budget_gbp * (unit_weights @ one_hot) / unit_weights.sum()
    return (lot_reach >= params.reach_threshold - 1e-12) & (np.asarray(income_gbp, float)[:, None] >= params.turnover_multiple * values[None, :])
