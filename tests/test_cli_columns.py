"""The command line's column mapping: `lotdesign columns` shows and saves it, `--columns` re-uses it."""

from __future__ import annotations

import json

from lotdesign.cli import main

MEMBERS_CSV = (
    "Member organisations (export 14/10/2024)\n"
    "Organisation Name,Postcode,Income (approx),Is this a women's organisation?,Where do you work?\n"
    "Leeds Women's Aid,LS1 4DY,\"£450,000\",Yes,Leeds; Bradford\n"
    "Cardiff Women's Centre,CF10 1EP,£50k,Yes,Cardiff\n"
    "Leeds Community Trust,LS2 8JS,£2m,No,Leeds\n"
)


def test_columns_command_prints_and_saves_the_proposed_mapping(tmp_path, capsys):
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    out = tmp_path / "mapping.json"
    assert main(["columns", str(members), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "members.csv: headings on row 2; 3 data rows." in printed
    assert "Is this a women's organisation? → women (proposed)   e.g. 'Yes', 'No'" in printed
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["header_row"] == 2 and saved["columns"]["Where do you work?"] == "service_area"


def test_score_applies_and_prints_proposals_or_uses_a_mapping_file(tmp_path, capsys):
    members = tmp_path / "members.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    assert main(["score", "--design", "pcc42", "--providers", str(members), "--json"]) == 0
    captured = capsys.readouterr()
    assert "3 rows read: 3 accepted, 0 rejected" in captured.err
    assert "proposed: 'Is this a women's organisation?' → women" in captured.err
    assert "2 organisations: specialism decided by the import" in captured.err
    proposed = json.loads(captured.out)

    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"Is this a women's organisation?": None}}), encoding="utf-8")
    assert main(["score", "--design", "pcc42", "--providers", str(members), "--columns", str(mapping), "--json"]) == 0
    captured = capsys.readouterr()
    assert "Is this a women's organisation? → not used" in captured.err
    chosen = json.loads(captured.out)
    # Without the women's column no organisation is a women's specialist, so coverage drops to 0.
    assert proposed["summary"]["specialist_coverage_women"] > 0
    assert chosen["summary"]["specialist_coverage_women"] == 0


def test_columns_without_providers_is_an_error(tmp_path, capsys):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {}}', encoding="utf-8")
    assert main(["score", "--design", "pcc42", "--columns", str(mapping)]) == 1
    assert "--columns needs --providers" in capsys.readouterr().err
