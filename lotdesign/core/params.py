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

SOURCES = {
    "national_budget_gbp": "MoJ written answer UIN 76697 (28 Jul 2020): Dynamic Framework spend 'would exceed £100m per year' at steady state",
    "category_shares": "Same answer (UIN 76697): indicative split of contract value, drawn from data given to bidders in July 2020",
    "turnover_multiple": "Public Contracts Regulations 2015, reg. 58: minimum turnover 'should not exceed twice the estimated contract value'",
    "reach_threshold": "Assumption: a prime must serve at least this share of a lot's population",
    "default_radius_km": "Assumption: typical reach of an organisation by NCVO income band (micro 10 km … major national)",
    "income_bands": "NCVO UK Civil Society Almanac income bands",
    "value_weighting": "Lot values shared by mid-2023 population (ONS); optionally by female population for women's services",
}


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
    scope : {"England and Wales", "England", "Wales"}
        Which lots are shown and summarised; values are always shares of the E&W budget.
    """

    service: str = "accommodation"
    national_budget_gbp: float = NATIONAL_BUDGET_GBP
    category_shares: dict = field(default_factory=lambda: dict(CATEGORY_SHARES))
    turnover_multiple: float = 2.0
    reach_threshold: float = 0.8
    value_weighting: str = "population"
    default_radius_km: dict = field(default_factory=lambda: dict(DEFAULT_RADIUS_KM))
    scope: str = "England and Wales"

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
        if self.scope not in ("England and Wales", "England", "Wales"):
            problems.append(f"scope must be 'England and Wales', 'England' or 'Wales', not {self.scope!r}")
        if problems:
            from lotdesign.errors import ValidationError

            raise ValidationError("Invalid scoring parameters.", problems)

    @property
    def budget_gbp(self) -> float:
        """Annual budget of the chosen service category, £ a year."""
        return self.national_budget_gbp * self.category_shares[self.service]

    def replace(self, **changes) -> ScoringParams:
        """A copy with some parameters changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain dict (JSON-ready) of every parameter."""
        data = dataclasses.asdict(self)
        data["default_radius_km"] = {k: (None if np.isinf(v) else v) for k, v in self.default_radius_km.items()}
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
        return cls(**values)
