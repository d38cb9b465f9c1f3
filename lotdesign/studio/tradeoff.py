"""The lot-count trade-off: the best design found for each number of lots, beside the built-ins.

For each k the design search (:func:`lotdesign.studio.suggest.suggest_design`) gives the best design it
finds; the objective (re-checked by the normal scorer) traces the frontier against k, with the
median annual lot value and fragmentation (lots a VCS organisation must bid for to keep its
footprint) alongside — the cost side of small lots. The built-in designs are scored on the same
objective and shown as labelled points, so a reader sees whether a design is near the frontier.

The curve runs from 4 to 100 lots by default. Whole PCC areas give at most 42 lots, so when the
search is asked for whole PCC areas (``unit="pfa"``) the counts above 42 are searched at district
level, and the table's ``unit`` column says which level each point was found at.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from geo.reach import ReachMatrix
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import VcsEdges, prepare_design, score_design
from lotdesign.studio.suggest import OBJECTIVES, objective_from_summary, objective_weights, suggest_design

#: Built-in designs drawn as labelled points (the 2018 proposal is inferred, so left out).
TRADEOFF_BUILTINS = ("nps7", "hmpps_ap_areas7", "regions12", "df_accommodation15", "cpa21", "pcc42", "pdu_units")
#: Short labels for the chart (the full names overlap at 7, 12 and 15 lots).
SHORT_LABELS = {"nps7": "7 NPS divisions", "hmpps_ap_areas7": "7 AP areas", "regions12": "12 regions",
                "df_accommodation15": "15 DF accommodation", "cpa21": "21 CPAs", "pcc42": "42 PCC areas",
                "pdu_units": "{n} PDU units (derived)", "gm_boroughs": "GM by borough", "sw_local_authorities": "South West by LA"}
#: Default lot counts: 4 to 100 (above 42, whole PCC areas run out and districts are used).
DEFAULT_LOT_COUNTS = range(4, 101)
#: The most lots whole PCC areas can make.
MAX_PCC_LOTS = 42
#: Columns of the trade-off table.
TRADEOFF_COLUMNS = ("kind", "design", "label", "n_lots", "unit", "objective", "median_value_gbp", "fragmentation",
                    "share_population_locally_contestable", "specialist_prime_coverage_women", "elapsed_s")


@dataclass(eq=False)
class TradeoffCurve:
    """The frontier (one suggested design per k) and the built-in designs on the same objective."""

    table: pd.DataFrame  # TRADEOFF_COLUMNS; kind "suggested" or "built-in"
    designs: dict  # n_lots -> LotDesign (suggested)
    objective: str
    weights: dict
    params: ScoringParams
    elapsed_s: float
    stopped: str


def tradeoff_curve(
    providers: pd.DataFrame,
    reach: ReachMatrix,
    *,
    lot_counts=DEFAULT_LOT_COUNTS,
    objective: str = "locally_contestable_population",
    weights: dict | None = None,
    params: ScoringParams | None = None,
    builtin_ids=TRADEOFF_BUILTINS,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    edges: VcsEdges | None = None,
    **suggest_options,
) -> TradeoffCurve:
    """Best design found for each number of lots, plus the built-ins, on one objective.

    Parameters
    ----------
    providers, reach :
        Accepted providers and their reach.
    lot_counts : iterable of int
        Numbers of lots (default 4 to 100). With ``unit="pfa"`` (the default), counts above 42
        are searched at district level (``unit="lad"``): 42 PCC areas cannot make more lots.
    objective, weights, params :
        As for :func:`lotdesign.studio.suggest.suggest_design`.
    builtin_ids : iterable of str
        Built-in designs to score as labelled points.
    progress : callable, optional
        ``progress(fraction, message)``.
    cancel : callable, optional
        Returning True stops after the current k (the curve so far is returned).
    **suggest_options :
        Passed on to :func:`lotdesign.studio.suggest.suggest_design` (``unit``, ``seed``, ``restarts``,
        ``iterations``, ``time_budget_s``, constraints ...).

    Returns
    -------
    TradeoffCurve
    """
    params = params or ScoringParams()
    weights_used = objective_weights(objective, weights)
    began = time.perf_counter()
    rows, designs = [], {}
    counts = list(lot_counts)
    stopped = "done"
    for position, k in enumerate(counts):
        if cancel is not None and cancel():
            stopped = "cancelled"
            break
        if progress is not None:
            progress(position / max(len(counts), 1), f"Searching designs of {k} lots…")
        options = {**suggest_options, "unit": unit_for_count(k, suggest_options.get("unit", "pfa"))}
        suggestion = suggest_design(providers, reach, n_lots=k, objective=objective, weights=weights, params=params,
                                    edges=edges, n_designs=1, **options)
        designs[k] = suggestion.design
        rows.append(_row("suggested", suggestion.design, suggestion.score.summary, weights_used, suggestion.elapsed_s,
                         label=f"best found, {k} lots"))
    for design_id in builtin_ids:
        design = get_design(design_id)
        summary = score_design(providers, reach, design, params,
                               context=prepare_design(providers, reach, design, edges=edges)).summary
        rows.append(_row("built-in", design, summary, weights_used, 0.0, label=SHORT_LABELS.get(design_id, design.label).format(n=design.n_lots)))
    if progress is not None:
        progress(1.0, "Done")
    table = pd.DataFrame(rows, columns=list(TRADEOFF_COLUMNS))
    return TradeoffCurve(table, designs, objective, weights_used, params, time.perf_counter() - began, stopped)


def unit_for_count(n_lots: int, unit: str = "pfa") -> str:
    """The level a design of ``n_lots`` lots is searched at: districts once whole PCC areas run out (> 42)."""
    return "lad" if unit == "pfa" and n_lots > MAX_PCC_LOTS else unit


def _row(kind, design, summary, weights, elapsed_s, *, label) -> dict:
    return {
        "kind": kind,
        "design": design.id,
        "label": label,
        "n_lots": int(summary["n_lots"]),
        "unit": design.level,
        "objective": objective_from_summary(summary, weights),
        "median_value_gbp": float(summary["median_value_gbp"]),
        "fragmentation": float(summary["fragmentation"]),
        "share_population_locally_contestable": float(summary["share_population_locally_contestable"]),
        "specialist_prime_coverage_women": float(summary["specialist_prime_coverage_women"]),
        "elapsed_s": round(float(elapsed_s), 3),
    }


def objective_label(curve: TradeoffCurve) -> str:
    """Axis title for the curve's objective."""
    if len(curve.weights) == 1:
        return OBJECTIVES[next(iter(curve.weights))][1]
    return "Weighted mix: " + ", ".join(f"{w:.0%} {OBJECTIVES[n][1].lower()}" for n, w in curve.weights.items())


