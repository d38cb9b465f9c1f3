"""Consortium bids: can a group of voluntary organisations bid as prime where none can alone?

The sector's consultation responses say most voluntary organisations will only ever be
subcontractors "unless the opportunity arises to bid as part of a VCS-led consortium". This
lever lets up to ``max_members`` VCS organisations bid jointly for a lot. A group qualifies as
prime when, together, it passes both tests of :mod:`lotdesign.core.scoring`:

- **turnover**: the members' summed annual income ≥ ``turnover_multiple × value_l`` — groups
  of economic operators may rely on their members' combined economic and financial standing
  (Public Contracts Regulations 2015, regs. 19 and 63) — and the **lead member** alone holds at
  least ``lead_share`` of that requirement (an assumption; buyers often ask for one);
- **reach**: the *union* of the members' service areas covers ≥ ``reach_threshold`` of the
  lot's small-area population (measured on the 2021 LSOA centroids, as every reach share).

A lot is *locally* contestable through a consortium when its lead is based in the lot.
Optionally (``members_from="lot_and_neighbours"``) members must be based in the lot or in a lot
that borders it.

Choosing members is a small covering problem per lot, solved only where needed (lots no single
organisation can bid for, or none based in the lot):

- **exact** when every group of up to ``max_members`` of the lot's candidates can be checked
  (at most ``EXACT_GROUPS`` groups): the group reported is the smallest qualifying one, then
  the one with the widest reach;
- otherwise **shortlist + greedy**: every group of a shortlist (the candidates with the widest
  reach in the lot, the largest incomes and the largest incomes able to lead) is checked
  exactly, and for each of the widest-reaching possible leads the other members are picked
  greedily by added reach. The greedy pick reaches at least ``1 − (1 − 1/k)^k`` of the best
  reach any ``k`` further members could add (75% for k = 2; Nemhauser, Wolsey and Fisher,
  1978). "No consortium found" is then not a proof that none exists; the ``method`` column
  says which search ran.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from lotdesign.errors import ValidationError
from lotdesign.levers.lot_cover import LotCoverIndex
from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import DesignContext, lot_values_gbp, prime_eligibility

#: Most groups checked one by one in a lot before the search switches to shortlist + greedy.
EXACT_GROUPS = 20_000
#: Widest-reaching possible leads for which the greedy pass runs.
GREEDY_LEADS = 8
#: Candidates kept per ordering (widest reach, largest income, widest-reaching leads) for the greedy pass.
GREEDY_POOL = 150
#: Neighbouring units: boundaries within this distance (metres, EPSG:27700) count as touching.
NEIGHBOUR_BUFFER_M = 100.0

SOURCES = {
    "max_members": "Assumption: consortia of more than a few members are rare for lots of this size",
    "lead_share": "Assumption: the lead member must hold this share of the turnover requirement (set 0 for no lead rule)",
    "combined_turnover": "Public Contracts Regulations 2015, regs. 19 and 63: groups may rely on their members' combined standing",
    "members_from": "Option: members based anywhere, or only in the lot and the lots bordering it",
    "without_solo_primes": "Option: leave out organisations that could bid as prime alone (groups of smaller organisations only)",
}


@dataclass(frozen=True)
class ConsortiumParams:
    """Rules for consortium bids.

    Attributes
    ----------
    max_members : int
        Most organisations in a group (1–4).
    lead_share : float
        Share of the turnover requirement (``turnover_multiple × value_l``) the lead member's
        own income must reach, in [0, 1].
    members_from : {"anywhere", "lot_and_neighbours"}
        Where members may be based.
    without_solo_primes : bool
        Leave out organisations that could bid as prime for the lot alone: only groups of
        organisations that could not bid on their own count.
    """

    max_members: int = 3
    lead_share: float = 0.5
    members_from: str = "anywhere"
    without_solo_primes: bool = False

    def __post_init__(self):
        problems = []
        if not (isinstance(self.max_members, (int, np.integer)) and 1 <= self.max_members <= 4):
            problems.append(f"max_members must be a whole number from 1 to 4, not {self.max_members!r}")
        if not 0 <= self.lead_share <= 1:
            problems.append(f"lead_share must be a share between 0 and 1, not {self.lead_share!r}")
        if self.members_from not in ("anywhere", "lot_and_neighbours"):
            problems.append(f"members_from must be 'anywhere' or 'lot_and_neighbours', not {self.members_from!r}")
        if problems:
            raise ValidationError("Invalid consortium parameters.", problems)


@dataclass(eq=False)
class ConsortiumResult:
    """Consortium bids for one design.

    Attributes
    ----------
    lots : pandas.DataFrame
        One row per lot (in scope): whether it is contestable / locally contestable alone and
        with consortia, the best group found (``members``, ``member_names``, ``n_members``,
        ``group_income_gbp``, ``lead_income_share`` of the requirement, ``group_reach``),
        ``method`` and ``why``.
    summary : pandas.DataFrame
        Design-level figures, rows ``without consortia`` / ``with consortia``.
    """

    design_id: str
    params: ScoringParams
    consortium: ConsortiumParams
    lots: pd.DataFrame
    summary: pd.DataFrame
    sentence: str = ""
    timings: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready form (the CLI's ``levers --json``)."""
        return {
            "design": self.design_id,
            "consortium_params": {"max_members": int(self.consortium.max_members), "lead_share": self.consortium.lead_share,
                                  "members_from": self.consortium.members_from,
                                   "without_solo_primes": self.consortium.without_solo_primes},
            "sources": SOURCES,
            "summary": self.summary.reset_index().to_dict(orient="records"),
            "lots": self.lots.reset_index().to_dict(orient="records"),
            "sentence": self.sentence,
        }


