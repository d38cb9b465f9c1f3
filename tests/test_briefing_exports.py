"""Briefing-ready exports read back: labelled columns, machine names and the About block in
every format (CSV, XLSX via openpyxl, GeoJSON, GeoPackage via pyogrio), the accepted
organisations with how each was read, and file names carrying the design's name."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pyogrio
import pytest

from lotdesign.core.compare import compare_designs
from lotdesign.core.designs import get_design, load_design_file
from lotdesign.io.export import (
    about_table,
    briefing_lots_bytes,
    briefing_table_bytes,
    export_file_stem,
    organisations_table,
    read_briefing_csv,
)
from lotdesign.core.params import SOURCES, ScoringParams
from lotdesign.importing.providers import load_providers
from lotdesign.importing.workspace import load_provider_set

PARAMS = ScoringParams(service="women", national_budget_gbp=150e6, turnover_multiple=3.0, reach_threshold=0.7)


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


@pytest.fixture(scope="module")
def comparison(demo):
    return compare_designs(demo.providers, demo.reach, [get_design("pcc42"), get_design("regions12")], PARAMS)


@pytest.fixture(scope="module")
def about(demo):
    return about_table(contents="Lot-by-lot figures", designs=[get_design("pcc42")], params=PARAMS, synthetic=True,
                       providers_source=demo.load.source_name, n_providers=len(demo.providers),
                       generated_at=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc))


def check_about(values: dict) -> None:
    """The About block names the design, the service and budget, every parameter, the data and the flag."""
    text = json.dumps(values, ensure_ascii=False)
    assert "42 PCC areas (42 lots" in values["Lot design"]
    assert values["Service"].startswith("Women's services — annual budget £19,500,000")  # 13% of £150m
    assert values["Income needed to bid as prime"].startswith("3 × the annual lot value")
    assert values["Share of a lot a prime must reach"].startswith("70% of the lot's population")
    assert values["National annual budget"].startswith("£150,000,000 a year")
    assert values["Synthetic data"].startswith("YES — synthetic demo organisations")
    assert values["Generated"].startswith("2026-03-01 09:30 UTC")
    assert values["App version"].startswith("Lot Design Explorer ")
    assert "Open Government Licence" in text and "OS data" in text
    for source in SOURCES.values():
        assert source[:50] in text


def test_csv_has_labels_machine_names_and_about(comparison, about):
    lots = comparison.scores[0].lots.reset_index()
    data = briefing_table_bytes(lots, "csv", about)
    text = data.decode("utf-8-sig")
    assert text.startswith("# Contents: Lot-by-lot figures")
    header_line = next(line for line in text.splitlines() if not line.startswith(("#", '"#')))
    assert "Annual lot value (£)" in header_line and "Lot" in header_line
    frame, values = read_briefing_csv(data)
    assert list(frame.columns) == list(lots.columns)  # the second header line: machine names
    assert len(frame) == 42 and frame["value_gbp"].sum() == pytest.approx(19_500_000)
    check_about(values)


def test_excel_has_figures_columns_and_about_sheets(comparison, about):
    table = comparison.table.reset_index()
    book = openpyxl.load_workbook(io.BytesIO(briefing_table_bytes(table, "xlsx", about)))
    assert book.sheetnames == ["Figures", "Columns", "About"]
    header = [cell.value for cell in book["Figures"][1]]
    assert "Women reached by a prime-eligible women's specialist" in header
    columns = {row[1]: row[0] for row in book["Columns"].iter_rows(min_row=2, values_only=True)}
    assert columns["specialist_prime_coverage_women"] == "Women reached by a prime-eligible women's specialist"
    assert columns["share_population_locally_contestable"] == "Population in locally contestable lots"
    check_about({row[0]: f"{row[1]} — source: {row[2] or ''}" for row in book["About"].iter_rows(min_row=2, values_only=True)})


def test_geojson_and_geopackage_carry_about_and_labels(comparison, about, tmp_path):
    score = comparison.scores[1]
    collection = json.loads(briefing_lots_bytes(score, "geojson", about))
    assert len(collection["features"]) == 12
    check_about(collection["about"])
    assert collection["columns"]["value_gbp"] == "Annual lot value (£)"
    path = tmp_path / "lots.gpkg"
    path.write_bytes(briefing_lots_bytes(score, "gpkg", about))
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"lots", "about", "columns"} and layers["about"] is None
    lots = pyogrio.read_dataframe(path, layer="lots")
    assert len(lots) == 12 and lots.crs.to_epsg() == 27700
    table = pyogrio.read_dataframe(path, layer="about")
    check_about({item: f"{value} — source: {source}" for item, value, source in table[["item", "value", "source"]].itertuples(index=False)})
    labels = pyogrio.read_dataframe(path, layer="columns")
    assert dict(zip(labels["name"], labels["label"]))["turnover_needed_gbp"] == "Annual income needed to bid as prime (£)"


def test_organisations_say_how_each_was_read():
    csv = (
        b"name,postcode,income_gbp,income_band,specialisms,service_area\n"
        b"Leeds Women's Centre,LS1 4DY,450000,,women,Leeds\n"
        b"Cardiff Futures,CF10,,large,bame,national\n"
        b"Hull Hope,HU1 1AA,25000,,,\n"
    )
    load = load_providers(csv, source_name="mine.csv")
    table = organisations_table(load)
    assert list(table["name"]) == ["Leeds Women's Centre", "Cardiff Futures", "Hull Hope"]
    rows = table.set_index("name")
    assert rows.at["Leeds Women's Centre", "service_area_read_as"] == "the areas listed (local authorities, counties, PCC areas…)"
    assert rows.at["Leeds Women's Centre", "base_read_from"] == "full postcode"
    assert rows.at["Cardiff Futures", "base_read_from"] == "postcode district only (centre of the district)"
    assert rows.at["Cardiff Futures", "income_read_as"] == "from the income band given (the band's lower bound)"
    assert rows.at["Cardiff Futures", "income_gbp"] == 1_000_000
    assert rows.at["Hull Hope", "service_area_read_as"] == "no area given: the default radius for its income band"
    assert rows.at["Hull Hope", "radius_km"] == 20  # small charity (£10k–£100k): 20 km
    about = about_table(contents="Organisations", designs=[], params=ScoringParams(), synthetic=False,
                        providers_source="mine.csv", n_providers=3)
    frame, values = read_briefing_csv(briefing_table_bytes(table, "csv", about))
    assert values["Synthetic data"].startswith("No") and values["Organisation data"] == "mine.csv (3 organisations) — source: Uploaded by the user"
    assert list(frame["source_row"]) == [2, 3, 4]


def test_file_names_carry_the_design_name():
    design = load_design_file(_eleven_lots(), design_id="custom1", name="Eleven lots (draft 2)")
    assert export_file_stem("lots", design.name, "women") == "lots_eleven_lots_draft_2_women"
    assert export_file_stem("comparison", get_design("pcc42").name) == "comparison_42_pcc_areas"


def _eleven_lots() -> bytes:
    from ui.design_tab import example_design_table

    table = example_design_table("regions12")
    merged = table.assign(lot=table["lot"].replace({"Wales": "South West and Wales", "South West": "South West and Wales"}))
    return merged.to_csv(index=False).encode()


def test_cli_writes_briefing_files(tmp_path, capsys):
    from lotdesign.cli import main

    out = tmp_path / "comparison.csv"
    assert main(["compare", "--designs", "pcc42,regions12", "--service", "women", "--briefing", "--out", str(out)]) == 0
    frame, values = read_briefing_csv(out.read_bytes())
    assert list(frame["design"]) == ["pcc42", "regions12"]
    assert values["Synthetic data"].startswith("YES") and values["Service"].startswith("Women's services")
    xlsx = tmp_path / "lots.xlsx"
    assert main(["score", "--design", "regions12", "--briefing", "--out", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Figures", "Columns", "About"]
    assert main(["score", "--design", "regions12", "--briefing", "--out", str(tmp_path / "lots.txt")]) == 1
    assert "use a .csv or .xlsx file name" in capsys.readouterr().err
