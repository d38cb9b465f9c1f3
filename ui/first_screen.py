"""The first screen: the message. A title naming the service and the two designs, the headline
figures as compact cards, and the two designs on two synchronised maps.

Shared with presentation mode (:mod:`ui.presentation`), which shows the same pieces in larger type.
"""

from __future__ import annotations

import streamlit as st

from lotdesign.core.compare import METRIC_LABELS
from lotdesign.importing.providers import escape_text
from ui import state, twin_map, what_if
from ui.format import (
    HIGHER_IS_BETTER,
    LOT_METRIC_LABELS,
    LOWER_IS_BETTER,
    format_metric,
    format_shown_delta,
)

#: The headline cards of the first screen, in reading order (the women's and BAME rows first
#: after local access, so that they are on screen at 1280×720).
FIRST_SCREEN_METRICS = (
    "share_population_locally_contestable",
    "specialist_prime_coverage_women",
    "specialist_prime_coverage_bame",
    "share_lots_contestable",
    "median_turnover_needed_gbp",
    "fragmentation",
)

CARDS_CSS = """
<style>
.lde-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(240px, 100%), 1fr)); gap: 6px 8px; margin: 0; }
.lde-card { min-width: 0; overflow-wrap: break-word; border: 1px solid #b8bec6; border-radius: 8px; padding: 4px 10px 5px 10px; background: #fff; }
.lde-card h2 { font-size: 0.86rem !important; font-weight: 700; line-height: 1.2; margin: 0; padding: 0 !important; color: #111; }
.lde-card p { margin: 0; font-size: 0.95rem; line-height: 1.3; color: #111; }
.lde-card .v { font-size: 1.35rem; font-weight: 700; }
.lde-card .d { font-weight: 700; white-space: normal; }
.lde-card .better { color: #0b6e2a; }
.lde-card .worse { color: #a4161a; }
.lde-card .neutral { color: #333; }
.lde-card-designs { font-size: 0.85rem; color: #333; margin: 0 0 2px 0; }
.lde-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
"""


def short_title(chosen, params) -> str:
    """``"Women's services: 42 PCC areas vs 12 probation regions (2021)"`` (plain text)."""
    service = params.service_label
    names = [design.label for design in chosen[:2]]
    more = f" (+{len(chosen) - 2} more)" if len(chosen) > 2 else ""
    return f"{service}: " + " vs ".join(names) + more


def direction_word(metric: str, delta_text: str) -> str:
    """``better``, ``worse`` or ``neutral`` for a difference of ``metric`` (words, not only colour)."""
    if delta_text == "same":
        return "neutral"
    up = not delta_text.startswith(("-", "−"))
    if metric in HIGHER_IS_BETTER:
        return "better" if up else "worse"
    if metric in LOWER_IS_BETTER:
        return "worse" if up else "better"
    return "neutral"


def cards_html(table, chosen, metrics=FIRST_SCREEN_METRICS) -> str:
    """Headline cards: for each figure, the value under each design and the difference shown.

    The difference is that of the figures as displayed (:func:`ui.format.format_shown_delta`),
    carried by an arrow, its sign and a word (better/worse), not by colour alone.
    """
    main = chosen[0]
    names = " | ".join(escape_text(d.label) for d in chosen[:2])
    parts = [CARDS_CSS, f'<p class="lde-card-designs">{names}' + (" (difference: second − first)" if len(chosen) > 1 else "")
             + "</p>",
             '<div class="lde-cards" role="list">']
    for metric in metrics:
        values = [format_metric(metric, table.at[d.id, metric]) for d in chosen[:2]]
        shown = " | ".join(f'<span class="v">{escape_text(v)}</span>' for v in values)
        delta = ""
        if len(chosen) > 1:
            text = format_shown_delta(metric, table.at[main.id, metric], table.at[chosen[1].id, metric])
            word = direction_word(metric, text)
            arrow = "=" if text == "same" else ("↑" if not text.startswith(("-", "−")) else "↓")
            label = {"better": " better", "worse": " worse", "neutral": ""}[word]
            delta = f' <span class="d {word}">{arrow} {escape_text(text)}{label}</span>'
        parts.append(
            f'<div class="lde-card" role="listitem" data-metric="{metric}"><h2>{escape_text(METRIC_LABELS[metric])}</h2>'
            f"<p>{shown}{delta}</p></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def map_inputs(pset, result, metric: str, params, *, with_points: bool = True) -> dict:
    """The twin map's data for the first two compared designs coloured by ``metric``."""
    from ui import map_tab, maps  # folium: loaded only when a map is drawn

    scores = result.scores[:2]
    shapes = {score.design.id: map_tab.shapes_for(score.design) for score in scores}
    points = map_tab.points_for(pset)[0] if with_points else None
    return twin_map.map_data(
        scores, shapes, metric, points=points, outlines=map_tab.builtin_outlines("pcc42"),
        scope=params.scope, asset_base=maps.asset_base_url(st.get_option("server.baseUrlPath") or ""),
    )


def render(pset, result, chosen, params) -> None:
    """Cards, the colour choice and the two maps (the top of the *Compare designs* tab)."""
    metric = st.session_state[state.MAP_METRIC]
    if params.is_bundle:
        from ui import bundles_panel

        bundles_panel.render(pset, params)
    cards, drawing = st.columns([1, 2.1], gap="small")
    cards.html(cards_html(result.table, chosen))
    with drawing:
        opened = twin_map.show(map_inputs(pset, result, metric, params), key="first_screen_map")
    if opened is not None:
        st.session_state[state.SELECTION] = ("lot", opened[1])
        st.session_state["lot_picker_design"] = opened[0]
    left, right = st.columns([5, 3], vertical_alignment="bottom")
    left.selectbox("Colour the lots by", options=list(LOT_METRIC_LABELS), format_func=LOT_METRIC_LABELS.get,
                   key=state.MAP_METRIC)
    with right:
        what_if.control(key="first_what_if")
    st.caption("Both maps share one colour scale; the key gives the number of lots in each class "
               "(first design / second). Pan or zoom one map and the other follows. Tab to a lot and "
               "press Enter, click it, or use *Find a lot* below for its figures under both designs.")
