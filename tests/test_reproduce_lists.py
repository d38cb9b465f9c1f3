"""Combined member lists reproduce: the report's scenario file and its Reproduce command rebuild
the same headline, and the organisations export loads back with the same figures.

Uses the register and survey extracts in ``tests/fixtures`` (made up, not real charities).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lotdesign.cli import main
from lotdesign.core.compare import compare_designs
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.scenario import Scenario, scenario_from_json, scenario_to_json
from lotdesign.importing.workspace import build_provider_set
from lotdesign.importing.providers import ColumnMapping, combine_loads, load_providers
from lotdesign.io.export import about_table, briefing_table_bytes, organisations_table, table_bytes

FIXTURES = Path(__file__).parent / "fixtures"
REGISTER = FIXTURES / "charity_register_extract.csv"
SURVEY = FIXTURES / "member_survey_export.csv"


def _section(page: str, key: str) -> str:
    match = re.search(rf'<section id="{key}">(.*?)</section>', page, re.S)
    assert match, f"no {key} section"
    return match.group(1)


def _register_mapping(folder: Path) -> Path:
    mapping = load_providers(REGISTER).mapping
    mapping.areas["Leeds Cty"] = "Leeds"
    path = folder / "register.columns.json"
    path.write_text(mapping.to_json(), encoding="utf-8")
    return path


def test_a_report_from_combined_lists_is_rebuilt_from_its_scenario_file(tmp_path, monkeypatch, capsys):
    first = tmp_path / "first"
    first.mkdir()
    mapping = _register_mapping(first)
    assert main(["report", "--designs", "pcc42", "--service", "women", "--providers", str(REGISTER), "--columns", str(mapping),
                 "--providers", str(SURVEY), "--out", str(first / "report.html")]) == 0
    page = (first / "report.html").read_text(encoding="utf-8")
    reproduce = _section(page, "reproduce")
    command = html.unescape(re.search(r"<pre[^>]*>(?:<code[^>]*>)?(lotdesign report.*?)<", reproduce, re.S).group(1)).strip()
    assert command == ("lotdesign report --scenario lot_design_scenario.json --providers charity_register_extract.csv "
                       "--providers member_survey_export.csv --out report.html "
                       f"--awards-as-of {dt.date.today().isoformat()}")  # the day of the award record, named
    encoded = re.search(r'download="lot_design_scenario.json" href="data:application/json;base64,([^"]+)"', reproduce).group(1)
    scenario_bytes = base64.b64decode(encoded)
    sources = scenario_from_json(scenario_bytes).providers_sources
    assert [s["file"] for s in sources] == ["charity_register_extract.csv", "member_survey_export.csv"]
    assert sources[0]["areas"] == {"Leeds Cty": "Leeds"} and sources[0]["header_row"] == 2
    assert sources[1]["columns"]["Which groups do you specialise in?"] == "specialisms"

    # Someone else, with the two files and the scenario file in one folder, runs the printed command.
    second = tmp_path / "second"
    second.mkdir()
    (second / "lot_design_scenario.json").write_bytes(scenario_bytes)
    shutil.copy(REGISTER, second)
    shutil.copy(SURVEY, second)
    monkeypatch.chdir(second)
    capsys.readouterr()
    assert main(shlex.split(command)[1:]) == 0
    assert "read with the column mapping and area decisions recorded in the scenario" in capsys.readouterr().err
    again = (second / "report.html").read_text(encoding="utf-8")
    assert _section(again, "headline") == _section(page, "headline")
    assert _section(again, "scenario") == _section(page, "scenario")
    assert "<td>Organisations used (accepted)</td><td>27</td>" in page
    # Organisations with warnings, counted as the Organisations tab counts them (accepted rows with warnings).
    register_and_survey = combine_loads(load_providers(REGISTER, columns=ColumnMapping.read(mapping)), load_providers(SURVEY))
    assert f"<td>Organisations used with warnings</td><td>{register_and_survey.n_with_warnings}</td>" in page


def _women_figures(load) -> pd.Series:
    provider_set = build_provider_set(load)
    designs = [get_design("pcc42")]
    params = ScoringParams(service="women")
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, params,
                                 contexts={d.id: provider_set.context(d) for d in designs})
    return comparison.table.loc["pcc42"]


@pytest.mark.parametrize("form", ["csv", "briefing csv", "briefing xlsx"])
def test_the_organisations_export_loads_back_with_the_same_figures(tmp_path, form):
    mapping = ColumnMapping.from_json(_register_mapping(tmp_path).read_bytes())
    combined = combine_loads(load_providers(REGISTER, columns=mapping), load_providers(SURVEY))
    exported = organisations_table(combined)
    path = tmp_path / ("organisations.xlsx" if form.endswith("xlsx") else "organisations.csv")
    if form == "csv":
        path.write_bytes(table_bytes(exported, "csv"))
    else:  # as the app's Downloads tab writes it: an About block, labelled columns
        about = about_table(contents="Accepted organisations and how each was read", designs=[], params=ScoringParams(),
                            synthetic=False, providers_source=combined.source_name, n_providers=combined.n_accepted)
        path.write_bytes(briefing_table_bytes(exported, form.split()[-1], about))
    again = load_providers(path)
    assert again.n_accepted == combined.n_accepted == 27 and again.n_rejected == 0
    assert again.proposals == []  # every column of the export is read by its own name
    before, after = _women_figures(combined), _women_figures(again)
    pd.testing.assert_series_equal(before, after, check_names=False)
    by_name = again.accepted.set_index("name")
    assert by_name.loc["Women Beyond The Gate", "service_area_kind"] == "national"
    assert not by_name.loc["Devon Women Moving On", "income_known"]
    assert by_name.loc["Bristol Gateway Project", "base_lad"] == "E06000023"


def test_the_organisations_export_describes_each_row_truthfully():
    combined = combine_loads(load_providers(REGISTER), load_providers(SURVEY))
    table = organisations_table(combined).set_index("name")
    said = table["income_read_as"]
    assert said["Devon Women Moving On"] == "unknown: the income given is not an amount in £ (cannot be prime-eligible)"
    assert said["Plymouth Outreach"] == "approximate amount given, read as a figure"
    assert said["Severn Women's Network"] == "income amount given"
    areas = table["service_area_read_as"]
    assert areas["Women Beyond The Gate"] == "works nationally (as stated)"
    assert areas["Headingley Circle"] == "areas given but none recognised: the default radius for its income band"
    assert areas["Northern Lights Trust"].startswith("areas given are outside England and Wales")
    assert table.loc["Bristol Gateway Project", "warnings"].count("BS2 OJA") == 1
    assert areas["Capital Women's Project"] == "the areas listed (local authorities, counties, PCC areas…)"


def test_compare_reads_the_provider_files_as_a_scenario_records_them(tmp_path, monkeypatch, capsys):
    mapping = _register_mapping(tmp_path)
    assert main(["compare", "--designs", "pcc42,regions12", "--service", "women", "--providers", str(REGISTER),
                 "--columns", str(mapping), "--providers", str(SURVEY), "--json"]) == 0
    direct = json.loads(capsys.readouterr().out)
    load = combine_loads(load_providers(REGISTER, columns=ColumnMapping.read(mapping)), load_providers(SURVEY))
    scenario = Scenario(design=get_design("pcc42"), compare=[get_design("regions12")], params=ScoringParams(service="women"),
                        providers_fingerprint=load.fingerprint, providers_source=load.source_name,
                        providers_sources=load.source_records())
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "scenario.json").write_text(scenario_to_json(scenario), encoding="utf-8")
    shutil.copy(REGISTER, folder)
    shutil.copy(SURVEY, folder)
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "--scenario", str(folder / "scenario.json"), "--json"]) == 0  # files found beside it
    again = json.loads(capsys.readouterr().out)
    assert again["providers"]["fingerprint"] == direct["providers"]["fingerprint"] == load.fingerprint
    assert {k: v for k, v in again.items() if k != "providers"} == {k: v for k, v in direct.items() if k != "providers"}
    assert again["providers"]["source"] == "charity_register_extract.csv + member_survey_export.csv"
    assert len(again["designs"]) == 2 and again["service"] == "women"
