"""The map: lots coloured by a chosen figure, outlines, organisations; click for details beside it."""

from __future__ import annotations

import pandas as pd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import dissolve_lots
from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.designs import get_design
from lotdesign.core.details import (
    SPECIALISM_GROUP_LABELS,
    lot_providers,
    provider_eligibility,
    specialism_group,
)
from lotdesign.awards.delivery_units import delivery_by_pdu_unit, delivery_rows
from lotdesign.core.markers import CELL_KM, aggregate_markers, use_cells
from lotdesign.core.params import CATEGORY_LABELS
from lotdesign.errors import LotDesignError
from lotdesign.importing.providers import escape_text, providers_with_lonlat
from lotdesign.core.scoring import score_design
from ui import maps, state
from ui.format import LOT_METRIC_LABELS, plain

MAP_HEIGHT = 480
SECTOR_WORDS = {"vcs": "Voluntary", "private": "Private", "public": "Public"}
#: The figures shown for a clicked lot, in order.
LOT_FACTS = (
    "Annual lot value",
    "Income needed to bid as prime",
    "Voluntary organisations that could bid as prime",
    "… of them based in the lot",
    "Women reached by a women's specialist that could bid as prime",
    "Minority-ethnic residents reached by a BAME specialist that could bid as prime",
)
#: The only value the map sends back: the feature last clicked (a lot or an organisation).
RETURNED = ["last_active_drawing"]


# --- cached, shared (built-in designs only) ---------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=16)
def builtin_shapes(design_id: str) -> dict:
    """Simplified lot polygons (GeoJSON, EPSG:4326, 5 dp) of a built-in design, by lot."""
    return _shapes(get_design(design_id).unit_to_lot)


@st.cache_data(show_spinner=False, max_entries=4)
def builtin_outlines(design_id: str) -> dict:
    """The lot boundaries of a built-in design as lines, each shared edge once (for the outline layers)."""
    lots = dissolve_lots(get_design(design_id).unit_to_lot, kind="display")
    lines = shapely.union_all(shapely.boundary(lots.geometry.to_numpy()))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": maps.rounded_geometry(lines), "properties": {}}]}


@st.cache_data(show_spinner=False, max_entries=8)
def delivery_layer(services: tuple) -> dict | None:
    """Who delivers ``services`` in each PDU unit, as a map layer (real MoJ catalogue data, shared); None if not listed."""
    try:
        rows = delivery_rows(tuple(services))
    except LotDesignError:  # a service the catalogue does not list by PDU: no layer
        return None
    units = delivery_by_pdu_unit(rows)
    label = " / ".join(CATEGORY_LABELS.get(s, s) for s in services)
    return maps.delivery_collection(builtin_shapes("pdu_units"), units, label)


def _delivery_name(params) -> str:
    """The delivery layer's name in the layer list: the service, or "the bundle's services"."""
    if len(params.services) > 1:
        return "Who delivers the bundle's services (real)"
    return f"Who delivers {CATEGORY_LABELS.get(params.service, params.service).lower()} (real)"


@st.cache_data(show_spinner=False)
def demo_points() -> dict:
    """The demo organisations as GeoJSON points (shared: the demo data are the same for everyone)."""
    return _points(state.demo_provider_set().providers)[0]


def _shapes(unit_to_lot: pd.Series) -> dict:
    lots = dissolve_lots(unit_to_lot, kind="display")
    return {str(lot): maps.rounded_geometry(geometry) for lot, geometry in lots.geometry.items()}


def _points(providers: pd.DataFrame) -> tuple[dict, list[str]]:
    points = providers_with_lonlat(providers).assign(group=specialism_group(providers).to_numpy())
    return maps.point_columns(points), sorted(set(points["group"]))


# --- per session --------------------------------------------------------------------------------------

def shapes_for(design) -> dict:
    if state.is_builtin(design):
        return builtin_shapes(design.id)
    return state.session_memo("custom_shapes", state.content_key(design.unit_to_lot),
                              lambda: _shapes(design.unit_to_lot), keep=8)


def cells_for(pset) -> dict | None:
    """Organisations counted per grid cell when the list is too long for one marker each, else None."""
    if not use_cells(len(pset.providers)):
        return None
    return state.session_memo("map_cells", state.content_key(pset),
                              lambda: maps.cell_columns(aggregate_markers(pset.providers)))


def points_for(pset) -> tuple[dict, list[str]]:
    if use_cells(len(pset.providers)):  # drawn as cells: no per-organisation markers are sent
        return {}, sorted(set(specialism_group(pset.providers)))
    if pset.synthetic and state.using_demo_data():
        points = demo_points()
        groups = sorted(set(specialism_group(pset.providers)))
        return points, groups
    return state.session_memo("provider_points", state.content_key(pset), lambda: _points(pset.providers))


