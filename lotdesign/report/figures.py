"""Static pictures for the report, drawn with matplotlib (no browser, no network).

- :func:`lot_map_png` — a design's lots coloured by a per-lot figure, in British National Grid
  (EPSG:27700, metres) so that the scale bar is true, with a key, a scale bar, a north arrow and
  the OGL / Ordnance Survey attribution;
- :func:`tornado_png` — how the gap between two designs moves when each assumption is set low
  or high (the robustness check).

Figures are drawn on a bare :class:`matplotlib.figure.Figure` with the Agg canvas (never
``pyplot``), so they can be drawn from any thread (the app runs in threads) and leave no global
state behind.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

#: Viridis classes (colour-blind safe, readable in greyscale), low → high; the map's count classes.
COUNT_CLASSES = (
    (0, "none", "#fde725"),
    (1, "1 or 2", "#7ad151"),
    (3, "3 to 5", "#22a884"),
    (6, "6 to 10", "#2a788e"),
    (11, "11 to 20", "#414487"),
    (21, "21 or more", "#440154"),
)
SHARE_CLASSES = (
    (0.0, "under 20%", "#fde725"),
    (0.2, "20% to 39%", "#5ec962"),
    (0.4, "40% to 59%", "#21918c"),
    (0.6, "60% to 79%", "#3b528b"),
    (0.8, "80% or more", "#440154"),
)
#: Dots per inch of the PNGs (sharp in print at the report's sizes, small enough to inline).
DPI = 150
FONT = "DejaVu Sans"


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    # The PNG's metadata would otherwise name the matplotlib version and vary between installs.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def classify_lots(values: pd.Series, *, share: bool) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Class of each lot's value and the (label, colour) of every class, low → high.

    Parameters
    ----------
    values : pandas.Series
        A per-lot figure: a count of organisations, or a share in [0, 1] when ``share``.
    share : bool

    Returns
    -------
    (numpy.ndarray, list)
        Class index per lot, and the legend entries.
    """
    classes = SHARE_CLASSES if share else COUNT_CLASSES
    lower = np.array([c[0] for c in classes], float)
    # Shares are ratios of integer counts: tolerate rounding at a class edge.
    index = np.searchsorted(lower, values.to_numpy(float) + (1e-12 if share else 0), side="right") - 1
    return index.clip(0, len(classes) - 1), [(label, colour) for _, label, colour in classes]


def _scale_bar(axes, length_m: float = 100_000) -> None:
    """A scale bar of ``length_m`` metres in the lower right, in map units (EPSG:27700 metres)."""
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    right = x1 - 0.05 * (x1 - x0)
    bottom = y0 + 0.06 * (y1 - y0)
    half = length_m / 2
    for k, colour in enumerate(("#111111", "#ffffff")):
        axes.add_patch(_rectangle(right - length_m + k * half, bottom, half, 0.008 * (y1 - y0), colour))
    for x, label in ((right - length_m, "0"), (right - half, "50"), (right, "100 km")):
        axes.text(x, bottom + 0.014 * (y1 - y0), label, ha="center", va="bottom", fontsize=6.5, family=FONT)


def _rectangle(x, y, width, height, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), width, height, facecolor=colour, edgecolor="#111111", linewidth=0.6, zorder=5)


def _north_arrow(axes) -> None:
    """An arrow pointing to grid north (British National Grid: up the page) with an N."""
    axes.annotate("N", xy=(0.93, 0.95), xytext=(0.93, 0.85), xycoords="axes fraction", ha="center", va="center",
                  fontsize=9, fontweight="bold", family=FONT,
                  arrowprops={"arrowstyle": "-|>", "color": "#111111", "linewidth": 1.2})


