"""The first screen, presentation mode and the lot picker, driven headless with AppTest.

Figures are computed independently from the library and compared with what the page shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.units import load_units
from lotdesign.core.compare import compare_designs, format_metric
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.correspondence import corresponding_lot, lot_overlap
from lotdesign.importing.workspace import load_provider_set
from ui import first_screen, state, twin_map
from ui.first_screen import FIRST_SCREEN_METRICS, cards_html

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def title(at: AppTest) -> str:
    """The page title without the markdown escapes the app adds to design names."""
    return re.sub(r"\\(.)", r"\1", at.title[0].value)


def run(query: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in session.items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


def test_title_names_the_service_and_both_designs():
    at = run(**{state.SERVICE: "women"})
    assert title(at) == "Women's services: 42 PCC areas vs 12 probation regions (2021)"


def test_cards_show_the_library_figures_and_the_shown_difference(demo):
    designs = [get_design("pcc42"), get_design("regions12")]
    table = compare_designs(demo.providers, demo.reach, designs, ScoringParams(service="women")).table
    html = cards_html(table, designs)
    for metric in FIRST_SCREEN_METRICS:
        for design in designs:
            assert f'<span class="v">{format_metric(metric, table.at[design.id, metric])}</span>' in html
    # Women's and BAME cards come straight after local access (on screen at 1280×720).
    order = [html.index(f'data-metric="{m}"') for m in FIRST_SCREEN_METRICS]
    assert order == sorted(order) and FIRST_SCREEN_METRICS[1:3] == (
        "specialist_prime_coverage_women", "specialist_prime_coverage_bame")
    # A worse difference is said in words and with an arrow, not only in colour.
    assert "worse</span>" in html or "better</span>" in html or "= same" in html


def test_the_two_maps_share_one_colour_scale_and_count_lots_per_class(demo):
    from ui import map_tab

    designs = [get_design("pcc42"), get_design("regions12")]
    scores = compare_designs(demo.providers, demo.reach, designs, ScoringParams()).scores
    shapes = {d.id: map_tab._shapes(d.unit_to_lot) for d in designs}
    data = twin_map.map_data(scores, shapes, "n_vcs_local_prime_eligible", points=None, outlines=None,
                             scope="England and Wales", asset_base="/app/static/vendor")
    assert [len(m["lots"]["features"]) for m in data["maps"]] == [42, 12]
    counts = [tuple(int(n) for n in c["counts"].split(" / ")) for c in data["legend"]["classes"]]
    assert sum(a for a, _ in counts) == 42 and sum(b for _, b in counts) == 12
    # Same value, same colour, whichever map it is on.
    colour = {}
    for spec, score in zip(data["maps"], scores):
        for feature in spec["lots"]["features"]:
            value = score.lots.at[feature["properties"]["lot"], "n_vcs_local_prime_eligible"]
            assert colour.setdefault(value, feature["properties"]["fill"]) == feature["properties"]["fill"]
    assert "Ordnance Survey" in data["attribution"] or "OS data" in data["attribution"]


def test_wales_scope_fits_wales():
    from ui import map_tab

    demo = load_provider_set()
    params = ScoringParams(scope="Wales")
    designs = [get_design("pcc42"), get_design("regions12")]
    scores = compare_designs(demo.providers, demo.reach, designs, params).scores
    shapes = {d.id: map_tab._shapes(d.unit_to_lot) for d in designs}
    data = twin_map.map_data(scores, shapes, "value_gbp", points=None, outlines=None, scope="Wales", asset_base="/x")
    (south, west), (north, east) = data["bounds"]
    # Wales spans about 51.4°N to 53.4°N and 5.3°W to 2.65°W (Anglesey to the Severn).
    assert 51.3 < south < 51.5 and 53.3 < north < 53.5 and -5.7 < west < -5.0 and -2.8 < east < -2.5
    assert [len(m["lots"]["features"]) for m in data["maps"]] == [4, 1]


def test_west_yorkshire_sits_in_yorkshire_and_the_humber():
    population = load_units()["population"]
    assert corresponding_lot(get_design("pcc42"), "West Yorkshire", get_design("regions12"), population) == \
        "Yorkshire and the Humber"
    overlap = lot_overlap(get_design("regions12"), "South West", get_design("pcc42"), population)
    assert list(overlap.index) == ["Devon & Cornwall", "Avon and Somerset", "Dorset", "Wiltshire", "Gloucestershire"]
    assert overlap["share"].sum() == pytest.approx(1.0)
    with pytest.raises(Exception, match="'Narnia' is not a lot of 42 PCC areas"):
        lot_overlap(get_design("pcc42"), "Narnia", get_design("regions12"), population)


def test_picking_a_lot_shows_it_beside_the_same_place_in_the_other_design(demo):
    at = run()
    at.selectbox(key="lot_picker").select("West Yorkshire").run()
    assert not at.exception
    table = at.table[0].value
    table.columns = [re.sub(r"\\(.)", r"\1", c) for c in table.columns]
    assert list(table.columns) == ["West Yorkshire (42 PCC areas)", "Yorkshire and the Humber (12 probation regions (2021))"]
    scores = compare_designs(demo.providers, demo.reach, [get_design("pcc42"), get_design("regions12")],
                             ScoringParams()).scores
    assert table.loc["Population"].tolist() == [f"{int(scores[0].lots.at['West Yorkshire', 'population']):,}",
                                                f"{int(scores[1].lots.at['Yorkshire and the Humber', 'population']):,}"]
    assert at.session_state["selection"] == ("lot", "West Yorkshire")  # the same as clicking it on the map


def test_presentation_mode_from_the_address_steps_through_the_story():
    at = run({"present": "1"})
    assert title(at).startswith("Accommodation: 42 PCC areas vs 12 probation regions")
    assert not at.tabs  # the controls and tabs are hidden
    at.button(key="present_next").click().run()
    assert at.query_params["step"] in ("2", ["2"])
    assert title(at).startswith("Local access")
    for _ in range(4):
        at.button(key="present_next").click().run()
    assert title(at) == "Assumptions and data"
    assert at.button(key="present_next").disabled
    shown = at.table[0].value.to_string()
    assert "Public Contracts Regulations 2015" in shown
    assert any("Synthetic demo organisations" in m.value for m in at.markdown)
    at.button(key="present_back").click().run()
    assert title(at).startswith("The cost side")
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params and at.tabs


def test_presentation_toggle_sets_the_bookmarkable_address():
    at = run()
    at.toggle(key="presentation_mode").set_value(True).run()
    assert at.query_params["present"] in ("1", ["1"])
    assert first_screen.short_title([get_design("pcc42"), get_design("regions12")], ScoringParams()) == \
        title(at)


def test_map_tab_fits_wales_when_only_wales_is_included():
    import re

    from ui import map_tab, maps

    demo = load_provider_set()
    score = compare_designs(demo.providers, demo.reach, [get_design("pcc42")], ScoringParams(scope="Wales")).scores[0]
    page = map_tab.build(demo, score, "value_gbp", background=False, asset_base="/x").get_root().render()
    south, west, north, east = map(float, re.search(
        r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", page).groups())
    assert 51.3 < south < 51.5 and 53.3 < north < 53.5 and -5.7 < west < -5.0 and -2.8 < east < -2.5
    everywhere = compare_designs(demo.providers, demo.reach, [get_design("pcc42")], ScoringParams()).scores[0]
    page = map_tab.build(demo, everywhere, "value_gbp", background=False, asset_base="/x").get_root().render()
    south, west, north, east = map(float, re.search(
        r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", page).groups())
    # All of England and Wales, and the Isles of Scilly (6.4°W) whole, west of EW_BOUNDS.
    assert south <= 49.95 and north >= 55.8 and east >= 1.8 and -6.6 < west < -6.3
    assert maps.EW_BOUNDS == [[49.95, -5.8], [55.8, 1.8]]


def test_user_lot_and_design_names_stay_text_on_the_first_screen():
    from ui.design_tab import example_design_table

    payload = "**Wales** [x](javascript:alert(1)) <b>"
    table = example_design_table("regions12")
    design_csv = table.assign(lot=table["lot"].replace({"Wales": payload})).to_csv(index=False).encode()
    at = run(**{state.TAB: "Your own lot design"})
    at.session_state[state.PENDING_DESIGN] = (design_csv, "**Bold** [site](x) lots.csv")
    at.run()
    at.session_state[state.TAB] = "Compare designs"
    at.run()
    assert not at.exception
    # Markdown specials are escaped in the title, so they show as typed.
    assert at.title[0].value.startswith(r"Accommodation\: \*\*Bold\*\* \[site\]\(x\) lots vs 42 PCC areas")
    at.selectbox(key="lot_picker").select(payload).run()
    header = list(at.table[0].value.columns)[0]
    assert header.startswith(r"\*\*Wales\*\* \[x\]\(javascript\:alert\(1\)\) \<b\>")
