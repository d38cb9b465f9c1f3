"""Differences shown beside two figures equal the difference of the figures as displayed.

Checked for every headline row of real comparisons (demo data, several designs, every
service), and for the cases that read wrong before ("11% / 4% ↓ -8 points").
"""

from __future__ import annotations

import pytest

from lotdesign.core.compare import HEADLINE_METRICS, compare_designs, format_metric
from lotdesign.core.designs import get_design
from lotdesign.core.params import CATEGORY_SHARES, ScoringParams
from lotdesign.importing.workspace import load_provider_set
from ui.format import format_shown_delta, metric_kind, parse_shown_delta, shown_number


def displayed(metric: str, value) -> float:
    """Read a figure back from its displayed text (independently of ui.format's own parsing)."""
    text = format_metric(metric, value).replace(",", "")
    if text.endswith("%"):
        return float(text[:-1])
    if text.startswith("£"):
        number = text[1:]
        scale = 1e6 if number.endswith("m") else 1e3 if number.endswith("k") else 1
        return float(number.rstrip("mk")) * scale
    return float(text)


@pytest.mark.parametrize(
    "metric, main, other, expected",
    [
        ("specialist_prime_coverage_women", 0.114, 0.036, "−7 points"),  # "11% / 4%", was "-8 points"
        ("share_population_contestable", 0.794, 0.726, "−6 points"),  # "79% / 73%", was "-5 points"
        ("fragmentation", 3.56, 2.04, "−1.6 lots"),  # "3.6 / 2.0", was "-1.5 lots"
        ("median_value_gbp", 950_000, 1_240_000, "+£250k"),  # "£950k / £1.2m"
        ("median_turnover_needed_gbp", 2_400_000, 1_000_000, "−£1.4m"),
        ("median_value_gbp", 12_345, 950, "−£11.05k"),  # "£12k / £950"
        ("share_lots_contestable", 0.504, 0.496, "same"),  # both show as 50%
    ],
)
def test_known_cases(metric, main, other, expected):
    assert format_shown_delta(metric, main, other) == expected


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


@pytest.mark.parametrize("service", list(CATEGORY_SHARES))
def test_every_headline_difference_matches_the_figures_shown(demo, service):
    designs = [get_design(d) for d in ("pcc42", "regions12", "cpa21", "nps7")]
    for params in (ScoringParams(service=service), ScoringParams(service=service, turnover_multiple=3.5,
                                                                 reach_threshold=0.6)):
        table = compare_designs(demo.providers, demo.reach, designs, params).table
        main = designs[0].id
        for other in designs[1:]:
            for metric in HEADLINE_METRICS:
                a, b = table.at[main, metric], table.at[other.id, metric]
                shown = format_shown_delta(metric, a, b)
                difference = displayed(metric, b) - displayed(metric, a)
                assert parse_shown_delta(shown) == pytest.approx(difference, abs=1e-9), (metric, other.id, shown)
                assert shown_number(metric, a) == pytest.approx(displayed(metric, a))
                if metric_kind(metric) == "share":
                    assert (shown == "same") == (format_metric(metric, a) == format_metric(metric, b))


def test_every_studio_change_is_the_difference_of_the_figures_shown(demo):
    """The design studio's *Change* column, for every figure it shows, over real edits of real designs."""
    from lotdesign.core.scoring import score_design
    from lotdesign.studio.editing import DesignEdits, headline_change

    edits = DesignEdits(get_design("regions12"))
    edits.merge("London", "Kent, Surrey and Sussex", name="London and the South East")
    edits.move("E23000030", "South West")  # Hampshire into the South West
    pairs = [(get_design("regions12"), edits.design()), (get_design("pcc42"), get_design("nps7"))]
    checked = 0
    for before_design, after_design in pairs:
        for params in (ScoringParams(service="women"), ScoringParams(service="accommodation", turnover_multiple=3.5)):
            before = score_design(demo.providers, demo.reach, before_design, params).summary
            after = score_design(demo.providers, demo.reach, after_design, params).summary
            for row in headline_change(before, after).itertuples():
                shown = "same" if row.shown_change == "no change" else row.shown_change
                difference = displayed(row.metric, after[row.metric]) - displayed(row.metric, before[row.metric])
                assert parse_shown_delta(shown) == pytest.approx(difference, abs=1e-9), (row.metric, row.shown_change)
                assert (row.before, row.after) == (format_metric(row.metric, before[row.metric]),
                                                   format_metric(row.metric, after[row.metric]))
                checked += 1
    assert checked == 4 * (1 + len(HEADLINE_METRICS))
