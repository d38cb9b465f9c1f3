"""The app's column-mapping step, driven headless: propose, confirm or change, combine lists.

Uploads go through the same queue the file uploader fills; the expected figures come from the
library (``load_providers`` on the same bytes), never from the page.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import open_app_on_tab, page_text, text
from lotdesign.importing.providers import load_providers
from ui import state
from ui.column_mapping import NOT_USED

PROPOSAL_CSV = (
    b"Organisation Name,Postcode,Income (approx),Is this a women's organisation?,Where do you work?,Notes\n"
    b"Leeds Women's Aid,LS1 4DY,\"\xc2\xa3450,000\",Yes,Leeds; Bradford,founded 1975\n"
    b"Cardiff Women's Centre,CF10 1EP,\xc2\xa350k,Yes,Cardiff,\n"
    b"Leeds Community Trust,LS2 8JS,\xc2\xa32m,No,Leeds,\n"
)
SECOND_CSV = (
    b"name,postcode,income_gbp,specialisms\n"
    b"LEEDS WOMEN'S AID,LS2 8JS,450000,women\n"
    b"Swansea Futures,SA1 1NW,N/A,bame\n"
)


def upload(at: AppTest, data: bytes, name: str) -> AppTest:
    at.session_state[state.PENDING_PROVIDERS] = (data, name)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def at():
    return open_app_on_tab("Organisations")


def test_nothing_is_scored_until_the_proposal_is_accepted(at):
    upload(at, PROPOSAL_CSV, "members.csv")
    assert "provider_set" not in at.session_state  # still the demo data
    shown = page_text(at)
    assert "members.csv is read but not used yet" in shown
    assert "Nothing is used until you confirm" in shown
    assert "Is this a women's organisation?** → Women's organisation (yes/no)" in shown
    # One select box per column, set to the proposal.
    boxes = {box.label: box.value for box in at.selectbox if box.label.startswith("How the column")}
    assert boxes["How the column Where do you work? is read"] == "Areas served"
    assert boxes["How the column Notes is read"] == NOT_USED

    at.button(key="accept_column_proposal").click().run()
    assert not at.exception
    expected = load_providers(PROPOSAL_CSV, source_name="members.csv")
    used = at.session_state["provider_set"].load
    assert used.n_accepted == expected.n_accepted == 3
    assert list(used.accepted["women"]) == list(expected.accepted["women"]) == [True, True, False]
    # The headline says how many organisations the proposal and fallbacks changed.
    banner = next(text(w.value) for w in at.warning if "The import decided" in w.value)
    assert f"what {expected.n_affected()} organisations count as" in banner
    assert "2 — specialism taken from a column matched by proposal or by you" in banner
    assert "#import-effects" in banner
    assert any(s.value == "Organisations the import decided about" for s in at.subheader)


def test_changing_a_column_before_confirming(at):
    upload(at, PROPOSAL_CSV, "members.csv")
    box = next(b for b in at.selectbox if b.label == "How the column Is this a women's organisation? is read")
    box.select(NOT_USED)
    at.button(key="FormSubmitter:column_mapping_form-Use these columns").click().run()
    assert not at.exception
    used = at.session_state["provider_set"].load
    assert not used.accepted["women"].any()
    assert used.matched_by["Is this a women's organisation?"] == "chosen"
    assert used.mapping.columns["Is this a women's organisation?"] is None


def test_a_file_with_every_column_named_is_used_at_once_and_lists_combine(at):
    upload(at, PROPOSAL_CSV, "members.csv")
    at.button(key="accept_column_proposal").click().run()
    at.radio(key=state.PROVIDER_UPLOAD_WIDGET).set_value(state.ADD_TO_LIST).run()
    upload(at, SECOND_CSV, "second.csv")
    used = at.session_state["provider_set"].load
    assert "provider_draft" not in at.session_state
    assert list(used.accepted["name"]) == ["Leeds Women's Aid", "Cardiff Women's Centre", "Leeds Community Trust",
                                           "Swansea Futures"]
    files = next(d.value for d in at.dataframe if "Already in the list" in d.value.columns)
    assert files.to_dict("records") == [
        {"File": "members.csv", "Rows": 3, "Added": 3, "Rejected": 0, "Already in the list": 0},
        {"File": "second.csv", "Rows": 2, "Added": 1, "Rejected": 0, "Already in the list": 1},
    ]
    assert "'LEEDS WOMEN'S AID' is already in the list (from members.csv)" in page_text(at)
    assert used.source_name == "members.csv + second.csv"


def test_a_column_nothing_reads_holds_the_file_for_confirmation(at):
    """A column no field reads would lose its meaning silently: the file waits to be confirmed."""
    csv = b"name,postcode,income_gbp,Contact email\nLeeds Women's Aid,LS1 4DY,450000,info@example.org\n"
    upload(at, csv, "with_contact.csv")
    assert "provider_set" not in at.session_state  # still the demo data
    assert at.session_state["provider_draft"].unused_columns == ["Contact email"]
    boxes = {box.label: box.value for box in at.selectbox if box.label.startswith("How the column")}
    assert boxes["How the column Contact email is read"] == NOT_USED
    at.button(key="FormSubmitter:column_mapping_form-Use these columns").click().run()
    assert not at.exception
    assert list(at.session_state["provider_set"].load.accepted["name"]) == ["Leeds Women's Aid"]


def test_a_file_without_a_name_column_can_be_mapped_by_hand(at):
    csv = b"Org,Postcode\nLeeds Women's Aid,LS1 4DY\n"
    upload(at, csv, "no_name.csv")
    assert "No organisation name column" in "\n".join(text(e.value) for e in at.error)
    next(b for b in at.selectbox if b.label == "How the column Org is read").select("Organisation name")
    at.button(key="FormSubmitter:column_mapping_form-Use these columns").click().run()
    assert not at.exception
    assert list(at.session_state["provider_set"].load.accepted["name"]) == ["Leeds Women's Aid"]



def test_a_saved_mapping_sets_the_boxes_and_is_used(at):
    from lotdesign.importing.providers import ColumnMapping
    from ui.column_mapping import apply_saved_mapping

    upload(at, PROPOSAL_CSV, "members.csv")
    draft = at.session_state["provider_draft"]
    saved = ColumnMapping.from_json(ColumnMapping({"Organisation Name": "name", "Postcode": "postcode",
                                                   "Income (approx)": None, "Where do you work?": "service_area"}).to_json())
    # What the uploader's callback does with the file's contents (AppTest cannot pick a file).
    boxes: dict = {}
    missing = apply_saved_mapping(draft, saved, boxes)
    assert missing == ["Is this a women's organisation?", "Notes"]
    assert boxes == {"column_map_0": "Organisation name", "column_map_1": "Postcode of base",
                     "column_map_2": "not used", "column_map_4": "Areas served"}
    for key, value in boxes.items():
        at.session_state[key] = value
    at.run()
    at.button(key="FormSubmitter:column_mapping_form-Use these columns").click().run()
    used = at.session_state["provider_set"].load
    assert not used.accepted["income_known"].any()  # the saved mapping leaves the income column unused
    assert list(used.accepted["women"]) == [True, True, False]  # the box it did not name keeps the proposal


def test_headings_and_cells_are_shown_as_plain_text(at):
    link = "[click](https://xss.invalid)"
    csv = f'name,postcode,"{link} women?",Notes\nLeeds Trust,LS1 4DY,Yes,"<img src=x onerror=alert(1)> {link}"\n'.encode()
    upload(at, csv, "links.csv")
    assert "provider_draft" in at.session_state  # the women? column is proposed, so it waits
    raw = [element.value for kind in ("markdown", "info", "warning") for element in getattr(at, kind)]
    assert not any(link in value for value in raw)  # every occurrence is escaped
    assert any(link in text(value) for value in raw)  # … and still shown, as text


def test_the_file_can_be_read_again_from_another_header_row(at):
    upload(at, b"Member list (export)\n" + PROPOSAL_CSV, "titled.csv")
    draft = at.session_state["provider_draft"]
    assert draft.mapping.header_row == 2 and draft.table.frame.columns[0] == "Organisation Name"
    at.number_input(key="reread_header_row").set_value(3)
    at.button(key="reread_file").click().run()
    assert not at.exception
    again = at.session_state["provider_draft"]
    assert again.mapping.header_row == 3 and again.table.frame.columns[0] == "Leeds Women's Aid"
    assert "No organisation name column" in "\n".join(text(e.value) for e in at.error)
    at.number_input(key="reread_header_row").set_value(2)
    at.button(key="reread_file").click().run()
    assert at.session_state["provider_draft"].table.frame.columns[0] == "Organisation Name"
    assert not at.error
