"""Derive the compact data files the app ships under ``data/`` from ``../shared/data``.

Run from the repository root::

    python scripts/build_data.py            # reads ../shared/data, writes data/
    python scripts/build_data.py --shared PATH --out PATH

The outputs are deterministic: running the script twice with the same inputs and the same
library versions writes byte-identical files. Every output is listed, with its source and
licence, in ``data/README.md`` (written by this script too).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "data"

ANALYSIS_CRS = "EPSG:27700"
DISPLAY_CRS = "EPSG:4326"
#: Tolerance (metres) of the topology-preserving coverage simplification of display boundaries.
DISPLAY_SIMPLIFY_M = 150.0
#: Decimal places kept in display coordinates (6 dp is about 0.1 m, far below the 500 m generalisation).
DISPLAY_DECIMALS = 5

BUILTIN_DESIGN_FILES = {
    "regions12": "probation_regions12_2021.csv",
    "df_accommodation15": "df_accommodation15_2021.csv",
    "cpa21": "cpa21_tr2014.csv",
    "nps7": "nps_divisions7_2014.csv",
    "proposal11_2018": "cpa10_2019_proposal.csv",
    "hmpps_ap_areas7": "hmpps_ap_areas7.csv",
}

ATTRIBUTION = {
    "ons": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
    "os_2024": "Contains OS data © Crown copyright and database right 2024",
    "os_2022": "Contains OS data © Crown copyright and database right 2022",
    "postcodes": (
        "Contains OS data © Crown copyright and database right 2024; Contains Royal Mail data "
        "© Royal Mail copyright and database right 2024; Contains National Statistics data "
        "© Crown copyright and database right 2024"
    ),
}


def _write_table(frame: pd.DataFrame, path: Path, **encodings) -> None:
    """Write a plain table as zstd Parquet with no pandas index and stable metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata(None)
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=19,
        use_dictionary=encodings.pop("use_dictionary", True),
        column_encoding=encodings.pop("column_encoding", None),
        write_statistics=False,
    )


