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
