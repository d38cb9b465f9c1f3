import json

from lotdesign.cli import main


def test_designs_json_lists_the_builtins(capsys):
    assert main(["designs", "--json"]) == 0
    designs = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert designs["pcc42"]["n_lots"] == 42 and designs["regions12"]["n_lots"] == 12
    assert designs["proposal11_2018"]["confidence"].startswith("inferred")


def test_lots_json_gives_pfas_lad_counts_and_population(capsys):
    assert main(["lots", "regions12", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    lots = {lot["lot"]: lot for lot in payload["lots"]}
    assert payload["n_lots"] == 12
    assert set(lots["North East"]["pfa_names"]) == {"Cleveland", "Durham", "Northumbria"}
    assert lots["North East"]["n_units"] == 12
    assert sum(lot["population"] for lot in payload["lots"]) == 60_854_727


def test_geocode_prints_coordinates_and_lad(capsys):
    assert main(["geocode", "SW1A 1AA", "cf101ep", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["lad_code"] for r in rows] == ["E09000033", "W06000015"]
    assert abs(rows[0]["lat"] - 51.501) < 0.01 and abs(rows[0]["lon"] + 0.142) < 0.01


def test_geocode_unknown_postcode_exits_non_zero_with_message(capsys):
    assert main(["geocode", "ZZ9 9ZZ"]) == 1
    assert "is not a postcode in England or Wales" in capsys.readouterr().out


def test_unknown_design_is_a_clean_error(capsys):
    assert main(["lots", "nonsense"]) == 1
    assert "Unknown design 'nonsense'" in capsys.readouterr().err


def test_score_json_has_the_documented_shape(capsys):
    assert main(["score", "--design", "regions12", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["design"] == "regions12" and payload["service"] == "accommodation" and payload["n_lots"] == 12
    lot = {row["lot"]: row for row in payload["lots"]}["London"]
    for key in ("population", "value_gbp", "n_vcs_prime_eligible", "local_coverage", "prime_coverage", "locked_out"):
        assert key in lot
    assert set(lot["specialist_coverage"]) == {"women", "bame"} and set(lot["specialist_prime_coverage"]) == {"women", "bame"}
    assert lot["population"] == 8_945_309  # Metropolitan Police + City of London, mid-2023
    # £100m × 9% accommodation × London's share of England and Wales.
    assert abs(lot["value_gbp"] - 9_000_000 * 8_945_309 / 60_854_727) < 0.01
    for key in ("share_lots_contestable", "share_population_contestable", "local_fit", "fragmentation"):
        assert 0 <= payload["summary"][key] <= (10 if key == "fragmentation" else 1)
    assert payload["providers"]["synthetic"] is True


def test_compare_on_demo_data_favours_42_pcc_areas_locally(capsys):
    assert main(["compare", "--designs", "pcc42,regions12,cpa21", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    summary = {d["design"]: d for d in payload["designs"]}
    pcc, regions, cpa = summary["pcc42"], summary["regions12"], summary["cpa21"]
    assert pcc["n_lots_locally_contestable"] > regions["n_lots_locally_contestable"]
    assert pcc["share_population_locally_contestable"] > regions["share_population_locally_contestable"]
    assert pcc["specialist_prime_coverage_women"] > regions["specialist_prime_coverage_women"]
    assert pcc["median_value_gbp"] < cpa["median_value_gbp"] < regions["median_value_gbp"]
    assert len(payload["sentences"]) >= 5 and "42 PCC areas" in payload["sentences"][0]


def test_score_writes_csv_and_xlsx(tmp_path, capsys):
    import pandas as pd

    for name in ("scores.csv", "scores.xlsx"):
        path = tmp_path / name
        assert main(["score", "--design", "pcc42", "--service", "women", "--out", str(path)]) == 0
        table = pd.read_csv(path) if name.endswith(".csv") else pd.read_excel(path)
        assert len(table) == 42 and "prime_coverage" in table.columns


def test_bad_provider_file_is_a_message_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("org_code,town\n1,Leeds\n")
    assert main(["score", "--design", "pcc42", "--providers", str(path)]) == 1
    err = capsys.readouterr().err
    assert "No organisation name column" in err and "Traceback" not in err


def test_scope_wales_shows_welsh_lots_only(capsys):
    assert main(["score", "--design", "pcc42", "--scope", "Wales", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert sorted(lot["lot"] for lot in payload["lots"]) == ["Dyfed-Powys", "Gwent", "North Wales", "South Wales"]
