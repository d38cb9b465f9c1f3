"""The one vocabulary of figures: each design-level and lot-level figure with its label, unit,
which direction is better, its help text and how it is written.

Every place that prints a figure — the CLI, the exports, the evidence pack, the app and the
design studio — reads it from here, so a figure is a share (or money, or lots) in one place
only, and a difference between two designs is always "the difference of the figures as shown".

Units (``Figure.unit``):

``share``
    A share in [0, 1], shown as a whole percentage (``0.114`` shows as "11%"); differences are in
    percentage points.
``gbp``
    Pounds a year, shown in short form (£950, £12k, £1.2m).
``lots``
    An average number of lots, shown to one decimal (fragmentation).
``count``
    A whole count (lots, organisations).
"""

from __future__ import annotations

from dataclasses import dataclass

UNITS = ("share", "gbp", "lots", "count")
BETTER = ("higher", "lower", "neither")


@dataclass(frozen=True)
class Figure:
    """One figure: its name (column), label, unit, better direction and help text.

    Attributes
    ----------
    name : str
        The column name in ``DesignScore.summary`` (design figures) or ``DesignScore.lots``.
    label : str
        Plain-English label shown beside the figure.
    unit : {"share", "gbp", "lots", "count"}
        How the figure is written and how differences are stated (see the module docstring).
    better : {"higher", "lower", "neither"}
        Which direction is plainly better for local and specialist voluntary organisations;
        ``neither`` for trade-offs (lot values, turnover needed, fragmentation).
    help : str
        What the figure means, in plain English (shown as help next to it).
    """

    name: str
    label: str
    unit: str
    better: str = "neither"
    help: str = ""

    @property
    def is_share(self) -> bool:
        """Whether the figure is a share in [0, 1] (shown as %, differences in points)."""
        return self.unit == "share"

    def format(self, value) -> str:
        """The figure as people read it (see :func:`format_figure`)."""
        return _format_in_unit(self.unit, value)


def format_gbp(value: float) -> str:
    """£ amount (pounds) in short form: £950, £12k, £1.2m."""
    if value >= 1e6:
        return f"£{value / 1e6:.1f}m"
    if value >= 1e3:
        return f"£{value / 1e3:.0f}k"
    return f"£{value:,.0f}"


def format_share(value: float) -> str:
    """A share in [0, 1] as a whole percentage."""
    return f"{100 * value:.0f}%"


def _format_in_unit(unit: str, value) -> str:
    if unit == "gbp":
        return format_gbp(float(value))
    if unit == "share":
        return format_share(float(value))
    if unit == "lots":
        return f"{float(value):.1f}"
    return f"{round(float(value)):,}" if float(value).is_integer() else f"{float(value):.2f}"


_SHARE_PREFIXES = ("share_", "specialist_", "subcontract_")
_SHARE_NAMES = ("local_fit", "local_coverage", "prime_coverage")


def unit_from_name(name: str) -> str:
    """The unit of a figure not listed here, from its column name (the naming rule of the scores).

    ``*_gbp`` is money, ``share_*``, ``specialist_*``, ``subcontract_*``, ``local_fit``,
    ``local_coverage`` and ``prime_coverage`` are shares, ``fragmentation`` is lots; anything
    else is a count.
    """
    if name.endswith("_gbp"):
        return "gbp"
    if name == "fragmentation":
        return "lots"
    if name.startswith(_SHARE_PREFIXES) or name in _SHARE_NAMES:
        return "share"
    return "count"


def _design(name, label, better="neither", help=""):
    return Figure(name, label, unit_from_name(name), better, help)