# --- neighbours (private: a minimal contiguity helper for the member rule) ---------------------


@lru_cache(maxsize=1)
def _unit_neighbour_pairs() -> tuple[np.ndarray, np.ndarray]:
    """(left, right) LAD codes of units whose boundaries lie within NEIGHBOUR_BUFFER_M."""
    import shapely

    from geo.units import load_unit_boundaries

    boundaries = load_unit_boundaries("analysis")
    geometries = boundaries.geometry.values
    tree = shapely.STRtree(geometries)
    left, right = tree.query(shapely.buffer(geometries, NEIGHBOUR_BUFFER_M), predicate="intersects")
    keep = left != right
    codes = boundaries.index.to_numpy()
    return codes[left[keep]], codes[right[keep]]


def neighbouring_lots(context: DesignContext) -> np.ndarray:
    """(lots × lots) bool: the lots share a border (or are the same lot).

    Islands with no bridge in the boundaries (Isle of Wight, Anglesey, Scilly) touch only
    their own lot's units.
    """
    left, right = _unit_neighbour_pairs()
    position = pd.Index(context.reach.index.unit_codes)
    a, b = position.get_indexer(left), position.get_indexer(right)
    ok = (a >= 0) & (b >= 0)
    la, lb = context.lot_of_unit[a[ok]], context.lot_of_unit[b[ok]]
    ok = (la >= 0) & (lb >= 0)
    n_lots = len(context.lots)
    touching = np.eye(n_lots, dtype=bool)
    touching[la[ok], lb[ok]] = True
    return touching


# --- the search ------------------------------------------------------------------------------


@dataclass
class _Group:
    members: tuple  # provider rows
    income: float
    lead_income: float
    reach: float
    method: str


def _groups_of(size: int, n: int) -> np.ndarray:
    if size == 1:
        return np.arange(n)[:, None]
    return np.array(list(itertools.combinations(range(n), size)), dtype=np.int64).reshape(-1, size)


