"""The app's page: a sidebar to choose designs and assumptions, a headline banner, and tabs.

Reads like a page description: each tab is drawn by its own module, only when it is open
(lazy tabs), and everything it shows comes from the library.
"""

from __future__ import annotations

import importlib

import streamlit as st

from ui import column_mapping, compare_tab, first_screen, link, presentation, sidebar, state
from ui.assets import ensure_assets
from ui.format import plain
from ui.theme import apply_theme

TABS = ("Compare designs", "Map", "What was awarded", "Design studio", "Levers and robustness", "Organisations",
        "Your own lot design", "Save and download", "How the figures work")


@st.cache_resource(show_spinner=False)
def ensure_map_assets() -> bool:
    """Copy the map's JavaScript and CSS where Streamlit serves them, if not done yet (once per server)."""
    ensure_assets()
    return True


def render() -> None:
    ensure_map_assets()
    apply_theme()
    state.init_state()
    link.apply_address()  # a copied link sets the view (first run of a session only)
    state.process_pending_uploads()
    link.write_address()  # the address always links to the view on screen
    sidebar.render()
    presentation.sidebar_toggle()

    pset = state.provider_set()
    chosen = state.compared_designs()
    params = state.current_params()

    if presentation.active():
        with st.spinner("Scoring the designs…"):
            result, _ = state.comparison(pset, chosen, params)
        presentation.render(pset, result, chosen, params)
        return

    # The first screen leads with the message: the service and the two designs compared.
    st.title(plain(first_screen.short_title(chosen, params)), anchor=False)  # design names are user text
    if pset.synthetic:
        st.warning(
            "**Synthetic demo data — not real organisations.** Upload your own list on the *Organisations* tab.",
            icon=":material/warning:",
        )
    else:
        st.info(f"Organisations: {pset.load.n_accepted:,} from {plain(pset.load.source_name)}.",
                icon=":material/description:")
        column_mapping.effects_banner(pset.load)
    if "provider_draft" in st.session_state:
        column_mapping.waiting_banner(st.session_state["provider_draft"])

    with st.spinner(f"Scoring {len(chosen)} designs for {len(pset.providers):,} organisations…"):
        result, contexts = state.comparison(pset, chosen, params)

    tabs = st.tabs(list(TABS), key=state.TAB, on_change="rerun")
    # Only the open tab runs; the modules of the others (folium ...) load when first opened.
    for tab, label in zip(tabs, TABS):
        with tab:
            if tab.open:
                render_page(label, pset, result, contexts, chosen, params)


def render_page(label: str, pset, result, contexts, chosen, params) -> None:
    """Draw the page of one tab; its module is imported only when the tab is first opened."""
    if label == "Compare designs":
        from ui import lot_picker

        first_screen.render(pset, result, chosen, params)
        lot_picker.render(result)
        compare_tab.render(result, chosen, params)
        return
    module_name, arguments = {
        "Map": ("map_tab", (pset, result, contexts, params)),
        "What was awarded": ("awards_tab", (pset, params)),
        "Design studio": ("studio_tab", (pset, params)),
        "Levers and robustness": ("levers_tab", (pset, params)),
        "Organisations": ("providers_tab", (pset,)),
        "Your own lot design": ("design_tab", ()),
        "Save and download": ("downloads_tab", (pset, result, contexts, params)),
        "How the figures work": ("about_tab", (params,)),
    }[label]
    importlib.import_module(f"ui.{module_name}").render(*arguments)
