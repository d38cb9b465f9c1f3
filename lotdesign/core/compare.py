"""Compare several designs: one tidy table (a row per design) and plain-English sentences."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.reach import ReachMatrix
from lotdesign.core.designs import LotDesign
from lotdesign.core.figures import (  # noqa: F401  (re-exported)
    DESIGN_FIGURES,
    HEADLINE_FIGURES,
    format_figure,
    format_gbp,
    format_share,
)
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import DesignContext, DesignScore, score_design

# The figures' labels and formats live in lotdesign.core.figures; these names stay because many
# call sites read them from here.
HEADLINE_METRICS = HEADLINE_FIGURES
METRIC_LABELS = {name: fig.label for name, fig in DESIGN_FIGURES.items()}
format_metric = format_figure


@dataclass(eq=False)
class Comparison:
    """Scores of several designs: ``table`` (a row per design), ``sentences`` and each score."""

    scores: list[DesignScore]
    table: pd.DataFrame
    sentences: list[str]

    def to_dict(self) -> dict:
        """JSON-ready form (the CLI's ``compare --json``)."""
        return {
            "service": self.scores[0].params.service if self.scores else None,
            "services": list(self.scores[0].params.categories) if self.scores else [],
            "service_label": self.scores[0].params.service_label if self.scores else None,
            "params": self.scores[0].params.to_dict() if self.scores else None,
            "designs": [score.summary.to_dict() for score in self.scores],
            # Annual value of each lot in scope, £ a year, by design id (a bundle's is the sum of its categories').
            "lot_values_gbp": {score.design.id: {str(lot): float(v) for lot, v in score.lots["value_gbp"].items()}
                               for score in self.scores},
            "sentences": self.sentences,
        }


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; " + parts[-1]


def headline_sentences(scores: list[DesignScore]) -> list[str]:
    """Plain-English sentences for the headline figures, one per figure, across the designs."""
    if not scores:
        return []
    s = [score.summary for score in scores]
    names = [score.design.label for score in scores]
    service = scores[0].params.service_label
    service = service if scores[0].params.is_bundle else service.lower()
    sentences = [
        "For " + service + ", counting organisations based in the lot: "
        + _join([
            f"under {name}, {row['n_lots_locally_contestable']} of {row['n_lots']} lots "
            f"({format_share(row['share_population_locally_contestable'])} of the population) have at least one "
            "locally based voluntary-sector organisation able to bid as prime"
            if k == 0 else
            f"under {name}, {row['n_lots_locally_contestable']} of {row['n_lots']} "
            f"({format_share(row['share_population_locally_contestable'])})"
            for k, (name, row) in enumerate(zip(names, s))
        ]) + ".",
        "Counting national charities too: "
        + _join([f"{row['n_lots_contestable']} of {row['n_lots']} lots ({format_share(row['share_population_contestable'])} "
                 f"of the population) under {name}" for name, row in zip(names, s)])
        + " have a voluntary-sector organisation able to bid as prime.",
        "Women's specialist organisations able to bid as prime reach "
        + _join([f"{format_share(row['specialist_prime_coverage_women'])} of women under {name}" for name, row in zip(names, s)])
        + "; the share reached only through subcontracts is "
        + _join([f"{format_share(row['subcontract_dependence_women'])} ({name})" for name, row in zip(names, s)]) + ".",
        "BAME specialist organisations able to bid as prime reach "
        + _join([f"{format_share(row['specialist_prime_coverage_bame'])} of minority-ethnic residents under {name}" for name, row in zip(names, s)])
        + "; the share reached only through subcontracts is "
        + _join([f"{format_share(row['subcontract_dependence_bame'])} ({name})" for name, row in zip(names, s)]) + ".",
        "The median lot is worth "
        + _join([f"{format_gbp(row['median_value_gbp'])} a year under {name} (turnover needed to bid as prime: {format_gbp(row['median_turnover_needed_gbp'])})"
                 for name, row in zip(names, s)]) + ".",
        _join([f"{format_share(row['local_fit'])} of voluntary organisations could bid as prime for the lot where they are based under {name}"
               if k == 0 else f"{format_share(row['local_fit'])} under {name}" for k, (name, row) in enumerate(zip(names, s))]) + ".",
        "The cost side of smaller lots: to keep today's footprint a voluntary organisation would bid for "
        + _join([f"{row['fragmentation']:.1f} lots on average under {name}" for name, row in zip(names, s)]) + ".",
    ]
    return sentences


def compare_designs(
    providers: pd.DataFrame,
    reach: ReachMatrix,
    designs: list[LotDesign],
    params: ScoringParams | None = None,
    *,
    contexts: dict[str, DesignContext] | None = None,
) -> Comparison:
    """Score several designs with the same providers and parameters and compare them.

    Parameters
    ----------
    providers, reach
        Accepted providers and their reach matrix (same row order).
    designs : list of LotDesign
    params : ScoringParams, optional
    contexts : dict, optional
        Prepared contexts by design id (from :func:`lotdesign.core.scoring.prepare_design`), reused
        when present.

    Returns
    -------
    Comparison
        ``table`` has one row per design (indexed by design id) and a column per metric.
    """
    params = params or ScoringParams()
    contexts = contexts or {}
    scores = [score_design(providers, reach, d, params, context=contexts.get(d.id)) for d in designs]
    return compare_scores(scores)


def compare_scores(scores: list[DesignScore]) -> Comparison:
    """Compare designs already scored with the same providers and parameters (main design first)."""
    table = pd.DataFrame([score.summary for score in scores]).set_index("design")
    return Comparison(scores, table, headline_sentences(scores))