def _write_geo(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoParquet (WKB geometry, CRS in metadata) deterministically."""
    frame.to_parquet(path, compression="zstd", index=False, write_covering_bbox=False)


def build_units(shared: Path) -> pd.DataFrame:
    """The 318 LAD units with lookup, population, female and minority-ethnic counts."""
    lookup = pd.read_csv(shared / "raw" / "lad24_pfa24_lookup_ew.csv")
    population = pd.read_csv(shared / "raw" / "population_lad23_mye_2020_2023.csv")
    census = pd.read_csv(shared / "raw" / "census2021_lad24_sex_ethnicity.csv")
    units = lookup.rename(
        columns={
            "LAD24CD": "lad_code",
            "LAD24NM": "lad_name",
            "PFA24CD": "pfa_code",
            "PFA24NM": "pfa_name",
            "PCC42CD": "pcc_code",
            "PCC42NM": "pcc_name",
        }
    )
    population = population.rename(columns={"LAD23CD": "lad_code"})[
        ["lad_code", "pop_2023", "females_2023"]
    ].rename(columns={"pop_2023": "population", "females_2023": "females"})
    census = census.rename(columns={"LAD24CD": "lad_code"})[
        ["lad_code", "eth_total", "minority_ethnic_excl_all_white"]
    ].rename(
        columns={
            "eth_total": "census2021_eth_total",
            "minority_ethnic_excl_all_white": "census2021_minority_ethnic",
        }
    )
    units = units.merge(population, on="lad_code", how="left", validate="1:1")
    units = units.merge(census, on="lad_code", how="left", validate="1:1")
    if units.isna().any().any():
        raise SystemExit("unit tables do not join on LAD code; check ../shared/data/raw")
    units["country"] = np.where(units["lad_code"].str.startswith("W"), "Wales", "England")
    # Mid-2023 minority-ethnic population, estimated as the Census 2021 non-White share of
    # the mid-2023 population: the lots' weights must all refer to one population.
    units["minority_ethnic"] = (
        units["population"] * units["census2021_minority_ethnic"] / units["census2021_eth_total"]
    ).round().astype("int64")
    for column in ["population", "females", "census2021_eth_total", "census2021_minority_ethnic"]:
        units[column] = units[column].astype("int64")
    return units.sort_values("lad_code").reset_index(drop=True)[
        [
            "lad_code", "lad_name", "country", "pfa_code", "pfa_name", "pcc_code", "pcc_name",
            "population", "females", "minority_ethnic",
            "census2021_eth_total", "census2021_minority_ethnic",
        ]
    ]


def build_small_areas(shared: Path) -> pd.DataFrame:
    """The 35,672 LSOA 2021 population-weighted centroids (EPSG:27700) with Census counts."""
    points = pd.read_csv(shared / "raw" / "small_areas" / "lsoa21_points_ew.csv")
    small = points.rename(
        columns={
            "LSOA21CD": "lsoa_code",
            "LAD24CD": "lad_code",
            "eth_non_white": "minority_ethnic",
        }
    )[["lsoa_code", "lad_code", "x", "y", "population", "females", "eth_total", "minority_ethnic"]]
    small["x"] = small["x"].round(1)
    small["y"] = small["y"].round(1)
    return small.sort_values(["lad_code", "lsoa_code"]).reset_index(drop=True)


def build_boundaries(shared: Path, units: pd.DataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """LAD boundaries for analysis (EPSG:27700) and display (EPSG:4326, coverage-simplified)."""
    raw = gpd.read_file(shared / "raw" / "lad_boundaries_may2024_ew_buc.geojson")
    raw = raw.rename(columns={"LAD24CD": "lad_code"})[["lad_code", "geometry"]]
    analysis = raw.to_crs(ANALYSIS_CRS).sort_values("lad_code").reset_index(drop=True)
    if not shapely.coverage_is_valid(analysis.geometry.values):
        raise SystemExit("LAD boundaries are not a valid coverage (overlaps or mismatched edges)")
    if set(analysis["lad_code"]) != set(units["lad_code"]):
        raise SystemExit("LAD boundary codes differ from the lookup codes")

    # Coverage simplification keeps shared edges shared, so lots dissolved from these
    # units have no gaps or slivers between neighbours.
    simplified = shapely.coverage_simplify(analysis.geometry.values, DISPLAY_SIMPLIFY_M)
    display = gpd.GeoDataFrame(
        {"lad_code": analysis["lad_code"]}, geometry=simplified, crs=ANALYSIS_CRS
    ).to_crs(DISPLAY_CRS)
    display["geometry"] = shapely.set_precision(display.geometry.values, 10.0**-DISPLAY_DECIMALS)
    if not shapely.coverage_is_valid(display.geometry.values):
        raise SystemExit("display boundaries lost coverage validity; lower DISPLAY_DECIMALS loss")
    return analysis, display


def build_postcodes(shared: Path, units: pd.DataFrame) -> pd.DataFrame:
    """Every unit postcode of England and Wales: compact form, coordinates and LAD."""
    postcodes = pd.read_csv(
        shared / "raw" / "postcodes_ew_codepoint_open_2024.csv.gz",
        dtype={"postcode": str, "easting": "int32", "northing": "int32", "LAD24CD": str, "quality": "int8"},
    )
    compact = postcodes["postcode"].str.replace(" ", "", regex=False).str.upper()
    frame = pd.DataFrame(
        {
            "postcode": compact,
            "easting": postcodes["easting"].astype("int32"),
            "northing": postcodes["northing"].astype("int32"),
            "lad_code": pd.Categorical(postcodes["LAD24CD"], categories=sorted(units["lad_code"])),
        }
    )
    if frame["lad_code"].isna().any():
        raise SystemExit("postcode table has LAD codes outside the 318 units")
    return frame.sort_values("postcode").reset_index(drop=True)


def build_postcode_districts(shared: Path) -> pd.DataFrame:
    """Postcode districts (outward codes) with their centroid and main LAD."""
    districts = pd.read_csv(shared / "raw" / "postcode_district_centroids_ew.csv")
    frame = districts.rename(
        columns={
            "pcd_district": "district",
            "easting_mean": "easting",
            "northing_mean": "northing",
            "lad24cd_main": "lad_code",
        }
    )[["district", "easting", "northing", "lad_code", "main_lad_share", "n_postcodes", "share_in_england_wales"]]
    frame["easting"] = frame["easting"].round().astype("int32")
    frame["northing"] = frame["northing"].round().astype("int32")
    return frame.sort_values("district").reset_index(drop=True)


def build_designs(shared: Path, units: pd.DataFrame) -> pd.DataFrame:
    """The built-in PFA-level designs in one long table (design_id, pfa_code, lot, lot_code, note)."""
    pfa_codes = set(units["pfa_code"])
    frames = []
    for design_id, filename in BUILTIN_DESIGN_FILES.items():
        design = pd.read_csv(shared / "designs" / filename, dtype=str).fillna("")
        if set(design["pfa_code"]) != pfa_codes or design["pfa_code"].duplicated().any():
            raise SystemExit(f"{filename} does not list each of the 43 PFAs once")
        frames.append(
            pd.DataFrame(
                {
                    "design_id": design_id,
                    "pfa_code": design["pfa_code"],
                    "lot": design["lot_name"],
                    "lot_code": design.get("lot_code", pd.Series("", index=design.index)),
                    "note": design["note"],
                }
            )
        )
    return pd.concat(frames).sort_values(["design_id", "pfa_code"]).reset_index(drop=True)


DATA_README = """# data/ — derived data shipped with Lot Design Explorer

Written by `scripts/build_data.py` from the project's shared raw data (see the repository
README); do not edit by hand. Re-running the script reproduces identical files.

