"""The design editor: moves, merges, splits, renames, undo/redo, contiguity flags, saving."""

import pandas as pd
import pytest

from geo.units import load_units
from lotdesign.errors import ValidationError
from lotdesign.core.designs import design_from_table, get_design
from lotdesign.studio.editing import DesignEdits, change_text, design_file_table, headline_change
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set

HAMPSHIRE, SURREY, NORTH_WALES, CUMBRIA = "E23000030", "E23000031", "W15000001", "E23000002"


def test_move_undo_redo():
    edits = DesignEdits(get_design("regions12"))
    units = load_units()
    hampshire = units.index[units["pcc_code"] == HAMPSHIRE]
    assert set(edits.unit_to_lot[hampshire]) == {"South Central"}
    edits.move(HAMPSHIRE, "South West")
    assert set(edits.unit_to_lot[hampshire]) == {"South West"}
    assert edits.actions[-1] == "Moved Hampshire from South Central to South West"
    edits.undo()
    assert set(edits.unit_to_lot[hampshire]) == {"South Central"} and edits.can_redo
    edits.redo()
    assert set(edits.unit_to_lot[hampshire]) == {"South West"} and not edits.can_redo
    # A new change after an undo drops the undone future.
    edits.undo()
    edits.rename("Wales", "Cymru")
    assert not edits.can_redo and "Cymru" in edits.lots and len(edits.states) == 2


def test_merge_split_rename_and_lot_counts():
    edits = DesignEdits(get_design("regions12"))
    edits.merge("North East", "Yorkshire and the Humber", name="North East and Yorkshire")
    assert len(edits.lots) == 11 and "North East and Yorkshire" in edits.lots
    edits.split("North West", [CUMBRIA], new_name="Cumbria")
    assert len(edits.lots) == 12
    cumbria = load_units().index[load_units()["pcc_code"] == CUMBRIA]
    assert set(edits.unit_to_lot[cumbria]) == {"Cumbria"}
    with pytest.raises(ValidationError, match="not in lot 'Wales'"):
        edits.split("Wales", [CUMBRIA], new_name="X")
    with pytest.raises(ValidationError, match="already exists"):
        edits.rename("Wales", "London")
    with pytest.raises(ValidationError, match="There is no lot 'Atlantis'"):
        edits.merge("Atlantis", "Wales")


def test_non_contiguous_lots_are_flagged_not_refused():
    edits = DesignEdits(get_design("regions12"))
    assert edits.problems() == []
    edits.move(CUMBRIA, "Wales")  # Cumbria does not touch Wales
    assert edits.problems() == ["Lot 'Wales' is in 2 separate pieces."]


def test_saved_design_scores_and_round_trips(tmp_path):
    pset = load_provider_set()
    edits = DesignEdits(get_design("regions12"))
    edits.move(HAMPSHIRE, "London")
    design = edits.design(design_id="mine", name="Regions with Hampshire in London")
    before = score_design(pset.providers, pset.reach, get_design("regions12")).summary
    after = score_design(pset.providers, pset.reach, design).summary
    table = headline_change(before, after)
    value_change = table.set_index("metric").loc["median_value_gbp", "change"]
    assert value_change == pytest.approx(after["median_value_gbp"] - before["median_value_gbp"])
    assert table.set_index("metric").loc["n_lots", "change"] == 0
    path = tmp_path / "mine.csv"
    design_file_table(design).to_csv(path, index=False)
    back = design_from_table(pd.read_csv(path, dtype=str))
    assert dict(back.unit_to_lot) == dict(design.unit_to_lot)


def test_district_level_moves_one_district():
    edits = DesignEdits(get_design("pcc42"), level="lad")
    edits.move("E06000046", "Dorset")  # the Isle of Wight into Dorset
    assert edits.unit_to_lot["E06000046"] == "Dorset"
    assert (edits.unit_to_lot == "Hampshire").sum() == (get_design("pcc42").unit_to_lot == "Hampshire").sum() - 1
    table = design_file_table(edits.design())
    assert list(table.columns) == ["lad_code", "lad_name", "lot"]


def test_change_text_is_the_difference_of_the_figures_shown():
    # The two cases that read wrong before: "75% → 89%" read +13.9 points, "£1.0m → £632k" −£385k.
    assert change_text("share_population_locally_contestable", 0.7549, 0.8939) == "+14 points"
    assert change_text("median_value_gbp", 1_017_000, 632_000) == "−£368k"
    assert change_text("share_population_locally_contestable", 0.50, 0.531) == "+3 points"
    assert change_text("fragmentation", 2.04, 2.01) == "no change"