def lot_map_png(lots, values: pd.Series, *, title: str, key_title: str, share: bool, attribution: str,
                warning: str = "") -> bytes:
    """A choropleth of a design's lots, as PNG bytes.

    Parameters
    ----------
    lots : geopandas.GeoDataFrame
        One (multi)polygon per lot, indexed by lot label, in any CRS (drawn in EPSG:27700).
    values : pandas.Series
        The figure to colour by, indexed by lot label (same labels as ``lots``).
    title, key_title : str
        The map's title and its key's title (plain text).
    share : bool
        Whether ``values`` are shares (0–1) or counts.
    attribution : str
        The OGL / Ordnance Survey attribution printed under the map.
    warning : str
        Printed above the map when not empty (the synthetic-data warning).

    Returns
    -------
    bytes
        A PNG, 7.6 × 6.3 inches at :data:`DPI`.
    """
    from matplotlib.patches import Patch

    projected = lots.to_crs(27700)
    index, legend = classify_lots(values.reindex(projected.index).fillna(0), share=share)
    colours = [legend[k][1] for k in index]
    figure = _figure(7.6, 6.3)
    axes = figure.add_axes((0.01, 0.08, 0.98, 0.82))
    projected.plot(ax=axes, color=colours, edgecolor="#ffffff", linewidth=0.5)
    projected.boundary.plot(ax=axes, color="#333333", linewidth=0.25)
    axes.set_aspect("equal")
    axes.set_axis_off()
    # Room on the left (the Irish Sea side) for the key, so that it never covers a lot.
    x0, x1 = axes.get_xlim()
    axes.set_xlim(x0 - 0.5 * (x1 - x0), x1)
    _scale_bar(axes)
    _north_arrow(axes)
    handles = [Patch(facecolor=colour, edgecolor="#333333", linewidth=0.4, label=label) for label, colour in legend]
    axes.legend(handles=handles, title=key_title, loc="upper left", fontsize=7, title_fontsize=7.5, frameon=True,
                framealpha=0.95, prop={"family": FONT, "size": 7})
    figure.text(0.02, 0.975, title, fontsize=11, fontweight="bold", family=FONT, va="top")
    if warning:
        figure.text(0.02, 0.935, warning, fontsize=8, color="#8a1c00", family=FONT, va="top", fontweight="bold")
    figure.text(0.02, 0.015, attribution, fontsize=6, family=FONT, va="bottom", wrap=True, color="#333333")
    return _png(figure)


def tornado_png(tornado: pd.DataFrame, *, title: str, gap_label: str, share: bool = True) -> bytes:
    """A tornado chart: one bar per assumption from the gap at its low value to its high value.

    Parameters
    ----------
    tornado : pandas.DataFrame
        Columns ``assumption`` (plain-text label), ``low_gap`` and ``high_gap`` (the headline
        gap between two designs with the assumption at its low / high value; shares in [−1, 1]
        when ``share``). Drawn in the order given, the first at the top.
    title, gap_label : str
    share : bool
        Label the axis in percentage points.

    Returns
    -------
    bytes
        A PNG.
    """
    n = len(tornado)
    figure = _figure(6.3, 1.2 + 0.38 * max(n, 1))
    axes = figure.add_axes((0.36, 0.22 if n > 2 else 0.3, 0.6, 0.62 if n > 2 else 0.5))
    low = tornado["low_gap"].to_numpy(float)
    high = tornado["high_gap"].to_numpy(float)
    scale = 100.0 if share else 1.0
    positions = np.arange(n)[::-1]
    axes.barh(positions, (high - low) * scale, left=low * scale, color="#0072B2", height=0.6, label="low → high")
    axes.scatter(low * scale, positions, color="#E69F00", zorder=3, s=18, label="low value")
    axes.scatter(high * scale, positions, color="#111111", zorder=3, s=18, label="high value")
    axes.axvline(0, color="#666666", linewidth=0.8)
    axes.set_yticks(positions, [str(a) for a in tornado["assumption"]], fontsize=7.5, family=FONT)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel(gap_label + (" (percentage points)" if share else ""), fontsize=7.5, family=FONT)
    axes.legend(fontsize=6.5, loc="lower right", frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.text(0.02, 0.97, title, fontsize=10, fontweight="bold", family=FONT, va="top")
    return _png(figure)