#: Design-level figures (columns of ``DesignScore.summary``), in the order the full table shows them.
DESIGN_FIGURES: dict[str, Figure] = {f.name: f for f in (
    _design("n_lots", "Lots", help="How many separate contracts (lots) the country is split into."),
    _design("share_lots_locally_contestable", "Lots with a prime-eligible VCS organisation based in the lot", "higher",
            "Share of lots where at least one voluntary or community organisation based in the lot could bid "
            "as the main contractor (prime): it reaches enough of the lot and its income is large enough."),
    _design("share_population_locally_contestable", "Population in locally contestable lots", "higher",
            "Share of the population living in lots that a locally based voluntary organisation could bid for as prime."),
    _design("share_lots_contestable", "Lots with a prime-eligible VCS organisation", "higher",
            "Share of lots where at least one voluntary or community organisation (based anywhere, including "
            "large national charities) could bid as prime."),
    _design("share_population_contestable", "Population in contestable lots", "higher",
            "Share of the population living in lots that some voluntary organisation could bid for as prime."),
    _design("specialist_prime_coverage_women", "Women reached by a prime-eligible women's specialist", "higher",
            "Share of all women living where a women's specialist organisation that could bid as prime works."),
    _design("specialist_prime_coverage_bame",
            "Minority-ethnic residents reached by a prime-eligible BAME specialist", "higher",
            "Share of all minority-ethnic residents (Census 2021 Asian, Black, Mixed and Other ethnic groups) living "
            "where a BAME-led or BAME-specialist organisation that could bid as prime works."),
    _design("specialist_coverage_women", "Women reached by a women's specialist (any role)", "higher",
            "Share of all women living where any women's specialist organisation works."),
    _design("specialist_coverage_bame", "Minority-ethnic residents reached by a BAME specialist (any role)", "higher",
            "Share of all minority-ethnic residents living where any BAME specialist organisation works."),
    _design("subcontract_dependence_women", "Women reached by women's specialists only as subcontractors", "lower",
            "Share of women that women's specialists reach but could serve only as subcontractors to a larger prime."),
    _design("subcontract_dependence_bame",
            "Minority-ethnic residents reached by BAME specialists only as subcontractors", "lower",
            "Share of minority-ethnic residents that BAME specialists reach but could serve only as subcontractors."),
    _design("local_fit", "VCS organisations able to bid as prime for their home lot", "higher",
            "Share of voluntary organisations that could bid as prime for the lot where they are based."),
    _design("local_coverage", "Population reached by a locally based VCS organisation", "higher",
            "Share of the population living where a voluntary organisation based in the same lot works."),
    _design("prime_coverage", "Population reached by a prime-eligible VCS organisation", "higher",
            "Share of the population living where a voluntary organisation able to bid as prime works."),
    _design("median_value_gbp", "Median annual lot value",
            help="Annual contract value of the middle-sized lot: the service budget shared out by population."),
    _design("max_value_gbp", "Largest annual lot value", help="Annual contract value of the largest lot."),
    _design("median_turnover_needed_gbp", "Turnover needed to bid as prime (median lot)",
            help="Annual income an organisation needs to bid as prime for the middle-sized lot "
                 "(the turnover multiple × the lot's annual value)."),
    _design("max_turnover_needed_gbp", "Turnover needed to bid as prime (largest lot)",
            help="Annual income needed to bid as prime for the largest lot."),
    _design("fragmentation", "Lots a VCS organisation must bid for to keep its footprint",
            help="On average, how many lots a voluntary organisation's current service area touches — how many bids "
                 "it would need to keep working everywhere it does today. The cost side of small lots."),
    _design("n_lots_locked_out", "Lots with no prime-eligible VCS organisation", "lower",
            "Lots where no voluntary organisation could bid as prime."),
)}

#: The design figures the comparison leads with, in order (the ones that move between designs).
HEADLINE_FIGURES = (
    "share_lots_locally_contestable",
    "share_population_locally_contestable",
    "share_lots_contestable",
    "share_population_contestable",
    "specialist_prime_coverage_women",
    "specialist_prime_coverage_bame",
    "local_fit",
    "median_value_gbp",
    "median_turnover_needed_gbp",
    "fragmentation",
)

