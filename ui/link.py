"""The view in the address: a copied link opens the same designs, service, scope and assumptions.

At the start of a session an address carrying ``designs=…`` (see :mod:`lotdesign.core.link`) sets
the view; from then on every run writes the view back into the address, so the address bar is
always a link to what is on screen. The *Copy link* button copies it. A link never carries
organisation data: it opens with the synthetic demo data unless the reader loads their own list.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import streamlit as st

from lotdesign.core.link import LINK_KEYS, design_token, view_from_query, view_query
from lotdesign.errors import LotDesignError
from ui import state
from ui.format import plain

APPLIED = "_link_applied"
_HTML = ('<div class="lde-copy-link"><button type="button" class="lde-copy-button">Copy link</button>'
         '<span class="lde-copy-status" role="status"></span></div>')
_CSS = """
.lde-copy-link { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-family: inherit; }
.lde-copy-button { font: inherit; font-weight: 600; padding: 0.25rem 0.75rem; border: 1px solid #333; border-radius: 8px;
  background: #fff; color: #111; cursor: pointer; white-space: nowrap; }
.lde-copy-button:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
.lde-copy-status { font-size: 0.85rem; color: #0b6e2a; }
.lde-copy-link input { width: 100%; font-size: 0.8rem; }
"""


def _adopt(design) -> str:
    """The id of ``design`` in this session (a built-in's own id; else kept as a session design)."""
    if design.source != "link":
        return design.id
    custom = st.session_state["custom_designs"]
    for existing in custom.values():
        if existing.name == design.name and existing.unit_to_lot.astype(str).sort_index().equals(
                design.unit_to_lot.astype(str).sort_index()):
            return existing.id
    design = dataclasses.replace(design, id=state.new_design_id())
    custom[design.id] = design
    return design.id


def apply_address() -> None:
    """Once per session, before any widget: take the view from an address carrying ``designs=``."""
    view = st.session_state
    if view.get(APPLIED):
        return
    view[APPLIED] = True
    query = {key: st.query_params[key] for key in LINK_KEYS if key in st.query_params}
    if "designs" not in query:
        return
    try:
        linked = view_from_query(query)
    except LotDesignError as error:
        view["link_error"] = f"The link could not be opened: {error} The default view is shown instead."
        return
    ids = list(dict.fromkeys(_adopt(design) for design in linked.designs))
    view[state.MAIN_DESIGN], view["_previous_main"] = ids[0], ids[0]
    view[state.COMPARE_DESIGNS] = ids[1:]
    params = linked.params
    view[state.SERVICE], view[state.SCOPE], view[state.WEIGHTING] = params.service, params.scope, params.value_weighting
    view[state.BUNDLE] = list(params.services)
    view[state.BUDGET_M] = params.national_budget_gbp / 1e6
    view[state.TURNOVER] = params.turnover_multiple
    view[state.REACH_PCT] = round(100 * params.reach_threshold)


def _token(design) -> str:
    """A design's token in the address (codes of session designs remembered per design)."""
    if state.is_builtin(design):
        return design.id
    memo = st.session_state.setdefault("_link_tokens", {})
    key = (design.id, id(design))
    if key not in memo:
        memo[key] = design_token(design, builtin=False)
    return memo[key]


def current_query() -> dict[str, str]:
    """The query of the view on screen (designs, service, scope, assumptions that differ from the defaults)."""
    return view_query([_token(design) for design in state.compared_designs()], state.current_params())


def write_address() -> None:
    """Put the current view into the address (keys it does not set, e.g. ``present``, are kept)."""
    query = current_query()
    for key in LINK_KEYS:
        if key in query:
            if st.query_params.get(key) != query[key]:
                st.query_params[key] = query[key]
        elif key in st.query_params:
            del st.query_params[key]


@st.cache_resource(show_spinner=False)
def _component():
    js = (Path(__file__).with_name("copy_link.js")).read_text(encoding="utf-8")
    return st.components.v2.component("lde_copy_link", html=_HTML, css=_CSS, js=js, isolate_styles=False)


def copy_button(*, key: str = "copy_link") -> None:
    """The *Copy link* button and what a link carries."""
    query = current_query()
    _component()(data={"query": query}, key=key)
    st.caption("The link opens these designs, service and assumptions. It never carries organisation data: "
               "it opens with the synthetic demo data unless the reader loads their own list.")
    if "link_error" in st.session_state:
        st.error(plain(st.session_state.pop("link_error")))
