"""User text cannot become code: map scripts, Jinja templates, markdown, spreadsheet formulas.

Unit-level companions of tests/e2e/test_xss_browser.py, one per hole that test found:

* folium (branca) renders each map element's script, then compiles the result as a Jinja
  template and renders it again — an organisation, lot or design name holding ``{{ … }}`` was
  evaluated on the server (and ``{{ '…' }}`` crashed the map). :func:`ui.maps.script_json`
  writes every value so that no Jinja tag can open.
* ``ui.format.plain`` left ``&`` alone, so ``&lt;b&gt;`` in a name was shown as ``<b>``.
* The upload status (``st.status``) and the hidden figure labels (``st.metric``) are markdown
  and took file and design names raw: ``[text](https://…)`` became a link, ``![x](…)`` an image.
"""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lotdesign.io.export import map_html, table_bytes
from tests.test_app import open_tab, run_app, text
from ui import maps, state
from ui.compare_tab import COMPARISON_METRICS
from ui.format import plain

JINJA = ["{{ 7*7 }}", "{% if true %}ran{% endif %}", "{# gone #}", "{{ cycler.__init__.__globals__ }}",
         "{{constructor.constructor('alert(1)')()}}", "{%- raw %}{{{", "}}{{"]


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_script_json_reads_back_the_same_and_opens_no_tag(value):
    written = maps.script_json(value)
    assert json.loads(written) == value
    assert not re.search(r"\{[{%#]|[<>&']", written)


def _map_with(names: list[str], lot: str, design_label: str) -> str:
    points = pd.DataFrame({"provider_id": names, "name": names, "group": "general", "lon": -1.55, "lat": 53.8,
                           "income_gbp": 1e6})
    square = {"type": "Polygon", "coordinates": [[[-2, 53], [-1, 53], [-1, 54], [-2, 54], [-2, 53]]]}
    lots, classes = maps.lot_collection({lot: square}, pd.Series({lot: 3.0}), "n_vcs_prime_eligible", "Organisations")
    empty = {"type": "FeatureCollection", "features": []}
    return maps.build_map(lots=lots, classes=classes, design_label=design_label, metric_label="Organisations",
                          pcc_outlines=empty, region_outlines=empty, points=maps.point_columns(points),
                          groups_present=["general"], synthetic=False, background=False, asset_base="/x")


def test_map_text_is_never_run_as_a_template():
    names = [f"A{j}Z" for j in JINJA]
    page = _map_with(names, lot="L{{ 6*7 }}L", design_label="D{% if true %}ran{% endif %}D").get_root().render()
    for evaluated in ("A49Z", "ArunZ", "AZ", "L42L", "DranD", "jinja2.utils"):
        assert evaluated not in page
    # The data in the page's script read back as the text given.
    data = json.loads(re.search(r"\}\)\((\{.*?\})\), \{\s*pointToLayer", page, re.DOTALL).group(1))
    assert data["n"] == [maps.escape_text(n) for n in names] and data["pid"] == names
    assert "L\\u007b{ 6*7 }}L" in page and "D\\u007b% if true %}ran\\u007b% endif %}D" in page
    # ... and the standalone export (the same rendering) works too: it used to crash on the quotes.
    assert "A\\u007b{constructor.constructor(\\u0027alert(1)\\u0027)()}}Z" in map_html(_map_with(names, "L", "D"))


def test_plain_shows_entities_as_typed():
    assert plain("&lt;b&gt; &#60; &amp;") == r"\&lt;b\&gt; \&\#60; \&amp;"
    assert text(plain("Devon & Cornwall")) == "Devon & Cornwall"


def test_upload_status_and_figure_labels_are_plain_text():
    name = "[x](https://xss.invalid) ![t](https://xss.invalid/t.png) &lt;b&gt;.csv"
    csv_bytes = b"name,postcode,income_gbp\nLeeds Trust,LS1 4DY,450000\nCardiff Trust,CF10 1EP,2500000\n"
    at = run_app(**{state.TAB: "Organisations"})
    at.session_state[state.PENDING_PROVIDERS] = (csv_bytes, name)
    at.run()
    assert [s.label for s in at.status] == [f"Now using 2 organisations from {plain(name)}."]

    from ui.design_tab import example_design_table

    design_file = "[d](mailto:a@xss.invalid) *e* &amp;.csv"  # a file name cannot hold "/"
    at.session_state[state.PENDING_DESIGN] = (example_design_table("nps7").to_csv(index=False).encode(), design_file)
    at.run()
    open_tab(at, "Compare designs")
    label = design_file.removesuffix(".csv")
    assert [m.label for m in at.metric if text(m.label) == label] == [plain(label)] * len(COMPARISON_METRICS)


def test_exports_of_uploaded_text_cannot_run_as_formulas():
    from lotdesign.importing.providers import load_providers
    from ui.providers_tab import _as_text

    formulas = ['=HYPERLINK("https://xss.invalid","x")', "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
                "-2+3+cmd|' /C calc'!A0", "=1+1"]
    rows = "".join(f'"{f.replace(chr(34), 2 * chr(34))}",LS1 4DY,{100 + k}000\n' for k, f in enumerate(formulas))
    load = load_providers(("name,postcode,income_gbp\n" + rows + '"=bad()",ZZ9 9ZZ,1\n').encode())
    assert list(load.accepted["name"]) == formulas  # kept as typed, with a warning each
    assert load.warnings["message"].str.contains("starts like a spreadsheet formula").sum() == len(formulas)
    for frame in (load.accepted, _as_text(load.rejected)):
        cells = [row for row in csv.reader(io.StringIO(table_bytes(frame, "csv").decode("utf-8-sig")))]
        assert not [c for row in cells for c in row if c[:1] in ("=", "+", "@") or re.match(r"-\D", c)]
        book = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx")))
        values = [c for row in book.active.iter_rows() for c in row]
        assert not [c.coordinate for c in values if c.data_type == "f"]
    names = next(c for c in openpyxl.load_workbook(io.BytesIO(table_bytes(load.accepted, "xlsx"))).active.iter_cols()
                 if c[0].value == "name")
    assert [c.value for c in names[1:]] == ["'" + f for f in formulas]
    assert np.isfinite(load.accepted["income_gbp"]).all()