def tradeoff_chart(curve: TradeoffCurve, *, synthetic: bool = False) -> alt.VConcatChart:
    """The frontier with the built-in designs as labelled points, over median value and fragmentation.

    Three panels sharing the lots axis: the objective (share, 0–100%), the median annual lot
    value (£) and fragmentation (lots per VCS organisation).
    """
    table = curve.table.copy()
    table["Design"] = table["label"]
    table["chart_label"] = _shared_labels(table)
    table["Kind"] = table["kind"].map({"suggested": "Best design found", "built-in": "Built-in design"})
    note = " — SYNTHETIC DEMO DATA" if synthetic else ""
    low, high = int(table["n_lots"].min()), int(table["n_lots"].max())
    x = alt.X("n_lots:Q", title="Number of lots", scale=alt.Scale(domain=[max(0, low - 1), high + 2], nice=False))
    colour = alt.Color("Kind:N", scale=alt.Scale(domain=["Best design found", "Built-in design"],
                                                 range=["#0072B2", "#D55E00"]), legend=alt.Legend(orient="bottom"))
    tooltip = ["Design:N", "n_lots:Q", alt.Tooltip("objective:Q", format=".1%"),
               alt.Tooltip("median_value_gbp:Q", format=",.0f", title="median lot value £"),
               alt.Tooltip("fragmentation:Q", format=".2f")]

    def panel(field: str, title: str, axis_format: str, height: int, labels: bool):
        base = alt.Chart(table)
        line = base.transform_filter(alt.datum.kind == "suggested").mark_line(point=True).encode(
            x=x, y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=axis_format)), color=colour, tooltip=tooltip)
        points = base.transform_filter(alt.datum.kind == "built-in").mark_point(size=90, filled=True, shape="diamond").encode(
            x=x, y=f"{field}:Q", color=colour, tooltip=tooltip)
        layers = [line, points]
        if labels:
            layers.append(base.transform_filter(alt.datum.kind == "built-in").mark_text(
                align="left", dx=7, dy=-7, fontSize=11).encode(x=x, y=f"{field}:Q", text="chart_label:N"))
        return alt.layer(*layers).properties(width=620, height=height)

    return alt.vconcat(
        panel("objective", objective_label(curve), ".0%", 260, True),
        panel("median_value_gbp", "Median annual lot value (£)", "~s", 110, False),
        panel("fragmentation", "Lots to bid for (fragmentation)", ".1f", 110, False),
    ).properties(title=f"Lot-count trade-off: {curve.params.service}{note}").resolve_scale(color="shared")


def _shared_labels(table: pd.DataFrame) -> pd.Series:
    """Chart labels: built-ins with the same lot count share one label (``7 NPS divisions / 7 AP areas``)."""
    labels = pd.Series("", index=table.index)
    builtins = table[table["kind"] == "built-in"]
    for _, group in builtins.groupby("n_lots", sort=False):
        # Same lot count, so the points sit one above the other; one label keeps the text readable.
        labels[group.index[0]] = " / ".join(group["label"])
    return labels


def write_tradeoff(curve: TradeoffCurve, path, *, synthetic: bool = False) -> Path:
    """Write the trade-off as a table (``.csv``/``.xlsx``) or an image (``.png``/``.svg``).

    Images are rendered offline by vl-convert; tables carry one row per design.
    """
    from lotdesign.io.export import write_table

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        table = curve.table.copy()
        table.insert(0, "objective_name", "+".join(curve.weights))
        table.insert(1, "service", curve.params.service)
        table.insert(2, "providers", "synthetic demo data" if synthetic else "user data")
        return Path(write_table(table, path))
    if suffix in (".png", ".svg"):
        tradeoff_chart(curve, synthetic=synthetic).save(str(path))
        return path
    from lotdesign.io.writers import wrong_format_error

    raise wrong_format_error(path.name, ("csv", "xlsx", "png", "svg"))
