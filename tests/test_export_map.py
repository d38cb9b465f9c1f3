"""lotdesign.io.export.map_html: a standalone HTML map with every script inlined (no CDN, no network)."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import folium.plugins
import pytest

from lotdesign.io.export import map_html


def external_links(page: str) -> list[str]:
    return re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']([^\"']+)", page, flags=re.IGNORECASE)


def test_default_folium_map_is_inlined_and_cdn_free():
    fmap = folium.Map(location=[52.5, -1.5], zoom_start=6, tiles=None)
    cluster = folium.plugins.MarkerCluster().add_to(fmap)
    folium.CircleMarker([51.5, -0.1], radius=5).add_to(cluster)
    page = map_html(fmap)
    assert external_links(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert "L.markerClusterGroup" in page  # markercluster's code is in the page ...
    assert "jQuery" in page and "leaflet-container" in page  # ... and jQuery and Leaflet's CSS
    assert "url(data:image/png;base64," in page  # Leaflet's control images as data URIs
    assert "bootstrap" not in page and "fontawesome" not in page  # only folium.Marker icons need them


def test_inlined_scripts_are_whole():
    from xstatic.pkg import jquery

    page = map_html(folium.Map(tiles=None))
    code = Path(jquery.BASE_DIR, "jquery.min.js").read_text(encoding="utf-8").strip()
    start = page.index(code[:40])
    # The script element holding jQuery ends exactly where jQuery ends: nothing in it closed it early.
    assert page[start:].split("</script>", 1)[0].strip().endswith(code[-40:])


def test_unknown_external_script_is_refused():
    fmap = folium.Map(tiles=None)
    fmap.default_js = list(fmap.default_js) + [("mystery", "https://example.org/mystery.js")]
    with pytest.raises(ValueError, match="mystery.js"):
        map_html(fmap)


def test_local_asset_urls_are_inlined_too():
    fmap = folium.Map(tiles=None)
    fmap.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]
    page = map_html(fmap)
    assert external_links(page) == [] and "/app/static" not in page
