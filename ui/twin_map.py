"""Two designs side by side on two synchronised maps, in one element of the page.

One Streamlit v2 component (``twin_map.js``) draws both maps with the app's own copy of Leaflet
(``static/vendor``, see :mod:`ui.assets`), so it works offline: one colour scale for both, one key
(with the number of lots in each class per design) above the maps rather than over the shapes,
layer switches beside the key, pan and zoom shared, each lot focusable and opened with Enter or
Space (or a click), which selects it in the lot picker. The maps fill the column's width and the
window's height, refit when the column changes width (the sidebar collapsed) and fit England and
Wales — or the chosen scope — whole. Every map carries the boundary attribution.

This module only prepares display data from a comparison; the figures come from the library.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import shapely
import streamlit as st

from lotdesign.core.details import SPECIALISM_GROUP_LABELS, SPECIALISM_GROUPS
from ui import maps
from ui.format import LOT_METRIC_LABELS, format_figure

#: Heights of each map in px: never smaller or larger than these, else the window's remaining height.
MIN_HEIGHT_PX = 260
MAX_HEIGHT_PX = 1000
#: Room kept below the maps (px) so the attribution line stays on screen.
BOTTOM_GAP_PX = 14

_CSS = """
.lde-twin { font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: #111; }
.lde-twin-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px; margin: 0 0 3px 0; font-size: 14px; line-height: 1.3; }
.lde-key-toggle { font: inherit; font-weight: 600; padding: 0 8px; border: 1px solid #333; border-radius: 6px;
  background: #fff; color: #111; cursor: pointer; }
.lde-key-toggle:focus-visible, .lde-layer input:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
.lde-twin-key { display: flex; flex-wrap: wrap; align-items: center; gap: 0 10px; }
.lde-twin-key[hidden] { display: none; }
.lde-key-title { font-weight: 700; }
.lde-key-item { white-space: nowrap; }
.lde-key-count { color: #333; }
.lde-swatch { display: inline-block; width: 16px; height: 12px; border: 1px solid #222; margin-right: 4px; vertical-align: -1px; }
.lde-layers { display: flex; flex-wrap: wrap; gap: 0 12px; border: 0; margin: 2px 0 0 0; padding: 0; font-size: 14px; }
.lde-layers legend { float: left; font-weight: 700; margin-right: 6px; padding: 0; }
.lde-layer { cursor: pointer; white-space: nowrap; }
.lde-groups { display: inline-flex; flex-wrap: wrap; gap: 0 10px; }
.lde-groups[hidden] { display: none; }
.lde-dot { display: inline-block; width: 11px; height: 11px; border: 1px solid #111; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
.lde-twin-row { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: auto auto auto; gap: 0 12px; }
@media (max-width: 700px) { .lde-twin-row { grid-template-columns: 1fr; } }
/* Title, map and credit share rows across the two figures: a title on two lines keeps both maps level. */
.lde-twin-figure { margin: 0; min-width: 0; display: grid; grid-row: span 3; grid-template-rows: subgrid; align-items: end; }
.lde-twin-title { font-weight: 700; font-size: 15px; margin: 0 0 1px 0; line-height: 1.3; }
.lde-twin-map { width: 100%; height: 360px; background: #eef2f5; border: 1px solid #999; border-radius: 4px; }
.lde-twin-map:focus-visible { outline: 3px solid #1a56db; }
.lde-twin-map path.lde-lot:focus { outline: none; stroke: #000; stroke-width: 4px; }
.lde-twin-map path.lde-lot:focus-visible { stroke: #1a56db; stroke-width: 5px; }
.lde-twin-credit { font-size: 11px; line-height: 1.2; color: #333; margin: 2px 0 0 0; }
.lde-twin-status { margin: 0; font-size: 14px; }
.lde-twin-tip { font-size: 15px; z-index: 1000; }
"""

_HTML = '<div class="lde-twin" data-testid="lde-twin-map"></div>'


@st.cache_resource(show_spinner=False)
def _component():
    """The component, registered once per server."""
    js = (Path(__file__).with_name("twin_map.js")).read_text(encoding="utf-8")
    return st.components.v2.component("lde_twin_map", html=_HTML, css=_CSS, js=js, isolate_styles=False)


def lot_bounds(shapes: dict) -> list[list[float]]:
    """[[south, west], [north, east]] of GeoJSON geometries (EPSG:4326), for fitting a map."""
    geometries = [shapely.geometry.shape(shape) for shape in shapes.values()]
    west, south, east, north = shapely.total_bounds(np.array(geometries, dtype=object))
    return [[float(south), float(west)], [float(north), float(east)]]


def frame_bounds(lots_extent: list, scope: str) -> list[list[float]]:
    """What a map fits, [[south, west], [north, east]] (EPSG:4326): the lots' extent, and for
    ``England and Wales`` all of :data:`ui.maps.EW_BOUNDS` too (every lot stays whole: the Isles
    of Scilly lie west of EW_BOUNDS)."""
    if scope != "England and Wales":
        return lots_extent
    (south, west), (north, east) = maps.EW_BOUNDS
    return [[min(lots_extent[0][0], south), min(lots_extent[0][1], west)],
            [max(lots_extent[1][0], north), max(lots_extent[1][1], east)]]


def map_data(scores, shapes_by_design: dict, metric: str, *, points: dict | None, outlines: dict | None,
             scope: str, asset_base: str) -> dict:
    """Everything the two maps draw, as JSON-ready data.

    Parameters
    ----------
    scores : list of lotdesign.core.scoring.DesignScore
        The two designs shown (lots in scope only), left then right.
    shapes_by_design : dict
        Design id -> {lot: GeoJSON geometry (EPSG:4326)}.
    metric : str
        The per-lot figure colouring the lots (a key of :data:`ui.format.LOT_METRIC_LABELS`).
    points, outlines : dict or None
        Organisations (columns from :func:`ui.maps.point_columns`) and PCC outlines, or None.
    scope : str
        ``England and Wales`` fits :data:`ui.maps.EW_BOUNDS` and every lot; otherwise the lots' own extent.
    """
    values = np.concatenate([score.lots[metric].to_numpy(float) for score in scores])
    classes = maps.classify(metric, values)
    offsets = np.cumsum([0] + [len(score.lots) for score in scores])
    specs, counts, all_shapes = [], np.zeros((len(classes.legend), len(scores)), int), {}
    for k, score in enumerate(scores):
        shapes = shapes_by_design[score.design.id]
        index = classes.index[offsets[k]: offsets[k + 1]]
        features = []
        for lot, value, cls in zip(score.lots.index, score.lots[metric], index):
            if lot not in shapes:
                continue
            counts[int(cls), k] += 1
            all_shapes[(k, lot)] = shapes[lot]
            features.append({
                "type": "Feature",
                "geometry": shapes[lot],
                "properties": {"lot": str(lot), "fill": classes.legend[int(cls)][1],
                               "text": format_figure(metric, value)},
            })
        specs.append({"design": score.design.id, "title": score.design.label,
                      "lots": {"type": "FeatureCollection", "features": features}})
    legend = [
        {"label": label, "colour": colour,
         "counts": " / ".join(f"{n}" for n in counts[c])}
        for c, (label, colour) in enumerate(classes.legend)
    ]
    bounds = frame_bounds(lot_bounds(all_shapes) if all_shapes else maps.EW_BOUNDS, scope)
    data = {
        "asset_base": asset_base,
        "bounds": bounds,
        "maps": specs,
        "legend": {"title": LOT_METRIC_LABELS[metric], "classes": legend},
        "points": points,
        "group_colours": [maps.GROUP_COLOURS[g] for g in SPECIALISM_GROUPS],
        "group_labels": [SPECIALISM_GROUP_LABELS[g] for g in SPECIALISM_GROUPS],
        "outlines": outlines,
        "attribution": maps.map_attribution(),
        "min_height_px": MIN_HEIGHT_PX,
        "max_height_px": MAX_HEIGHT_PX,
        "bottom_gap_px": BOTTOM_GAP_PX,
    }
    data["signature"] = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return data


def show(data: dict, *, key: str = "twin_map"):
    """Draw the two maps; returns the lot opened this run as ``(design id, lot)``, or None."""
    result = _component()(data=data, key=key, on_lot_change=lambda: None)
    opened = getattr(result, "lot", None)
    if isinstance(opened, dict) and opened.get("lot"):
        return str(opened.get("design")), str(opened["lot"])
    return None