def build(pset, score, metric: str, *, background: bool, asset_base: str, legend_in_map: bool = True):
    """The folium map of ``score`` coloured by ``metric`` (shared by the page and the HTML export).

    ``legend_in_map=False`` leaves the key out of the map, for the page to draw it above
    (:func:`page_key`); a downloaded map keeps it inside.
    """
    design = score.design
    shapes = shapes_for(design)
    shapes = {lot: shape for lot, shape in shapes.items() if lot in score.lots.index}
    lots, classes = maps.lot_collection(shapes, score.lots[metric], metric, LOT_METRIC_LABELS[metric])
    points, groups = points_for(pset)
    return maps.build_map(
        lots=lots,
        classes=classes,
        design_label=design.label,
        metric_label=LOT_METRIC_LABELS[metric],
        pcc_outlines=builtin_outlines("pcc42"),
        region_outlines=builtin_outlines("regions12"),
        points=points,
        groups_present=groups,
        synthetic=pset.synthetic,
        background=background,
        asset_base=asset_base,
        height=MAP_HEIGHT,
        cells=cells_for(pset),
        cell_km=CELL_KM,
        pdu_outlines=builtin_outlines("pdu_units"),
        delivery=delivery_layer(score.params.services or (score.params.service,)),
        delivery_name=_delivery_name(score.params),
        # What is drawn, whole (and all of England and Wales when both are in scope).
        bounds=frame_bounds(_bounds(shapes), score.params.scope) if shapes else None,
        legend_in_map=legend_in_map,
    )


def page_key(pset, score, metric: str) -> str:
    """The key of the Map tab's map, drawn above it on the page (never over a lot)."""
    _, classes = maps.lot_collection({}, score.lots[metric], metric, LOT_METRIC_LABELS[metric])
    return maps.page_legend_html(score.design.label, LOT_METRIC_LABELS[metric], classes, points_for(pset)[1], synthetic=pset.synthetic)


def _bounds(shapes: dict) -> list:
    from ui.twin_map import lot_bounds

    return lot_bounds(shapes)


def frame_bounds(extent: list, scope: str) -> list:
    from ui.twin_map import frame_bounds as twin_frame_bounds

    return twin_frame_bounds(extent, scope)


def render(pset, result, contexts, params) -> None:
    score = result.scores[0]
    design = score.design
    left, right = st.columns([3, 2], gap="medium")
    metric = st.session_state[state.MAP_METRIC]  # as chosen (the box below is drawn after its key)
    with right:
        st.html(page_key(pset, score, metric))  # beside the map, never over a lot
        st.selectbox(
            "Colour the lots by",
            options=list(LOT_METRIC_LABELS),
            format_func=LOT_METRIC_LABELS.get,
            key=state.MAP_METRIC,
        )
        st.caption(f"{plain(design.label)}: {len(score.lots)} lots. Turn layers on and off at the top left of "
                   "the map; the key is above this box.")
        if use_cells(len(pset.providers)):
            st.caption(f"With {len(pset.providers):,} organisations the map counts them per {CELL_KM:g} km square "
                       "(one marker each would be too much for a browser). Find single organisations on the "
                       "*Organisations* tab, or click a lot for the ones working there.")
    with left:
        with st.spinner(f"Drawing {len(score.lots)} lots and {len(pset.providers):,} organisations…"):
            fmap = build(pset, score, metric, background=st.session_state[state.BACKGROUND],
                         asset_base=maps.asset_base_url(st.get_option("server.baseUrlPath") or ""), legend_in_map=False)
        clicked = st_folium(
            fmap,
            key="lot_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=RETURNED,
        )
    remember_click(clicked)
    with right:
        details(pset, result, contexts, params)


def remember_click(clicked) -> None:
    """Turn the map's last clicked feature into the selection (a lot or an organisation)."""
    feature = (clicked or {}).get("last_active_drawing") or {}
    properties = feature.get("properties") or {}
    signature = (properties.get("kind"), properties.get("lot"), properties.get("pid"))
    if signature == st.session_state.get("_last_click"):
        return
    st.session_state["_last_click"] = signature
    if properties.get("kind") == "lot" and properties.get("lot"):
        st.session_state[state.SELECTION] = ("lot", str(properties["lot"]))
    elif properties.get("kind") == "provider" and properties.get("pid"):
        st.session_state[state.SELECTION] = ("provider", str(properties["pid"]))


def details(pset, result, contexts, params) -> None:
    selection = st.session_state.get(state.SELECTION)
    score = result.scores[0]
    if selection is None:
        st.markdown('<p class="lde-detail-title">Click the map</p>', unsafe_allow_html=True)
        st.markdown("- **A lot** shows its figures and the organisations that work there.\n"
                    "- **A dot** shows where that organisation could bid as prime, in every design.\n"
                    "- **A dark circle** is a group of organisations: click it to zoom in.")
        return
    kind, value = selection
    if kind == "lot":
        if value not in score.lots.index:
            st.info(f"{plain(value)} is not a lot of {plain(score.design.label)}. Click a lot on the map.")
            return
        lot_details(score, contexts[score.design.id], value)
    else:
        provider_details(pset, value, params)