def _exact(rows, income, lead_ok, covers, weight, total, needed, lead_needed, threshold, max_members, method):
    """Check every group of up to ``max_members`` of ``rows``; smallest, then widest reach, wins."""
    for size in range(1, max_members + 1):
        groups = _groups_of(size, len(rows))
        if not len(groups):
            return None
        group_income = income[groups].sum(axis=1)
        lead_income = np.where(lead_ok[groups], income[groups], -np.inf).max(axis=1)
        feasible = (group_income >= needed) & (lead_income >= lead_needed)
        groups, group_income, lead_income = groups[feasible], group_income[feasible], lead_income[feasible]
        if not len(groups):
            continue
        # Union reach = Σ weight over the lot's atoms covered by any member, in blocks.
        reach = np.empty(len(groups))
        for start in range(0, len(groups), 2048):
            block = groups[start:start + 2048]
            reach[start:start + 2048] = (covers[block].any(axis=1) @ weight) / total
        ok = reach >= threshold - 1e-12
        if ok.any():
            best = np.flatnonzero(ok)[np.lexsort((-group_income[ok], -reach[ok]))[0]]
            return _Group(tuple(rows[groups[best]]), float(group_income[best]), float(lead_income[best]),
                          float(reach[best]), method)
    return None


def _greedy(rows, income, lead_ok, covers, weight, total, needed, lead_needed, threshold, max_members):
    """For each widest-reaching possible lead, add members greedily by added reach."""
    cover_f = covers.astype(np.float32)
    weight_f = weight.astype(np.float32)
    own = cover_f @ weight_f
    leads = np.flatnonzero(lead_ok & (income >= lead_needed))
    leads = leads[np.argsort(-own[leads], kind="stable")][:GREEDY_LEADS]
    best = None
    for lead in leads:
        # Two greedy passes: by added reach among everyone, and among those whose income keeps
        # the turnover test within reach of the slots left.
        for income_aware in (False, True):
            chosen = [int(lead)]
            uncovered = ~covers[lead]
            for slot in range(max_members - 1):
                gap = needed - income[chosen].sum()
                gain = cover_f @ (weight_f * uncovered)
                gain[chosen] = -1.0
                if income_aware and gap > 0:
                    gain[income < gap / (max_members - 1 - slot)] = -1.0
                pick = int(np.argmax(gain))
                if gain[pick] <= 0:
                    if gap <= 0:
                        break
                    # Nothing adds reach: add the income the turnover test still lacks.
                    spare = np.where(np.isin(np.arange(len(rows)), chosen), -np.inf, income)
                    pick = int(np.argmax(spare))
                chosen.append(pick)
                uncovered &= ~covers[pick]
                if income[chosen].sum() >= needed and weight[~uncovered].sum() / total >= threshold - 1e-12:
                    break
            reach = float(weight[~uncovered].sum() / total)
            if income[chosen].sum() >= needed and reach >= threshold - 1e-12:
                group = _Group(tuple(rows[chosen]), float(income[chosen].sum()), float(income[lead]), reach, "shortlist + greedy")
                if best is None or (len(group.members), -group.reach) < (len(best.members), -best.reach):
                    best = group
    return best


