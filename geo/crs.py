"""Coordinate reference systems used across the project, and the one place they are named."""

from __future__ import annotations

import numpy as np
from pyproj import Transformer

#: British National Grid: metres, for every distance and area computation.
ANALYSIS_CRS = "EPSG:27700"
#: WGS84 longitude/latitude: for display (folium/Leaflet) and for user-supplied lat/lon.
DISPLAY_CRS = "EPSG:4326"

_TO_BNG = Transformer.from_crs(DISPLAY_CRS, ANALYSIS_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(ANALYSIS_CRS, DISPLAY_CRS, always_xy=True)


def lonlat_to_bng(lon, lat):
    """Convert WGS84 longitude/latitude (degrees) to British National Grid (metres).

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in degrees (EPSG:4326).

    Returns
    -------
    easting, northing : numpy.ndarray
        Coordinates in metres (EPSG:27700).
    """
    easting, northing = _TO_BNG.transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(easting), np.asarray(northing)


def bng_to_lonlat(easting, northing):
    """Convert British National Grid (metres) to WGS84 longitude/latitude (degrees)."""
    lon, lat = _TO_WGS84.transform(np.asarray(easting, float), np.asarray(northing, float))
    return np.asarray(lon), np.asarray(lat)