def lot_details(score, context, lot: str) -> None:
    row = score.lots.loc[lot]
    st.markdown(f'<p class="lde-detail-title">{escape_text(lot)}</p>', unsafe_allow_html=True)
    st.caption(f"{plain(score.design.label)} · population {int(row['population']):,}")
    st.table(
        pd.DataFrame(
            {
                "Value": [
                    format_gbp(row["value_gbp"]),
                    format_gbp(row["turnover_needed_gbp"]),
                    f"{int(row['n_vcs_prime_eligible']):,}",
                    f"{int(row['n_vcs_local_prime_eligible']):,}",
                    format_share(row["specialist_prime_coverage_women"]),
                    format_share(row["specialist_prime_coverage_bame"]),
                ]
            },
            index=pd.Index(LOT_FACTS, name="Figure"),
        )
    )
    table = lot_providers(context, score, lot)
    st.markdown(f"**Organisations working in {plain(lot)}** ({len(table):,})")
    shown = pd.DataFrame(
        {
            "Organisation": table["name"],
            "Could bid as prime": table["prime_eligible"].map({True: "Yes", False: "No"}),
            "Share of lot reached": table["lot_reach"],
            "Income (£ a year)": table["income_gbp"],
            "Based in lot": table["based_in_lot"].map({True: "Yes", False: "No"}),
            "Sector": table["sector"].map(SECTOR_WORDS),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        height=320,
        column_config={
            "Share of lot reached": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
            "Income (£ a year)": st.column_config.NumberColumn(format="£%,.0f"),
        },
    )


def provider_details(pset, provider_id: str, params) -> None:
    providers = pset.providers
    match = providers.index[providers["provider_id"] == provider_id]
    if not len(match):
        st.info("That organisation is not in the data now in use. Click a dot on the map.")
        return
    provider = providers.loc[match[0]]
    group = specialism_group(providers.loc[match]).iloc[0]
    st.markdown(f'<p class="lde-detail-title">{escape_text(provider["name"])}</p>', unsafe_allow_html=True)
    st.caption(
        f"{plain(SPECIALISM_GROUP_LABELS[group])} · income {format_gbp(provider['income_gbp'])} a year · "
        f"{service_area_text(provider)}"
    )
    if pset.synthetic:
        st.caption("Synthetic demo organisation — not a real organisation.")
    every = list(state.designs().values())
    with st.spinner(f"Checking {len(every)} designs…"):
        contexts = {d.id: state.context_for(pset, d) for d in every}
        scores = [score_design(pset.providers, pset.reach, d, params, context=contexts[d.id]) for d in every]
        table = provider_eligibility(provider_id, scores, contexts)
    st.markdown("**Could it bid as prime?**")
    lines = []
    for _, row in table.iterrows():
        if row["home_lot"]:
            verdict = "**Yes**" if row["prime_eligible_home_lot"] else "**No**"
            reason = why_not(row, params)
            home = f"for its home lot, {plain(row['home_lot'])}: {verdict}" + (f" — {reason}" if reason else "")
        else:
            home = "its base is outside the lots shown"
        lines.append(
            f"- **{plain(row['design_name'])}** — {home}. "
            f"Could bid for {row['n_lots_prime_eligible']} of {row['n_lots']} lots; works in {row['n_lots_reached']}."
        )
    st.markdown("\n".join(lines))
    with st.expander("As a table"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Design": table["design_name"],
                    "Home lot": table["home_lot"],
                    "Could bid for home lot": table["prime_eligible_home_lot"].map({True: "Yes", False: "No"}),
                    "Lots it could bid for": table["n_lots_prime_eligible"],
                    "Lots in the design": table["n_lots"],
                    "Lots it works in": table["n_lots_reached"],
                    "Lots it could bid for (names)": table["prime_eligible_lots"].map(", ".join),
                }
            ),
            hide_index=True,
        )


def why_not(row, params) -> str:
    if not row["home_lot"] or row["prime_eligible_home_lot"]:
        return ""
    reasons = []
    if not row["home_lot_reach_ok"]:
        reasons.append(f"reaches {format_share(row['home_lot_reach'])} of the lot (needs {format_share(params.reach_threshold)})")
    if not row["home_lot_income_ok"]:
        reasons.append(f"income {format_gbp(row['income_gbp'])} (needs {format_gbp(row['home_lot_turnover_needed_gbp'])})")
    return "; ".join(reasons)


def service_area_text(provider) -> str:
    kind = provider["service_area_kind"]
    if kind == "national":
        return "works nationally"
    if kind == "listed":
        n = len([c for c in str(provider["service_lads"]).split(";") if c])
        return f"works in {n} listed local authorit{'y' if n == 1 else 'ies'}"
    return f"works within {provider['radius_km']:g} km of its base" + (" (default for its size)" if kind == "default_radius" else "")
