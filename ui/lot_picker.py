"""Find a lot (a searchable, keyboard-operable list — the same as clicking it on the map) and see
the same place under two designs side by side (West Yorkshire under 42 PCC areas beside
Yorkshire and the Humber under 12 regions)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.units import load_units
from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.correspondence import corresponding_lot
from ui import state
from ui.format import plain

PICKER = "lot_picker"
#: The figures of a lot shown side by side, with how each is formatted.
LOT_FIGURES = (
    ("Population", "population", lambda v: f"{int(v):,}"),
    ("Annual lot value", "value_gbp", format_gbp),
    ("Income needed to bid as prime", "turnover_needed_gbp", format_gbp),
    ("Voluntary organisations that could bid as prime", "n_vcs_prime_eligible", lambda v: f"{int(v):,}"),
    ("… of them based in the lot", "n_vcs_local_prime_eligible", lambda v: f"{int(v):,}"),
    ("Population reached by a voluntary organisation that could bid as prime", "prime_coverage", format_share),
    ("Women reached by a women's specialist that could bid as prime", "specialist_prime_coverage_women", format_share),
    ("Minority-ethnic residents reached by a BAME specialist that could bid as prime",
     "specialist_prime_coverage_bame", format_share),
)


@st.cache_data(show_spinner=False)
def district_population() -> pd.Series:
    """Persons per district (ONS mid-2023), for matching a place across designs."""
    return load_units()["population"]


def side_by_side(scores, lot: str) -> pd.DataFrame:
    """One lot of the first design beside the lot of each other design holding most of its people."""
    first = scores[0]
    columns, matched = {}, [lot]
    for score in scores:
        place = lot if score is first else corresponding_lot(first.design, lot, score.design, district_population())
        matched.append(place)
        header = f"{place} ({score.design.label})" if place else f"— ({score.design.label})"
        if place is None or place not in score.lots.index:
            columns[header] = ["outside this design's lots"] * len(LOT_FIGURES)
            continue
        row = score.lots.loc[place]
        columns[header] = [form(row[column]) for _, column, form in LOT_FIGURES]
    frame = pd.DataFrame(columns, index=pd.Index([label for label, _, _ in LOT_FIGURES], name="Figure"))
    return frame


def render(result) -> None:
    """The picker and the side-by-side table (below the maps)."""
    scores = result.scores[:2]
    first = scores[0]
    lots = list(first.lots.index)
    selection = st.session_state.get(state.SELECTION)
    opened_in = st.session_state.pop("lot_picker_design", None)
    if (selection and selection[0] == "lot" and len(scores) > 1 and opened_in == scores[1].design.id
            and selection[1] in scores[1].lots.index):
        # A lot of the second design opened on its map: show the first design's lot holding most of its people.
        match = corresponding_lot(scores[1].design, selection[1], first.design, district_population())
        selection = ("lot", match) if match else selection
        st.session_state[state.SELECTION] = selection
    if selection and selection[0] == "lot" and selection[1] in lots and st.session_state.get(PICKER) != selection[1]:
        st.session_state[PICKER] = selection[1]  # a lot opened on the map
    elif st.session_state.get(PICKER) not in lots:
        st.session_state[PICKER] = None
    st.subheader("One place under both designs")
    st.selectbox(
        f"Find a lot of {plain(first.design.label)} (type to search)",
        options=lots,
        index=None,
        key=PICKER,
        placeholder="Type a place, e.g. West Yorkshire",
        on_change=_picked,
    )
    lot = st.session_state.get(PICKER)
    if lot is None:
        st.caption("Choose a lot here or on the map to see its figures beside the same place in the other design.")
        return
    table = side_by_side(scores, lot)
    st.table(table.rename(columns=plain))  # st.table renders markdown: lot and design names are user text
    if len(scores) > 1:
        st.caption(f"The second column is the lot of {plain(scores[1].design.label)} where most of "
                   f"{plain(lot)}'s people live (ONS mid-2023 population). More about the lot on the *Map* tab.")


def _picked() -> None:
    lot = st.session_state.get(PICKER)
    if lot is not None:
        st.session_state[state.SELECTION] = ("lot", lot)
