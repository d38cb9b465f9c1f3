"""The 'What was awarded' tab, driven headless with AppTest.

What the page shows is compared with the library's own answers (lotdesign.awards) and with facts
from the MoJ contract list (PROVENANCE.md of the award data).
"""

from __future__ import annotations

import datetime as dt

import pytest
from apptest_helpers import open_app_on_tab, page_text, text
from streamlit.testing.v1 import AppTest

from lotdesign.awards import record as aw
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set
from ui import awards_tab

TAB = "What was awarded"
DAY_ONE = dt.date(2021, 6, 26)


def run_awards(**session) -> AppTest:
    return open_app_on_tab(TAB, **session)


def chain_tables(at: AppTest) -> list:
    return [d.value for d in at.dataframe if "Organisation" in d.value.columns and "Role" in d.value.columns]


def metrics(at: AppTest) -> dict:
    return {text(m.label): m.value for m in at.metric}


@pytest.fixture(scope="module")
def ete_day_one():
    return run_awards(**{awards_tab.SERVICE_KEY: "ete", awards_tab.AS_OF_KEY: DAY_ONE})


def test_day_one_counts_and_the_finding_by_lot_size(ete_day_one):
    shown = page_text(ete_day_one, expander_labels=True)
    assert "112 contracts in force on 26 June 2021" in shown
    assert "77 of 88 contracts let for a whole PCC area (88%) but in 6 of 22 contracts let for a whole region (27%)" in shown
    assert metrics(ete_day_one)["Contracts in force (every service)"] == "112"
    # ETE on day one: 11 regional contracts, 1 with a voluntary-sector prime (10 private).
    assert metrics(ete_day_one)["Education, training and employment contracts in force"] == "11"
    assert "say nothing about the quality of any organisation" in shown
    assert "no contract values" in shown
    assert "snapshot 6cc17e91bb5e" in shown
    assert "Office for National Statistics" in shown


def test_the_date_drives_the_counts_ete_ended_by_mid_2024():
    at = run_awards(**{awards_tab.SERVICE_KEY: "ete", awards_tab.AS_OF_KEY: dt.date(2024, 6, 30)})
    shown = page_text(at, expander_labels=True)
    assert metrics(at)["Education, training and employment contracts in force"] == "0"
    assert "were in force on 30 June 2024" in shown
    # The regional ETE contracts left the catalogue on 2023-12-31: listed apart.
    assert "Withdrawn by 30 June 2024: 11 education, training and employment contracts" in shown


def test_in_force_on_3_december_2026_and_accommodation_taken_in_house():
    at = run_awards(**{awards_tab.SERVICE_KEY: "accommodation", awards_tab.AS_OF_KEY: dt.date(2026, 12, 3)})
    assert metrics(at)["Contracts in force (every service)"] == "136"
    timeline = next(d.value for d in at.dataframe if "how_it_ended" in d.value.columns)
    in_house = timeline[timeline["how_it_ended"] == "taken in-house"]
    assert sorted(in_house["area"]) == ["East of England", "Yorkshire and the Humber"]


def test_choosing_a_lot_shows_its_supply_chain_with_sectors_and_sources(ete_day_one):
    at = run_awards(**{awards_tab.SERVICE_KEY: "ete", awards_tab.AS_OF_KEY: DAY_ONE,
                       awards_tab.LOT_KEY: "whole region|East Midlands"})
    shown = page_text(at, expander_labels=True)
    assert "ETE Services for the East Midlands" in shown and "Ingeus UK Limited" in shown
    (chain,) = chain_tables(at)
    # PRJ_5466: Ingeus (private prime) with Change Grow Live and Leonard Cheshire as subcontractors.
    assert chain["Role"].tolist() == ["Prime", "Subcontractor", "Subcontractor"]
    assert chain["Sector"].tolist() == ["Private", "Voluntary or community", "Voluntary or community"]
    assert "started 2021-06-26 (day one)" in shown


def test_london_part_lots_are_marked_with_the_note():
    at = run_awards(**{awards_tab.SERVICE_KEY: "women", awards_tab.AS_OF_KEY: DAY_ONE,
                       awards_tab.LOT_KEY: "part of a PCC area|London (north); London (south)"})
    shown = page_text(at, expander_labels=True)
    assert aw.PART_LOT_NOTE in shown
    assert "Covers part of London ('(north)' in the title)" in shown
    assert "withdrawn 2022-12-01" in shown
    assert len(chain_tables(at)) == 2  # the north and south contracts of June 2021


def test_who_delivers_where_lists_the_nelson_trust_in_wales_and_the_south_west():
    at = run_awards(**{awards_tab.SERVICE_KEY: "women", awards_tab.AS_OF_KEY: dt.date(2026, 12, 3)})
    delivery = next(d.value for d in at.dataframe if "Which PDUs" in d.value.columns)
    nelson = delivery[delivery["Provider (as MoJ's list spells it)"] == "The Nelson Trust"]
    assert sorted(nelson["PCC area"]) == ["Avon and Somerset", "Dyfed-Powys", "Gloucestershire", "Gwent",
                                          "North Wales", "South Wales", "Wiltshire"]
    assert nelson["PDUs"].sum() == 11
    assert set(nelson["Sector"]) == {"Voluntary or community"}
    assert "Nottinghamshire" in page_text(at, expander_labels=True)  # the unmatched name, listed
    by_pdu = next(d.value for d in at.dataframe if "PDU" in d.value.columns)
    assert (by_pdu["Provider"] == "The Nelson Trust").sum() == 11
    assert "Cardiff and the Vale" in set(by_pdu.loc[by_pdu["Provider"] == "The Nelson Trust", "PDU"])


def test_model_beside_awarded_matches_the_library(ete_day_one):
    demo = load_provider_set()
    design = get_design("regions12")
    score = score_design(demo.providers, demo.reach, design, ScoringParams(service="ete"), context=demo.context(design))
    expected = aw.model_vs_awarded("ete", score, provider_set=demo, as_of=DAY_ONE)
    shown = page_text(ete_day_one, expander_labels=True)
    assert expected.sentence in shown
    assert "could bid as prime" in expected.sentence and "expected to win" not in expected.sentence.replace(
        "Could bid is not expected to win", "")
    captions = [text(c.value) for c in ete_day_one.caption]
    # The sidebar's "Copy link" caption also names the demo data; the awards view labels it once.
    synthetic = [c for c in captions if "synthetic" in c.lower() and "link" not in c.lower()]
    assert len(synthetic) == 1 and "model's side" in synthetic[0]
