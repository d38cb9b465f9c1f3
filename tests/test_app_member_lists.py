"""The app keeps combined member lists: add/replace is an explicit choice that survives tab
changes, replacing asks first and can be undone, and an unknown area name is decided once.

Driven headless through the same upload queue the file uploader fills; the files are the
register and survey extracts in ``tests/fixtures`` (made up, not real charities).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apptest_helpers import open_app_on_tab, page_text
from lotdesign.core.scenario import scenario_from_json
from ui import state

FIXTURES = Path(__file__).parent / "fixtures"
REGISTER = (FIXTURES / "charity_register_extract.csv").read_bytes()
SURVEY = (FIXTURES / "member_survey_export.csv").read_bytes()
THIRD = b"name,postcode,income_gbp,service_area\nSwansea Futures,SA1 1AA,120000,Swansea\n"


def upload(at, data: bytes, name: str):
    at.session_state[state.PENDING_PROVIDERS] = (data, name)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if "provider_draft" in at.session_state:  # the proposal waits for one click
        at.button(key="accept_column_proposal").click().run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def in_use(at) -> list[str]:
    return [f["file"] for f in at.session_state["provider_set"].load.files]


@pytest.fixture
def at():
    return open_app_on_tab("Organisations")


def test_add_survives_a_tab_change_and_replace_asks_first_and_can_be_undone(at):
    upload(at, REGISTER, "register.csv")
    at.radio(key=state.PROVIDER_UPLOAD_WIDGET).set_value(state.ADD_TO_LIST).run()
    upload(at, SURVEY, "survey.csv")
    assert in_use(at) == ["register.csv", "survey.csv"]
    at.session_state[state.TAB] = "Compare designs"
    at.run()
    at.session_state[state.TAB] = "Organisations"
    at.run()
    assert at.radio(key=state.PROVIDER_UPLOAD_WIDGET).value == state.ADD_TO_LIST
    upload(at, THIRD, "third.csv")
    assert in_use(at) == ["register.csv", "survey.csv", "third.csv"]
    assert at.session_state["provider_set"].load.n_accepted == 28

    at.radio(key=state.PROVIDER_UPLOAD_WIDGET).set_value(state.REPLACE_LIST).run()
    upload(at, THIRD, "third again.csv")
    assert in_use(at) == ["register.csv", "survey.csv", "third.csv"]  # nothing replaced yet
    assert "Replace the 28 organisations in use" in page_text(at)
    at.button(key="confirm_replacement").click().run()
    assert in_use(at) == ["third again.csv"]
    at.button(key="undo_provider_replacement").click().run()
    assert in_use(at) == ["register.csv", "survey.csv", "third.csv"]
    assert at.session_state["provider_set"].load.n_accepted == 28


def test_an_unknown_area_is_decided_once_for_every_row_and_saved_in_the_scenario(at):
    upload(at, REGISTER, "register.csv")
    assert "'Leeds Cty' — 2 rows" in page_text(at)
    assert at.selectbox(key="area_choice_0").value == "Leeds"
    at.button(key="area_accept_0").click().run()
    assert not at.exception
    load = at.session_state["provider_set"].load
    rows = load.accepted.set_index("name")
    for name in ("Leeds Housing First", "Headingley Circle"):
        assert rows.loc[name, "service_lads"] == "E08000035"
    assert load.area_questions.empty
    assert '"Leeds Cty": "Leeds"' in load.mapping.to_json()
    scenario = scenario_from_json(state.scenario_json(at.session_state))
    assert scenario.providers_sources[0]["areas"] == {"Leeds Cty": "Leeds"}


def test_a_waiting_replacement_can_be_added_instead_or_cancelled_and_the_demo_switch_undone(at):
    upload(at, THIRD, "third.csv")
    at.radio(key=state.PROVIDER_UPLOAD_WIDGET).set_value(state.REPLACE_LIST).run()
    upload(at, SURVEY, "survey.csv")
    at.button(key="add_pending_instead").click().run()
    assert in_use(at) == ["third.csv", "survey.csv"]
    upload(at, REGISTER, "register.csv")
    at.button(key="cancel_replacement").click().run()
    assert in_use(at) == ["third.csv", "survey.csv"] and state.PENDING_REPLACEMENT not in at.session_state
    at.button(key=next(b.key for b in at.button if b.label == "Go back to the demo data")).click().run()
    assert "provider_set" not in at.session_state
    at.button(key="undo_provider_replacement").click().run()
    assert in_use(at) == ["third.csv", "survey.csv"]
