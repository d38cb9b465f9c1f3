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
from lotdesign.core.designs import LotDesign
from lotdesign.errors import ValidationError
from lotdesign.core.params import GREATER_MANCHESTER_PFA, ScoringParams
from lotdesign.core.services import delivers_all, services_stated, services_test_note

SPECIALISMS = ("women", "bame")
SPECIALISM_WEIGHT = {"women": "females", "bame": "minority_ethnic"}
SPECIALISM_LABELS = {"women": "women", "bame": "minority-ethnic residents"}

#: Provider columns scoring needs (as produced by ``lotdesign.importing.providers``).
REQUIRED_PROVIDER_COLUMNS = ("provider_id", "sector", "income_gbp", "women", "bame", "base_lad")


@dataclass(eq=False)
class DesignContext:
    """Everything about a (providers, reach, design) triple that parameters do not change.

    Per-lot reach is kept sparse (``lot_covered_sparse``): a provider reaches few lots, and a
    dense (providers × lots) float array per weight would take ~57 MB per design at 170,000
    providers. ``lot_reach`` and ``lot_covered`` still give the dense arrays, built on first use.
    """

    design: LotDesign
    providers: pd.DataFrame
    reach: ReachMatrix
    lots: pd.Index  # lot labels, sorted
    lot_of_unit: np.ndarray  # (n_units,) lot index of each reach unit, -1 outside the design
    unit_lot_matrix: sparse.csr_matrix  # (n_units × n_lots) one-hot
    lot_population: pd.DataFrame  # mid-2023 population, females, minority_ethnic per lot
    lot_small_area_totals: np.ndarray  # (n_lots, 3) small-area persons per weight
    lot_covered_sparse: sparse.csr_matrix  # (providers × lots) small-area population covered
    is_vcs: np.ndarray
    base_lot: np.ndarray  # (providers,) lot index of base, -1 outside the design
    edges: VcsEdges | None = None  # design-independent coverage facts, shared across designs

    @cached_property
    def lot_reach_sparse(self) -> sparse.csr_matrix:
        """(providers × lots) share of each lot's small-area population a provider reaches (sparse)."""
        covered = self.lot_covered_sparse
        share = covered.copy()
        share.data = covered.data / self.lot_small_area_totals[covered.indices, 0]
        return share

    @cached_property
    def lot_reach(self) -> np.ndarray:
        """(providers × lots) share of each lot's small-area population a provider reaches (dense)."""
        return self.lot_reach_sparse.toarray()

    @cached_property
    def lot_covered(self) -> dict:
        """weight -> (providers × lots) dense persons covered (for callers wanting every weight)."""
        return {weight: (self.reach.covered[weight] @ self.unit_lot_matrix).toarray() for weight in WEIGHTS}

    @cached_property
    def _reach_pairs(self):
        """(rows, cols, share) of the stored lot-reach entries."""
        share = self.lot_reach_sparse.tocoo()
        return share.row, share.col, share.data

    @cached_property
    def _area_lot(self) -> np.ndarray:
        return self.lot_of_unit[self.reach.index.area_unit]

    @cached_property
    def _income(self) -> np.ndarray:
        return self.providers["income_gbp"].to_numpy(float)

    @cached_property
    def _specialist(self) -> dict:
        return {s: self.providers[s].to_numpy(bool) for s in SPECIALISMS}

    @cached_property
    def _edges(self) -> VcsEdges:
        return self.edges if self.edges is not None else vcs_edges(self.providers, self.reach)

    @cached_property
    def _local_area(self) -> np.ndarray:
        """(n_areas,) bool: covered by a VCS provider based in the area's own lot."""
        edges, index = self._edges, self.reach.index
        lot_of_unit, area_lot = self.lot_of_unit, self._area_lot
        unit_local = np.zeros(index.n_units, bool)
        same = (lot_of_unit[edges.full_base_unit] == lot_of_unit[edges.full_unit]) & (lot_of_unit[edges.full_unit] >= 0)
        unit_local[edges.full_unit[same]] = True
        local = unit_local[index.area_unit]
        lot = area_lot[edges.local_area]
        same = (lot_of_unit[edges.local_base_unit] == lot) & (lot >= 0)
        local[edges.local_area[same]] = True
        return local

    @cached_property
    def _vcs_blocks(self):
        """VCS edge blocks inside the design: (block, flat provider × lot position)."""
        reach = self.reach
        blocks = self._edges.blocks
        lot = self.lot_of_unit[reach.edge_block_unit[blocks]]
        inside = lot >= 0
        blocks = blocks[inside]
        flat = reach.edge_block_provider[blocks].astype(np.int64) * len(self.lots) + lot[inside]
        return blocks, flat

    @cached_property
    def _vcs_full(self):
        """VCS wholly covered units inside the design: (provider, unit, flat provider × lot position)."""
        edges = self._edges
        lot = self.lot_of_unit[edges.vcs_full_unit]
        inside = lot >= 0
        provider, unit = edges.vcs_full_provider[inside], edges.vcs_full_unit[inside]
        return provider, unit, provider.astype(np.int64) * len(self.lots) + lot[inside]


