"""Save and download: scenario files (save and load back), scores, lots and a standalone map."""

from __future__ import annotations

import re

import streamlit as st

from lotdesign.export import lots_bytes, map_html
from ui import map_tab, maps, state
from ui.downloads import csv_and_excel_buttons
from ui.format import LOT_METRIC_LABELS, plain


def slug(text: str) -> str:
    """A file-name-safe version of a design id or name."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "design"


def render(pset, result, contexts, params) -> None:
    score = result.scores[0]
    design = score.design
    name = slug(design.id)

    st.subheader("Save this view")
    st.markdown("A scenario file keeps the designs, the service and every assumption, so the same view opens again "
                "later (with the same organisation data).")
    left, right = st.columns(2, gap="large")
    left.download_button(
        "Save scenario (.json)",
        state.scenario_json(),
        "lot_design_scenario.json",
        "application/json",
        type="primary",
        on_click="ignore",
    )
    with right:
        state.upload_widget("Open a saved scenario", types=["json"], widget_key="scenario_file",
                            queue_key=state.PENDING_SCENARIO, outcome="scenario")

    st.subheader("Figures")
    comparison = result.table.reset_index()
    lots = score.lots.reset_index()
    a, b = st.columns(2, gap="large")
    with a:
        st.markdown(f"**Comparison** — one row per design ({len(comparison)} designs).")
        csv_and_excel_buttons(comparison, "comparison", key="dl_comparison")
    with b:
        st.markdown(f"**Lot by lot** — {plain(design.label)} ({len(lots)} lots).")
        csv_and_excel_buttons(lots, f"lots_{name}", key="dl_lots")

    st.subheader("Maps")
    a, b = st.columns(2, gap="large")
    with a:
        st.markdown(f"**Lots with their figures** — {plain(design.label)}, for GIS software.")
        c1, c2 = st.columns(2)
        c1.download_button("Download GeoJSON", lambda: lots_bytes(score, "geojson"), f"lots_{name}.geojson",
                           "application/geo+json", key="dl_geojson", on_click="ignore")
        c2.download_button("Download GeoPackage", lambda: lots_bytes(score, "gpkg"), f"lots_{name}.gpkg",
                           "application/geopackage+sqlite3", key="dl_gpkg", on_click="ignore")
        st.caption("GeoJSON in longitude/latitude (EPSG:4326); GeoPackage in British National Grid (EPSG:27700).")
    with b:
        metric = st.session_state[state.MAP_METRIC]
        st.markdown(f"**Interactive map** — one HTML file that opens in any browser, with no internet. "
                    f"Lots coloured by: {LOT_METRIC_LABELS[metric].lower()}.")
        st.download_button("Download map (.html)", standalone_map(pset, score, metric), f"map_{name}.html", "text/html",
                           key="dl_map", on_click="ignore")
        if st.session_state[state.BACKGROUND]:
            st.caption("The background map is switched on: it needs the internet when the file is opened.")

    from ui import report_panel

    report_panel.render(pset, result)


def standalone_map(pset, score, metric: str):
    """A callable making the self-contained HTML map (run when the button is clicked).

    The map's inputs are gathered now, in the page's run (they come from caches and the
    session); the callable only assembles the folium map and inlines its scripts.
    """
    background = st.session_state[state.BACKGROUND]
    fmap = map_tab.build(pset, score, metric, background=background, asset_base=maps.asset_base_url(""))
    return lambda: map_html(fmap)
