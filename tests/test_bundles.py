"""Bundled lots: values, eligibility, named service gaps, the notice's budget and the 2021/2027 patterns.

The toy case (geography of ``levers_toy.py``): national budget £1,000,000; bundle accommodation
(9%) + ETE (11%) = 20% → £200,000 a year. Lot A (U1+U2, 400 of 1,000 people) is worth
£80,000 = £36,000 + £44,000 (turnover asked at 2×: £160,000); lot B (U3, 600) £120,000 =
£54,000 + £66,000 (£240,000).

    Q1 vcs £170,000, lists U1 and U2 (reach A = 1), delivers "housing; employment" → leads A alone
    Q2 vcs £150,000, lists U1 and U2, services not stated: passes for accommodation alone
       (150,000 ≥ 72,000) but not for the bundle (150,000 < 160,000)
    Q3 vcs £240,000, lists U3 (reach B = 1), delivers "accommodation" only: passes money (inclusive)
       and reach for B, but its gap — education, training and employment — is named
"""

import json

import numpy as np
import pandas as pd
import pytest
from levers_toy import toy_case

from lotdesign.cli import main
from lotdesign.core.params import (
    BUNDLES,
    CATEGORY_SHARES,
    ScoringParams,
    notice_budget_presets,
    parse_services,
)
from lotdesign.core.scoring import prepare_design, score_design
from lotdesign.core.services import read_services
from lotdesign.errors import ValidationError
from lotdesign.levers.bundling import lead_gaps

BUNDLE = ("accommodation", "ete")
CSM = "community_support_men_2027"
EXCEPT_GM = "England and Wales except Greater Manchester"


@pytest.fixture
def toy_bundle():
    providers = pd.DataFrame({
        "provider_id": ["Q1", "Q2", "Q3"],
        "name": ["Org Q1", "Org Q2", "Org Q3"],
        "sector": ["vcs"] * 3,
        "income_gbp": [170_000.0, 150_000.0, 240_000.0],
        "women": [False] * 3,
        "bame": [False] * 3,
        "base_lad": ["U1", "U1", "U3"],
        "base_x": [0.0, 0.0, 50000.0],
        "base_y": [0.0] * 3,
        "radius_km": [np.nan] * 3,
        "national": [False] * 3,
        "listed": [["U1", "U2"], ["U1", "U2"], ["U3"]],
        "services": ["accommodation;ete", "", "accommodation"],
    })
    providers, reach, design, params = toy_case(providers)
    return providers, reach, design, params.replace(services=BUNDLE)


def test_toy_bundle_values_are_the_sum_of_the_categories(toy_bundle):
    providers, reach, design, params = toy_bundle
    context = prepare_design(providers, reach, design)
    bundled = score_design(providers, reach, design, params, context=context).lots["value_gbp"]
    singles = [score_design(providers, reach, design, params.replace(service=k), context=context).lots["value_gbp"]
               for k in BUNDLE]
    assert bundled.to_dict() == pytest.approx({"A": 80_000, "B": 120_000})
    assert singles[0].to_dict() == pytest.approx({"A": 36_000, "B": 54_000})
    assert (bundled - singles[0] - singles[1]).abs().max() < 1e-6


def test_toy_bundle_eligibility_and_the_named_gap(toy_bundle):
    providers, reach, design, params = toy_bundle
    context = prepare_design(providers, reach, design)
    lots = score_design(providers, reach, design, params, context=context).lots
    assert lots.loc["A", "turnover_needed_gbp"] == pytest.approx(160_000)
    # A: only Q1 (£170,000) passes; Q2's £150,000 is short of £160,000. B: Q3 at exactly £240,000.
    assert lots["n_vcs_prime_eligible"].to_dict() == {"A": 1, "B": 1}
    assert lots["n_vcs_lead_alone"].to_dict() == {"A": 1, "B": 0}
    assert lots["n_vcs_prime_eligible_with_gap"].to_dict() == {"A": 0, "B": 1}
    gaps = lead_gaps(context, params)
    assert gaps.to_dict(orient="records") == [
        {"lot": "B", "provider_id": "Q3", "name": "Org Q3", "missing": "Education, training and employment"}
    ]
    # For accommodation alone, Q2 passes too (£150,000 ≥ £72,000) and nobody has a gap.
    single = score_design(providers, reach, design, params.replace(service="accommodation"), context=context).lots
    assert single["n_vcs_prime_eligible"].to_dict() == {"A": 2, "B": 1}
    assert single["n_vcs_lead_alone"].to_dict() == {"A": 2, "B": 1}


