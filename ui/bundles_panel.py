"""The 2021 pattern against the 2027 pattern, shown on the first screen and in presentation mode
when services are bundled (the figures come from :func:`lotdesign.levers.bundling.pattern_comparison`)."""

from __future__ import annotations

import streamlit as st

from lotdesign.core.designs import get_design
from lotdesign.core.services import services_stated
from lotdesign.importing.providers import escape_text
from lotdesign.levers.bundling import PATTERN_FIGURES, PATTERN_SCOPE, lead_gaps, pattern_comparison
from ui import state
from ui.format import figure, format_figure, format_share

#: Figures shown in the panel (a subset of :data:`PATTERN_FIGURES`), in reading order.
PANEL_FIGURES = (
    "n_lots",
    "n_lots_locally_lead_alone",
    "n_lots_lead_alone",
    "n_lots_consortium",
    "n_lots_locally_consortium",
    "share_value_local_voluntary_lead",
    "specialist_prime_coverage_women",
    "subcontract_dependence_women",
    "specialist_prime_coverage_bame",
    "subcontract_dependence_bame",
    "median_value_gbp",
)

PANEL_CSS = """
<style>
.lde-pattern { border-collapse: collapse; font-size: 0.9rem; margin: 2px 0 4px 0; width: 100%; }
.lde-pattern th, .lde-pattern td { border-bottom: 1px solid #d0d4da; padding: 2px 6px; text-align: left; color: #111; }
.lde-pattern td.n { text-align: right; font-weight: 700; white-space: nowrap; }
.lde-pattern caption { text-align: left; font-weight: 700; color: #111; padding-bottom: 2px; }
</style>
"""


def pattern_for(pset, params):
    """The pattern comparison for the providers and parameters in use (remembered in the session, by content)."""
    return state.session_memo("pattern_comparison", state.content_key(pset, params), lambda: pattern_comparison(
        state.context_for(pset, get_design("pcc42")), state.context_for(pset, get_design("csm2027_assumed")), params))


def _cell(key: str, value: float, n_lots: float) -> str:
    if figure(key).unit in ("gbp", "share"):
        return format_figure(key, value)
    if key == "n_lots":
        return f"{int(value)}"
    return f"{int(value)} of {int(n_lots)} ({format_share(value / n_lots if n_lots else 0)})"


def _bidders(column) -> str:
    return " / ".join(str(int(column[k])) for k in ("n_lots_0_bidders", "n_lots_1_bidder", "n_lots_2_bidders",
                                                    "n_lots_3plus_bidders"))


def pattern_html(result, figures=PANEL_FIGURES) -> str:
    """The two patterns as an HTML table (plain text escaped), with bidders per lot as 0/1/2/3+."""
    a, b = result.table["2021 pattern"], result.table["2027 pattern"]
    rows = [f"<tr><td>{escape_text(PATTERN_FIGURES[k])}</td><td class='n'>{escape_text(_cell(k, a[k], a['n_lots']))}</td>"
            f"<td class='n'>{escape_text(_cell(k, b[k], b['n_lots']))}</td></tr>" for k in figures]
    rows.append(f"<tr><td>Lots with 0 / 1 / 2 / 3 or more bidders able to lead (any sector)</td>"
                f"<td class='n'>{_bidders(a)}</td><td class='n'>{_bidders(b)}</td></tr>")
    caption = (f"{escape_text(result.params.service_label)}: 2021 pattern (one service per lot, "
               f"{escape_text(result.design_2021)}) vs 2027 pattern (bundled, {escape_text(result.design_2027)})")
    return (PANEL_CSS + f"<table class='lde-pattern' data-testid='lde-pattern'><caption>{caption}</caption>"
            "<thead><tr><th>Figure</th><th>2021 pattern</th><th>2027 pattern</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def render(pset, params) -> None:
    """The panel: the table, the sentences, and what was and was not tested."""
    result = pattern_for(pset, params)
    st.html(pattern_html(result))
    st.caption(" ".join(result.sentences[1:3]) + " The 2027 lots are assumed: the notice does not list its lots in "
               "our sources. " + result.services_test + (" Synthetic demo data." if pset.synthetic else ""))
    if services_stated(pset.providers).any():
        _gaps(pset, params)


def _gaps(pset, params) -> None:
    """Organisations able to lead a 2027 lot on money and reach whose stated services leave a gap."""
    gaps = lead_gaps(state.context_for(pset, get_design("csm2027_assumed")), params.replace(scope=PATTERN_SCOPE))
    with st.expander(f"Possible leads with a service gap (2027 pattern): {len(gaps)}"):
        st.caption("They pass the money and reach tests but do not deliver every bundled service themselves: "
                   "they would have to buy in the services named.")
        st.dataframe(gaps.rename(columns={"lot": "Lot", "provider_id": "Id", "name": "Organisation",
                                          "missing": "Services it does not deliver itself"}), hide_index=True)
