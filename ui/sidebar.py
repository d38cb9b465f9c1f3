"""The sidebar: which designs to compare, the service, and every assumption with its source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign.core.params import (
    BUNDLE_SOURCES,
    BUNDLES,
    CATEGORY_LABELS,
    CATEGORY_SHARES,
    DEFAULT_RADIUS_KM,
    NOTICE_SOURCE,
    SCOPES,
    SOURCES,
    notice_budget_presets,
)
from ui import state
from ui.format import format_share


def render() -> None:
    """The sidebar: designs and service, then every assumption with its source, then the map switch."""
    with st.sidebar:
        _what_to_compare()
        _assumptions()
        _map_controls()


def _what_to_compare() -> None:
    available = state.designs()
    labels = {design_id: design.label for design_id, design in available.items()}
    main = st.session_state[state.MAIN_DESIGN]

    def label(design_id) -> str:
        # Never None: Streamlit's serializer fails on a non-text label (seen under load, see below).
        return labels.get(design_id, str(design_id))

    st.header("What to compare")
    st.selectbox(
        "Lot design (shown on the map)",
        options=list(available),
        format_func=label,
        key=state.MAIN_DESIGN,
        on_change=state.on_main_design_change,
        help="The design on the map, and the one the others are compared with.",
    )
    offered = [d for d in available if d != main]
    # Ten sessions at once in the soak benchmark: a browser can send back the list as it was, holding
    # the design just made the main one, which the list no longer offers; keep only offered designs.
    compare = st.session_state[state.COMPARE_DESIGNS]
    if any(d not in offered for d in compare):
        st.session_state[state.COMPARE_DESIGNS] = [d for d in compare if d in offered]
    st.multiselect(
        "Compare it with",
        options=offered,
        format_func=label,
        key=state.COMPARE_DESIGNS,
        help="Choose one or more other designs. Differences are shown against the design above.",
        placeholder="Choose designs to compare",
    )
    bundled = len(st.session_state[state.BUNDLE]) > 1
    st.selectbox(
        "Service",
        options=list(CATEGORY_SHARES),
        format_func=lambda s: f"{CATEGORY_LABELS[s]} ({format_share(CATEGORY_SHARES[s])})",
        key=state.SERVICE,
        disabled=bundled,
        help="The service sets the budget shared between lots (its % of the national budget). "
        + SOURCES["category_shares"] + (" Not used while services are bundled below." if bundled else ""),
    )
    _bundle_controls()


def _assumptions() -> None:
    st.header("Assumptions")
    st.selectbox(
        "Budget from the Community Support for Men notice",
        options=["", *(p["key"] for p in notice_budget_presets())],
        format_func=_preset_label,
        key="budget_preset",
        on_change=_apply_budget_preset,
        help="Sets the national budget below from the notice: " + NOTICE_SOURCE + ". Divided by 1.2 (VAT) "
        "and by 5 years (the initial term) or 8 (with the extension).",
    )
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
        options=list(SCOPES),
        key=state.SCOPE,
        horizontal=True,
        help="Lot values stay a share of the England and Wales budget whichever you choose. Greater Manchester "
        "procures its own men's services, so the 2027 competition covers England and Wales without it.",
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


def _map_controls() -> None:
    st.header("Map")
    st.toggle(
        "Background map (needs internet)",
        key=state.BACKGROUND,
        help="Off: lots on a plain background, works with no network. On: OpenStreetMap tiles behind the lots.",
    )


def _bundle_controls() -> None:
    """Bundle several services into each lot (one lead bidder for all), or pick the 2027 bundle."""
    st.multiselect(
        "Bundle services into one lot (one lead bidder)",
        options=list(CATEGORY_SHARES),
        format_func=CATEGORY_LABELS.get,
        key=state.BUNDLE,
        placeholder="No bundle: one service per lot",
        help="Each lot then holds every chosen service, with one lead bidder responsible for all of them: the lot "
        "value is the sum of the services' values, and the turnover and reach tests apply to the whole bundle. "
        "Choose two or more. " + BUNDLE_SOURCES["community_support_men_2027"] + ".",
    )
    st.button("Community Support for Men 2027 bundle", on_click=_use_2027_bundle, use_container_width=True,
              help="Every service but women's in one lot, England and Wales except Greater Manchester, comparing "
              "42 PCC areas with the 11 regions assumed for 2027 (the notice does not list its lots in our sources).")
    if 0 < len(st.session_state[state.BUNDLE]) < 2:
        st.caption("Choose at least two services to bundle; until then the single service above is scored.")


def _use_2027_bundle() -> None:
    st.session_state[state.BUNDLE] = list(BUNDLES["community_support_men_2027"])
    st.session_state[state.SCOPE] = "England and Wales except Greater Manchester"
    st.session_state[state.MAIN_DESIGN] = "pcc42"
    st.session_state[state.PREVIOUS_MAIN] = "pcc42"
    st.session_state[state.COMPARE_DESIGNS] = ["csm2027_assumed"]


def _preset_label(key: str) -> str:
    if not key:
        return "Not from the notice"
    return next(p["label"] for p in notice_budget_presets() if p["key"] == key)


def _apply_budget_preset() -> None:
    key = st.session_state.get("budget_preset")
    if key:
        preset = next(p for p in notice_budget_presets() if p["key"] == key)
        st.session_state[state.BUDGET_M] = round(preset["budget_gbp"] / 1e6, 3)
