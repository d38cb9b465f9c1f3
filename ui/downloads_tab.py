"""Save and download: scenario files (save and load back), scores, lots and a standalone map."""

from __future__ import annotations

import re

import streamlit as st

from lotdesign.io.export import briefing_lots_bytes, export_file_stem, organisations_table
from ui import state
from ui.downloads import about_for, briefing_buttons
from ui.format import LOT_METRIC_LABELS, plain


def slug(text: str) -> str:
    """A file-name-safe version of a design id or name."""
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "design"


def render(pset, result, contexts, params) -> None:
    score = result.scores[0]
    design = score.design
    # File names say what the file holds: the design's name and the service.
    name = export_file_stem("", design.name, params.service)
    chosen = [s.design for s in result.scores]

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
        briefing_buttons(comparison, export_file_stem("comparison", " vs ".join(d.name for d in chosen), params.service),
                         about_for(pset, chosen, params, "Design-level figures, one row per design"), key="dl_comparison")
    with b:
        st.markdown(f"**Lot by lot** — {plain(design.label)} ({len(lots)} lots).")
        briefing_buttons(lots, f"lots_{name}", about_for(pset, [design], params, "Lot-by-lot figures"), key="dl_lots")

    st.subheader("Maps")
    a, b = st.columns(2, gap="large")
    with a:
        st.markdown(f"**Lots with their figures** — {plain(design.label)}, for GIS software.")
        c1, c2 = st.columns(2)
        about = about_for(pset, [design], params, "Lots with their figures and boundaries")
        c1.download_button("Download GeoJSON", lambda: briefing_lots_bytes(score, "geojson", about),
                           f"lots_{name}.geojson", "application/geo+json", key="dl_geojson", on_click="ignore")
        c2.download_button("Download GeoPackage", lambda: briefing_lots_bytes(score, "gpkg", about),
                           f"lots_{name}.gpkg", "application/geopackage+sqlite3", key="dl_gpkg", on_click="ignore")
        st.caption("GeoJSON in longitude/latitude (EPSG:4326), with *about* and *columns* members; GeoPackage in "
                   "British National Grid (EPSG:27700), with *about* and *columns* tables.")
    with b:
        metric = st.session_state[state.MAP_METRIC]
        st.markdown(f"**Interactive map** — one HTML file that opens in any browser, with no internet. "
                    f"Lots coloured by: {LOT_METRIC_LABELS[metric].lower()}.")
        st.download_button("Download map (.html)", standalone_map(pset, result, params, metric), f"map_{name}.html",
                           "text/html", key="dl_map", on_click="ignore")
        if st.session_state[state.BACKGROUND]:
            st.caption("The background map is switched on: it needs the internet when the file is opened.")

    from ui import report_panel

    report_panel.render(pset, result)


    st.subheader("Organisations")
    st.markdown(f"**The organisations in use** — {pset.load.n_accepted:,}, each with how its income, base and "
                "service area were read" + (" (synthetic demo data)." if pset.synthetic else "."))
    briefing_buttons(organisations_table(pset.load), export_file_stem("organisations", pset.load.source_name or "demo"),
                     about_for(pset, [], params, "Accepted organisations and how each was read"), key="dl_organisations")
    st.caption("Every file starts with an *About* block (an *About* sheet in Excel): the designs, the service, every "
               "assumption with its source, the data and their dates, whether the data are synthetic, when it was "
               "made and by which version. Columns have plain-English labels, with the machine names on the second "
               "header line (CSV) or the *Columns* sheet (Excel).")


def standalone_map(pset, result, params, metric: str):
    """A callable making the self-contained HTML map (run when the button is clicked): a title, the
    headline figures and lots that open their figures when clicked."""
    from ui.briefing_map import briefing_map

    background = st.session_state[state.BACKGROUND]
    fmap = briefing_map(pset, result, params, metric, background=background)
    from lotdesign.io.export import map_html

    return lambda: map_html(fmap)