def _search(cover_index, lot, candidates, lead_ok_all, income_all, needed, lead_needed, threshold, max_members):
    """Best group for one lot among ``candidates`` (provider rows); ``(group, method, reason)``."""
    if not len(candidates):
        return None, "exact", "no voluntary organisation that could join reaches the lot"
    income = income_all[candidates]
    lead_ok = lead_ok_all[candidates]
    can_lead = np.flatnonzero(lead_ok & (income >= lead_needed))
    if not len(can_lead):
        return None, "exact", f"no organisation that could lead has the {format_gbp(lead_needed)} a lead needs"
    top_income = np.sort(income)[::-1][:max_members].sum()
    if top_income < needed:
        return None, "exact", (f"the {max_members} largest incomes sum to {format_gbp(top_income)}, "
                               f"short of the {format_gbp(needed)} needed")
    own_reach = cover_index.context.lot_reach[candidates, lot]
    top_reach = np.sort(own_reach)[::-1][:max_members].sum()
    if top_reach < threshold - 1e-12:
        return None, "exact", (f"the {max_members} widest-reaching organisations reach at most "
                               f"{format_share(min(top_reach, 1.0))} of the lot together, short of {format_share(threshold)}")
    total = float(cover_index.context.lot_small_area_totals[lot, 0])
    n_groups = sum(math.comb(len(candidates), k) for k in range(1, max_members + 1))
    if n_groups <= EXACT_GROUPS:
        covers, weights = cover_index.atoms(lot, candidates)
        group = _exact(candidates, income, lead_ok, covers, weights[:, 0], total, needed, lead_needed, threshold,
                       max_members, "exact")
        return group, "exact", "" if group else f"no group of up to {max_members} passes both tests (all {n_groups:,} checked)"
    # Pool for the greedy pass: the widest reach, the largest incomes, the widest-reaching leads.
    pool = _top_union([(-own_reach, GREEDY_POOL), (-income, GREEDY_POOL), (-own_reach[can_lead], GREEDY_POOL, can_lead)])
    covers, weights = cover_index.atoms(lot, candidates[pool])
    weight = weights[:, 0]
    # Shortlist checked exactly: as many of the same orderings as EXACT_GROUPS allows.
    size = min(len(pool), 64)
    while sum(math.comb(size, k) for k in range(1, max_members + 1)) > EXACT_GROUPS:
        size -= 1
    per = max(size // 3, 1)
    local_reach, local_income = own_reach[pool], income[pool]
    local_leads = np.flatnonzero(lead_ok[pool] & (local_income >= lead_needed))
    shortlist = _top_union([(-local_reach, per), (-local_income, per), (-local_reach[local_leads], per, local_leads)])[:size]
    group = _exact(candidates[pool][shortlist], local_income[shortlist], lead_ok[pool][shortlist], covers[shortlist], weight,
                   total, needed, lead_needed, threshold, max_members, "shortlist + greedy")
    greedy = _greedy(candidates[pool], local_income, lead_ok[pool], covers, weight, total, needed, lead_needed,
                     threshold, max_members)
    if greedy is not None and (group is None or (len(greedy.members), -greedy.reach) < (len(group.members), -group.reach)):
        group = greedy
    reason = "" if group else (f"no qualifying group found among {len(candidates):,} candidates "
                               "(shortlist + greedy search: one may still exist)")
    return group, "shortlist + greedy", reason


def _top_union(orderings) -> np.ndarray:
    """Positions of the first ``k`` of each ordering (key, k[, positions]), without repeats, in order."""
    picked = []
    for spec in orderings:
        key, k = spec[0], spec[1]
        positions = spec[2] if len(spec) > 2 else np.arange(len(key))
        picked.extend(positions[np.argsort(key, kind="stable")[:k]].tolist())
    return np.array(list(dict.fromkeys(picked)), dtype=np.int64)


def _why(group: _Group, names, income_all, lot_reach_col, needed, lead_needed, threshold, local: bool) -> str:
    parts = [f"{names[m]} ({format_gbp(income_all[m])}, reaches {format_share(lot_reach_col[m])})" for m in group.members]
    if len(parts) > 1:
        parts[0] += " as lead"
    text = " + ".join(parts) + (
        f": together {format_gbp(group.income)} ≥ {format_gbp(needed)} needed and reach "
        f"{format_share(group.reach)} ≥ {format_share(threshold)}"
    )
    if len(group.members) > 1:
        text += f"; the lead holds {format_share(group.lead_income / needed)} of the requirement (≥ {format_share(lead_needed / needed)})"
    if local:
        text += "; the lead is based in the lot"
    return text


def consortium_bids(
    context: DesignContext,
    params: ScoringParams | None = None,
    consortium: ConsortiumParams | None = None,
    *,
    cover_index: LotCoverIndex | None = None,
) -> ConsortiumResult:
    """Which lots VCS organisations could bid for as prime in groups, and the best group per lot.

    Parameters
    ----------
    context : DesignContext
        From :func:`lotdesign.core.scoring.prepare_design` (or ``ProviderSet.context``).
    params : ScoringParams, optional
        The turnover multiple, reach threshold, budget and scope in force.
    consortium : ConsortiumParams, optional
        Group size, lead-member rule and where members may be based.
    cover_index : LotCoverIndex, optional
        Reused across calls on the same context (built on first use otherwise).

    Returns
    -------
    ConsortiumResult
        Per-lot table (lots in scope) and design-level figures with and without consortia.
    """
    import time

    started = time.perf_counter()
    params = params or ScoringParams()
    consortium = consortium or ConsortiumParams()
    cover_index = cover_index or LotCoverIndex(context)
    providers = context.providers
    income = providers["income_gbp"].to_numpy(float)
    names = providers["name"].astype(str).to_numpy() if "name" in providers else providers["provider_id"].astype(str).to_numpy()
    ids = providers["provider_id"].astype(str).to_numpy()
    values = lot_values_gbp(context, params)
    needed_all = params.turnover_multiple * values
    eligible, local, member_ok = _member_masks(context, params, consortium)

    from lotdesign.core.scoring import scope_mask

    in_scope = scope_mask(context, params.scope)
    rows = []
    for lot in np.flatnonzero(in_scope):
        needed, lead_needed = needed_all[lot], consortium.lead_share * needed_all[lot]
        alone = bool(eligible[:, lot].any())
        alone_local = bool((eligible[:, lot] & local[:, lot]).any())
        candidates = np.flatnonzero(member_ok[:, lot])
        group, method, reason, group_local = _best_group(cover_index, lot, candidates, local[:, lot], income, needed,
                                                         lead_needed, params, consortium, alone, alone_local)
        rows.append(_lot_record(context, lot, values[lot], needed, lead_needed, candidates, alone, alone_local,
                                group, group_local, method, reason, ids, names, income, params.reach_threshold))
    lots = pd.DataFrame(rows).set_index("lot")
    summary = _summary(lots, context, in_scope)
    result = ConsortiumResult(context.design.id, params, consortium, lots, summary)
    result.sentence = consortium_sentence(result, context.design.label)
    result.timings["consortium_ms"] = 1000 * (time.perf_counter() - started)
    return result


def _member_masks(context: DesignContext, params: ScoringParams, consortium: ConsortiumParams):
    """Providers x lots masks: who may bid as prime alone, who is based in the lot, who may join a group."""
    providers = context.providers
    n_lots = len(context.lots)
    is_vcs = context.is_vcs
    eligible = prime_eligibility(context, params) & is_vcs[:, None]
    local = np.zeros((len(providers), n_lots), bool)
    has_base = context.base_lot >= 0
    local[np.flatnonzero(has_base), context.base_lot[has_base]] = True
    reaching = (context.lot_covered["population"] > 0) & is_vcs[:, None]
    if consortium.members_from == "lot_and_neighbours":
        touching = neighbouring_lots(context)
        member_ok = np.zeros_like(local)
        member_ok[has_base] = touching[context.base_lot[has_base]]
        member_ok &= reaching
    else:
        member_ok = reaching
    if consortium.without_solo_primes:
        member_ok = member_ok & ~eligible
    return eligible, local, member_ok


def _best_group(cover_index, lot, candidates, local_col, income, needed, lead_needed, params, consortium,
                alone: bool, alone_local: bool):
    """The best group for one lot (led from the lot if possible), its method, reason and whether it is led locally."""
    group, method, reason, group_local = None, "not needed", "", False
    if alone_local:
        reason = "an organisation based in the lot can bid as prime alone"
    else:
        group, method, reason = _search(cover_index, lot, candidates, local_col, income, needed, lead_needed,
                                        params.reach_threshold, consortium.max_members)
        group_local = group is not None
        if group is None and not alone:
            group, method, reason_any = _search(cover_index, lot, candidates, np.ones(len(income), bool), income,
                                                needed, lead_needed, params.reach_threshold, consortium.max_members)
            reason = reason_any or reason
        elif group is None:
            reason = "an organisation based elsewhere can bid as prime alone; no group led from the lot: " + reason
    if group is not None:
        # The lead first (based in the lot when the group is led locally), then by income.
        could_lead = local_col if group_local else np.ones(len(income), bool)
        group.members = tuple(sorted(group.members, key=lambda m: (not could_lead[m], -income[m])))
    return group, method, reason, group_local


def _lot_record(context, lot, value, needed, lead_needed, candidates, alone, alone_local, group, group_local,
                method, reason, ids, names, income, threshold) -> dict:
    """One row of the per-lot table."""
    lot_reach_col = context.lot_reach[:, lot]
    return {
        "lot": context.lots[lot],
        "value_gbp": value,
        "turnover_needed_gbp": needed,
        "lead_needs_gbp": lead_needed,
        "n_candidates": int(len(candidates)),
        "contestable_alone": alone,
        "locally_contestable_alone": alone_local,
        "contestable_with_consortia": alone or group is not None,
        "locally_contestable_with_consortia": alone_local or group_local,
        "only_through_consortia": (not alone) and group is not None,
        "locally_only_through_consortia": (not alone_local) and group_local,
        "n_members": len(group.members) if group else 0,
        "members": "; ".join(ids[m] for m in group.members) if group else "",
        "member_names": "; ".join(names[m] for m in group.members) if group else "",
        "group_income_gbp": group.income if group else 0.0,
        "lead_income_share": group.lead_income / needed if group and needed else 0.0,
        "group_reach": group.reach if group else 0.0,
        "method": method,
        "why": _why(group, names, income, lot_reach_col, needed, lead_needed, threshold, group_local)
        if group else reason,
    }


def _summary(lots: pd.DataFrame, context: DesignContext, in_scope: np.ndarray) -> pd.DataFrame:
    population = context.lot_population["population"].to_numpy(float)[in_scope]
    total = population.sum() or 1.0
    out = {}
    for label, suffix in (("without consortia", "alone"), ("with consortia", "with_consortia")):
        contestable = lots[f"contestable_{suffix}"].to_numpy(bool)
        locally = lots[f"locally_contestable_{suffix}"].to_numpy(bool)
        out[label] = {
            "n_lots": len(lots),
            "n_lots_contestable": int(contestable.sum()),
            "share_lots_contestable": contestable.mean() if len(lots) else 0.0,
            "share_population_contestable": population[contestable].sum() / total,
            "n_lots_locally_contestable": int(locally.sum()),
            "share_lots_locally_contestable": locally.mean() if len(lots) else 0.0,
            "share_population_locally_contestable": population[locally].sum() / total,
        }
    frame = pd.DataFrame(out).T
    frame.index.name = "case"
    return frame


def consortium_sentence(result: ConsortiumResult, design_label: str) -> str:
    """One plain sentence: how many lots consortia open up, to all VCS bidders and to local ones."""
    lots = result.lots
    n = len(lots)
    only = int(lots["only_through_consortia"].sum())
    local_only = int(lots["locally_only_through_consortia"].sum())
    before = int(lots["locally_contestable_alone"].sum())
    after = int(lots["locally_contestable_with_consortia"].sum())
    c = result.consortium
    where = " based in the lot or a neighbouring lot" if c.members_from == "lot_and_neighbours" else ""
    if c.without_solo_primes:
        where += " that could not bid alone"
    return (
        f"Under {design_label}, letting up to {c.max_members} voluntary organisations{where} bid together "
        f"(lead holding at least {format_share(c.lead_share)} of the turnover requirement) makes "
        f"{only} of {n} lots contestable that no single organisation could bid for, and {local_only} more lots "
        f"locally contestable ({before} → {after} of {n} with a prime bidder led from the lot)."
    )