def test_toy_bundle_summary_money_and_the_services_note(toy_bundle):
    providers, reach, design, params = toy_bundle
    summary = score_design(providers, reach, design, params).summary
    # Only lot A (£80,000 of £200,000) has a voluntary lead with no gap.
    assert summary["share_value_voluntary_lead"] == pytest.approx(0.4)
    assert summary["n_lots_lead_alone"] == 1 and summary["n_lots_locally_lead_alone"] == 1
    assert summary["services_test"].startswith("Services are stated for 2 of 3 organisations")
    silent = providers.drop(columns="services")
    note = score_design(silent, reach, design, params).summary["services_test"]
    assert "only the money (turnover) and reach tests were applied" in note


def test_named_bundle_is_every_category_but_womens():
    assert set(BUNDLES[CSM]) == set(CATEGORY_SHARES) - {"women"}
    params = ScoringParams(services=parse_services(CSM))
    assert params.budget_gbp == pytest.approx(100_000_000 * 0.87)
    assert params.bundle_name == CSM and params.service_label.startswith("Community Support for Men 2027")
    assert parse_services("ete, women") == ("ete", "women")
    with pytest.raises(ValidationError, match="Unknown service"):
        parse_services("housing")
    with pytest.raises(ValidationError, match="not a service category"):
        ScoringParams(services=("accommodation", "housing"))


def test_params_round_trip_keeps_the_bundle():
    params = ScoringParams(services=BUNDLES[CSM], scope=EXCEPT_GM)
    back = ScoringParams.from_dict(json.loads(json.dumps(params.to_dict())))
    assert back == params and back.categories == BUNDLES[CSM]
    # Choosing a service by name means that service alone.
    assert params.replace(service="women").categories == ("women",)


def test_notice_budget_presets_divide_out_vat_and_years():
    presets = {p["key"]: p for p in notice_budget_presets()}
    assert presets["notice_5y"]["budget_gbp"] == pytest.approx(854_446_832 / 1.2 / 5)  # £142.4m a year
    assert presets["notice_8y"]["budget_gbp"] == pytest.approx(89_004_878.33, abs=0.01)
    assert presets["notice_max_8y"]["budget_gbp"] == pytest.approx(1_128_855_881 / 1.2 / 8)
    assert all("including VAT" in p["source"] for p in presets.values())


def test_services_words_map_to_categories():
    assert read_services("Housing; ETE; debt advice; knitting") == (
        ["accommodation", "finance_benefit_debt", "ete"], ["knitting"])
    assert read_services("drugs, alcohol and gambling") == (["dependency_recovery"], ["alcohol and gambling"])
    assert read_services("Finance, benefit and debt; Education, training and employment") == (
        ["finance_benefit_debt", "ete"], [])


