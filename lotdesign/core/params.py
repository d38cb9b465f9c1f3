"""Scoring parameters: every default in one place, with its unit and its source.

Change a parameter by making a new :class:`ScoringParams` (``ScoringParams(reach_threshold=0.9)``
or ``params.replace(turnover_multiple=3)``); the defaults below are what the tool shows until a
user changes them, and the app and the CLI show the sources next to them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

#: Expected steady-state annual spend of the Probation Services Dynamic Framework, £ a year.
NATIONAL_BUDGET_GBP = 100_000_000
#: Indicative share of the budget per service category (fractions summing to 1).
CATEGORY_SHARES = {
    "accommodation": 0.09,
    "finance_benefit_debt": 0.09,
    "ete": 0.11,
    "dependency_recovery": 0.15,
    "personal_wellbeing": 0.43,
    "women": 0.13,
}
CATEGORY_LABELS = {
    "accommodation": "Accommodation",
    "finance_benefit_debt": "Finance, benefit and debt",
    "ete": "Education, training and employment",
    "dependency_recovery": "Dependency and recovery",
    "personal_wellbeing": "Personal wellbeing",
    "women": "Women's services",
}
#: NCVO income bands: (name, lower bound £ inclusive, upper bound £ exclusive).
INCOME_BANDS = (
    ("micro", 0, 10_000),
    ("small", 10_000, 100_000),
    ("medium", 100_000, 1_000_000),
    ("large", 1_000_000, 10_000_000),
    ("major", 10_000_000, 100_000_000),
    ("super-major", 100_000_000, float("inf")),
)
#: Default service radius (km) by income band when a provider gives no area or radius;
#: ``inf`` means national.
DEFAULT_RADIUS_KM = {
    "micro": 10.0,
    "small": 20.0,
    "medium": 40.0,
    "large": 80.0,
    "major": float("inf"),
    "super-major": float("inf"),
}

#: Named bundles of service categories let as one lot (one lead bidder responsible for all).
#: ``community_support_men_2027``: MoJ "Community Support for Men" (find-tender notices 047412-2025
#: and 060156-2025): one Delivery Partner per lot responsible for every service — every
#: category of the 2021 split except women's services.
BUNDLES = {
    "community_support_men_2027": ("accommodation", "ete", "finance_benefit_debt", "dependency_recovery", "personal_wellbeing"),
}
BUNDLE_LABELS = {
    "community_support_men_2027": "Community Support for Men 2027 (every service but women's)",
}
BUNDLE_SOURCES = {
    "community_support_men_2027": "MoJ 'Community Support for Men', find-tender notices 047412-2025 and 060156-2025 "
    "(OCID ocds-h6vhtk-04fa05): each lot has one Delivery Partner, the lead bidder, responsible for every service",
}

#: Scopes a scoring run can summarise. Greater Manchester procures its own men's services, so
#: the 2027 Community Support for Men competition covers England and Wales without it.
SCOPES = ("England and Wales", "England", "Wales", "England and Wales except Greater Manchester")
#: Police force area left out by the scope "England and Wales except Greater Manchester".
GREATER_MANCHESTER_PFA = "E23000005"

#: VAT rate the notice's amounts include (standard rate).
VAT_RATE = 0.20
#: Community Support for Men notice: "£854,446,832 including VAT" for the full term, which is 5 years
#: plus up to 3 (8 years); "possibly up to £1,128,855,881".
NOTICE_BUDGET_INCL_VAT_GBP = 854_446_832
NOTICE_BUDGET_MAX_INCL_VAT_GBP = 1_128_855_881
NOTICE_SOURCE = ("Find-tender notices 047412-2025 and 060156-2025 (Community Support for Men): "
                 "'£854,446,832 including VAT' for up to 8 years (5 years plus up to 3), possibly up to £1,128,855,881")

SOURCES = {
    "national_budget_gbp": "MoJ written answer UIN 76697 (28 Jul 2020): Dynamic Framework spend 'would exceed £100m per year' at steady state",
    "category_shares": "Same answer (UIN 76697): indicative split of contract value, drawn from data given to bidders in July 2020",
    "turnover_multiple": "Public Contracts Regulations 2015, reg. 58: minimum turnover 'should not exceed twice the estimated contract value'",
    "reach_threshold": "Assumption: a prime must serve at least this share of a lot's population",
    "default_radius_km": "Assumption: typical reach of an organisation by NCVO income band (micro 10 km … major national)",
    "income_bands": "NCVO UK Civil Society Almanac income bands",
    "value_weighting": "Lot values shared by mid-2023 population (ONS); optionally by female population for women's services",
}
#: Source of a bundle (kept apart from :data:`SOURCES`, whose keys are the tunable parameters).
SERVICES_SOURCE = ("A bundle lets several service categories as one lot with one lead bidder: its value is the sum of "
                   "their budgets for the lot (MoJ Community Support for Men, find-tender notices 047412-2025 and 060156-2025)")


def notice_budget_presets() -> list[dict]:
    """Annual national budgets (£ a year, excluding VAT) read from the Community Support for Men notice.

    The notice gives a whole-term amount including VAT; the model needs £ a year before VAT. Each
    preset divides by 1.2 (VAT at 20%) and by the years of the term: 5 (the initial term, the
    whole amount spent in it — an upper bound a year) or 8 (5 plus the 3-year extension).

    Returns
    -------
    list of dict
        ``key``, ``label``, ``budget_gbp`` (£ a year, ex VAT), ``years``, ``amount_incl_vat_gbp`` and
        ``source`` (the notice's words).
    """
    presets = []
    for amount, which in ((NOTICE_BUDGET_INCL_VAT_GBP, "notice"), (NOTICE_BUDGET_MAX_INCL_VAT_GBP, "notice_max")):
        for years in (5, 8):
            annual = amount / (1 + VAT_RATE) / years
            words = "'£854,446,832 including VAT'" if which == "notice" else "'possibly up to £1,128,855,881'"
            presets.append({
                "key": f"{which}_{years}y",
                "label": f"£{annual / 1e6:,.1f}m a year ex VAT: {words} ÷ 1.2 ÷ {years} years",
                "budget_gbp": annual,
                "years": years,
                "amount_incl_vat_gbp": amount,
                "source": f"{NOTICE_SOURCE}; ÷ 1.2 for VAT; ÷ {years} years "
                + ("(the initial term)" if years == 5 else "(5 years plus the 3-year extension)"),
            })
    return presets


def parse_services(text: str) -> tuple[str, ...]:
    """Service categories from ``"a,b,c"`` or a bundle name; raise naming the known keys.

    Returns
    -------
    tuple of str
        Category keys of :data:`CATEGORY_SHARES`, in the order given, without repeats.
    """
    from lotdesign.errors import ValidationError

    text = (text or "").strip()
    if text in BUNDLES:
        return BUNDLES[text]
    keys = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [key for key in keys if key not in CATEGORY_SHARES]
    if unknown or not keys:
        raise ValidationError(
            f"Unknown service(s) {', '.join(repr(k) for k in unknown) or '(none given)'}: give categories separated "
            f"by commas from {', '.join(CATEGORY_SHARES)}, or a bundle name ({', '.join(BUNDLES)})."
        )
    return tuple(dict.fromkeys(keys))


def income_band(income_gbp: float) -> str:
    """NCVO income band of an annual income in £ (bands are lower-bound inclusive)."""
    for name, lower, upper in INCOME_BANDS:
        if lower <= income_gbp < upper:
            return name
    return "micro"


def income_bands(income_gbp: np.ndarray) -> np.ndarray:
    """Vectorised :func:`income_band` over an array of incomes in £."""
    lowers = np.array([lower for _, lower, _ in INCOME_BANDS], dtype=float)
    names = np.array([name for name, _, _ in INCOME_BANDS], dtype=object)
    index = np.searchsorted(lowers, np.asarray(income_gbp, float), side="right") - 1
    return names[index.clip(0, len(names) - 1)]


@dataclass(frozen=True)
class ScoringParams:
    """Parameters of a scoring run. Units: £ a year, fractions in [0, 1], km.

    Attributes
    ----------
    service : str
        Service category, one of :data:`CATEGORY_SHARES`.
    national_budget_gbp : float
        National annual budget across all categories, £ a year.
    category_shares : dict
        Share of the budget per category.
    turnover_multiple : float
        A prime needs annual income ≥ this × the annual lot value.
    reach_threshold : float
        A prime must reach ≥ this share of the lot's small-area population.
    value_weighting : {"population", "females"}
        How the category budget is shared across lots (mid-2023 persons or females).
    default_radius_km : dict
        Service radius by income band for providers that give neither areas nor a radius.
    scope : str
        One of :data:`SCOPES`: which lots are shown and summarised; values are always shares
        of the England and Wales budget.
    services : tuple of str
        A bundle: service categories let together as one lot, with one lead bidder. Empty (the
        default) means the single category ``service``. With a bundle the lot value is the sum
        of the bundled categories' values, and the turnover and reach tests apply to it.
    """

    service: str = "accommodation"
    national_budget_gbp: float = NATIONAL_BUDGET_GBP
    category_shares: dict = field(default_factory=lambda: dict(CATEGORY_SHARES))
    turnover_multiple: float = 2.0
    reach_threshold: float = 0.8
    value_weighting: str = "population"
    default_radius_km: dict = field(default_factory=lambda: dict(DEFAULT_RADIUS_KM))
    scope: str = "England and Wales"
    services: tuple = ()

    def __post_init__(self):
        problems = []
        if self.service not in self.category_shares:
            problems.append(f"service must be one of {', '.join(self.category_shares)}, not {self.service!r}")
        if not self.national_budget_gbp > 0:
            problems.append(f"national_budget_gbp must be a positive number of pounds, not {self.national_budget_gbp!r}")
        if not self.turnover_multiple >= 0:
            problems.append(f"turnover_multiple must be ≥ 0, not {self.turnover_multiple!r}")
        if not 0 <= self.reach_threshold <= 1:
            problems.append(f"reach_threshold must be a share between 0 and 1, not {self.reach_threshold!r}")
        if self.value_weighting not in ("population", "females"):
            problems.append(f"value_weighting must be 'population' or 'females', not {self.value_weighting!r}")
        if self.scope not in SCOPES:
            problems.append(f"scope must be one of {', '.join(repr(s) for s in SCOPES)}, not {self.scope!r}")
        problems += self._bundle_problems()
        if problems:
            from lotdesign.errors import ValidationError

            raise ValidationError("Invalid scoring parameters.", problems)

    def _bundle_problems(self) -> list[str]:
        if isinstance(self.services, str):  # "a,b,c" as written on a command line
            object.__setattr__(self, "services", tuple(k.strip() for k in self.services.split(",") if k.strip()))
        elif not isinstance(self.services, tuple):
            object.__setattr__(self, "services", tuple(self.services or ()))
        if self.services and self.services[0] in self.category_shares:
            # ``service`` names the bundle's first category, so a single-category reader stays true.
            object.__setattr__(self, "service", self.services[0])
        problems = [f"services: {key!r} is not a service category; use {', '.join(self.category_shares)}"
                    for key in self.services if key not in self.category_shares]
        if len(set(self.services)) != len(self.services):
            problems.append("services: each category may be bundled once; remove the repeats")
        return problems

    @property
    def categories(self) -> tuple:
        """The service categories let together in each lot: the bundle, or the single ``service``."""
        return self.services or (self.service,)

    @property
    def is_bundle(self) -> bool:
        """True when more than one category is let as one lot."""
        return len(self.categories) > 1

    @property
    def bundle_name(self) -> str:
        """The named bundle (:data:`BUNDLES`) these services are, or ``""``."""
        return next((name for name, keys in BUNDLES.items() if set(keys) == set(self.categories) and self.is_bundle), "")

    @property
    def service_label(self) -> str:
        """The service or bundle in words, e.g. ``Accommodation`` or ``Community Support for Men 2027 …``."""
        if not self.is_bundle:
            return CATEGORY_LABELS.get(self.categories[0], self.categories[0])
        if self.bundle_name:
            return BUNDLE_LABELS[self.bundle_name]
        return "Bundle: " + ", ".join(CATEGORY_LABELS.get(k, k) for k in self.categories)

    @property
    def service_source(self) -> str:
        """Where the service's (or bundle's) share of the budget comes from."""
        if not self.is_bundle:
            return SOURCES["category_shares"]
        return f"{SOURCES['category_shares']}; {BUNDLE_SOURCES.get(self.bundle_name, SERVICES_SOURCE)}"

    @property
    def budget_share(self) -> float:
        """Share of the national budget in each lot's service or bundle (fraction)."""
        return sum(self.category_shares[key] for key in self.categories)

    @property
    def budget_gbp(self) -> float:
        """Annual budget of the chosen service category (or the sum over a bundle's), £ a year."""
        return self.national_budget_gbp * sum(self.category_shares[key] for key in self.categories)

    def replace(self, **changes) -> ScoringParams:
        """A copy with some parameters changed; naming a ``service`` alone means that single service."""
        if "service" in changes and "services" not in changes:
            changes["services"] = ()
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain dict (JSON-ready) of every parameter."""
        data = dataclasses.asdict(self)
        data["default_radius_km"] = {k: (None if np.isinf(v) else v) for k, v in self.default_radius_km.items()}
        data["services"] = list(self.services)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ScoringParams:
        """Inverse of :meth:`to_dict`; unknown keys are refused with a clear message."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            from lotdesign.errors import ValidationError

            raise ValidationError(f"Unknown scoring parameters: {', '.join(sorted(unknown))}.")
        values = dict(data)
        if "default_radius_km" in values:
            values["default_radius_km"] = {k: (float("inf") if v is None else float(v)) for k, v in values["default_radius_km"].items()}
        if "services" in values:
            values["services"] = tuple(values["services"] or ())
        return cls(**values)
