"""Organisations on the map: one marker each for a list of sector size, counts per cell beyond.

A browser map cannot take 170,000 markers (the page would carry ~20 MB and Leaflet would stall),
and at national zoom individual dots are unreadable anyway. Above :data:`MAX_POINT_MARKERS`
organisations the map therefore gets one marker per square cell of the British National Grid
(EPSG:27700, :data:`CELL_KM` km a side) that holds any organisation: where the organisations
in it are (their mean position), how many there are and how many of each display group. The
payload then depends on the area covered (at most ~1,600 occupied 10 km cells in England and
Wales), not on the length of the list.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.crs import bng_to_lonlat
from lotdesign.core.details import SPECIALISM_GROUPS, specialism_group
from lotdesign.errors import ValidationError

#: Lists longer than this are shown as counts per cell rather than one marker each.
MAX_POINT_MARKERS = 20_000
#: Side of the square cells organisations are counted in, km (EPSG:27700).
CELL_KM = 10.0


def aggregate_markers(providers: pd.DataFrame, *, cell_km: float = CELL_KM) -> pd.DataFrame:
    """Count organisations per square grid cell, for national-zoom map markers.

    Parameters
    ----------
    providers : pandas.DataFrame
        Accepted providers: ``base_x``, ``base_y`` (metres, EPSG:27700) and the columns of
        :func:`lotdesign.core.details.specialism_group` (``sector``, ``women``, ``bame``,
        ``specialisms``).
    cell_km : float
        Side of the cells, km.

    Returns
    -------
    pandas.DataFrame
        One row per occupied cell, ordered by cell (west to east, then south to north):
        ``cell_x``, ``cell_y`` (south-west corner, metres, EPSG:27700), ``x``, ``y`` (mean
        position of its organisations, metres), ``lon``, ``lat`` (that position in degrees,
        EPSG:4326, for display), ``n`` (organisations) and one count column per display group
        ``n_<group>`` (:data:`lotdesign.core.details.SPECIALISM_GROUPS`). The counts add up to
        ``len(providers)``.

    Raises
    ------
    ValueError
        When ``cell_km`` is not positive, or a provider has no base location (every accepted
        provider has one; recompute ``base_x``/``base_y`` with :mod:`lotdesign.importing.providers`).
    """
    if not cell_km > 0:
        raise ValidationError(f"cell_km must be a positive number of kilometres, not {cell_km!r}.")
    x = providers["base_x"].to_numpy(float)
    y = providers["base_y"].to_numpy(float)
    missing = ~(np.isfinite(x) & np.isfinite(y))
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise ValidationError(f"provider at row {row} has no base_x/base_y; every organisation on the map needs a base "
                         "location (load the file with lotdesign.importing.providers.load_providers).")
    size_m = cell_km * 1000.0
    column = np.floor(x / size_m).astype(np.int64)
    row_of = np.floor(y / size_m).astype(np.int64)
    cells, cell_of = np.unique(np.column_stack([column, row_of]), axis=0, return_inverse=True)
    cell_of = cell_of.ravel()
    n_cells = len(cells)
    n = np.bincount(cell_of, minlength=n_cells)
    mean_x = np.bincount(cell_of, weights=x, minlength=n_cells) / np.maximum(n, 1)
    mean_y = np.bincount(cell_of, weights=y, minlength=n_cells) / np.maximum(n, 1)
    lon, lat = bng_to_lonlat(mean_x, mean_y)
    frame = pd.DataFrame(
        {
            "cell_x": cells[:, 0] * size_m if n_cells else np.zeros(0),
            "cell_y": cells[:, 1] * size_m if n_cells else np.zeros(0),
            "x": mean_x,
            "y": mean_y,
            "lon": lon,
            "lat": lat,
            "n": n,
        }
    )
    group = specialism_group(providers).to_numpy()
    for name in SPECIALISM_GROUPS:
        frame[f"n_{name}"] = np.bincount(cell_of[group == name], minlength=n_cells)
    return frame


def use_cells(n_organisations: int) -> bool:
    """True when a list this long is shown as counts per cell (see :data:`MAX_POINT_MARKERS`)."""
    return n_organisations > MAX_POINT_MARKERS
