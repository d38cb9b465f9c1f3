"""The app's page: a sidebar to choose designs and assumptions, a headline banner, and tabs.

Reads like a page description: each tab is drawn by its own module, only when it is open
(lazy tabs), and everything it shows comes from the library.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import streamlit as st

from ui import column_mapping, compare_tab, first_screen, link, presentation, sidebar, state
from ui.assets import ensure_assets
from ui.format import plain
from ui.theme import apply_theme



@dataclass(frozen=True)
class TabPage:
    """One tab: its label, the module and function that draw it, and what that function takes.

    ``inputs`` name, in order, the page's inputs the function is called with: ``pset`` (the
    organisations in use), ``result`` (the comparison), ``contexts`` (prepared designs by id),
    ``chosen`` (the designs compared, main first) and ``params`` (the assumptions).
    """

    label: str
    module: str
    inputs: tuple[str, ...] = ()
    function: str = "render"


#: Every tab, in order, with its renderer: the one table the page is drawn from. A tab's module is
#: imported only when the tab is first opened (folium and friends load late).
TAB_PAGES = (
    TabPage("Compare designs", "ui.main", ("pset", "result", "chosen", "params"), "render_compare_page"),
    TabPage("Map", "ui.map_tab", ("pset", "result", "contexts", "params")),
    TabPage("What was awarded", "ui.awards_tab", ("pset", "params")),
    TabPage("Design studio", "ui.studio_tab", ("pset", "params")),
    TabPage("Levers and robustness", "ui.levers_tab", ("pset", "params")),
    TabPage("Organisations", "ui.providers_tab", ("pset",)),
    TabPage("Your own lot design", "ui.design_tab"),
    TabPage("Save and download", "ui.downloads_tab", ("pset", "result", "contexts", "params")),
    TabPage("How the figures work", "ui.about_tab", ("params",)),
)
TABS = tuple(page.label for page in TAB_PAGES)


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
    if state.PROVIDER_DRAFT in st.session_state:
        column_mapping.waiting_banner(st.session_state[state.PROVIDER_DRAFT])

    with st.spinner(f"Scoring {len(chosen)} designs for {len(pset.providers):,} organisations…"):
        result, contexts = state.comparison(pset, chosen, params)

    tabs = st.tabs(list(TABS), key=state.TAB, on_change="rerun")
    # Only the open tab runs; the modules of the others (folium ...) load when first opened.
    for tab, label in zip(tabs, TABS):
        with tab:
            if tab.open:
                render_page(label, pset, result, contexts, chosen, params)


def render_page(label: str, pset, result, contexts, chosen, params) -> None:
    """Draw the page of one tab (from :data:`TAB_PAGES`); its module is imported only when first opened."""
    page = next(page for page in TAB_PAGES if page.label == label)
    inputs = {"pset": pset, "result": result, "contexts": contexts, "chosen": chosen, "params": params}
    draw = getattr(importlib.import_module(page.module), page.function)
    draw(*(inputs[name] for name in page.inputs))


def render_compare_page(pset, result, chosen, params) -> None:
    """The *Compare designs* tab: the first screen, *Find a lot*, then the full comparison."""
    from ui import lot_picker

    first_screen.render(pset, result, chosen, params)
    lot_picker.render(result)
    compare_tab.render(result, chosen, params)
