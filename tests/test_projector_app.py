"""The app as presented (AppTest, headless): "what if N lots?", slides that state their conditions,
the comparison led by the number of lots, "Start from" applied at once, and a view as a link."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, open_app_on_tab, text
from lotdesign.core.designs import get_design
from lotdesign.core.link import decode_design
from lotdesign.core.params import ScoringParams
from lotdesign.studio.editing import DesignEdits
from ui import state


def run(query: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def title(at: AppTest) -> str:
    return text(at.title[0].value)


def html_text(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_what_if_20_lots_from_presentation_mode_names_the_design_on_the_slide():
    at = run({"present": "1"})
    assert title(at).startswith("Accommodation: 42 PCC areas vs 12 probation regions")
    # Three actions: open "What if N lots?", choose 20, press the button.
    at.number_input(key="what_if_lots").set_value(20)
    at.button(key="present_what_if_go").click().run()
    assert not at.exception
    assert title(at).startswith("Accommodation: 42 PCC areas vs Best 20 lots found — locally contestable population")
    found = at.session_state["custom_designs"][at.session_state[state.COMPARE_DESIGNS][0]]
    assert found.n_lots == 20 and found.level == "pfa" and found.name.startswith("Best 20 lots found")
    # The pair shown before stays in the comparison, after the new design.
    assert at.session_state[state.COMPARE_DESIGNS][1:] == ["regions12"]
    # The next slides ask about the same designs.
    at.button(key="present_next").click().run()
    assert "Best 20 lots found" in html_text(at)

    at.text_input(key="what_if_name").set_value("Twenty lots").run()
    at.button(key="present_back").click().run()
    assert title(at).startswith("Accommodation: 42 PCC areas vs Twenty lots")


def test_what_if_asks_for_a_possible_number_of_lots():
    from lotdesign.errors import ValidationError
    from lotdesign.studio.what_if import best_design_for, what_if_name

    assert what_if_name(7, "women_prime_reach") == "Best 7 lots found — women reached by a prime-eligible women's specialist"
    from lotdesign.importing.workspace import load_provider_set

    demo = load_provider_set()
    with pytest.raises(ValidationError, match="choose 2 to 42 lots of whole PCC areas"):
        best_design_for(demo.providers, demo.reach, 43, ScoringParams())


def test_what_if_from_the_first_screen_uses_the_studio_objective():
    at = open_app_on_tab("Design studio", timeout=120)
    at.number_input(key="suggest_lots").set_value(6)
    at.selectbox(key="suggest_objective").set_value("women_prime_reach")
    next(b for b in at.button if b.label == "Suggest").click().run()
    at.session_state[state.TAB] = "Map"
    at.run()
    at.session_state[state.TAB] = "Compare designs"
    at.run()  # the studio's widgets are gone; the objective of its last search is kept
    assert "suggest_objective" not in at.session_state
    at.number_input(key="what_if_lots").set_value(7)
    at.button(key="first_what_if_go").click().run()
    assert title(at).startswith("Accommodation: 42 PCC areas vs Best 7 lots found — women reached by")
    heading = next(text(h.value) for h in at.subheader if " compared with " in text(h.value))
    assert heading.startswith("42 PCC areas compared with Best 7 lots found")


def test_every_slide_names_the_conditions_that_differ_from_the_defaults():
    at = run({"present": "1"}, **{state.SCOPE: "Wales", state.TURNOVER: 3.0})
    for step in range(1, 7):
        shown = html_text(at)
        assert "Conditions:" in shown, step
        assert "Lots included: Wales (default England and Wales)" in shown
        assert "Turnover needed to bid as prime: 3 × the annual lot value (default 2 × the annual lot value)" in shown
        if step < 6:
            at.button(key="present_next").click().run()
    plain_view = run({"present": "1"})
    assert "Conditions:" not in html_text(plain_view)


def test_the_comparison_leads_with_the_number_of_lots_and_the_median_lot_value():
    from ui.compare_tab import COMPARISON_METRICS

    assert COMPARISON_METRICS[:2] == ("n_lots", "median_value_gbp")
    at = run()
    values = [m.value for m in at.metric if text(m.label) == "12 probation regions (2021)"]
    deltas = [m.delta for m in at.metric if text(m.label) == "12 probation regions (2021)"]
    assert values[0] == "12" and deltas[0] == "−30"  # 42 → 12 lots
    assert values[1].startswith("£")
    table = next(t for t in at.dataframe if "Figure" in t.value.columns).value
    assert list(table["Figure"][:2]) == ["Number of lots (contracts to manage)", "Median annual lot value"]
    assert list(table.iloc[0, 1:]) == ["42", "12"]


def test_start_from_applies_at_once_and_asks_when_changes_are_unsaved():
    at = open_app_on_tab("Design studio", timeout=120)
    at.selectbox(key="studio_start").set_value("regions12").run()
    assert not at.exception
    assert at.session_state["studio_edits"].base.id == "regions12"  # no "Start again" needed
    at.selectbox(key="studio_merge_a").set_value("London")
    at.selectbox(key="studio_merge_b").set_value("South West")
    at.button(key="studio_merge").click().run()
    assert at.session_state["studio_edits"].position == 1

    at.selectbox(key="studio_start").set_value("nps7").run()
    assert at.session_state["studio_edits"].base.id == "regions12"  # not thrown away without asking
    assert any("1 unsaved change(s) to 12 probation regions (2021)" in text(w.value) for w in at.warning)
    at.button(key="studio_confirm_no").click().run()
    assert at.session_state["studio_edits"].position == 1 and at.selectbox(key="studio_start").value == "regions12"

    at.selectbox(key="studio_start").set_value("nps7").run()
    at.button(key="studio_confirm_yes").click().run()
    assert at.session_state["studio_edits"].base.id == "nps7" and at.session_state["studio_edits"].position == 0


def comparison_figures(at: AppTest) -> list[tuple[str, str, str | None]]:
    """Every figure of the comparison as shown: (design, value, difference)."""
    return [(text(m.label), m.value, m.delta) for m in at.metric]


def test_a_link_from_an_edited_design_opens_the_same_figures_in_a_fresh_session():
    edits = DesignEdits(get_design("regions12"), level="lad")
    edits.move("E07000032", "Wales")  # Amber Valley into Wales
    edited = edits.design(design_id="custom1", name="Regions with Amber Valley in Wales")
    first = run(**{state.SERVICE: "women", state.TURNOVER: 3.0, state.SCOPE: "England",
                   "custom_designs": {"custom1": edited}, state.COMPARE_DESIGNS: ["custom1"]})
    address = {key: first.query_params[key] for key in first.query_params}
    address = {key: value[0] if isinstance(value, list) else value for key, value in address.items()}
    assert address["service"] == "women" and address["turnover"] == "3" and address["scope"] == "England"
    main, code = address["designs"].split(",")
    assert main == "pcc42" and re.fullmatch(r"e1\.[A-Za-z0-9_-]+", code)
    assert dict(decode_design(code).unit_to_lot) == dict(edited.unit_to_lot)

    fresh = run(address)
    assert title(fresh) == title(first) == "Women's services: 42 PCC areas vs Regions with Amber Valley in Wales"
    assert comparison_figures(fresh) == comparison_figures(first)
    assert len(comparison_figures(fresh)) > 20
    assert fresh.session_state[state.TURNOVER] == 3.0 and fresh.session_state[state.SCOPE] == "England"


def test_a_damaged_link_says_so_and_opens_the_default_view():
    at = run({"designs": "pcc42,e1.eNpVkj9vwjAQx"})
    assert title(at).startswith("Accommodation: 42 PCC areas vs 12 probation regions")
    assert any("The link could not be opened" in text(e.value) and "damaged or incomplete" in text(e.value)
               for e in at.error)


def test_the_twin_maps_fit_every_lot_whole_including_the_isles_of_scilly():
    from lotdesign.core.compare import compare_designs
    from lotdesign.importing.workspace import load_provider_set
    from ui import map_tab, maps, twin_map

    demo = load_provider_set()
    designs = [get_design("pcc42"), get_design("regions12")]
    scores = compare_designs(demo.providers, demo.reach, designs, ScoringParams()).scores
    shapes = {d.id: map_tab._shapes(d.unit_to_lot) for d in designs}
    data = twin_map.map_data(scores, shapes, "value_gbp", points=None, outlines=None, scope="England and Wales",
                             asset_base="/x")
    (south, west), (north, east) = data["bounds"]
    (ew_south, ew_west), (ew_north, ew_east) = maps.EW_BOUNDS
    assert south <= ew_south and north >= ew_north and east >= ew_east
    assert -6.6 < west < -6.3 < ew_west  # St Agnes, Isles of Scilly, is at about 6.35°W


def test_conditions_name_each_setting_that_differs_from_its_default():
    from lotdesign.core.conditions import changed_conditions

    assert changed_conditions(ScoringParams()) == []
    assert changed_conditions(ScoringParams(service="women")) == []  # the service is in every title
    assert changed_conditions(ScoringParams(scope="Wales", reach_threshold=0.6, national_budget_gbp=150e6)) == [
        "Lots included: Wales (default England and Wales)",
        "National annual budget: £150.0m a year (default £100.0m a year)",
        "Share of a lot a prime must reach: 60% of the lot's population (default 80% of the lot's population)",
    ]


def test_the_map_tab_draws_its_key_beside_the_map_and_a_downloaded_map_keeps_it_inside():
    from lotdesign.core.compare import compare_designs
    from lotdesign.importing.workspace import load_provider_set
    from ui import map_tab

    demo = load_provider_set()
    score = compare_designs(demo.providers, demo.reach, [get_design("regions12")], ScoringParams()).scores[0]
    on_page = map_tab.build(demo, score, "value_gbp", background=False, asset_base="/x", legend_in_map=False)
    standalone = map_tab.build(demo, score, "value_gbp", background=False, asset_base="/x")
    assert 'L.DomUtil.create("div", "lde-legend")' not in on_page.get_root().render()
    assert 'L.DomUtil.create("div", "lde-legend")' in standalone.get_root().render()
    key = map_tab.page_key(demo, score, "value_gbp")
    assert "Key: <span class=\"design\">12 probation regions (2021)</span>" in key
    assert "Synthetic demo data — not real organisations" in key and "Annual lot value" in key
