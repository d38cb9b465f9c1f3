"""Your own lot design: upload a CSV or Excel file, see it checked, then scored and mapped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.units import load_units
from lotdesign.core.designs import design_catalogue, get_design, lots_table
from ui import state
from ui.downloads import csv_and_excel_buttons
from ui.format import plain


def example_design_table(design_id: str = "regions12") -> pd.DataFrame:
    """A built-in design written as a design file: one row per police force area with its lot."""
    units = load_units().drop_duplicates("pfa_code").set_index("pfa_code").sort_index()
    design = get_design(design_id)
    lot_of_pfa = design.unit_to_lot.groupby(load_units()["pfa_code"]).first()
    return pd.DataFrame({"pfa_code": units.index, "pfa_name": units["pfa_name"], "lot": lot_of_pfa.reindex(units.index)})


def render() -> None:
    st.subheader("Use your own lot design")
    st.markdown(
        "A design file has **one row per area** and two columns: the area and its lot.\n"
        "- Areas can be **police force areas** (columns `pfa_code` or `pfa_name`) or **local authority "
        "districts** (`lad_code` or `lad_name`); codes or names both work.\n"
        "- The lot column is called `lot`; give each lot a name.\n"
        "- Every area in England and Wales (or in England only, or Wales only) must be in exactly one lot."
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        state.upload_widget("Upload a lot design (CSV or Excel)", types=["csv", "xlsx"], widget_key="design_file",
                            queue_key=state.PENDING_DESIGN, outcome="design")
    with right:
        example = example_design_table()
        st.markdown("**Example:** the 12 probation regions written as a design file.")
        csv_and_excel_buttons(example, "design_example_regions12", csv_label="Example (CSV)",
                              excel_label="Example (Excel)")

    custom = st.session_state[state.CUSTOM_DESIGNS]
    if custom:
        st.subheader("Your designs")
        for design in custom.values():
            with st.container(border=True):
                a, b = st.columns([5, 1])
                a.markdown(f"**{plain(design.name)}** — {design.n_lots} lots, {plain(design.scope)}. "
                           f"{plain(design.description)}")
                b.button("Remove", key=f"remove_{design.id}", on_click=state.remove_design, args=(design.id,))
                with a.expander("Lots"):
                    table = lots_table(design)
                    st.dataframe(
                        pd.DataFrame({"Lot": table.index, "Areas": table["pfa_names"].map(", ".join),
                                      "Local authorities": table["n_units"], "Population": table["population"]}),
                        hide_index=True,
                    )

    st.subheader("Built-in designs")
    catalogue = design_catalogue()
    st.dataframe(
        catalogue.rename(columns={"name": "Design", "n_lots": "Lots", "year": "Year", "confidence": "Confidence",
                                  "source": "Source"})[["Design", "Lots", "Year", "Confidence", "Source"]],
        hide_index=True,
    )