@dataclass(frozen=True, eq=False)
class VcsEdges:
    """Design-independent coverage facts of the VCS providers (the only ones that count for
    coverage), computed once per provider set and shared by every design's context.

    Local coverage depends only on (base unit, covered area) pairs, of which there are far fewer
    than (provider, area) pairs, and specialist coverage on no design at all.
    """

    blocks: np.ndarray  # (vcs blocks,) positions of the VCS providers' blocks in the reach's edge blocks
    vcs_full_provider: np.ndarray  # (entries,) int32 VCS provider wholly covering ...
    vcs_full_unit: np.ndarray  # (entries,) int32 ... this unit
    full_base_unit: np.ndarray  # (pairs,) distinct (base unit, wholly covered unit) of VCS providers
    full_unit: np.ndarray
    local_base_unit: np.ndarray  # (pairs,) distinct (base unit, covered area in an edge unit) of VCS providers
    local_area: np.ndarray
    specialist_area: dict  # specialism -> (n_areas,) bool covered by a VCS specialist
    is_vcs: np.ndarray | None = None  # (providers,) bool
    base_unit: np.ndarray | None = None  # (providers,) unit of each base, -1 when not placed


def vcs_edges(providers: pd.DataFrame, reach: ReachMatrix) -> VcsEdges:
    """The design-independent coverage facts of the VCS providers (see :class:`VcsEdges`)."""
    index = reach.index
    n_units, n_areas = index.n_units, index.n_areas
    is_vcs = (providers["sector"] == "vcs").to_numpy()
    base_unit = pd.Index(index.unit_codes).get_indexer(providers["base_lad"].to_numpy())
    specialist = {s: providers[s].to_numpy(bool) & is_vcs for s in SPECIALISMS}

    full = reach.full.tocoo()
    vcs = is_vcs[full.row]
    full_provider, full_unit = full.row[vcs].astype(np.int32), full.col[vcs].astype(np.int32)
    pair_seen = np.zeros(n_units * n_units, bool)
    based = base_unit[full_provider] >= 0
    pair_seen[base_unit[full_provider[based]].astype(np.int64) * n_units + full_unit[based]] = True
    pairs = np.flatnonzero(pair_seen)
    specialist_unit = {s: np.zeros(n_units, bool) for s in SPECIALISMS}
    for s in SPECIALISMS:
        specialist_unit[s][full_unit[specialist[s][full_provider]]] = True
    specialist_area = {s: specialist_unit[s][index.area_unit] for s in SPECIALISMS}

    block_provider = reach.edge_block_provider
    lengths = reach.edge_block_length
    vcs_block = is_vcs[block_provider]
    # Base unit of each block's provider; non-VCS or unplaced providers get a spare row n_units.
    block_base = np.where(vcs_block, base_unit[block_provider], -1)
    block_base = np.where(block_base >= 0, block_base, n_units).astype(np.int32)
    block_bounds = np.searchsorted(reach.edge_block_unit, np.arange(n_units + 1))
    local_base, local_area = [], []
    # Unit by unit (blocks are ordered by unit), so temporary arrays stay small.
    for u in range(n_units):
        b0, b1 = block_bounds[u], block_bounds[u + 1]
        if b0 == b1:
            continue
        a0, a1 = int(index.unit_start[u]), int(index.unit_start[u + 1])
        areas = reach.edge_area[reach.edge_block_start[b0]:reach.edge_block_start[b1]]
        keys = np.repeat(block_base[b0:b1] * np.int32(a1 - a0), lengths[b0:b1])
        keys += areas
        keys -= a0
        seen = np.zeros((n_units + 1) * (a1 - a0), bool)
        seen[keys] = True
        found = np.flatnonzero(seen[:n_units * (a1 - a0)])
        local_base.append((found // (a1 - a0)).astype(np.int32))
        local_area.append((found % (a1 - a0) + a0).astype(np.int32))
    for s in SPECIALISMS:
        specialist_area[s][_block_areas(reach, np.flatnonzero(specialist[s][block_provider]))] = True
    return VcsEdges(
        blocks=np.flatnonzero(vcs_block),
        vcs_full_provider=full_provider,
        vcs_full_unit=full_unit,
        full_base_unit=(pairs // n_units).astype(np.int32),
        full_unit=(pairs % n_units).astype(np.int32),
        local_base_unit=np.concatenate(local_base) if local_base else np.zeros(0, np.int32),
        local_area=np.concatenate(local_area) if local_area else np.zeros(0, np.int32),
        specialist_area=specialist_area,
        is_vcs=is_vcs,
        base_unit=base_unit,
    )


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
        raise ValidationError(f"providers lacks columns {missing}; load them with lotdesign.importing.providers.load_providers.")
    if len(providers) != reach.n_providers:
        raise ValidationError(f"providers has {len(providers)} rows but reach has {reach.n_providers}; compute reach for these providers.")
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
    lot_covered = (reach.covered["population"] @ unit_lot_matrix).tocsr()
    lot_covered.sort_indices()
    if edges is not None and edges.base_unit is not None:  # design-independent: worked out once
        base_unit, is_vcs = edges.base_unit, edges.is_vcs
    else:
        base_unit = pd.Index(reach.index.unit_codes).get_indexer(providers["base_lad"].to_numpy())
        is_vcs = (providers["sector"] == "vcs").to_numpy()
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
        lot_covered_sparse=lot_covered,
        is_vcs=is_vcs,
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
    income = context._income
    needed = params.turnover_multiple * lot_values_gbp(context, params)
    return _reach_ok(context, params) & (income[:, None] >= needed[None, :])


def _reach_ok(context: DesignContext, params: ScoringParams) -> np.ndarray:
    """(providers × lots) bool: ``reach_il ≥ reach_threshold``, from the sparse lot reach."""
    # Tolerate float rounding at exactly the threshold (shares are ratios of integer counts).
    threshold = params.reach_threshold - 1e-12
    shape = (len(context.providers), len(context.lots))
    if threshold <= 0:  # a zero share (no stored entry) passes too
        return np.ones(shape, bool)
    rows, cols, share = context._reach_pairs
    ok = np.zeros(shape, bool)
    passed = share >= threshold
    ok[rows[passed], cols[passed]] = True
    return ok


def scope_mask(context: DesignContext, scope: str) -> np.ndarray:
    """(lots,) bool: the lots a scope shows — those with at least one unit inside the scope."""
    if scope == "England and Wales":
        return np.ones(len(context.lots), bool)
    units = _units_for(context.reach)
    if scope == "England and Wales except Greater Manchester":
        pfa = units["pfa_code"].to_numpy() if "pfa_code" in units.columns else np.full(len(units), "")
        unit_in = pfa != GREATER_MANCHESTER_PFA
    else:
        unit_in = units["country"].to_numpy() == scope
    inside = context.lot_of_unit >= 0
    in_scope = np.bincount(context.lot_of_unit[inside], weights=unit_in[inside], minlength=len(context.lots))
    return in_scope > 0


def _block_areas(reach: ReachMatrix, blocks: np.ndarray) -> np.ndarray:
    """The covered areas of the given edge blocks, concatenated."""
    starts = reach.edge_block_start[blocks]
    lengths = reach.edge_block_start[blocks + 1] - starts
    if not len(blocks) or not lengths.sum():
        return np.zeros(0, np.int32)
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return reach.edge_area[offsets + np.arange(int(lengths.sum()))]


def prime_areas(context: DesignContext, vcs_eligible: np.ndarray) -> dict:
    """(n_areas,) bool per coverage kind: covered by a VCS provider that can bid as prime for
    the area's lot (``"prime"``), and by such a specialist (``"prime_women"``, ``"prime_bame"``).

    Only the blocks of eligible provider–lot pairs are read, so the cost follows the pairs that
    qualify, not all pairs.
    """
    index, reach = context.reach.index, context.reach
    flat_eligible = vcs_eligible.ravel()
    full_provider, full_unit, full_flat = context._vcs_full
    chosen_full = np.flatnonzero(flat_eligible[full_flat])
    chosen_full_unit, chosen_full_provider = full_unit[chosen_full], full_provider[chosen_full]
    blocks, block_flat = context._vcs_blocks
    chosen_blocks = blocks[flat_eligible[block_flat]]
    chosen_provider = reach.edge_block_provider[chosen_blocks]
    out = {}
    for kind, who in (("prime", None), *((f"prime_{s}", context._specialist[s]) for s in SPECIALISMS)):
        unit_flag = np.zeros(index.n_units, bool)
        unit_flag[chosen_full_unit if who is None else chosen_full_unit[who[chosen_full_provider]]] = True
        flag = unit_flag[index.area_unit]
        kind_blocks = chosen_blocks if who is None else chosen_blocks[who[chosen_provider]]
        flag[_block_areas(reach, kind_blocks)] = True
        out[kind] = flag
    return out


def covered_share(context: DesignContext, area_flag: np.ndarray, weight: str) -> np.ndarray:
    """Share of each lot's small-area ``weight`` in the areas flagged."""
    index = context.reach.index
    k = WEIGHTS.index(weight)
    area_lot = context._area_lot
    hit = area_flag & (area_lot >= 0)
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
        Accepted providers (``lotdesign.importing.providers``), in the row order of ``reach``.
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
    providers = context.providers
    eligible = prime_eligibility(context, params)
    lots = _lot_base(context, params)
    reach_rows, reach_cols, eligible_rows, eligible_cols = _add_lot_counts(lots, context, eligible)
    _add_lot_coverage(lots, context, eligible)
    _lead_columns(lots, context, params, eligible_rows, eligible_cols, context.is_vcs[eligible_rows],
                  _counter(len(context.lots)))
    lots["locked_out"] = lots["n_vcs_prime_eligible"] == 0
    lots["locally_contestable"] = lots["n_vcs_local_prime_eligible"] > 0
    lots.index.name = "lot"

    in_scope = scope_mask(context, params.scope)
    lots = lots[in_scope]
    lots_reached = np.bincount(reach_rows[in_scope[reach_cols]], minlength=len(providers))
    summary = _summarise(context, params, lots, eligible[:, in_scope], lots_reached, in_scope)
    return DesignScore(context.design, params, lots, summary, eligible[:, in_scope], providers["provider_id"].to_numpy())


def _lot_base(context: DesignContext, params: ScoringParams) -> pd.DataFrame:
    """Per lot: code, population (people, females, minority-ethnic), districts, value and turnover needed (£ a year)."""
    values = lot_values_gbp(context, params)
    lots = pd.DataFrame(index=context.lots)
    lots["lot_code"] = [context.design.lot_codes.get(lot, "") for lot in context.lots]
    lots["population"] = context.lot_population["population"].to_numpy()
    lots["females"] = context.lot_population["females"].to_numpy()
    lots["minority_ethnic"] = context.lot_population["minority_ethnic"].to_numpy()
    lots["n_units"] = np.bincount(context.lot_of_unit[context.lot_of_unit >= 0], minlength=len(context.lots))
    lots["value_gbp"] = values
    lots["turnover_needed_gbp"] = params.turnover_multiple * values
    return lots


def _counter(n_lots: int):
    """``per_lot(lot_positions)``: how many times each of the ``n_lots`` lots occurs."""

    def per_lot(lot_positions):
        return np.bincount(lot_positions, minlength=n_lots)

    return per_lot


def _add_lot_counts(lots: pd.DataFrame, context: DesignContext, eligible: np.ndarray) -> tuple[np.ndarray, ...]:
    """Add the per-lot organisation counts to ``lots``.

    Returns the (provider, lot) pairs with reach > 0 and the (provider, lot) pairs eligible as
    prime, each as (provider rows, lot positions).

    Counts come from (provider, lot) pair lists: a provider reaches few lots, so this reads far
    less than (providers × lots) arrays would.
    """
    n_lots = len(context.lots)
    is_vcs = context.is_vcs
    rows, cols, share = context._reach_pairs
    positive = share > 0
    reach_rows, reach_cols = rows[positive], cols[positive]
    eligible_flat = np.flatnonzero(eligible)
    eligible_rows, eligible_cols = eligible_flat // max(n_lots, 1), eligible_flat % max(n_lots, 1)
    has_base = context.base_lot >= 0
    vcs_pair = is_vcs[eligible_rows]
    per_lot = _counter(n_lots)
    lots["n_providers_local"] = per_lot(context.base_lot[has_base & is_vcs])
    lots["n_providers_local_all_sectors"] = per_lot(context.base_lot[has_base])
    vcs_reach = is_vcs[reach_rows]
    lots["n_vcs_reaching"] = per_lot(reach_cols[vcs_reach])
    lots["n_vcs_prime_eligible"] = per_lot(eligible_cols[vcs_pair])
    lots["n_vcs_local_prime_eligible"] = per_lot(eligible_cols[vcs_pair & (context.base_lot[eligible_rows] == eligible_cols)])
    partner_only = vcs_reach & ~eligible[reach_rows, reach_cols]
    lots["n_vcs_partner_only"] = per_lot(reach_cols[partner_only])
    lots["n_other_prime_eligible"] = per_lot(eligible_cols[~vcs_pair])
    for s in SPECIALISMS:
        specialist = context._specialist[s] & is_vcs
        lots[f"n_specialist_prime_eligible_{s}"] = per_lot(eligible_cols[vcs_pair & specialist[eligible_rows]])
    return reach_rows, reach_cols, eligible_rows, eligible_cols


def _add_lot_coverage(lots: pd.DataFrame, context: DesignContext, eligible: np.ndarray) -> None:
    """Add the per-lot coverage shares (of population, females or minority-ethnic residents) to ``lots``."""
    covered_by = prime_areas(context, eligible & context.is_vcs[:, None])
    covered_by["local"] = context._local_area
    for s in SPECIALISMS:
        covered_by[s] = context._edges.specialist_area[s]
    lots["local_coverage"] = covered_share(context, covered_by["local"], "population")
    lots["prime_coverage"] = covered_share(context, covered_by["prime"], "population")
    for s in SPECIALISMS:
        weight = SPECIALISM_WEIGHT[s]
        lots[f"specialist_coverage_{s}"] = covered_share(context, covered_by[s], weight)
        lots[f"specialist_prime_coverage_{s}"] = covered_share(context, covered_by[f"prime_{s}"], weight)
        lots[f"subcontract_dependence_{s}"] = lots[f"specialist_coverage_{s}"] - lots[f"specialist_prime_coverage_{s}"]


def _lead_columns(lots, context, params, eligible_rows, eligible_cols, vcs_pair, per_lot) -> None:
    """Add the lead-bidder counts: every bidder passing money and reach, VCS leads with no service
    gap (or whose services are not stated), and VCS leads whose stated services leave a gap."""
    stated = services_stated(context.providers)
    delivers = delivers_all(context.providers, params.categories)
    no_gap = ~stated | delivers
    lots["n_prime_eligible_all_sectors"] = per_lot(eligible_cols)
    lead = vcs_pair & no_gap[eligible_rows]
    lots["n_vcs_lead_alone"] = per_lot(eligible_cols[lead])
    lots["n_vcs_local_lead_alone"] = per_lot(eligible_cols[lead & (context.base_lot[eligible_rows] == eligible_cols)])
    lots["n_vcs_prime_eligible_with_gap"] = per_lot(eligible_cols[vcs_pair & ~no_gap[eligible_rows]])


def _lead_summary(context, params, lots) -> dict:
    """Design figures on lead bidders: lots a VCS organisation (any, or one based in the lot) could
    lead alone — passing the money and reach tests with no stated service gap — the share of the
    money in those lots, and how many bidders of any sector pass both tests per lot (0, 1, 2, 3+)."""
    alone = lots["n_vcs_lead_alone"].to_numpy() > 0
    local = lots["n_vcs_local_lead_alone"].to_numpy() > 0
    values = lots["value_gbp"].to_numpy(float)
    bidders = lots["n_prime_eligible_all_sectors"].to_numpy()
    return {
        "services": ",".join(params.categories),
        "service_label": params.service_label,
        "services_test": services_test_note(context.providers),
        "n_lots_lead_alone": int(alone.sum()),
        "share_lots_lead_alone": _share(alone.sum(), len(lots)),
        "share_value_voluntary_lead": _share(values[alone].sum(), values.sum()),
        "n_lots_locally_lead_alone": int(local.sum()),
        "share_lots_locally_lead_alone": _share(local.sum(), len(lots)),
        "share_value_local_voluntary_lead": _share(values[local].sum(), values.sum()),
        "total_value_gbp": float(values.sum()),
        "n_lots_0_bidders": int((bidders == 0).sum()),
        "n_lots_1_bidder": int((bidders == 1).sum()),
        "n_lots_2_bidders": int((bidders == 2).sum()),
        "n_lots_3plus_bidders": int((bidders >= 3).sum()),
    }


def _share(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else 0.0


def _summarise(context, params, lots, eligible, lots_reached, in_scope) -> pd.Series:
    """The per-design figures; ``lots_reached`` is each provider's number of in-scope lots reached."""
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
        "fragmentation": float(lots_reached[counted].mean()) if counted.any() else 0.0,
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
    summary.update(_lead_summary(context, params, lots))
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