#: Lot-level figures that can colour the map (columns of ``DesignScore.lots``).
LOT_FIGURES: dict[str, Figure] = {f.name: f for f in (
    _design("n_vcs_local_prime_eligible", "Voluntary organisations based in the lot that could bid as prime", "higher"),
    _design("n_vcs_prime_eligible", "Voluntary organisations that could bid as prime", "higher"),
    _design("n_providers_local", "Voluntary organisations based in the lot", "higher"),
    _design("prime_coverage", "Population reached by a voluntary organisation that could bid as prime", "higher"),
    _design("local_coverage", "Population reached by a voluntary organisation based in the lot", "higher"),
    _design("specialist_prime_coverage_women", "Women reached by a women's specialist that could bid as prime", "higher"),
    _design("specialist_prime_coverage_bame",
            "Minority-ethnic residents reached by a BAME specialist that could bid as prime", "higher"),
    _design("subcontract_dependence_women", "Women reached by women's specialists only as subcontractors", "lower"),
    _design("subcontract_dependence_bame",
            "Minority-ethnic residents reached by BAME specialists only as subcontractors", "lower"),
    _design("value_gbp", "Annual lot value"),
    _design("turnover_needed_gbp", "Annual income needed to bid as prime"),
)}


def figure(name: str) -> Figure:
    """The figure called ``name``: a design figure, else a lot figure, else one inferred from its name."""
    if name in DESIGN_FIGURES:
        return DESIGN_FIGURES[name]
    if name in LOT_FIGURES:
        return LOT_FIGURES[name]
    return Figure(name, name, unit_from_name(name))


def format_figure(name: str, value) -> str:
    """A figure as people read it: shares as whole %, money as £ short form, lots to 0.1, counts whole."""
    return figure(name).format(value)


def better_direction(name: str) -> str:
    """``higher``, ``lower`` or ``neither`` (a trade-off) for the figure called ``name``."""
    return figure(name).better


# --- differences that agree with the figures shown ---------------------------------------------------

def shown_number(name: str, value: float) -> float:
    """The number a reader sees for a figure, in the figure's own unit.

    Shares give whole percentage points (``0.114`` shows as 11%, so 11), money gives whole
    pounds of the rounded amount (``£1.2m`` is 1,200,000), fragmentation gives lots to one
    decimal, counts the count. Differences are taken between these numbers, so a difference
    always equals the difference of the two figures printed beside it.
    """
    unit = figure(name).unit
    text = format_figure(name, value).replace(",", "")
    if unit == "share":
        return float(text.rstrip("%"))
    if unit == "gbp":
        text = text.lstrip("£")
        if text.endswith("m"):
            return round(float(text[:-1]) * 1e6)
        if text.endswith("k"):
            return round(float(text[:-1]) * 1e3)
    return float(text)


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


def format_shown_delta(name: str, main_value: float, other_value: float) -> str:
    """``other − main`` as the difference of the two figures *as displayed* (signed, with unit).

    Examples: 11.4% vs 3.6% shows "11%" and "4%", so the difference is ``−7 points`` (not −8);
    3.56 vs 2.04 lots shows "3.6" and "2.0", so ``−1.6 lots``; £1.2m vs £950k gives ``−£250k``.
    Returns ``same`` when the displayed figures are equal.
    """
    unit = figure(name).unit
    delta = shown_number(name, other_value) - shown_number(name, main_value)
    if unit == "share":
        points = round(delta)
        text = "same" if points == 0 else f"{points:+d} points"
    elif unit == "gbp":
        text = "same" if round(delta) == 0 else ("+" if delta > 0 else "-") + _exact_gbp(delta)
    elif unit == "lots":
        text = "same" if round(delta, 1) == 0 else f"{delta:+.1f} lots"
    elif float(delta).is_integer():
        text = "same" if delta == 0 else f"{round(delta):+,d}"
    else:
        text = f"{delta:+.2f}"
    # A true minus sign, as in the figures themselves: a hyphen reads as a dash on a slide.
    return text.replace("-", "\u2212", 1)


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
