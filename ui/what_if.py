""""What if N lots?": choose N, get the best design found for N lots beside the main design.

The control sits on the first screen and in presentation mode (three actions: open it, choose N,
press the button). The design found is kept in the session like a studio design, compared second
(so the maps, the cards and the slide titles show it beside the main design), and can be renamed.
The search is :func:`lotdesign.studio.what_if.best_design_for`, with the service and assumptions in
use and the studio's objective (population in locally contestable lots unless chosen there).
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from lotdesign.errors import ValidationError
from lotdesign.studio.what_if import MAX_LOTS, MIN_LOTS, OBJECTIVE_SHORT_NAMES, best_design_for
from ui import state
from ui.format import plain

#: The studio's objective choice (the search's objective here too): the studio's *Maximise* box
#: while it is drawn, and the objective of its last *Suggest* (kept when the studio is closed).
STUDIO_OBJECTIVE = "suggest_objective"
LAST_STUDIO_OBJECTIVE = "what_if_objective"
LAST = "what_if_design"
DEFAULT_OBJECTIVE = "locally_contestable_population"


def objective() -> str:
    """The objective in use: the studio's choice, else population in locally contestable lots."""
    for key in (STUDIO_OBJECTIVE, LAST_STUDIO_OBJECTIVE):
        chosen = st.session_state.get(key)
        if chosen in OBJECTIVE_SHORT_NAMES:
            return chosen
    return DEFAULT_OBJECTIVE


def _same_design(a, b) -> bool:
    return a.unit_to_lot.astype(str).sort_index().equals(b.unit_to_lot.astype(str).sort_index())


def show_best(n_lots: int) -> None:
    """Find the best design for ``n_lots`` and compare it second, after the main design."""
    view = st.session_state
    view.pop("what_if_error", None)
    pset, params = state.provider_set(), state.current_params()
    try:
        found = best_design_for(pset.providers, pset.reach, int(n_lots), params, objective=objective(),
                                edges=pset.edges, design_id=state.new_design_id()).design
    except ValidationError as error:
        view["what_if_error"] = str(error)
        return
    existing = next((d for d in view["custom_designs"].values() if d.name == found.name and _same_design(d, found)), None)
    design = existing or found
    view["custom_designs"][design.id] = design
    main = view[state.MAIN_DESIGN]
    view[state.COMPARE_DESIGNS] = [design.id, *[d for d in view[state.COMPARE_DESIGNS] if d not in (design.id, main)]]
    view[LAST] = design.id
    view["what_if_name"] = design.name
    view.pop("_comparison", None)


def _ask() -> None:
    show_best(st.session_state.get("what_if_lots", 20))


def _rename() -> None:
    """Give the last design found the name typed (blank keeps the name it has)."""
    view = st.session_state
    design = view["custom_designs"].get(view.get(LAST))
    name = str(view.get("what_if_name") or "").strip()
    if design is None or not name or name == design.name:
        return
    view["custom_designs"][design.id] = dataclasses.replace(design, name=name[:120])
    view.pop("_comparison", None)


def control(*, key: str = "what_if") -> None:
    """The "What if N lots?" popover: N, the button, and (once asked) the name of the design found."""
    with st.popover("What if N lots?", icon=":material/tune:", width="stretch" if key.startswith("first") else "content",
                    help="The best design the search finds for N lots "
                    "of whole PCC areas, shown beside the main design."):
        st.number_input("Number of lots", min_value=MIN_LOTS, max_value=MAX_LOTS, value=20, step=1, key="what_if_lots",
                        help=f"{MIN_LOTS} to {MAX_LOTS} lots of whole PCC areas; more lots: the design studio.")
        st.button("Show the best design found", key=f"{key}_go", type="primary", on_click=_ask,
                  help="Searches contiguous designs for the most population in locally contestable lots (or the "
                  "studio's chosen figure), with the service and assumptions in use. A few seconds.")
        if "what_if_error" in st.session_state:
            st.error(plain(st.session_state["what_if_error"]))
        if st.session_state.get(LAST) in st.session_state.get("custom_designs", {}):
            st.text_input("Name of the design found", key="what_if_name", on_change=_rename, max_chars=120)
            st.caption("The best design found by a search, not a proven optimum. It is compared second; "
                       "the Design studio can edit it.")
