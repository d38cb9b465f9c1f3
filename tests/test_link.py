"""A view as a link: design codes round-trip exactly, settings round-trip, damage is named, and the
command line reads the same text."""

from __future__ import annotations

import json

import pytest

from geo.units import load_units
from lotdesign.cli import main as cli_main
from lotdesign.core.designs import get_design
from lotdesign.core.link import (
    CODE_PREFIX,
    decode_design,
    encode_design,
    params_from_query,
    read_link,
    view_link,
    view_query,
)
from lotdesign.core.params import ScoringParams
from lotdesign.errors import ValidationError
from lotdesign.studio.editing import DesignEdits


def same_assignment(a, b) -> bool:
    return a.unit_to_lot.astype(str).sort_index().equals(b.unit_to_lot.astype(str).sort_index())


@pytest.mark.parametrize("design_id", ["pcc42", "regions12", "cpa21", "nps7"])
def test_builtin_designs_round_trip_at_pcc_area_level(design_id):
    design = get_design(design_id)
    code = encode_design(design)
    back = decode_design(code)
    assert code.startswith(CODE_PREFIX) and len(code) < 1000
    assert same_assignment(design, back) and back.level == "pfa" and back.n_lots == design.n_lots


def district_edit():
    """12 regions with Amber Valley (an East Midlands district) moved into Wales."""
    edits = DesignEdits(get_design("regions12"), level="lad")
    edits.move("E07000032", "Wales")
    edits.rename("Wales", "Wales and Amber Valley")
    return edits.design(name="Regions, one district moved")


def test_an_edited_district_level_design_round_trips():
    design = district_edit()
    back = decode_design(encode_design(design))
    assert back.level == "lad" and back.name == "Regions, one district moved"
    assert back.unit_to_lot["E07000032"] == "Wales and Amber Valley"
    assert back.unit_to_lot["W06000015"] == "Wales and Amber Valley"  # Cardiff
    assert same_assignment(design, back)
    assert (back.unit_to_lot.index.sort_values() == load_units().index.sort_values()).all()


def test_a_wales_only_design_keeps_its_scope():
    from lotdesign.core.designs import LotDesign

    wales = get_design("pcc42")
    welsh = wales.unit_to_lot[load_units().loc[wales.unit_to_lot.index, "country"] == "Wales"]
    design = LotDesign(id="w", name="Four Welsh forces", unit_to_lot=welsh, scope="Wales")
    back = decode_design(encode_design(design))
    assert back.scope == "Wales" and back.n_lots == 4


def test_a_cut_code_is_named_as_damaged():
    code = encode_design(get_design("regions12"))
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        decode_design(code[: len(code) // 2])
    with pytest.raises(ValidationError, match="starts with 'e1.'"):
        decode_design("x" + code)


def test_settings_round_trip_and_defaults_stay_out_of_the_address():
    params = ScoringParams(service="women", turnover_multiple=3.0, reach_threshold=0.6, scope="Wales",
                           national_budget_gbp=120e6, value_weighting="females")
    query = view_query(["pcc42", "regions12"], params)
    assert query == {"designs": "pcc42,regions12", "service": "women", "scope": "Wales", "budget": "120",
                     "turnover": "3", "reach": "60", "weighting": "females"}
    assert params_from_query(query) == params
    assert view_query(["pcc42"], ScoringParams()) == {"designs": "pcc42"}


def test_a_bad_setting_names_the_key_and_the_fix():
    with pytest.raises(ValidationError, match="service='housing' is not a service; use one of accommodation"):
        params_from_query({"service": "housing"})
    with pytest.raises(ValidationError, match="turnover='lots' is not a turnover multiple"):
        params_from_query({"turnover": "lots"})


def test_a_full_link_gives_every_design_and_the_settings():
    edited = district_edit()
    link = view_link("http://127.0.0.1:8501/?present=1", ["pcc42", encode_design(edited)],
                     ScoringParams(service="ete", turnover_multiple=3.0))
    assert link.startswith("http://127.0.0.1:8501/?designs=pcc42,e1.") and "present" not in link
    view = read_link(link)
    assert [d.n_lots for d in view.designs] == [42, 12]
    assert same_assignment(view.designs[1], edited)
    assert view.params == ScoringParams(service="ete", turnover_multiple=3.0)


def test_the_command_line_scores_a_linked_design_like_its_file(tmp_path, capsys):
    from lotdesign.studio.editing import design_file_table

    edited = district_edit()
    path = tmp_path / "edited.csv"
    design_file_table(edited).to_csv(path, index=False)
    link = view_link("http://localhost:8501/", ["regions12", encode_design(edited)], ScoringParams(service="women"))

    assert cli_main(["score", "--design", str(path), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert cli_main(["score", "--design", encode_design(edited), "--json"]) == 0
    from_code = json.loads(capsys.readouterr().out)
    figures = {key for key in from_file["summary"] if key not in ("design", "design_name")}
    assert {k: from_code["summary"][k] for k in figures} == {k: from_file["summary"][k] for k in figures}
    assert from_code["summary"]["design_name"] == "Regions, one district moved"
    assert from_code["summary"]["n_lots"] == 12

    assert cli_main(["compare", "--designs", link, "--json"]) == 0
    captured = capsys.readouterr()
    designs = json.loads(captured.out)["designs"]
    assert "--service women" in captured.err  # the link's service is named, the options given still apply
    assert [d["design"] for d in designs] == ["regions12", "linked2"] and designs[1]["n_lots"] == 12


def test_a_bundle_and_the_greater_manchester_scope_travel_in_a_link():
    params = ScoringParams(services=("accommodation", "ete", "personal_wellbeing"),
                           scope="England and Wales except Greater Manchester")
    query = view_query(["regions12"], params)
    assert query["services"] == "accommodation,ete,personal_wellbeing"
    assert query["scope"] == "England and Wales except Greater Manchester"
    back = params_from_query(query)
    assert back == params and back.is_bundle
    with pytest.raises(ValidationError, match="services='ete,housing' names 'housing', not a service"):
        params_from_query({"services": "ete,housing"})
