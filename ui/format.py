"""Words and number formats the pages share: plain-English labels, explanations and deltas.

Every figure's label, unit, better direction and format come from the library's vocabulary,
:mod:`lotdesign.core.figures`, so that the app, the CLI, the exports and the design studio print
the same numbers and the same differences. The names below are thin views of it.
"""

from __future__ import annotations

import re

from lotdesign.core.compare import METRIC_LABELS, format_gbp, format_metric, format_share  # noqa: F401
from lotdesign.core.figures import (  # noqa: F401  (re-exported for the pages)
    DESIGN_FIGURES,
    LOT_FIGURES,
    figure,
    format_figure,
    format_shown_delta,
    parse_shown_delta,
    shown_number,
)
from lotdesign.core.glossary import METRIC_HELP, PARAMETER_LABELS, parameter_value  # noqa: F401

#: Per-lot figures that can colour the map, with their plain-English labels.
LOT_METRIC_LABELS = {name: fig.label for name, fig in LOT_FIGURES.items()}

#: Figures where more is plainly better for local and specialist voluntary organisations; the
#: others (lot values, turnover needed, fragmentation) are trade-offs, so differences are grey.
HIGHER_IS_BETTER = {name for name, fig in DESIGN_FIGURES.items() if fig.better == "higher"}
LOWER_IS_BETTER = {name for name, fig in DESIGN_FIGURES.items() if fig.better == "lower"}

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: object) -> str:
    """User text made safe for Streamlit markdown: shown as typed, with no formatting, links,
    images, HTML, character references (``&lt;``) or maths.

    Bare web addresses (``https://…``, ``www.…``) still become links — Streamlit's GitHub-flavoured
    markdown links them whatever the escaping — showing their own address as their text.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def metric_kind(metric: str) -> str:
    """``gbp``, ``share``, ``lots`` (fragmentation) or ``count`` (the figure's unit)."""
    return figure(metric).unit


def delta_colour(metric: str) -> str:
    """``normal`` (up is good), ``inverse`` (down is good) or ``off`` (a trade-off)."""
    return {"higher": "normal", "lower": "inverse"}.get(figure(metric).better, "off")
