"""Presentation mode: the current comparison told as a short story, one screen at a time.

Turned on by the sidebar's *Presentation mode* switch or by the address ``?present=1`` (which a
presenter can bookmark; ``&step=3`` opens a given screen). The controls are hidden, type is large
enough to read at 1280×720 from the back of a room, and the left and right arrow keys (or the
buttons) step back and forward. Every screen is built from the figures in use now; nothing
needs the internet.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lotdesign.importing.providers import escape_text
from ui import state, twin_map
from ui.compare_tab import assumptions_table
from ui.first_screen import FIRST_SCREEN_METRICS, cards_html, map_inputs, short_title
from ui.format import plain
from ui.maps import attribution_notices, map_attribution

PRESENT_PARAM = "present"
STEP_PARAM = "step"
TOGGLE = "presentation_mode"


@dataclass(frozen=True)
class Step:
    """One screen of the story: its heading, the figures on its cards, the figure colouring the
    maps (None: no maps) and the library sentence it quotes (index into the comparison's sentences)."""

    heading: str
    metrics: tuple
    map_metric: str | None
    sentence: int | None
    kind: str = "cards"  # "cards", or "patterns" (the 2021 vs 2027 bundle comparison)


def story(chosen, params) -> list[Step]:
    """The screens, in order, for the designs and service in use."""
    service = params.service_label if params.is_bundle else params.service_label.lower()
    names = " or ".join(d.label for d in chosen[:2])
    patterns = [Step("Bundled lots: the 2021 pattern (one service per PCC-area lot) against the 2027 pattern "
                     "(every service in one regional lot, lots assumed)", (), None, None, "patterns")]
    return [
        Step(f"Which lot design lets local and specialist voluntary organisations bid for {service}: {names}?",
             FIRST_SCREEN_METRICS, None, None),
        Step("Local access: lots a locally based voluntary organisation could bid for as prime",
             ("share_population_locally_contestable", "share_lots_locally_contestable", "local_fit"),
             "n_vcs_local_prime_eligible", 0),
        Step("Women's specialists", ("specialist_prime_coverage_women", "specialist_coverage_women",
                                     "subcontract_dependence_women"), "specialist_prime_coverage_women", 2),
        Step("BAME specialists", ("specialist_prime_coverage_bame", "specialist_coverage_bame",
                                  "subcontract_dependence_bame"), "specialist_prime_coverage_bame", 3),
        Step("The cost side: more, smaller lots mean more bids", ("fragmentation", "median_value_gbp",
                                                                 "median_turnover_needed_gbp"), "turnover_needed_gbp", 6),
        *(patterns if params.is_bundle else []),
        Step("Assumptions and data", (), None, None),
    ]


def active() -> bool:
    """True when the address asks for presentation mode (``?present=1``)."""
    return st.query_params.get(PRESENT_PARAM) == "1"


def _set_mode() -> None:
    if st.session_state.get(TOGGLE):
        st.query_params[PRESENT_PARAM] = "1"
        st.query_params[STEP_PARAM] = "1"
    else:
        st.query_params.pop(PRESENT_PARAM, None)
        st.query_params.pop(STEP_PARAM, None)


def sidebar_toggle() -> None:
    """The switch that starts presentation mode (in the sidebar)."""
    st.session_state[TOGGLE] = active()
    with st.sidebar:
        st.toggle("Presentation mode", key=TOGGLE, on_change=_set_mode,
                  help="Hides the controls and steps through the comparison one screen at a time "
                  "(arrow keys: next / previous). Bookmark the address: it ends in ?present=1.")


def current_step(n_steps: int) -> int:
    """The screen shown (1-based), from the address; out-of-range values are clamped."""
    try:
        step = int(st.query_params.get(STEP_PARAM, "1"))
    except ValueError:
        step = 1
    return min(max(step, 1), n_steps)


def _go(step: int) -> None:
    st.query_params[STEP_PARAM] = str(step)


def _leave() -> None:
    st.query_params.pop(PRESENT_PARAM, None)
    st.query_params.pop(STEP_PARAM, None)


PRESENT_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
.block-container { padding: 0.6rem 1.4rem 0.4rem 1.4rem !important; }
h1 { font-size: 1.4rem !important; line-height: 1.2 !important; }
[data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"] { white-space: nowrap; padding: 0.2rem 0.6rem; }
.lde-step-text { font-size: 1.05rem; margin: 0; line-height: 1.3; }
.lde-card h2 { font-size: 0.8rem !important; }
.lde-card .v { font-size: 1.4rem; }
.lde-twin-bar, .lde-twin-title { font-size: 17px !important; }
</style>
"""


def render(pset, result, chosen, params) -> None:
    """The story screen chosen by the address, with next / previous controls."""
    steps = story(chosen, params)
    number = current_step(len(steps))
    step = steps[number - 1]
    st.html(PRESENT_CSS)
    title, nav = st.columns([3, 2], vertical_alignment="center")
    title.title(plain(short_title(chosen, params) if number == 1 else step.heading), anchor=False)
    with nav:
        back, position, forward, leave = st.columns([1.2, 0.8, 1.2, 1], vertical_alignment="center", gap="small")
        back.button("◀ Back", key="present_back", shortcut="Left", disabled=number == 1,
                    on_click=_go, args=(number - 1,), help="Previous screen (left arrow)")
        position.markdown(f"**{number} / {len(steps)}**")
        forward.button("Next ▶", key="present_next", shortcut="Right", disabled=number == len(steps),
                       on_click=_go, args=(number + 1,), type="primary", help="Next screen (right arrow)")
        leave.button("Exit", key="present_exit", on_click=_leave, help="Leave presentation mode")

    if number == 1:
        st.markdown(f'<p class="lde-step-text">{escape_text(step.heading)}'
                    + (" <b>Synthetic demo data.</b>" if pset.synthetic else "") + "</p>", unsafe_allow_html=True)
    elif step.sentence is not None and step.sentence < len(result.sentences):
        st.markdown(f'<p class="lde-step-text">{escape_text(result.sentences[step.sentence])}</p>',
                    unsafe_allow_html=True)
    if step.metrics:
        cards, drawing = st.columns([1, 2.1], gap="small")
        cards.html(cards_html(result.table, chosen, step.metrics))
        metric = step.map_metric or st.session_state[state.MAP_METRIC]
        with drawing:
            twin_map.show(map_inputs(pset, result, metric, params, with_points=False), key=f"present_map_{number}")
    if step.kind == "patterns":
        from ui import bundles_panel

        bundles_panel.render(pset, params)
    elif not step.metrics:
        assumptions(pset, params)


def assumptions(pset, params) -> None:
    """The last screen: every assumption with its source, and where the data come from."""
    table = assumptions_table(params)
    st.table(table.set_index("Assumption"))
    source = ("Synthetic demo organisations — not real organisations."
              if pset.synthetic else f"Organisations: {pset.load.n_accepted:,} from {plain(pset.load.source_name)}.")
    st.markdown(f"**Data.** {source} Boundaries and populations: {plain(map_attribution())}. "
                f"Postcodes: {plain(attribution_notices()['postcodes'])}.")
