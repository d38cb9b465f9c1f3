"""The sidebar: which designs to compare, the service, and every assumption with its source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign.core.params import CATEGORY_LABELS, CATEGORY_SHARES, DEFAULT_RADIUS_KM, SOURCES
from ui import state
from ui.format import format_share


def render() -> None:
    """Draw the sidebar: what to compare, the assumptions (each with its source) and the map switches."""
    with st.sidebar:
        _what_to_compare()
        _assumptions()
        _map_switches()


def _what_to_compare() -> None:
    """The main design, the designs to compare it with, and the service."""
    available = state.designs()
    labels = {design_id: design.label for design_id, design in available.items()}
    main = st.session_state[state.MAIN_DESIGN]
    st.header("What to compare")
    st.selectbox(
        "Lot design (shown on the map)",
        options=list(available),
        format_func=labels.get,
        key=state.MAIN_DESIGN,
        on_change=state.on_main_design_change,
        help="The design on the map, and the one the others are compared with.",
    )
    st.multiselect(
        "Compare it with",
        options=[d for d in available if d != main],
        format_func=labels.get,
        key=state.COMPARE_DESIGNS,
        help="Choose one or more other designs. Differences are shown against the design above.",
        placeholder="Choose designs to compare",
    )
    st.selectbox(
        "Service",
        options=list(CATEGORY_SHARES),
        format_func=lambda s: f"{CATEGORY_LABELS[s]} ({format_share(CATEGORY_SHARES[s])})",
        key=state.SERVICE,
        help="The service sets the budget shared between lots (its % of the national budget). "
        + SOURCES["category_shares"],
    )


def _assumptions() -> None:
    """Budget, turnover multiple, reach threshold, scope and value weighting, each with its source."""
    st.header("Assumptions")
    st.number_input(
        "National budget (£ million a year)",
        min_value=1.0,
        max_value=10_000.0,
        step=5.0,
        format="%.0f",
        key=state.BUDGET_M,
        help="Source: " + SOURCES["national_budget_gbp"],
    )
    st.slider(
        "Income needed to bid as prime (× the lot's annual value)",
        min_value=0.5,
        max_value=5.0,
        step=0.5,
        key=state.TURNOVER,
        help="Source: " + SOURCES["turnover_multiple"],
    )
    st.slider(
        "Share of a lot's population a prime must reach (%)",
        min_value=10,
        max_value=100,
        step=5,
        key=state.REACH_PCT,
        help=SOURCES["reach_threshold"] + ".",
    )
    st.radio(
        "Lots to include",
        options=["England and Wales", "England", "Wales"],
        key=state.SCOPE,
        horizontal=True,
        help="Lot values stay a share of the England and Wales budget whichever you choose.",
    )
    st.radio(
        "Share the budget between lots by",
        options=["population", "females"],
        format_func={"population": "Population", "females": "Female population"}.get,
        key=state.WEIGHTING,
        horizontal=True,
        help=SOURCES["value_weighting"] + ".",
    )
    with st.expander("Service radius when an organisation gives none"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Income band": list(DEFAULT_RADIUS_KM),
                    "Radius": ["national" if r == float("inf") else f"{r:g} km" for r in DEFAULT_RADIUS_KM.values()],
                }
            ),
            hide_index=True,
        )
        st.caption(SOURCES["default_radius_km"] + ". Set when the organisation file is loaded.")
    st.caption("Every assumption and its source is listed under *Compare designs* → *Assumptions*.")


def _map_switches() -> None:
    """The background map switch."""
    st.header("Map")
    st.toggle(
        "Background map (needs internet)",
        key=state.BACKGROUND,
        help="Off: lots on a plain background, works with no network. On: OpenStreetMap tiles behind the lots.",
    )
