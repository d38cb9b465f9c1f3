"""The folium map: lots coloured by a figure, PCC and regional outlines, clustered organisations.

Display only: the figures come from the library (a scored design), this module turns them into
map layers. The map needs no network: Leaflet, Leaflet.markercluster and jQuery are served by
the app from ``static/vendor/`` (see :mod:`ui.assets`), folium's CDN defaults are replaced on the
map and on the marker cluster, and the Bootstrap / Font Awesome files that only ``folium.Marker``
icons need are dropped (organisations are circle markers). Background tiles are optional.

Every user-supplied string (organisation and lot names, design names) is HTML-escaped with
:func:`lotdesign.importing.providers.escape_text` before it reaches a tooltip or the layer control, and
every value written into a map script goes through :func:`script_json`: folium (branca) renders
an element's script once with the values, then compiles the result as a *Jinja template* and
renders it again, so a name containing ``{{ … }}`` or ``{% … %}`` would otherwise run as template
code on the server.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import folium
import folium.plugins
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Environment as FoliumEnvironment
from folium.template import Template as FoliumTemplate

from geo.datafiles import data_path
from lotdesign.core.figures import figure, format_figure, format_gbp
from lotdesign.core.details import SPECIALISM_GROUP_LABELS, SPECIALISM_GROUPS
from lotdesign.importing.providers import escape_text
from ui.assets import STATIC_URL

#: Okabe–Ito colours (colour-blind safe) for the organisation groups, in legend order.
GROUP_COLOURS = {
    "women_and_bame": "#D55E00",  # vermillion
    "women": "#CC79A7",  # reddish purple
    "bame": "#E69F00",  # orange
    "other_specialism": "#009E73",  # bluish green
    "general": "#56B4E9",  # sky blue
    "other_sector": "#000000",  # black
}
#: Viridis classes (colour-blind safe, readable in greyscale), low → high.
SEQUENTIAL = {
    5: ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"),
    6: ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"),
}
#: Decimal places kept in map coordinates (5 dp ≈ 1 m).
COORDINATE_DP = 5
#: Bounds of England and Wales, [[south, west], [north, east]] in degrees.
EW_BOUNDS = [[49.95, -5.8], [55.8, 1.8]]
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


# --- assets -----------------------------------------------------------------------------------

def asset_base_url(base_url_path: str = "") -> str:
    """Absolute URL path of the vendored map assets (``/app/static/vendor``).

    Absolute, because the map runs in a component iframe served from ``/component/...``.
    """
    base = base_url_path.strip("/")
    return "/" + (base + "/" if base else "") + STATIC_URL


def map_assets(base: str) -> dict:
    """The JS and CSS links of the map and of the marker cluster, all served by the app."""
    return {
        "map_js": [("leaflet", f"{base}/leaflet/leaflet.js"), ("jquery", f"{base}/jquery/jquery.min.js")],
        "map_css": [("leaflet_css", f"{base}/leaflet/leaflet.css")],
        "cluster_js": [("markerclusterjs", f"{base}/markercluster/leaflet.markercluster.js")],
        "cluster_css": [
            ("markerclustercss", f"{base}/markercluster/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{base}/markercluster/MarkerCluster.Default.css"),
        ],
    }


@lru_cache(maxsize=1)
def attribution_notices() -> dict:
    """The data attributions (data/attribution.json): ``ons``, ``os_2024``, ``postcodes`` ..."""
    return json.loads(data_path("attribution.json").read_text(encoding="utf-8"))


def map_attribution() -> str:
    """The boundary attribution every map carries."""
    notices = attribution_notices()
    return f"{notices['ons']}. {notices['os_2024']}"


# --- geometry and classes -------------------------------------------------------------------------

def rounded_geometry(geometry) -> dict:
    """A shapely geometry as a GeoJSON dict with coordinates rounded to :data:`COORDINATE_DP`."""
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DP))
    return json.loads(shapely.to_geojson(rounded))


@dataclass(frozen=True)
class Classes:
    """Colour classes of a choropleth: class index per lot and (label, colour) per class."""

    index: np.ndarray
    legend: list


def classify(metric: str, values: np.ndarray) -> Classes:
    """Colour classes for ``values`` of a per-lot figure: fixed for shares and counts, quantiles for £."""
    values = np.asarray(values, float)
    if figure(metric).is_share:
        edges = [0.2, 0.4, 0.6, 0.8]
        labels = ["under 20%", "20% to 39%", "40% to 59%", "60% to 79%", "80% or more"]
        index = np.searchsorted(edges, values + 1e-12, side="right")
        return Classes(index, list(zip(labels, SEQUENTIAL[5])))
    if figure(metric).unit == "gbp":
        edges = np.unique(np.quantile(values, [0.2, 0.4, 0.6, 0.8])) if len(values) else np.array([])
        bounds = [values.min() if len(values) else 0, *edges, values.max() if len(values) else 0]
        index = np.searchsorted(edges, values, side="right")
        labels = [f"{format_gbp(lo)} to {format_gbp(hi)}" for lo, hi in itertools.pairwise(bounds)]
        n = len(labels)
        colours = [SEQUENTIAL[5][round(k * 4 / max(n - 1, 1))] for k in range(n)]
        return Classes(index, list(zip(labels, colours)))
    edges = [1, 3, 6, 11, 21]
    labels = ["none", "1 or 2", "3 to 5", "6 to 10", "11 to 20", "21 or more"]
    index = np.searchsorted(edges, values, side="right")
    return Classes(index, list(zip(labels, SEQUENTIAL[6])))


# --- folium elements -------------------------------------------------------------------------------

#: A "{" that would open a Jinja tag ({{, {%, {#).
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(value) -> str:
    """``value`` as JSON to write into a map's ``<script>``: inert as HTML and as a Jinja template.

    Like Jinja's ``tojson``, ``<``, ``>``, ``&`` and ``'`` are written as ``\\u`` escapes, so text
    cannot close the script element. In addition every ``{`` that would open a Jinja tag is
    written ``\\u007b``: branca compiles each element's rendered script as a template and renders
    it a second time, so user text such as ``{{ 7*7 }}`` would otherwise be evaluated on the
    server (and a stray ``{{`` would crash the map). In ``json.dumps`` output a ``{`` opening an
    object is always followed by ``"`` or ``}``, so only braces inside strings are changed, and
    the browser reads them back as ``{``.
    """
    text = (
        json.dumps(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
    return _JINJA_OPENER.sub(lambda _: "\\u007b", text)


class _ScriptEnvironment(FoliumEnvironment):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["script_json"] = script_json


class Template(FoliumTemplate):
    """folium's template, with the :func:`script_json` filter (use it for every value, not ``tojson``)."""

    environment_class = _ScriptEnvironment


class GeoJsonLayer(Layer):
    """A GeoJSON layer styled from each feature's ``properties.style``, with escaped tooltips.

    Features may carry ``tip`` (escaped HTML for the tooltip). Clicking a feature outlines it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data|script_json }}, {
            className: {{ this.class_name|script_json }},
            interactive: {{ this.interactive|script_json }},
            style: function (feature) {
                return Object.assign({}, {{ this.base_style|script_json }}, feature.properties.style || {});
            },
            onEachFeature: function (feature, layer) {
                if (feature.properties.tip) {
                    layer.bindTooltip(feature.properties.tip, {sticky: true, className: "lde-tip"});
                }
                {%- if this.interactive %}
                layer.on("click", function () {
                    {{ this.get_name() }}.resetStyle();
                    layer.setStyle({weight: 4, color: "#000000"});
                    layer.bringToFront();
                });
                // Keyboard: a lot can be focused (Tab) and opened with Enter or Space, like a click.
                layer.on("add", function () {
                    var node = layer.getElement && layer.getElement();
                    if (!node) { return; }
                    node.setAttribute("tabindex", "0");
                    node.setAttribute("role", "button");
                    if (feature.properties.lot) {
                        node.setAttribute("aria-label", feature.properties.lot + ": press Enter for details");
                    }
                    node.addEventListener("keydown", function (event) {
                        if (event.key === "Enter" || event.key === " ") {
                            event.preventDefault();
                            layer.fire("click", {latlng: layer.getCenter ? layer.getCenter() : null});
                        }
                    });
                });
                {%- endif %}
            }
        });
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, *, name: str, base_style: dict, class_name: str,
                 interactive: bool = True, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeoJsonLayer"
        self.data = data
        self.base_style = base_style
        self.class_name = class_name
        self.interactive = interactive


class PointLayer(Layer):
    """Organisations as circle markers coloured by group (``properties.g``), with escaped tooltips.

    ``data`` holds columns (see :func:`point_columns`); the browser turns them into GeoJSON
    features carrying only the id (``pid``), escaped name (``n``), group index (``g``) and income
    text (``i``), and puts the tooltip together, keeping the page light.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON((function (d) {
            // Columns to GeoJSON features (smaller to send than one object per organisation).
            return {type: "FeatureCollection", features: d.pid.map(function (pid, k) {
                return {type: "Feature", geometry: {type: "Point", coordinates: [d.x[k], d.y[k]]},
                        properties: {kind: "provider", pid: pid, g: d.g[k], n: d.n[k], i: d.i[k]}};
            })};
        })({{ this.data|script_json }}), {
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {
                    radius: 7, weight: 1.5, color: "#111111", opacity: 1,
                    fillColor: {{ this.colours|script_json }}[feature.properties.g], fillOpacity: 0.95,
                    className: "lde-provider"
                });
            },
            onEachFeature: function (feature, layer) {
                // Names arrive HTML-escaped from Python; group labels are the app's own words.
                var p = feature.properties;
                layer.bindTooltip("<b>" + p.n + "</b><br>" + {{ this.labels|script_json }}[p.g] + "<br>Income " + p.i
                    + " a year<br><i>Click for where it could bid</i>", {className: "lde-tip"});
            }
        });
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, *, colours: list[str], labels: list[str], name: str = "Organisations"):
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "PointLayer"
        self.data = data
        self.colours = colours
        self.labels = [escape_text(label) for label in labels]


class CellLayer(Layer):
    """Organisations counted per grid cell (long lists): a numbered circle per occupied cell.

    ``data`` holds columns (see :func:`cell_columns`). Clicking a cell zooms in on it; the
    tooltip gives the count and its mix of groups. Same look as the marker clusters.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (d) {
            var labels = {{ this.labels|script_json }};
            var group = L.featureGroup();
            d.n.forEach(function (n, k) {
                var size = n < 10 ? 32 : (n < 100 ? 40 : (n < 1000 ? 48 : 56));
                var text = n < 10000 ? String(n) : Math.round(n / 1000) + "k";
                var marker = L.marker([d.y[k], d.x[k]], {icon: L.divIcon({html: "<div>" + text + "</div>",
                    className: "lde-cluster", iconSize: L.point(size, size)})});
                var lines = d.g[k].map(function (c, j) { return c ? labels[j] + ": " + c.toLocaleString() : null; })
                    .filter(function (line) { return line; });
                marker.bindTooltip("<b>" + n.toLocaleString() + " organisations</b> in this " + {{ this.cell_km|script_json }}
                    + " km square<br>" + lines.join("<br>") + "<br><i>Click to zoom in</i>", {className: "lde-tip"});
                marker.on("click", function () {
                    {{ this._parent.get_name() }}.setView(marker.getLatLng(), Math.min({{ this._parent.get_name() }}.getZoom() + 2, 14));
                });
                group.addLayer(marker);
            });
            return group;
        })({{ this.data|script_json }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, *, labels: list[str], cell_km: float, name: str = "Organisations (counts)"):
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "CellLayer"
        self.data = data
        self.labels = [escape_text(label) for label in labels]
        self.cell_km = cell_km


class MapLegend(MacroElement):
    """A legend box (escaped HTML built in Python) in a corner of the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|script_json }}});
        {{ this.get_name() }}.onAdd = function () {
            var box = L.DomUtil.create("div", "lde-legend");
            box.innerHTML = '<button type="button" class="lde-legend-toggle" aria-expanded="true" '
                + 'title="Show or hide the key">Key ▾</button>'
                + '<div class="lde-legend-body">' + {{ this.html|script_json }} + '</div>';
            // A real button: focusable, and Enter or Space toggles it.
            box.firstChild.onclick = function () {
                var collapsed = box.classList.toggle("lde-collapsed");
                box.firstChild.setAttribute("aria-expanded", String(!collapsed));
            };
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomleft"):
        super().__init__()
        self._name = "MapLegend"
        self.html = html
        self.position = position


class MapAttribution(MacroElement):
    """Adds the data attribution to the map's attribution control (shown on every map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|script_json }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapAttribution"
        self.text = text


MAP_CSS = """
<style>
html body .leaflet-container { background: #eef2f5; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; }
.lde-legend { background: rgba(255,255,255,0.95); padding: 4px 8px 6px 8px; border: 1px solid #333;
  border-radius: 6px; font-size: 13px; line-height: 1.25; color: #111; width: 215px; }
.lde-legend-toggle { cursor: pointer; font-weight: 700; font-size: 12px; color: #333; display: block; margin-left: auto;
  background: none; border: 1px solid #666; border-radius: 4px; padding: 0 6px; }
.lde-legend-toggle:focus-visible, path.lde-lot:focus-visible { outline: 3px solid #1a56db; outline-offset: 1px; }
path.lde-lot:focus { stroke: #000; stroke-width: 4px; }
.lde-collapsed .lde-legend-body { display: none; }
/* Below the layer list (up to six entries) however short the map: the key scrolls instead. */
.lde-legend-body { max-height: min(55vh, calc(100vh - 270px)); overflow-y: auto; }
.lde-legend h4 { margin: 0 0 3px 0; font-size: 13.5px; }
.lde-legend .sw { display: inline-block; width: 18px; height: 14px; margin-right: 6px;
  vertical-align: -2px; border: 1px solid #222; }
.lde-legend .dot { display: inline-block; width: 13px; height: 13px; margin-right: 6px;
  vertical-align: -2px; border: 1.5px solid #111; border-radius: 50%; }
.lde-legend .design { font-size: 12px; color: #333; margin-top: -14px; max-width: 160px; }
.lde-legend .lde-groups div { line-height: 1.25; }
.lde-legend .note { margin-top: 4px; font-weight: 600; color: #7a2e00; }
.lde-tip { font-size: 15px; }
.leaflet-control-layers { font-size: 13px; width: 215px; }
.leaflet-control-layers-expanded { padding: 3px 6px 3px 4px; line-height: 1.2; }
.leaflet-control-layers label { margin: 1px 0; }
.leaflet-control-attribution { font-size: 12px; background: rgba(255,255,255,0.9) !important; color: #111; }
.lde-cluster { background: transparent; }
.lde-cluster div { width: 100%; height: 100%; border-radius: 50%; background: #1f2937;
  border: 3px solid #ffffff; box-shadow: 0 0 0 1px #1f2937; color: #ffffff; font: 700 14px/1 Arial, sans-serif;
  display: flex; align-items: center; justify-content: center; box-sizing: border-box; }
</style>
"""

CLUSTER_ICON = """
function (cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 32 : (n < 100 ? 40 : 48);
    return L.divIcon({html: "<div>" + n + "</div>", className: "lde-cluster", iconSize: L.point(size, size)});
}
"""


# --- the map ---------------------------------------------------------------------------------------

def lot_collection(shapes: dict, values: pd.Series, metric: str, metric_label: str) -> tuple[dict, Classes]:
    """Lots as a GeoJSON FeatureCollection, filled by class of ``values`` (indexed by lot)."""
    classes = classify(metric, values.to_numpy(float))
    features = []
    for k, (lot, value) in enumerate(values.items()):
        if lot not in shapes:
            continue
        colour = classes.legend[int(classes.index[k])][1]
        features.append(
            {
                "type": "Feature",
                "geometry": shapes[lot],
                "properties": {
                    "kind": "lot",
                    "lot": str(lot),
                    "style": {"fillColor": colour},
                    "tip": f"<b>{escape_text(lot)}</b><br>{escape_text(metric_label)}: "
                    f"{escape_text(format_figure(metric, value))}<br><i>Click for details</i>",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}, classes


#: Fill of a PDU unit in the "who delivers where" layer, by number of named providers (0, 1, 2, 3+).
DELIVERY_FILLS = ("#f0f0f0", "#c6dbef", "#6baed6", "#2171b5")
#: Where the "who delivers where" layer comes from (shown in each tooltip).
DELIVERY_SOURCE = "Real data: MoJ delivery locations (May 2025); PDU areas derived from PDU names"
SECTOR_WORDS = {"vcs": "voluntary sector", "private": "private", "public": "public",
                "housing_association": "housing association", "": "sector unknown"}


def _provider_line(provider: dict) -> str:
    """One provider in a PDU tooltip: name, sector, women-centred, and the name match's confidence."""
    if provider["match_confidence"] == "none":
        return f"{escape_text(provider['name'])} (not matched to a classified organisation)"
    women = "women-centred" if provider["women_centred"] == "yes" else "not women-centred"
    return (f"{escape_text(provider['name'])} ({SECTOR_WORDS.get(provider['sector'], provider['sector'])}, {women}; "
            f"name match {escape_text(provider['match_confidence'])})")


def delivery_collection(shapes: dict, units: pd.DataFrame, service_label: str) -> dict:
    """PDU units as a GeoJSON FeatureCollection, filled by how many named providers deliver there.

    Parameters
    ----------
    shapes : dict
        Unit name → GeoJSON geometry (EPSG:4326, 5 dp).
    units : pandas.DataFrame
        From :func:`lotdesign.awards.delivery_units.delivery_by_pdu_unit` (``unit_name``,
        ``providers``, ``n_providers``).
    service_label : str
        The service, for the tooltips.
    """
    features = []
    for unit in units.itertuples():
        if unit.unit_name not in shapes:
            continue
        lines = "<br>".join(_provider_line(p) for p in unit.providers) or "no named provider listed"
        features.append({"type": "Feature", "geometry": shapes[unit.unit_name], "properties": {
            "kind": "pdu",
            "style": {"fillColor": DELIVERY_FILLS[min(unit.n_providers, len(DELIVERY_FILLS) - 1)]},
            "tip": f"<b>{escape_text(unit.unit_name)}</b><br>{escape_text(service_label)} delivered by "
                   f"{unit.n_providers} named provider(s) (darker: more):<br>{lines}"
                   f"<br><i>{DELIVERY_SOURCE}</i>",
        }})
    return {"type": "FeatureCollection", "features": features}


def point_columns(points: pd.DataFrame) -> dict:
    """Organisations as columns for :class:`PointLayer`.

    ``points`` has ``provider_id``, ``name``, ``group``, ``lon``, ``lat`` (EPSG:4326) and
    ``income_gbp``; names are HTML-escaped here, coordinates rounded to 5 dp.
    """
    group_index = {group: k for k, group in enumerate(SPECIALISM_GROUPS)}
    return {
        "x": np.round(points["lon"].to_numpy(float), COORDINATE_DP).tolist(),
        "y": np.round(points["lat"].to_numpy(float), COORDINATE_DP).tolist(),
        "pid": [str(pid) for pid in points["provider_id"]],
        "n": [escape_text(name) for name in points["name"]],
        "g": [group_index[group] for group in points["group"]],
        "i": [escape_text(format_gbp(float(income))) for income in points["income_gbp"]],
    }


def cell_columns(cells: pd.DataFrame) -> dict:
    """Cells of :func:`lotdesign.core.markers.aggregate_markers` as columns for :class:`CellLayer`.

    ``x``/``y`` are the cells' mean positions in degrees (EPSG:4326), rounded to 5 dp; ``n`` the
    organisations in each cell; ``g`` their counts per group, in :data:`SPECIALISM_GROUPS` order.
    """
    return {
        "x": np.round(cells["lon"].to_numpy(float), COORDINATE_DP).tolist(),
        "y": np.round(cells["lat"].to_numpy(float), COORDINATE_DP).tolist(),
        "n": [int(v) for v in cells["n"]],
        "g": cells[[f"n_{group}" for group in SPECIALISM_GROUPS]].astype(int).to_numpy().tolist(),
    }


def legend_html(design_label: str, metric_label: str, classes: Classes, groups_present: list[str], *,
                synthetic: bool) -> str:
    """The legend's HTML; every text escaped."""
    parts = [f'<div class="design">{escape_text(design_label)}</div><h4>{escape_text(metric_label)}</h4>']
    for label, colour in classes.legend:
        parts.append(f'<div><span class="sw" style="background:{colour}"></span>{escape_text(label)}</div>')
    if groups_present:
        parts.append('<h4 style="margin-top:6px">Organisations</h4><div class="lde-groups">')
        for group in SPECIALISM_GROUPS:
            if group in groups_present:
                parts.append(
                    f'<div><span class="dot" style="background:{GROUP_COLOURS[group]}"></span>'
                    f"{escape_text(SPECIALISM_GROUP_LABELS[group])}</div>"
                )
        parts.append("</div>")
    if synthetic:
        parts.append('<div class="note">Synthetic demo data — not real organisations</div>')
    return "".join(parts)


PAGE_LEGEND_CSS = """
<style>
.lde-page-key { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 12px; margin: 0 0 4px 0; font-size: 0.85rem;
  line-height: 1.3; color: #111; }
.lde-page-key b { font-weight: 700; }
.lde-page-key .item { white-space: nowrap; }
.lde-page-key .sw { display: inline-block; width: 16px; height: 12px; margin-right: 4px; vertical-align: -1px; border: 1px solid #222; }
.lde-page-key .dot { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px;
  border: 1.5px solid #111; border-radius: 50%; }
.lde-page-key .note { font-weight: 600; color: #7a2e00; }
</style>
"""


def page_legend_html(design_label: str, metric_label: str, classes: Classes, groups_present: list[str], *,
                     synthetic: bool) -> str:
    """The key drawn above a map on the page (outside the shapes, like the first screen's); every text escaped."""
    parts = [PAGE_LEGEND_CSS, '<div class="lde-page-key" role="list" aria-label="Key">',
             f'<b>Key: <span class="design">{escape_text(design_label)}</span></b>', f"<span>{escape_text(metric_label)}:</span>"]
    for label, colour in classes.legend:
        parts.append(f'<span class="item" role="listitem"><span class="sw" style="background:{colour}" aria-hidden="true">'
                     f"</span>{escape_text(label)}</span>")
    if groups_present:
        parts.append("<b>Organisations:</b>")
        for group in SPECIALISM_GROUPS:
            if group in groups_present:
                parts.append(f'<span class="item" role="listitem"><span class="dot" style="background:{GROUP_COLOURS[group]}" '
                             f'aria-hidden="true"></span>{escape_text(SPECIALISM_GROUP_LABELS[group])}</span>')
    if synthetic:
        parts.append('<span class="note">Synthetic demo data — not real organisations</span>')
    parts.append("</div>")
    return "".join(parts)


#: Height of one entry of the expanded layer control, px (13 px type, a checkbox, margins; measured in chromium).
LAYER_ROW_PX = 24


def _base_map(assets: dict, *, background: bool, height: int, bounds: list | None, legend_in_map: bool = True,
              layer_rows: int = 4) -> folium.Map:
    """An empty map with the app's assets, zoom limits and framing (room kept for what sits over it)."""
    fmap = folium.Map(
        location=[52.6, -1.9],
        zoom_start=6,
        tiles=OSM_TILES if background else None,
        attr=OSM_ATTRIBUTION if background else None,
        height=height,
        control_scale=False,
        zoom_control="bottomright",
        zoom_snap=0.25,
    )
    # Map-level zoom limits (folium passes min_zoom/max_zoom to tiles only; clustering needs them).
    fmap.options.update(min_zoom=5, max_zoom=14)
    # Served by the app, never a CDN (instance attributes: folium's class lists stay untouched).
    fmap.default_js = list(assets["map_js"])
    fmap.default_css = list(assets["map_css"])
    fmap.get_root().header.add_child(Element(MAP_CSS), name="lde_map_css")
    # Keep the shapes clear of what sits over the map: the layer control (top left) and, in a
    # downloaded map, the key (bottom left) get the left-hand side; on the page, where the key is
    # drawn beside the map, the layer control gets the top instead. The bottom is left for the
    # attribution, which wraps onto three lines in a narrow map; zoom buttons sit bottom right.
    top_left = (235, 10) if legend_in_map else (10, 20 + LAYER_ROW_PX * layer_rows)
    fmap.fit_bounds(bounds or EW_BOUNDS, padding_top_left=top_left, padding_bottom_right=(10, 55))
    return fmap


def _add_area_layers(fmap: folium.Map, lots: dict, pcc_outlines: dict, region_outlines: dict) -> None:
    """The coloured lots, then the (hidden by default) PCC and region outlines."""
    GeoJsonLayer(
        lots,
        name="Lots, coloured as in the key",
        base_style={"color": "#222222", "weight": 1.2, "fillOpacity": 0.7, "opacity": 1},
        class_name="lde-lot",
    ).add_to(fmap)
    GeoJsonLayer(
        pcc_outlines,
        name="Outlines of the 42 PCC areas",
        base_style={"color": "#000000", "weight": 1.5, "dashArray": "5 4", "fill": False},
        class_name="lde-pcc-outline",
        interactive=False,
        show=False,
    ).add_to(fmap)
    GeoJsonLayer(
        region_outlines,
        name="Outlines of the 12 regions",
        base_style={"color": "#000000", "weight": 3.5, "fill": False},
        class_name="lde-region-outline",
        interactive=False,
        show=False,
    ).add_to(fmap)


def _add_pdu_layers(fmap: folium.Map, pdu_outlines: dict | None, delivery: dict | None, delivery_name: str) -> None:
    """Optional, hidden by default: PDU unit outlines, and who delivers the service in each PDU unit."""
    if delivery is not None:
        GeoJsonLayer(
            delivery,
            name=delivery_name,
            base_style={"color": "#08306b", "weight": 0.8, "fillOpacity": 0.75, "opacity": 1},
            class_name="lde-pdu-delivery",
            show=False,
        ).add_to(fmap)
    if pdu_outlines is not None:
        GeoJsonLayer(
            pdu_outlines,
            name="PDU outlines (derived)",
            base_style={"color": "#7a0177", "weight": 1.2, "dashArray": "2 3", "fill": False},
            class_name="lde-pdu-outline",
            interactive=False,
            show=False,
        ).add_to(fmap)


def _add_organisations(fmap: folium.Map, assets: dict, points: dict, cells: dict | None, cell_km: float) -> None:
    """Organisations: counts per grid cell when ``cells`` is given, else clustered markers."""
    if cells is not None:
        # A long list: counts per grid cell (lotdesign.core.markers), not one marker per organisation.
        CellLayer(cells, labels=[SPECIALISM_GROUP_LABELS[g] for g in SPECIALISM_GROUPS], cell_km=cell_km).add_to(fmap)
    else:
        cluster = folium.plugins.MarkerCluster(
            name="Organisations",
            icon_create_function=CLUSTER_ICON,
            options={"maxClusterRadius": 45, "showCoverageOnHover": False, "disableClusteringAtZoom": 10},
        )
        cluster.default_js = list(assets["cluster_js"])
        cluster.default_css = list(assets["cluster_css"])
        cluster.add_to(fmap)
        PointLayer(
            points,
            colours=[GROUP_COLOURS[g] for g in SPECIALISM_GROUPS],
            labels=[SPECIALISM_GROUP_LABELS[g] for g in SPECIALISM_GROUPS],
        ).add_to(cluster)


def build_map(
    *,
    lots: dict,
    classes: Classes,
    design_label: str,
    metric_label: str,
    pcc_outlines: dict,
    region_outlines: dict,
    points: dict,
    groups_present: list[str],
    synthetic: bool,
    background: bool,
    asset_base: str,
    height: int = 600,
    cells: dict | None = None,
    cell_km: float = 10.0,
    bounds: list | None = None,
    pdu_outlines: dict | None = None,
    delivery: dict | None = None,
    delivery_name: str = "Who delivers (real, by PDU)",
    legend_in_map: bool = True,
) -> folium.Map:
    """Assemble the map from prepared layers (see :func:`lot_collection` and :func:`point_columns`).

    Parameters
    ----------
    lots, pcc_outlines, region_outlines : dict
        GeoJSON FeatureCollections in EPSG:4326 with coordinates rounded to 5 dp.
    points : dict
        Organisations from :func:`point_columns` (ignored when ``cells`` is given).
    cells : dict, optional
        Organisations counted per grid cell, from :func:`cell_columns` (for long lists), drawn
        instead of one marker per organisation; ``cell_km`` is the cells' side in km.
    classes : Classes
        The colour classes of ``lots`` (for the legend).
    background : bool
        Show OpenStreetMap tiles (needs the internet); otherwise a plain background.
    asset_base : str
        URL path where the vendored Leaflet, markercluster and jQuery files are served.
    bounds : list, optional
        [[south, west], [north, east]] to fit (e.g. Wales when only Wales is in scope);
        :data:`EW_BOUNDS` by default.
    pdu_outlines, delivery : dict, optional
        Optional layers, hidden until chosen in the layer control: the PDU unit outlines (lines)
        and who delivers the service in each PDU unit (from :func:`delivery_collection`), named
        ``delivery_name``.
    legend_in_map : bool
        Draw the key in a corner of the map (a standalone map file); False when the page draws it
        outside the map (:func:`page_legend_html`), so that it never covers a lot.
    """
    assets = map_assets(asset_base)
    layer_rows = 4 + (pdu_outlines is not None) + (delivery is not None)  # entries of the layer control
    fmap = _base_map(assets, background=background, height=height, bounds=bounds, legend_in_map=legend_in_map,
                     layer_rows=layer_rows)
    _add_area_layers(fmap, lots, pcc_outlines, region_outlines)
    _add_pdu_layers(fmap, pdu_outlines, delivery, delivery_name)
    _add_organisations(fmap, assets, points, cells, cell_km)
    if legend_in_map:
        MapLegend(legend_html(design_label, metric_label, classes, groups_present, synthetic=synthetic)).add_to(fmap)
    MapAttribution(map_attribution()).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topleft").add_to(fmap)
    return fmap
