"""``lotdesign levers`` and ``lotdesign robustness`` on the synthetic demo data, read back as JSON.

Expected figures are computed here straight from the library and compared with the CLI's.
"""

from __future__ import annotations

import json

import pytest

from lotdesign.cli import main
from lotdesign.levers.consortia import consortium_bids
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.workspace import load_provider_set


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


def strict_json(text: str):
    """Parse JSON, refusing NaN and Infinity (not JSON, though Python's parser accepts them)."""
    def refuse(constant):
        raise ValueError(f"{constant} in JSON output")
    return json.loads(text, parse_constant=refuse)


def test_robustness_json(capsys, demo):
    assert main(["robustness", "--designs", "pcc42,regions12", "--service", "women", "--json"]) == 0
    payload = strict_json(capsys.readouterr().out)
    assert payload["design_a"] == "pcc42" and payload["design_b"] == "regions12"
    assert payload["n_combinations"] == 7 * 5 * 5 * 5 * 2
    assert payload["providers"]["synthetic"] is True
    assert payload["sentence"].startswith("Under 42 PCC areas, a larger share of lots has a locally based")
    assert "of the 1,750 assumption combinations tried" in payload["sentence"]
    assert {row["assumption"] for row in payload["tornado"]} == {
        "turnover_multiple", "reach_threshold", "budget_factor", "radius_factor", "value_weighting"}
    shares = {row["figure"]: row for row in payload["win_shares"]}
    lead = shares["share_lots_locally_contestable"]
    assert lead["a_wins"] + lead["ties"] + lead["b_wins"] == 1750
    assert payload["sources"]["turnover_multiple"].startswith("Public Contracts Regulations 2015, reg. 58")
    flips = [row for row in payload["break_even"] if row["assumption"] == "reach_threshold" and row["direction"] == "below"]
    assert flips[0]["flips_at"] is not None and flips[0]["flips_at"] < 0.8
    assert all(row["flips_at"] is None for row in payload["break_even"] if row["assumption"] == "turnover_multiple")


def test_robustness_edited_grid_and_bad_values(capsys):
    assert main(["robustness", "--turnover-multiples", "2,3", "--reach-thresholds", "0.8", "--budget-factors", "1",
                 "--radius-factors", "1", "--weightings", "population", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["n_combinations"] == 2
    assert main(["robustness", "--turnover-multiples", "two"]) == 1
    assert "not a comma-separated list of numbers" in capsys.readouterr().err
    assert main(["robustness", "--designs", "pcc42"]) == 1
    assert "exactly two designs" in capsys.readouterr().err


def test_levers_json_matches_the_library(capsys, demo):
    assert main(["levers", "--design", "regions12", "--service", "women", "--specialist", "bame", "--json"]) == 0
    payload = strict_json(capsys.readouterr().out)
    expected = consortium_bids(demo.context(get_design("regions12")), ScoringParams(service="women"))
    with_consortia = {row["case"]: row for row in payload["consortia"]["summary"]}["with consortia"]
    assert with_consortia["n_lots_locally_contestable"] == expected.summary.loc["with consortia", "n_lots_locally_contestable"]
    assert payload["consortia"]["sentence"] == expected.sentence
    assert payload["grants"]["grant_params"]["share"] == 0.1
    assert len(payload["specialist_lots"]["lots"]) == 12
    assert payload["specialist_lots"]["specialist_params"]["specialism"] == "bame"


def test_levers_plain_text_labels_synthetic_data(capsys):
    assert main(["levers", "--design", "pcc42", "--grant-share", "0"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC DEMO DATA" in out and "Consortium bids" in out and "Grant pot" not in out
