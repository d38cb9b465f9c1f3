"""The reference page of ``first_screen_ratio``: a minimal Streamlit page drawing one folium map of
the 42 PCC areas (run by ``benchmarks/bench_sessions.py``; ``streamlit run`` it to look at it).

Leaflet comes from the app's vendored copy (``static/vendor/``, see :mod:`ui.assets`), as data:
URLs, because this page's own static folder would be ``benchmarks/static`` and there is no
network for folium's CDN default. The simplified PCC shapes are cached once per server, as the
app caches its shared data.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.boundaries import dissolve_lots  # noqa: E402  (the repository root is put on the path just above)
from lotdesign.core.designs import get_design  # noqa: E402
from ui.assets import STATIC_DIR  # noqa: E402
from ui.maps import MapAttribution, map_attribution, rounded_geometry  # noqa: E402


@st.cache_resource(show_spinner=False)
def pcc_areas() -> dict:
    """The 42 PCC areas as GeoJSON (EPSG:4326, 5 dp), built once per server."""
    lots = dissolve_lots(get_design("pcc42").unit_to_lot, kind="display")
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": rounded_geometry(geometry), "properties": {"name": str(lot)}}
                         for lot, geometry in lots.geometry.items()]}


@st.cache_resource(show_spinner=False)
def leaflet_links() -> tuple[list, list]:
    """Leaflet's JS and CSS as data: URLs (the component loads them like the app's served files)."""
    vendor = STATIC_DIR / "vendor" / "leaflet"

    def data_url(path: Path, mime: str) -> str:
        return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    return ([("leaflet", data_url(vendor / "leaflet.js", "text/javascript"))],
            [("leaflet_css", data_url(vendor / "leaflet.css", "text/css"))])


st.title("PCC areas")
fmap = folium.Map(location=[52.6, -1.9], zoom_start=6, tiles=None)
fmap.default_js, fmap.default_css = leaflet_links()
folium.GeoJson(pcc_areas(), name="PCC areas", tooltip=folium.GeoJsonTooltip(["name"])).add_to(fmap)
MapAttribution(map_attribution()).add_to(fmap)
st_folium(fmap, height=480, use_container_width=True, returned_objects=[])
