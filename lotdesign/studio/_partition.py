"""Contiguous graph partitioning by spanning-tree recombination with annealing (private engine).

Works on abstract nodes (integers 0..n-1) with a neighbour list, a balance weight per node and
a lot-scoring function; :mod:`lotdesign.studio.suggest` builds those from the real geography. Two
moves, both keeping every lot connected:

- **recombination**: merge two neighbouring lots, draw a random spanning tree of the merged
  area, and re-split it at the tree edge whose two sides score best while staying within the
  weight bounds (the two sides of a tree cut are each connected);
- **flip**: move one boundary node to the neighbouring lot when its old lot stays connected.

The objective is a sum over lots, so a move re-scores only the two lots it changes, and lot
scores are cached by node set. A move that lowers the score is accepted with the annealing
probability ``exp(Δ / T)``, ``T`` cooling linearly to zero.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Lot = tuple  # sorted node positions
LotScore = tuple  # (objective, guidance): guidance only breaks ties while searching


class PartitionInfeasible(ValueError):
    """No partition satisfies the bounds (raised with the constraint that conflicts)."""


@dataclass
class PartitionProblem:
    """The abstract problem: nodes, contiguity, balance bounds and an additive lot score.

    Attributes
    ----------
    neighbours : list of list of int
        Neighbour positions of each node.
    weight : numpy.ndarray
        (n,) balance weight of each node (persons, for population bounds).
    lower, upper : float
        Every new lot's total weight must lie in ``[lower, upper]``.
    score_lot : callable
        ``score_lot(lot) -> (objective, guidance)`` for a sorted tuple of node positions.
    guidance_weight : float
        How much the guidance term counts while searching (never in the reported objective).
    """

    neighbours: list
    weight: np.ndarray
    lower: float
    upper: float
    score_lot: Callable
    guidance_weight: float = 0.01
    _cache: dict = field(default_factory=dict)
    n_evaluations: int = 0

    def score(self, lot: Lot) -> LotScore:
        """Cached :attr:`score_lot`."""
        cached = self._cache.get(lot)
        if cached is None:
            cached = self._cache[lot] = self.score_lot(lot)
            self.n_evaluations += 1
        return cached

    def search_value(self, lot: Lot) -> float:
        objective, guidance = self.score(lot)
        return objective + self.guidance_weight * guidance

    def violation(self, total_weight: float) -> float:
        return max(0.0, self.lower - total_weight, total_weight - self.upper)


@dataclass
class SearchOutcome:
    """Best distinct partitions found (best first) and what the search did."""

    partitions: list  # [(objective, tuple of lots)], best first, distinct
    n_iterations: int
    n_evaluations: int
    elapsed_s: float
    stopped: str  # "done", "time" or "cancelled"


def _random_tree(nodes: list, member: set, neighbours: list, rng) -> dict | None:
    """A random spanning tree of the induced subgraph (Kruskal on random edge weights)."""
    edges = [(u, v) for u in nodes for v in neighbours[u] if v > u and v in member]
    parent = {u: u for u in nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    adjacency = {u: [] for u in nodes}
    taken = 0
    for position in rng.permutation(len(edges)).tolist():
        u, v = edges[position]
        root_u, root_v = find(u), find(v)
        if root_u != root_v:
            parent[root_u] = root_v
            adjacency[u].append(v)
            adjacency[v].append(u)
            taken += 1
            if taken == len(nodes) - 1:
                break
    return adjacency if taken == len(nodes) - 1 else None


def _rooted(adjacency: dict, root: int, weight: np.ndarray):
    parent = {root: None}
    order = []
    stack = [root]
    while stack:
        u = stack.pop()
        order.append(u)
        for v in adjacency[u]:
            if v != parent[u]:
                parent[v] = u
                stack.append(v)
    below = {u: float(weight[u]) for u in order}
    for u in reversed(order):
        if parent[u] is not None:
            below[parent[u]] += below[u]
    return parent, order, below


def _subtree(adjacency: dict, parent: dict, top: int) -> Lot:
    out, stack = [], [top]
    while stack:
        u = stack.pop()
        out.append(u)
        stack.extend(v for v in adjacency[u] if v != parent[u])
    return tuple(sorted(out))


def _connected(nodes: set, neighbours: list) -> bool:
    if not nodes:
        return True
    start = next(iter(nodes))
    seen, stack = {start}, [start]
    while stack:
        u = stack.pop()
        for v in neighbours[u]:
            if v in nodes and v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen) == len(nodes)


def random_partition(problem: PartitionProblem, nodes: list, n_lots: int, rng, *, tries: int = 300) -> list | None:
    """Split connected ``nodes`` into ``n_lots`` connected lots within the bounds, or None.

    Cuts one lot at a time off a random spanning tree, keeping the remainder splittable (its
    weight between ``(k−1)·lower`` and ``(k−1)·upper``).
    """
    weight, lower, upper = problem.weight, problem.lower, problem.upper
    remaining = sorted(nodes)
    lots = []
    for k in range(n_lots, 1, -1):
        member = set(remaining)
        chosen = None
        for _ in range(tries):
            tree = _random_tree(remaining, member, problem.neighbours, rng)
            if tree is None:
                return None
            parent, order, below = _rooted(tree, remaining[0], weight)
            total = below[remaining[0]]
            size = {u: 1 for u in order}
            for u in reversed(order[1:]):
                size[parent[u]] += size[u]
            options = []
            ideal = total / k
            for u in order[1:]:
                piece, rest = below[u], total - below[u]
                # The side left over must still hold k − 1 lots: enough weight and enough nodes.
                rest_nodes = len(remaining) - size[u]
                if lower <= piece <= upper and (k - 1) * lower <= rest <= (k - 1) * upper and rest_nodes >= k - 1:
                    options.append((abs(piece - ideal), u, False))
                if lower <= rest <= upper and (k - 1) * lower <= piece <= (k - 1) * upper and size[u] >= k - 1:
                    options.append((abs(rest - ideal), u, True))
            if options:
                # Cut near the mean lot so the remainder stays splittable; pick among the closest few.
                options.sort()
                _, u, complement = options[int(rng.integers(min(4, len(options))))]
                below_u = _subtree(tree, parent, u)
                chosen = tuple(sorted(member - set(below_u))) if complement else below_u
                break
        if chosen is None:
            return None
        lots.append(chosen)
        remaining = sorted(member - set(chosen))
    total = float(weight[remaining].sum())
    if not lower <= total <= upper:
        return None
    lots.append(tuple(remaining))
    return lots


def _edges_among(lot_of: dict, neighbours: list) -> tuple[list, list]:
    """The edges between nodes of the partition, each once (lower node first), as two lists."""
    edge_u, edge_v = [], []
    for u in lot_of:
        for v in neighbours[u]:
            if v > u and v in lot_of:
                edge_u.append(u)
                edge_v.append(v)
    return edge_u, edge_v


def _recombine(problem: PartitionProblem, old_a: Lot, old_b: Lot, old_violation: float, rng) -> tuple:
    """Merge two lots and cut a random spanning tree of the merge at its best edge.

    Returns (proposal, search value), proposal None when no cut keeps within the bounds.
    """
    neighbours, weight = problem.neighbours, problem.weight
    merged_list = sorted(old_a + old_b)
    member = set(merged_list)
    tree = _random_tree(merged_list, member, neighbours, rng)
    if tree is None:
        return None, -math.inf
    parent, order, below = _rooted(tree, merged_list[0], weight)
    total = below[merged_list[0]]
    proposal, best_value = None, -math.inf
    for w in order[1:]:
        piece, rest = below[w], total - below[w]
        # A cut may not leave the pair further outside the bounds than it was.
        if problem.violation(piece) + problem.violation(rest) > old_violation + 1e-9:
            continue
        part = _subtree(tree, parent, w)
        other = tuple(sorted(member - set(part)))
        value = problem.search_value(part) + problem.search_value(other)
        if value > best_value:
            best_value, proposal = value, (part, other)
    return proposal, best_value


def _move_one(problem: PartitionProblem, u: int, old_a: Lot, old_b: Lot, old_violation: float) -> tuple:
    """Move node ``u`` from lot ``old_a`` to ``old_b``.

    Returns (proposal, search value), proposal None when the move empties ``old_a``, breaks its
    contiguity or takes the pair further outside the bounds.
    """
    neighbours, weight = problem.neighbours, problem.weight
    if len(old_a) == 1:
        return None, -math.inf
    new_a = tuple(x for x in old_a if x != u)
    new_b = tuple(sorted(old_b + (u,)))
    moved = float(weight[u])
    wa, wb = float(weight[list(old_a)].sum()), float(weight[list(old_b)].sum())
    if problem.violation(wa - moved) + problem.violation(wb + moved) > old_violation + 1e-9:
        return None, -math.inf
    if not _connected(set(new_a), neighbours):
        return None, -math.inf
    proposal = (new_a, new_b)
    return proposal, problem.search_value(new_a) + problem.search_value(new_b)


def anneal(
    problem: PartitionProblem,
    start: list,
    rng,
    *,
    iterations: int,
    temperature: float,
    recombination_share: float = 0.5,
    deadline: float | None = None,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    keep: dict | None = None,
) -> tuple[float, list, int, str]:
    """Improve the partition ``start`` (a list of lots); return (best objective, best lots, iterations, why stopped).

    ``keep`` (canonical partition → objective) collects every new best partition on the way.
    """
    neighbours, weight = problem.neighbours, problem.weight
    lots = [tuple(lot) for lot in start]
    lot_of = {u: index for index, lot in enumerate(lots) for u in lot}
    edge_u, edge_v = _edges_among(lot_of, neighbours)
    objective = sum(problem.score(lot)[0] for lot in lots)
    best = (objective, sum(problem.score(lot)[1] for lot in lots), list(lots))
    if not edge_u or len(lots) < 2:
        return best[0], best[2], 0, "done"
    n_edges = len(edge_u)
    stopped = "done"
    iteration = 0
    for iteration in range(1, iterations + 1):
        if iteration % 64 == 0:
            if cancel is not None and cancel():
                stopped = "cancelled"
                break
            if deadline is not None and time.perf_counter() > deadline:
                stopped = "time"
                break
            if progress is not None:
                progress(iteration / iterations)
        t = temperature * (1 - iteration / iterations) + 1e-12
        position = int(rng.integers(n_edges))
        u, v = edge_u[position], edge_v[position]
        a, b = lot_of[u], lot_of[v]
        if a == b:
            continue
        old_a, old_b = lots[a], lots[b]
        current = problem.search_value(old_a) + problem.search_value(old_b)
        old_violation = problem.violation(float(weight[list(old_a)].sum())) + problem.violation(float(weight[list(old_b)].sum()))
        if rng.random() < recombination_share:
            proposal, best_value = _recombine(problem, old_a, old_b, old_violation, rng)
        else:
            if rng.random() < 0.5:
                u, v, a, b = v, u, b, a
                old_a, old_b = old_b, old_a
            proposal, best_value = _move_one(problem, u, old_a, old_b, old_violation)
        if proposal is None or set(proposal) == {old_a, old_b}:
            continue
        delta = best_value - current
        if delta >= 0 or rng.random() < math.exp(delta / t):
            lots[a], lots[b] = proposal
            for x in proposal[0]:
                lot_of[x] = a
            for x in proposal[1]:
                lot_of[x] = b
            objective += (problem.score(proposal[0])[0] + problem.score(proposal[1])[0]
                          - problem.score(old_a)[0] - problem.score(old_b)[0])
            guidance = sum(problem.score(lot)[1] for lot in (proposal[0], proposal[1]))
            if objective > best[0] + 1e-12:
                best = (objective, guidance, list(lots))
                if keep is not None:
                    keep[canonical(lots)] = objective
    return best[0], best[2], iteration, stopped


def canonical(lots) -> tuple:
    """A partition in a form that compares equal for equal partitions."""
    return tuple(sorted(tuple(sorted(lot)) for lot in lots))


def search_partition(
    problem: PartitionProblem,
    starts: Callable[[object], list],
    *,
    seed: int,
    restarts: int,
    iterations: int,
    temperature: float,
    time_budget_s: float | None = None,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    n_keep: int = 3,
) -> SearchOutcome:
    """Anneal from ``restarts`` starting partitions (``starts(rng)`` draws one); keep the best distinct.

    Deterministic for a seed as long as the time budget is not what stops the search.
    """
    began = time.perf_counter()
    deadline = began + time_budget_s if time_budget_s else None
    seeds = np.random.SeedSequence(seed).spawn(restarts)
    found: dict = {}
    total_iterations = 0
    stopped = "done"
    for restart, restart_seed in enumerate(seeds):
        rng = np.random.default_rng(restart_seed)
        start = starts(rng)
        found.setdefault(canonical(start), sum(problem.score(lot)[0] for lot in start))

        def report(fraction, restart=restart):
            if progress is not None:
                progress((restart + fraction) / restarts)

        objective, lots, n, why = anneal(
            problem, start, rng, iterations=iterations, temperature=temperature, deadline=deadline,
            cancel=cancel, progress=report, keep=found,
        )
        found[canonical(lots)] = objective
        total_iterations += n
        if why != "done":
            stopped = why
            break
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:n_keep]
    if progress is not None:
        progress(1.0)
    return SearchOutcome(
        partitions=[(value, partition) for partition, value in ranked],
        n_iterations=total_iterations,
        n_evaluations=problem.n_evaluations,
        elapsed_s=time.perf_counter() - began,
        stopped=stopped,
    )
