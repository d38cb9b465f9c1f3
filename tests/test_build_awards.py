"""Rebuilding data/awards/ from ../shared/data/awards reproduces the committed tables; placement rules."""

import importlib.util
import json

import pandas as pd
import pytest

from tests.conftest import REPO, SHARED_DATA

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not (SHARED_DATA / "awards" / "df_contracts.csv").is_file(),
        reason="../shared/data/awards is absent (a user's clone): the committed data/awards/ is used as it is",
    ),
]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    build_data = _load("build_data")
    units = build_data.build_units(SHARED_DATA)
    designs = build_data.build_designs(SHARED_DATA, units)
    first = tmp_path_factory.mktemp("awards_first")
    second = tmp_path_factory.mktemp("awards_second")
    build_data.build_awards_tables(SHARED_DATA, first, units, designs)
    build_data.build_awards_tables(SHARED_DATA, second, units, designs)
    return first / "awards", second / "awards"


@pytest.mark.parametrize("name", ["contracts.parquet", "supply_chain.parquet", "organisations.parquet", "delivery.parquet",
                                  "provenance.json"])
def test_rebuild_is_byte_identical_and_matches_committed(rebuilt, name):
    first, second = rebuilt
    assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / name).read_bytes() == (REPO / "data" / "awards" / name).read_bytes()


def test_every_source_row_is_kept(rebuilt):
    first, _ = rebuilt
    source = SHARED_DATA / "awards"
    contracts = pd.read_parquet(first / "contracts.parquet")
    assert sorted(contracts["contract_reference"]) == sorted(pd.read_csv(source / "df_contracts.csv")["contract_reference"])
    assert len(pd.read_parquet(first / "supply_chain.parquet")) == len(pd.read_csv(source / "df_supply_chain.csv"))
    assert len(pd.read_parquet(first / "organisations.parquet")) == len(pd.read_csv(source / "df_organisations.csv"))
    provenance = json.loads((first / "provenance.json").read_text())
    assert provenance["snapshot_commit"] == "6cc17e91bb5e364c92ed41e2244f5dd9bcb252e2"
    assert provenance["n_low_confidence_organisations"] == 16  # PROVENANCE.md: "16 rows are low confidence"


def test_unknown_slug_and_region_are_listed_with_a_reason_not_dropped():
    build_awards = _load("build_awards")
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    designs = pd.read_csv(REPO / "data" / "designs" / "builtin_designs.csv", dtype=str, keep_default_na=False)
    contracts = pd.read_csv(SHARED_DATA / "awards" / "df_contracts.csv", dtype={"pcc_region_code": str, "pfa_name": str})
    broken = contracts.head(3).copy()
    broken.loc[broken.index[0], ["lot_level", "probation_region"]] = ["region", "Atlantis"]
    broken.loc[broken.index[1], ["lot_level", "pcc_region_code"]] = ["pcc_area", "isle-of-man"]
    placed = build_awards.place_contracts(broken, units, designs)
    assert len(placed) == 3
    by_ref = placed.set_index("contract_reference")
    first, second = broken["contract_reference"].iloc[0], broken["contract_reference"].iloc[1]
    assert by_ref.loc[first, "lot"] is None or pd.isna(by_ref.loc[first, "lot"])
    assert "Atlantis" in by_ref.loc[first, "placement_note"]
    assert by_ref.loc[first, "extent"] == "not placed"
    assert "isle-of-man" in by_ref.loc[second, "placement_note"]


def test_broken_supply_chain_stops_the_build_naming_the_problem():
    build_awards = _load("build_awards")
    source = SHARED_DATA / "awards"
    contracts = pd.read_csv(source / "df_contracts.csv")
    supply = pd.read_csv(source / "df_supply_chain.csv", dtype=str)
    organisations = pd.read_csv(source / "df_organisations.csv", dtype=str, keep_default_na=False)
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    with pytest.raises(SystemExit, match="NOBODY_LTD"):
        build_awards.check_inputs(
            contracts,
            pd.concat([supply, pd.DataFrame([{"contract_reference": "CCS_0001", "provider_code": "NOBODY_LTD",
                                              "role": "subcontractor"}])]),
            organisations,
            units,
        )


def test_local_authority_table_is_checked_at_build(monkeypatch):
    build_awards = _load("build_awards")
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    build_awards.check_local_authority_codes(units)  # the shipped table passes
    monkeypatch.setitem(build_awards.LOCAL_AUTHORITY_CODES, "Bolton", ("E08000002",))  # Bury's code
    with pytest.raises(SystemExit, match="Bolton: E08000002 is Bury, not Bolton"):
        build_awards.check_local_authority_codes(units)
    monkeypatch.setitem(build_awards.LOCAL_AUTHORITY_CODES, "Bolton", ("E99999999",))
    with pytest.raises(SystemExit, match="not district codes"):
        build_awards.check_local_authority_codes(units)


def test_a_part_lot_naming_no_known_authority_stops_the_build(monkeypatch):
    build_awards = _load("build_awards")
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    monkeypatch.delitem(build_awards.LOCAL_AUTHORITY_CODES, "Torbay")
    row = pd.Series({"contract_reference": "PRJ_14746", "lot": "Devon & Cornwall", "lot_level": "pcc_area",
                     "lot_pfa_codes": "E23000035", "contract_type_id": "DNR-SW", "extent": "part of lot",
                     "intervention_title": "Dependency and Recovery Services in Torbay"})
    with pytest.raises(SystemExit, match="PRJ_14746.*add the authority"):
        build_awards._area_row(row, units, build_awards._pcc_area_names(units))


def test_contract_terms_missing_a_contract_stop_the_build():
    build_awards = _load("build_awards")
    terms = pd.read_csv(SHARED_DATA / "awards" / "df_contract_terms.csv", dtype=str)
    placed = pd.DataFrame({"contract_reference": ["CCS_0001", "NOT_THERE"]})
    with pytest.raises(SystemExit, match="no dates for \\['NOT_THERE'\\]"):
        build_awards.add_terms(placed, terms)
