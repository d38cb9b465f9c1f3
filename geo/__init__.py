"""Geography for Lot Design Explorer: units, small areas, boundaries, geocoding and reach.

Every function here works in British National Grid (EPSG:27700, metres) unless its name
or docstring says otherwise; EPSG:4326 is used only for display layers.
"""

from geo.crs import ANALYSIS_CRS, DISPLAY_CRS

__all__ = ["ANALYSIS_CRS", "DISPLAY_CRS"]