def _compare_json(capsys, *extra):
    assert main(["compare", "--designs", "pcc42,regions12", "--scope", EXCEPT_GM, "--budget", "100000000",
                 "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_compare_bundle_values_are_lot_by_lot_sums_of_single_service_runs(capsys):
    bundled = _compare_json(capsys, "--bundle", CSM)
    assert [d["n_lots"] for d in bundled["designs"]] == [41, 11]
    assert "Greater Manchester" not in bundled["lot_values_gbp"]["pcc42"]
    assert "Greater Manchester" not in bundled["lot_values_gbp"]["regions12"]
    total = {design: pd.Series(0.0, index=list(values)) for design, values in bundled["lot_values_gbp"].items()}
    for service in BUNDLES[CSM]:
        single = _compare_json(capsys, "--service", service)
        for design, values in single["lot_values_gbp"].items():
            total[design] = total[design] + pd.Series(values)
    for design, values in bundled["lot_values_gbp"].items():
        assert len(values) == {"pcc42": 41, "regions12": 11}[design]
        assert (pd.Series(values) - total[design]).abs().max() < 1e-3
    # 87% of £100m across England and Wales; without Greater Manchester a little less.
    assert 80e6 < sum(bundled["lot_values_gbp"]["regions12"].values()) < 87e6
    assert bundled["services"] == list(BUNDLES[CSM])


def test_cli_services_list_equals_the_named_bundle(capsys):
    named = _compare_json(capsys, "--bundle", CSM)
    listed = _compare_json(capsys, "--services", ",".join(reversed(BUNDLES[CSM])))
    for design, values in named["lot_values_gbp"].items():
        assert listed["lot_values_gbp"][design] == pytest.approx(values)


def test_a_services_column_is_read_mapped_and_reported(tmp_path):
    from lotdesign.importing.providers import load_providers

    path = tmp_path / "members.csv"
    path.write_text(
        "Organisation name,Postcode,Income,Services delivered\n"
        "Leeds Housing Project,LS1 4DY,250000,Housing; employment\n"
        "Cardiff Recovery,CF10 1EP,90000,drugs; knitting\n"
        "Quiet Group,SW1A 1AA,40000,\n"
    )
    load = load_providers(path)
    accepted = load.accepted.set_index("name")
    assert accepted["services"].to_dict() == {"Leeds Housing Project": "accommodation;ete",
                                              "Cardiff Recovery": "dependency_recovery", "Quiet Group": ""}
    warning = accepted.loc["Cardiff Recovery", "warnings"]
    assert warning.startswith("Row 3") and "'knitting' not recognised" in warning


@pytest.fixture(scope="module")
def demo_provider_set():
    from lotdesign.importing.workspace import load_provider_set

    return load_provider_set(None)


def test_demo_data_bundled_regions_give_fewer_lots_a_local_vcs_could_lead_alone(demo_provider_set):
    from lotdesign.core.designs import get_design
    from lotdesign.levers.bundling import pattern_comparison

    params = ScoringParams(services=BUNDLES[CSM])
    result = pattern_comparison(demo_provider_set.context(get_design("pcc42")),
                                demo_provider_set.context(get_design("csm2027_assumed")), params)
    a, b = result.table["2021 pattern"], result.table["2027 pattern"]
    assert a["n_lots"] == 5 * 41 and b["n_lots"] == 11
    share_2021 = a["n_lots_locally_lead_alone"] / a["n_lots"]
    share_2027 = b["n_lots_locally_lead_alone"] / b["n_lots"]
    assert share_2027 < share_2021
    # The consortium figure is reported beside it, and a consortium can never do worse than one organisation.
    assert b["n_lots_locally_consortium"] >= b["n_lots_locally_lead_alone"]
    assert any("consortium" in s and f"{int(b['n_lots_consortium'])} of 11" in s for s in result.sentences)
    # The 2027 values are the bundle's; the 2021 lots are each one service's.
    assert b["median_value_gbp"] > a["median_value_gbp"]
    assert result.services_test.startswith("The provider list does not say")
    assert sum(b[k] for k in ("n_lots_0_bidders", "n_lots_1_bidder", "n_lots_2_bidders", "n_lots_3plus_bidders")) == 11
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["figures"]["n_lots"] == {"label": "Lots", "2021": 205, "2027": 11}
    assert payload["scope"] == EXCEPT_GM and payload["services"] == list(BUNDLES[CSM])


def test_cli_report_with_a_bundle_writes_the_lots_statement(tmp_path, capsys):
    import html
    import re

    out = tmp_path / "statement.html"
    assert main(["report", "--designs", "pcc42,csm2027_assumed", "--bundle", CSM, "--scope", EXCEPT_GM,
                 "--out", str(out)]) == 0
    text = html.unescape(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))
    text = " ".join(text.split())
    start = text.index("Lots statement (Procurement Act 2023, sections 18, 12(4) and 22) For ")
    statement = text[start:text.index("Robustness: does the comparison", start)]
    for words in ("Procurement Act 2023, section 18", "Procurement Act 2023, section 12(4)",
                  "Procurement Act 2023, section 22", "The Act itself sets no turnover multiple",
                  "Public Contracts Regulations 2015, reg. 58", "Lots a voluntary-sector consortium could lead",
                  "Lots by number of bidders able to lead", "2021 pattern", "2027 pattern",
                  "Community Support for Men 2027 — lots assumed: assumed: the notice does not list its lots in our sources"):
        assert words in statement, words
    # The statement's figures are the scores': 41 PCC-area lots and 11 regional lots.
    assert "Lots 41 11" in statement
    assert "--bundle community_support_men_2027" in text  # the reproducing command keeps the bundle


def test_a_scenario_file_keeps_the_bundle_scope_and_the_assumed_design():
    from lotdesign.core.designs import get_design
    from lotdesign.core.scenario import Scenario, scenario_from_json, scenario_to_json

    params = ScoringParams(services=BUNDLES[CSM], scope=EXCEPT_GM, national_budget_gbp=89_004_878.33)
    saved = scenario_to_json(Scenario(design=get_design("pcc42"), compare=[get_design("csm2027_assumed")], params=params))
    assert json.loads(saved)["params"]["services"] == list(BUNDLES[CSM])
    back = scenario_from_json(saved)
    assert back.params == params and back.params.bundle_name == CSM
    assert back.compare[0].id == "csm2027_assumed" and back.compare[0].n_lots == 11 and back.compare[0].assumed


def test_the_lots_statement_names_each_leads_service_gap(toy_bundle):
    from lotdesign.report.lots_statement import lots_statement_section

    providers, reach, design, params = toy_bundle
    context = prepare_design(providers, reach, design)
    score = score_design(providers, reach, design, params, context=context)
    section = lots_statement_section([score], gaps=[lead_gaps(context, params)])
    tables = [b for b in section.blocks if getattr(b, "columns", None) == ("Lot", "Organisation",
                                                                          "Services it does not deliver itself")]
    assert len(tables) == 1 and tables[0].rows == (("B", "Org Q3", "Education, training and employment"),)
    figures = dict(next(b for b in section.blocks if getattr(b, "columns", ("",))[0] == "Figure").rows)
    # Lot A: £80,000, lot B: £120,000; Q1 leads A alone, Q3 passes for B but has a gap.
    assert figures["Annual lot value"] == "median £100k; from £80k to £120k; £200k in all"
    assert figures["Lots a voluntary organisation could lead alone"] == "1 of 2"
    assert figures["Lots by number of bidders able to lead (any sector): 0 / 1 / 2 / 3 or more"] == "0 / 2 / 0 / 0"


def test_cli_patterns_json_matches_the_library(capsys, demo_provider_set):
    from lotdesign.core.designs import get_design
    from lotdesign.levers.bundling import pattern_comparison

    assert main(["patterns", "--bundle", CSM, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    expected = pattern_comparison(demo_provider_set.context(get_design("pcc42")),
                                  demo_provider_set.context(get_design("csm2027_assumed")),
                                  ScoringParams(services=BUNDLES[CSM]))
    assert payload["figures"]["n_lots_locally_lead_alone"]["2027"] == expected.table.at["n_lots_locally_lead_alone", "2027 pattern"]
    assert payload["sentences"] == expected.sentences and payload["providers"]["synthetic"] is True
    assert main(["patterns"]) == 1
    assert "Give a bundle" in capsys.readouterr().err


def test_briefing_exports_say_the_lots_are_assumed_and_name_the_bundle():
    from lotdesign.core.designs import get_design
    from lotdesign.io.export import about_table

    params = ScoringParams(services=BUNDLES[CSM], scope=EXCEPT_GM)
    about = about_table(contents="Lot-by-lot figures", designs=[get_design("csm2027_assumed")], params=params,
                        synthetic=True).set_index("item")
    assert "lots assumed" in about.at["Lot design", "value"]
    assert "the notice does not list its lots in our sources" in about.at["Lot design", "value"]
    assert about.at["Service", "value"] == ("Community Support for Men 2027 (every service but women's) — annual budget "
                                            "£87,000,000")
    assert "047412-2025" in about.at["Service", "source"]
    assert about.at["Lots included", "value"] == EXCEPT_GM
