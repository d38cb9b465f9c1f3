"""Evidence pack: build the report of the comparison on screen (PDF, Word or HTML) and download it.

The report is built only when asked (it draws a map per design), with a progress bar; the
finished file is kept in this session, for the view it was built from, until the view changes.
"""

from __future__ import annotations

import re

import streamlit as st

from lotdesign.report import FORMATS, build_report, render_report, reproduce_command
from lotdesign.levers.robustness import robustness
from ui import state

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "html": "Web page (.html, works offline)"}
#: Session key of the last report built: (format, scenario text it was built from, bytes).
BUILT = "evidence_pack"
FORMAT = "evidence_pack_format"


def file_name(designs, fmt: str) -> str:
    """``lot_design_report_<design ids>.<fmt>``, safe as a file name."""
    ids = "_vs_".join(re.sub(r"[^A-Za-z0-9]+", "_", d.id).strip("_").lower() or "design" for d in designs)
    return f"lot_design_report_{ids[:80]}.{fmt}"


def render(pset, result) -> None:
    designs = [score.design for score in result.scores]
    st.subheader("Evidence pack")
    st.markdown(
        "One report to attach to a consultation response or an equality impact assessment: the scenario with every "
        "assumption and its source, the headline figures in plain English, a map of each design, lot-by-lot tables, "
        "the lots where no women's or BAME specialist could bid as prime, methods, limitations, and how to "
        "reproduce the figures (the scenario file is included)."
    )
    fmt = st.radio("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, horizontal=True, key=FORMAT)
    view = state.scenario_json()
    name = file_name(designs, fmt)
    if st.button("Build the report", key="evidence_pack_build", icon=":material/description:"):
        bar = st.progress(0.0, text="Starting…")
        robustness_result = None
        if len(designs) >= 2:
            robustness_result = robustness(pset.context(designs[0]), pset.context(designs[1]), result.scores[0].params,
                                           progress=lambda fraction, message: bar.progress(0.4 * fraction, text=message))
        report = build_report(result, pset.load, command=reproduce_command(designs, result.scores[0].params, pset.load, out=name),
                              include_awards=True, awards_as_of=st.session_state.get("awards_as_of"),
                              robustness_result=robustness_result,
                              progress=lambda fraction, message: bar.progress(0.4 + 0.5 * fraction, text=message + "…"))
        bar.progress(0.92, text=f"Writing the {FORMAT_LABELS[fmt]} file…")
        st.session_state[BUILT] = (fmt, view, render_report(report, fmt))
        bar.progress(1.0, text="Report ready.")
    built = st.session_state.get(BUILT)
    if built and built[0] == fmt and built[1] == view:
        st.download_button(f"Download the report ({FORMAT_LABELS[fmt]})", built[2], name, FORMATS[fmt], type="primary",
                           key="evidence_pack_download", on_click="ignore", icon=":material/download:")
        if pset.synthetic:
            st.caption("Built from the synthetic demo data: every page of the report says so.")
    elif built:
        st.caption("The view or the format has changed since the last report: build it again.")
