"""Words and number formats the pages share: plain-English labels, explanations and deltas.

Figures are formatted with the library's :func:`lotdesign.core.compare.format_metric` so that the app,
the CLI and the exports print the same numbers.
"""

from __future__ import annotations

import re

from lotdesign.core.compare import METRIC_LABELS, format_gbp, format_metric, format_share  # noqa: F401
from lotdesign.core.glossary import METRIC_HELP, PARAMETER_LABELS, parameter_value  # noqa: F401

#: Per-lot figures that can colour the map, with their plain-English labels.
LOT_METRIC_LABELS = {
    "n_vcs_local_prime_eligible": "Voluntary organisations based in the lot that could bid as prime",
    "n_vcs_prime_eligible": "Voluntary organisations that could bid as prime",
    "n_providers_local": "Voluntary organisations based in the lot",
    "prime_coverage": "Population reached by a voluntary organisation that could bid as prime",
    "local_coverage": "Population reached by a voluntary organisation based in the lot",
    "specialist_prime_coverage_women": "Women reached by a women's specialist that could bid as prime",
    "specialist_prime_coverage_bame": "Minority-ethnic residents reached by a BAME specialist that could bid as prime",
    "subcontract_dependence_women": "Women reached by women's specialists only as subcontractors",
    "subcontract_dependence_bame": "Minority-ethnic residents reached by BAME specialists only as subcontractors",
    "value_gbp": "Annual lot value",
    "turnover_needed_gbp": "Annual income needed to bid as prime",
}

#: Figures where more is plainly better for local and specialist voluntary organisations; the
#: others (lot values, turnover needed, fragmentation) are trade-offs, so differences are grey.
HIGHER_IS_BETTER = {
    "share_lots_locally_contestable", "share_population_locally_contestable", "share_lots_contestable",
    "share_population_contestable", "specialist_prime_coverage_women", "specialist_prime_coverage_bame",
    "local_fit", "local_coverage", "prime_coverage", "specialist_coverage_women", "specialist_coverage_bame",
}
LOWER_IS_BETTER = {"subcontract_dependence_women", "subcontract_dependence_bame", "n_lots_locked_out"}

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: object) -> str:
    """User text made safe for Streamlit markdown: shown as typed, with no formatting, links,
    images, HTML, character references (``&lt;``) or maths.

    Bare web addresses (``https://…``, ``www.…``) still become links — Streamlit's GitHub-flavoured
    markdown links them whatever the escaping — showing their own address as their text.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def metric_kind(metric: str) -> str:
    """``gbp``, ``share``, ``lots`` (fragmentation) or ``count``."""
    if metric.endswith("_gbp"):
        return "gbp"
    if metric == "fragmentation":
        return "lots"
    if metric.startswith(("share_", "specialist_", "subcontract_")) or metric in ("local_fit", "local_coverage", "prime_coverage"):
        return "share"
    return "count"


def format_delta(metric: str, delta: float) -> str:
    """A difference between two designs: percentage points, £, lots or a count, signed."""
    kind = metric_kind(metric)
    if kind == "share":
        points = round(100 * delta)
        return "same" if points == 0 else f"{points:+d} points"
    if kind == "gbp":
        if abs(delta) < 500:
            return "same"
        return ("+" if delta > 0 else "−") + format_gbp(abs(delta))
    if kind == "lots":
        return "same" if round(delta, 1) == 0 else f"{delta:+.1f} lots"
    return "same" if round(delta) == 0 else f"{round(delta):+,d}"


def delta_colour(metric: str) -> str:
    """``normal`` (up is good), ``inverse`` (down is good) or ``off`` (a trade-off)."""
    if metric in HIGHER_IS_BETTER:
        return "normal"
    if metric in LOWER_IS_BETTER:
        return "inverse"
    return "off"


# --- differences that agree with the figures shown ---------------------------------------------------

def shown_number(metric: str, value: float) -> float:
    """The number a reader sees for a design-level figure, in the figure's own unit.

    Shares give whole percentage points (``0.114`` shows as 11%, so 11), money gives whole
    pounds of the rounded amount (``£1.2m`` is 1,200,000), fragmentation gives lots to one
    decimal, counts the count. Differences are taken between these numbers, so a difference
    always equals the difference of the two figures printed beside it.
    """
    kind = metric_kind(metric)
    value = float(value)
    if kind == "share":
        return float(format_share(value).rstrip("%"))
    if kind == "gbp":
        text = format_gbp(value).lstrip("£").replace(",", "")
        if text.endswith("m"):
            return round(float(text[:-1]) * 1e6)
        if text.endswith("k"):
            return round(float(text[:-1]) * 1e3)
        return float(text)
    if kind == "lots":
        return float(format_metric(metric, value))
    return float(format_metric(metric, value).replace(",", ""))


def _exact_gbp(pounds: float) -> str:
    """A whole number of pounds in the short form, with as many decimals as it needs to be exact."""
    pounds = round(abs(pounds))
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if pounds >= scale:
            for decimals in range(4):
                text = f"{pounds / scale:.{decimals}f}"
                if round(float(text) * scale) == pounds:
                    return f"£{text}{unit}"
    return f"£{pounds:,.0f}"


def format_shown_delta(metric: str, main_value: float, other_value: float) -> str:
    """``other − main`` as the difference of the two figures *as displayed* (signed, with unit).

    Examples: 11.4% vs 3.6% shows "11%" and "4%", so the difference is ``-7 points`` (not -8);
    3.56 vs 2.04 lots shows "3.6" and "2.0", so ``-1.6 lots``; £1.2m vs £950k gives ``−£250k``.
    Returns ``same`` when the displayed figures are equal.
    """
    kind = metric_kind(metric)
    delta = shown_number(metric, other_value) - shown_number(metric, main_value)
    if kind == "share":
        points = round(delta)
        return "same" if points == 0 else f"{points:+d} points"
    if kind == "gbp":
        if round(delta) == 0:
            return "same"
        return ("+" if delta > 0 else "−") + _exact_gbp(delta)
    if kind == "lots":
        return "same" if round(delta, 1) == 0 else f"{delta:+.1f} lots"
    if float(delta).is_integer():
        return "same" if delta == 0 else f"{round(delta):+,d}"
    return f"{delta:+.2f}"


def parse_shown_delta(text: str) -> float:
    """The number in a difference from :func:`format_shown_delta` (``same`` is 0), in the figure's unit."""
    if text == "same":
        return 0.0
    sign = -1.0 if text[0] in "-−" else 1.0
    body = text.lstrip("+-−").replace(" points", "").replace(" lots", "").replace(",", "")
    if body.startswith("£"):
        body = body[1:]
        scale = 1e6 if body.endswith("m") else 1e3 if body.endswith("k") else 1.0
        return sign * float(body.rstrip("mk")) * scale
    return sign * float(body)
