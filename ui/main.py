"""The app's page: a sidebar to choose designs and assumptions, a headline banner, and tabs.

Reads like a page description: each tab is drawn by its own module, only when it is open
(lazy tabs), and everything it shows comes from the library.
"""

from __future__ import annotations

import streamlit as st

from ui import column_mapping, compare_tab, first_screen, presentation, sidebar, state
from ui.assets import assets_installed, install_assets
from ui.format import plain
from ui.theme import apply_theme

TABS = ("Compare designs", "Map", "Organisations", "Your own lot design", "Save and download", "How the figures work",
        "What was awarded", "Levers and robustness")


@st.cache_resource(show_spinner=False)
def ensure_map_assets() -> bool:
    """Copy the map's JavaScript and CSS into static/vendor/ if `make` has not (once per server)."""
    if not assets_installed():
        install_assets()
    return True


def render() -> None:
    ensure_map_assets()
    apply_theme()
    state.init_state()
    state.process_pending_uploads()
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
    with tabs[0]:
        if tabs[0].open:
            from ui import lot_picker

            first_screen.render(pset, result, chosen, params)
            lot_picker.render(result)
            compare_tab.render(result, chosen, params)
    with tabs[1]:
        if tabs[1].open:
            from ui import map_tab

            map_tab.render(pset, result, contexts, params)
    with tabs[2]:
        if tabs[2].open:
            from ui import providers_tab

            providers_tab.render(pset)
    with tabs[3]:
        if tabs[3].open:
            from ui import design_tab

            design_tab.render()
    with tabs[4]:
        if tabs[4].open:
            from ui import downloads_tab

            downloads_tab.render(pset, result, contexts, params)
    with tabs[5]:
        if tabs[5].open:
            from ui import about_tab

            about_tab.render(params)
    with tabs[TABS.index("What was awarded")]:
        if tabs[TABS.index("What was awarded")].open:
            from ui import awards_tab

            awards_tab.render(pset, params)
    with tabs[TABS.index("Levers and robustness")]:
        if tabs[TABS.index("Levers and robustness")].open:
            from ui import levers_tab

            levers_tab.render(pset, params)