| file | what | rows | CRS | source (all Open Government Licence v3.0) |
|---|---|---|---|---|
| `units.parquet` | 318 Local Authority Districts (May 2024 codes) with PFA and PCC area (42; City of London in the Metropolitan Police area), mid-2023 population and females (ONS MYE, July 2024), minority-ethnic population (Census 2021 Asian, Black, Mixed and Other groups, as a share applied to mid-2023 population) and the Census 2021 counts behind it | 318 | — | ONS LAD24→CSP24→PFA24 lookup; ONS mid-2023 estimates; Census 2021 ethnic group |
| `small_areas.parquet` | LSOA 2021 population-weighted centroids (`x`, `y` metres) with Census 2021 population, females, `eth_total` and minority-ethnic (non-White) counts, mapped to 2024 LAD codes | 35,672 | EPSG:27700 | ONS LSOA 2021 PWC; Census 2021 TS008, TS021 |
| `boundaries/lad_units_bng.parquet` | LAD boundaries for analysis (as published, reprojected) | 318 | EPSG:27700 | ONS LAD May 2024 BUC |
| `boundaries/lad_units_display_wgs84.parquet` | LAD boundaries for display: coverage-simplified ({simplify} m, shared borders kept), {decimals} decimal places | 318 | EPSG:4326 | ONS LAD May 2024 BUC |
| `postcodes.parquet` | every unit postcode of England and Wales (no space, upper case) with easting, northing and LAD | {n_postcodes:,} | EPSG:27700 | OS Code-Point Open 2024.3 |
| `postcode_districts.parquet` | postcode districts (outward codes) with their postcode-count centroid and main LAD | {n_districts:,} | EPSG:27700 | OS Code-Point Open 2024.3 |
| `designs/builtin_designs.csv` | built-in lot designs at PFA level (design id, PFA code, lot, lot code, note) | {n_design_rows} | — | MoJ, HMIP and GOV.UK sources (see the repository README) |
| `designs/district_designs.csv` | built-in lot designs at district level (design id, LAD code, lot, lot code, note): `pdu_units` (the PDU units, **derived from PDU names**), `gm_boroughs` and `sw_local_authorities` (Greater Manchester by borough and the South West by local authority, the rest of England and Wales by PCC area) | {n_district_design_rows} | — | derived; MoJ PDU list (MIT, Crown copyright) and the award record |
| `geography/pdu_districts.csv` | probation delivery units (PDUs) → districts, **derived from PDU names** (no lookup is published): one row per (PDU, district) with the PDU unit, how it was matched (by name, by the rest of its PCC area, by the reviewed table in `scripts/build_pdus.py`), the basis and a confidence | {n_pdu_rows} | — | MoJ `hmpps-find-and-refer-an-intervention-service` PDU list (MIT, Crown copyright) |
| `geography/pdu_units.csv` | each district's PDU unit (PDUs that share a district joined into one unit, named so) | {n_pdu_unit_rows} | — | as above |
| `geography/pdu_delivery_locations.csv` | where named providers deliver each commissioned rehabilitative service, by PDU and PDU unit (names as MoJ's catalogue spells them) | {n_delivery_rows} | — | MoJ `hmpps-find-and-refer-an-intervention-service` delivery locations (MIT, Crown copyright) |
| `awards/contracts.parquet`, `awards/supply_chain.parquet`, `awards/organisations.parquet`, `awards/delivery.parquet`, `awards/provenance.json` | the real Probation Services Dynamic Framework contracts 2021–2026 with their real dates (`start_date`, `end_date`, `referral_end_date`, `withdrawn_from`, `dates_kind`), each placed on a `regions12` or `pcc42` lot, with its `extent` in words and the districts it is drawn on (`area_lad_codes`; local authorities through a name → district code table checked at build), their supply chains, the organisations with sector, women-centred / BAME-led flags, confidence and source, and where named providers deliver by probation delivery unit (see `awards/provenance.json`) | {award_rows} | — | MoJ public code repository `ministryofjustice/hmpps-interventions-service` (MIT; contract facts are public sector information); classification researched from public pages |
| `providers/demo_providers_synthetic.csv` | **synthetic** demo providers (not real organisations), written by `lotdesign demo` | — | — | generated (fixed seed) |

## Attribution (must accompany any map or output)

- {ons}
- {os_2024} (LAD boundaries, May 2024); {os_2022} (LSOA centroids)
- Postcodes: {postcodes}

## Checks made by the build

- 318 units, 43 PFAs, 42 PCC areas; lookup, population, census and boundary codes match exactly.
- England and Wales mid-2023 population: {total_population:,}.
- Both boundary layers are valid coverages (no overlaps; shared edges identical).
- {pdu_checks}
- Awards: {award_checks}
"""


def build_awards_tables(shared: Path, out: Path, units: pd.DataFrame, designs: pd.DataFrame) -> dict[str, Path]:
    """The Dynamic Framework award tables (``data/awards/``), built by ``scripts/build_awards.py``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_awards", Path(__file__).with_name("build_awards.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_awards(shared, out, units, designs, _write_table)


def _load_script(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path | None) -> str:
    return "—" if path is None else str(len(path.read_text(encoding="utf-8").splitlines()) - 1)


def _build_pdu_outputs(shared: Path, out: Path, units: pd.DataFrame, written: dict) -> tuple[str, pd.DataFrame]:
    """PDU tables (``geography/``) and the district-level built-in designs; return the README check line."""
    module = _load_script("build_pdus")
    pdu_files, counts = module.build_pdus(shared, out, units)
    written.update(pdu_files)
    if "pdu_units" not in written:
        return "PDUs: not built (no geography/pdu_pcc.csv in the raw data).", pd.DataFrame()
    district_units = pd.read_csv(written["pdu_units"], dtype=str)
    designs = module.build_district_designs(units, district_units)
    designs.to_csv(out / "designs" / "district_designs.csv", index=False, lineterminator="\n")
    written["district_designs"] = out / "designs" / "district_designs.csv"
    return (module.describe_counts(counts) + " Every district is in exactly one PDU unit and every unit in one PCC area."), designs


def _award_readme_lines(written: dict[str, Path]) -> tuple[str, str]:
    """The data README's awards row counts and checks sentence, from the provenance the build wrote."""
    if "awards_provenance" not in written:
        return "—", "not built (no awards/ folder in the raw data)."
    counts = json.loads(written["awards_provenance"].read_text(encoding="utf-8"))
    rows = (f"{counts['n_contracts']} / {counts['n_supply_chain_rows']} / {counts['n_organisations']}"
            f" / {counts.get('n_delivery_rows', 0)}")
    checks = (
        "every supply-chain row names a known contract and organisation; each contract's prime is the "
        "prime of its supply chain; the PCC slug table lists each of the 42 PCC areas once; every contract "
        "has its dates; the name → district code table names real districts inside each contract's lot; "
        f"{counts['n_not_placed']} contracts could not be placed on a lot; {counts['n_finer_than_map']} have no "
        "published boundary and are drawn at the area that contains them; "
        f"{counts['n_low_confidence_organisations']} organisations are classified with low confidence."
    )
    return rows, checks


def build(shared: Path, out: Path) -> dict[str, Path]:
    """Build every output under ``out`` from ``shared``; return the files written."""
    if not (shared / "raw").is_dir():
        raise SystemExit(
            f"Raw data not found at {shared}. Pass --shared with the folder holding raw/ and designs/."
        )
    (out / "boundaries").mkdir(parents=True, exist_ok=True)
    (out / "designs").mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}

    units = build_units(shared)
    _write_table(units, out / "units.parquet")
    written["units"] = out / "units.parquet"

    small = build_small_areas(shared)
    _write_table(small, out / "small_areas.parquet")
    written["small_areas"] = out / "small_areas.parquet"

    analysis, display = build_boundaries(shared, units)
    _write_geo(analysis, out / "boundaries" / "lad_units_bng.parquet")
    _write_geo(display, out / "boundaries" / "lad_units_display_wgs84.parquet")
    written["boundaries_bng"] = out / "boundaries" / "lad_units_bng.parquet"
    written["boundaries_display"] = out / "boundaries" / "lad_units_display_wgs84.parquet"

    postcodes = build_postcodes(shared, units)
    _write_table(
        postcodes,
        out / "postcodes.parquet",
        use_dictionary=["lad_code"],
        column_encoding={
            "postcode": "DELTA_BYTE_ARRAY",
            "easting": "DELTA_BINARY_PACKED",
            "northing": "DELTA_BINARY_PACKED",
        },
    )
    written["postcodes"] = out / "postcodes.parquet"

    districts = build_postcode_districts(shared)
    _write_table(districts, out / "postcode_districts.parquet")
    written["postcode_districts"] = out / "postcode_districts.parquet"

    designs = build_designs(shared, units)
    designs.to_csv(out / "designs" / "builtin_designs.csv", index=False, lineterminator="\n")
    written["designs"] = out / "designs" / "builtin_designs.csv"

    written.update(build_awards_tables(shared, out, units, designs))
    pdu_checks, district_designs = _build_pdu_outputs(shared, out, units, written)

    award_rows, award_checks = _award_readme_lines(written)
    (out / "README.md").write_text(
        DATA_README.format(
            award_rows=award_rows,
            award_checks=award_checks,
            simplify=int(DISPLAY_SIMPLIFY_M),
            decimals=DISPLAY_DECIMALS,
            n_postcodes=len(postcodes),
            n_districts=len(districts),
            n_design_rows=len(designs),
            n_district_design_rows=len(district_designs),
            n_pdu_rows=_rows(written.get("pdu_districts")),
            n_pdu_unit_rows=_rows(written.get("pdu_units")),
            n_delivery_rows=_rows(written.get("pdu_delivery")),
            pdu_checks=pdu_checks,
            total_population=int(units["population"].sum()),
            **ATTRIBUTION,
        ),
        encoding="utf-8",
    )
    (out / "attribution.json").write_text(json.dumps(ATTRIBUTION, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written["readme"] = out / "README.md"
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder with raw/ and designs/ (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=REPO / "data", help="output folder (default: data/)")
    args = parser.parse_args(argv)
    written = build(args.shared, args.out)
    for name, path in written.items():
        print(f"{name:20s} {path.stat().st_size / 1e6:7.2f} MB  {path.relative_to(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
