"""Arbitrary bytes and tables fed to every loader: a result or the project's own error, never a crash."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotdesign.errors import LotDesignError
from lotdesign.io.tables import read_table
from lotdesign.core.designs import design_from_table, load_design_file
from lotdesign.importing.columns import FIELDS, ColumnMapping
from lotdesign.importing.pipeline import load_draft, prepare_import
from lotdesign.importing.providers import load_providers
from lotdesign.core.scenario import scenario_from_json

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look like the formats the loaders sniff, plus anything at all.
prefixes = st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"SQLite format 3\x00",
                            b"{", b'{"type":"FeatureCollection","features":[', b"\xef\xbb\xbfname,postcode\n",
                            b"name;postcode;income\n", b"name,postcode,income\n"])
raw_bytes = st.builds(lambda p, b: p + b, prefixes, st.binary(max_size=400))


def _only_own_errors(call, *args):
    try:
        return call(*args)
    except LotDesignError as error:
        assert str(error).strip()  # every error explains itself
        return None


@FUZZ
@given(data=raw_bytes)
def test_read_table_on_arbitrary_bytes(data):
    result = _only_own_errors(read_table, data)
    if result is not None:
        assert isinstance(result.frame, pd.DataFrame)


@FUZZ
@given(data=raw_bytes)
def test_load_providers_on_arbitrary_bytes(data):
    result = _only_own_errors(load_providers, data)
    if result is not None:
        assert result.n_accepted + result.n_rejected == result.n_input_rows


@FUZZ
@given(data=raw_bytes)
def test_load_design_file_on_arbitrary_bytes(data):
    _only_own_errors(load_design_file, data)


@FUZZ
@given(data=st.one_of(raw_bytes, st.text(max_size=300).map(str.encode),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                   lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                                   max_leaves=20).map(lambda v: __import__("json").dumps({"app": "lot-design-explorer", "schema_version": 1, "design": v}).encode())))
def test_scenario_loader_on_arbitrary_input(data):
    _only_own_errors(scenario_from_json, data)


cells = st.one_of(st.text(max_size=15), st.sampled_from(["Kent", "Norfolk", "E23000032", "E09000001", "London", "", "Cardiff", "A", "=HYPERLINK(1)"]))


@FUZZ
@given(data=st.data())
def test_design_from_arbitrary_tables(data):
    columns = data.draw(st.lists(st.sampled_from(["pfa_name", "lad_code", "lot", "lot_name", "x", "pfa_code"]), min_size=1, max_size=3, unique=True))
    n = data.draw(st.integers(0, 6))
    table = pd.DataFrame({c: data.draw(st.lists(cells, min_size=n, max_size=n)) for c in columns})
    design = _only_own_errors(design_from_table, table)
    if design is not None:
        assert design.unit_to_lot.notna().all() and design.unit_to_lot.index.is_unique


# --- the column-mapping step -------------------------------------------------------------------------

headings = st.one_of(st.text(max_size=20), st.sampled_from(
    ["Name of organisation", "Postcode", "Women-only service?", "Areas of operation", "Income", "BME-led?",
     "Area(s) covered", "Turnover (£)", "lat", "lon", "Notes", ""]))
mapping_cells = st.one_of(st.text(max_size=20), st.sampled_from(
    ["LS1 4DY", "SA1 3ZZ", "Yes", "No", "c. 50k", "N/A", "Liverpool City Region", "Cardiff, Vale of Glamorgan", "Hull",
     "£1.2m", "53.8", "-1.55", "=SUM(1)", "<b>x</b>", ""]))


@FUZZ
@given(data=st.data())
def test_mapping_step_on_arbitrary_tables_and_mappings(data):
    columns = data.draw(st.lists(headings, min_size=1, max_size=5))
    n = data.draw(st.integers(0, 5))
    rows = [[data.draw(mapping_cells) for _ in columns] for _ in range(n)]
    title = data.draw(st.lists(st.text(max_size=15), max_size=2))
    text = "\n".join([*title, ",".join(c.replace(",", " ").replace('"', "").replace("\n", " ") for c in columns)]
                     + [",".join(c.replace(",", " ").replace('"', "").replace("\n", " ") for c in r) for r in rows])
    draft = _only_own_errors(prepare_import, text.encode("utf-8"))
    if draft is None:
        return
    assert set(draft.mapping.columns) == set(draft.table.frame.columns)
    chosen = {c: data.draw(st.sampled_from([None, *FIELDS])) for c in draft.mapping.columns}
    mapping = ColumnMapping(chosen, draft.mapping.header_row)
    assert ColumnMapping.from_json(mapping.to_json()) == mapping  # what the app downloads reads back the same
    result = _only_own_errors(load_draft, draft, mapping)
    if result is not None:
        assert result.n_accepted + result.n_rejected == result.n_input_rows == len(draft.table.frame)
        assert result.accepted["income_gbp"].isna().eq(~result.accepted["income_known"]).all()


@FUZZ
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                      st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=8), st.integers()),
                                      max_size=4).map(lambda d: __import__("json").dumps({"columns": d, "header_row": 2}).encode())))
def test_mapping_files_on_arbitrary_input(data):
    mapping = _only_own_errors(ColumnMapping.from_json, data)
    if mapping is not None:
        assert all(v is None or v in FIELDS for v in mapping.columns.values())


@FUZZ
@given(titles=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=',;\t|"'),
                               min_size=1, max_size=30).filter(lambda t: t.strip() and not t.lstrip().startswith("{")),
                       max_size=5))
def test_header_is_found_below_any_title_lines(titles):
    # (A first line starting with "{" is read as GeoJSON, by content, as it should be.)
    header = "Name of organisation,Postcode,Women-only service?,Areas of operation"
    text = "\n".join([*titles, header, "Leeds Women's Aid,LS1 4DY,Yes,Leeds"]) + "\n"
    draft = prepare_import(text.encode("utf-8"))
    assert draft.mapping.header_row == len(titles) + 1
    assert draft.mapping.columns["Women-only service?"] == "women"
