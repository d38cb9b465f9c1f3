"""How the figures work: the definitions in plain English, the assumptions and the data sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign import __version__
from lotdesign.core.compare import METRIC_LABELS
from ui.compare_tab import assumptions_table
from ui.format import METRIC_HELP
from ui.maps import attribution_notices, map_attribution

EXPLANATION = """
**Lots.** A lot design splits England and Wales into separate contracts. Each lot is a group of local
authority districts — for the built-in designs, whole police force areas.

**Lot value.** The service's share of the national budget is shared between lots by population
(ONS mid-2023 estimates). A lot with 5% of the population gets 5% of the budget.

**Who can bid as prime?** An organisation can bid as the main contractor (prime) for a lot when **both**:
1. its service area covers at least the chosen share of the lot's population (default 80%), and
2. its annual income is at least the chosen multiple of the lot's annual value (default 2×, the most the
   Public Contracts Regulations 2015 allow a buyer to ask for).

Organisations that work in a lot but fail either test could only take part as subcontractors.

**Reach and coverage** are measured on the 35,672 small areas (LSOA 2021) of England and Wales: a small area is
covered when its population-weighted centre lies inside an organisation's service area (listed local authorities
or PCC areas, national, or a radius around its base).

**Minority-ethnic residents** are the Census 2021 Asian, Black, Mixed and Other ethnic groups ("non-White"),
18.3% of the population of England and Wales.

**Smaller lots are not simply better.** They let more local organisations bid as prime, but an organisation
working across several lots needs more bids to keep its work (the *lots to bid for* figure), and research on
lotting finds mixed effects on outcomes. The tool shows both sides.

**Inferred designs** are marked "(inferred)": the number of lots is sourced, but which areas form each lot is not
published and has been inferred.
"""


def render(params) -> None:
    st.subheader("How the figures work")
    st.markdown(EXPLANATION)
    st.subheader("What each figure means")
    st.dataframe(
        pd.DataFrame({"Figure": [METRIC_LABELS[m] for m in METRIC_HELP if m in METRIC_LABELS],
                      "Meaning": [METRIC_HELP[m] for m in METRIC_HELP if m in METRIC_LABELS]}),
        hide_index=True,
        width="stretch",
    )
    st.subheader("Assumptions and sources")
    st.table(assumptions_table(params).set_index("Assumption"))
    st.subheader("Data")
    st.markdown(
        "- Boundaries and populations: " + map_attribution() + ".\n"
        "- Postcode lookups: " + attribution_notices()["postcodes"] + ".\n"
        "- The demo organisations are synthetic (made up, reproducibly) — not real organisations."
    )
    st.caption(f"Lot Design Explorer {__version__}. Code: MIT licence. Data: Open Government Licence v3.0.")
