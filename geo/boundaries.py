"""Dissolve units into lots, for analysis (EPSG:27700) or display (EPSG:4326)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.units import load_unit_boundaries


def dissolve_lots(unit_to_lot: pd.Series, *, kind: str = "display") -> gpd.GeoDataFrame:
    """Dissolve LAD units into one (multi)polygon per lot.

    The unit boundaries form a valid polygon coverage (neighbours share identical edges), so a
    coverage union gives lots with no slivers or gaps between them.

    Parameters
    ----------
    unit_to_lot : pandas.Series
        Lot label per unit, indexed by ``lad_code``. Units not in the index are left out.
    kind : {"display", "analysis"}
        Which boundary layer to dissolve (EPSG:4326 simplified, or EPSG:27700 as published).

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by lot label (sorted), with ``n_units`` and ``geometry``.
    """
    units = load_unit_boundaries(kind)
    unknown = unit_to_lot.index.difference(units.index)
    if len(unknown):
        raise ValueError(f"unit_to_lot has codes that are not LAD units: {', '.join(map(str, unknown[:5]))}.")
    geometry = units.geometry.reindex(unit_to_lot.index)
    lots, geometries, counts = [], [], []
    for lot, members in geometry.groupby(unit_to_lot.values, sort=True):
        lots.append(lot)
        geometries.append(shapely.coverage_union_all(members.values))
        counts.append(len(members))
    return gpd.GeoDataFrame(
        {"n_units": counts},
        geometry=geometries,
        index=pd.Index(lots, name="lot"),
        crs=units.crs,
    )
