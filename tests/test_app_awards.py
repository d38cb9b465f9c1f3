"""The 'What was awarded' tab, driven headless with AppTest.

What the page shows is compared with the library's own answers (lotdesign.awards.record) and with
facts from the MoJ contract list.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import open_app_on_tab, page_text, text
from lotdesign.awards import record as aw
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import score_design
from lotdesign.core.workspace import load_provider_set
from ui import awards_tab

TAB = "What was awarded"


def run_awards(**session) -> AppTest:
    return open_app_on_tab(TAB, **session)


def chain_tables(at: AppTest) -> list:
    return [d.value for d in at.dataframe if "Organisation" in d.value.columns and "Role" in d.value.columns]


@pytest.fixture(scope="module")
def ete_page():
    return run_awards(**{awards_tab.SERVICE_KEY: "ete"})


def test_tab_shows_the_day_one_finding_and_what_the_records_are(ete_page):
    shown = page_text(ete_page, expander_labels=True)
    ete = aw.contracts_table("ete", date_from="2021-01-01", date_to="2021-01-01")
    assert aw.level_sentence(ete) in shown
    assert "2 of 12 region contracts (17%)" in shown
    assert "say nothing about the quality of any organisation" in shown
    assert "snapshot 6cc17e91bb5e" in shown  # the source, with its snapshot
    assert "Office for National Statistics" in shown  # the boundary attribution under Sources


def test_awarded_figures_carry_no_synthetic_label_but_the_model_side_does(ete_page):
    captions = [text(c.value) for c in ete_page.caption]
    synthetic = [c for c in captions if "synthetic" in c.lower()]
    assert len(synthetic) == 1 and "model's side" in synthetic[0]
    assert not any("synthetic" in text(i.value).lower() for i in ete_page.info)


def test_choosing_a_lot_shows_its_supply_chain_with_sectors_and_sources():
    at = run_awards(**{awards_tab.SERVICE_KEY: "ete", awards_tab.LOT_KEY: "regions12|East Midlands"})
    shown = page_text(at, expander_labels=True)
    assert "ETE Services for the East Midlands" in shown and "Ingeus UK Limited" in shown
    (chain,) = chain_tables(at)
    # PRJ_5466: Ingeus (private prime) with Change Grow Live and Leonard Cheshire as subcontractors.
    assert chain["Role"].tolist() == ["Prime", "Subcontractor", "Subcontractor"]
    assert chain["Sector"].tolist() == ["Private", "Voluntary or community", "Voluntary or community"]
    assert "Leonard Cheshire Disability" in set(chain["Organisation"])
    assert chain["Source"].str.len().gt(0).all() and set(chain["Confidence"]) <= {"high", "medium", "low"}


def test_withdrawn_and_finer_than_map_lots_are_said_so():
    at = run_awards(**{awards_tab.SERVICE_KEY: "women", awards_tab.LOT_KEY: "regions12|London"})
    shown = page_text(at, expander_labels=True)
    assert "withdrawn 2022-12-01" in shown
    assert "Covers part of London ('(north)' in the title)" in shown
    assert len(chain_tables(at)) == 2  # the north and south contracts of June 2021


def test_later_period_lists_the_re_let_london_womens_lots():
    at = run_awards(**{
        awards_tab.SERVICE_KEY: "women",
        awards_tab.PERIOD_KEY: "Later re-lets and new lots (2022 to 2026)",
        awards_tab.LOT_KEY: "regions12|London",
    })
    shown = page_text(at, expander_labels=True)
    for reference in ("PRJ_7283_E", "PRJ_7283_N", "PRJ_7283_S"):
        assert reference in shown
    assert "live from 2022-12-02" in shown and "(day one, June 2021)" not in shown


def test_model_beside_awarded_matches_the_library(ete_page):
    demo = load_provider_set()
    design = get_design("regions12")
    score = score_design(demo.providers, demo.reach, design, ScoringParams(service="ete"), context=demo.context(design))
    expected = aw.model_vs_awarded("ete", score, provider_set=demo)
    assert expected.sentence in page_text(ete_page, expander_labels=True)
    metrics = {text(m.label): m.value for m in ete_page.metric}
    assert metrics["Awarded: lots with a voluntary-sector prime (June 2021)"] == "17%"


def test_a_service_let_at_mixed_levels_explains_why_there_is_no_model_match():
    at = run_awards(**{awards_tab.SERVICE_KEY: "dependency_recovery"})
    assert "no one model design matches it" in page_text(at, expander_labels=True)
