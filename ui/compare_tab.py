"""Compare designs: headline figures side by side with differences, sentences, charts, the table."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lotdesign.core.compare import HEADLINE_METRICS, METRIC_LABELS
from lotdesign.core.params import SOURCES
from lotdesign.importing.providers import escape_text
from ui.format import (
    METRIC_HELP,
    PARAMETER_LABELS,
    delta_colour,
    format_metric,
    format_shown_delta,
    metric_kind,
    parameter_value,
    plain,
)

#: Okabe–Ito colours for designs in charts (colour-blind safe), in comparison order.
DESIGN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")


def render(result, chosen, params) -> None:
    main, others = chosen[0], chosen[1:]
    service = params.service_label if params.is_bundle else params.service_label.lower()
    if others:
        st.subheader(f"{plain(main.label)} compared with {plain(', '.join(d.label for d in others))}")
    else:
        st.subheader(plain(main.label))
        st.info("Choose one or more designs under **Compare it with** in the sidebar to see differences.")
    st.caption(
        f"Service: {service} — annual budget {format_metric('budget_gbp', params.budget_gbp)}. "
        f"Differences are against {plain(main.label)}. Hover over a question mark for what a figure means."
    )
    for design in chosen:
        if design.inferred or design.assumed:
            st.info(f"**{plain(design.label)}**: {plain(design.description)}", icon=":material/info:")
    if params.is_bundle:
        st.info(plain(result.scores[0].summary["services_test"]), icon=":material/info:")

    headline_grid(result.table, chosen)

    st.subheader("In plain English")
    st.markdown("\n".join(f"- {plain(sentence)}" for sentence in result.sentences))

    st.subheader("Charts")
    charts(result.table, chosen)

    st.subheader("All figures")
    st.dataframe(figures_table(result.table, chosen), width="stretch", height=560, hide_index=True)
    with st.expander("The same figures as one row per design (as downloaded)"):
        st.dataframe(result.table, width="stretch")
    st.caption("Download these figures (CSV or Excel) on the *Save and download* tab.")

    st.subheader("Assumptions")
    st.table(assumptions_table(params).set_index("Assumption"))


def headline_grid(table: pd.DataFrame, chosen) -> None:
    """A scoreboard: one row per headline figure (title with its explanation), one column per design.

    Every design but the first shows its difference from the first.
    """
    main = chosen[0].id
    widths = [2.4] + [1.0] * len(chosen)
    header = st.columns(widths, vertical_alignment="bottom")
    header[0].markdown('<p class="lde-board-head">Figure</p>', unsafe_allow_html=True)
    for cell, design in zip(header[1:], chosen):
        cell.markdown(f'<p class="lde-board-head">{escape_text(design.label)}</p>', unsafe_allow_html=True)
    board = st.container(key="board")
    for metric in HEADLINE_METRICS:
        with board.container(border=True, key=f"board-{metric}"):
            row = st.columns(widths, vertical_alignment="center")
            row[0].markdown(f'<p class="lde-metric-title">{METRIC_LABELS[metric]}</p>', unsafe_allow_html=True,
                            help=METRIC_HELP.get(metric))
            for cell, design in zip(row[1:], chosen):
                value = table.at[design.id, metric]
                delta = None
                if design.id != main:
                    delta = format_shown_delta(metric, table.at[main, metric], value)
                cell.metric(
                    plain(design.label),  # labels are markdown (hidden here, but still in the page)
                    format_metric(metric, value),
                    delta=delta,
                    delta_color="off" if delta == "same" else delta_colour(metric),
                    delta_arrow="off" if delta == "same" else "auto",
                    label_visibility="collapsed",
                )


def charts(table: pd.DataFrame, chosen) -> None:
    """The headline figures as small multiples: one panel per figure, one bar per design.

    A single faceted chart (one Vega view) draws far faster in the browser than one chart per
    figure. Shares are drawn on a 0–100% scale; money and counts relative to the largest design,
    with each bar labelled by its value.
    """
    order = [d.label for d in chosen]
    rows = []
    for position, metric in enumerate(HEADLINE_METRICS):
        values = [float(table.at[d.id, metric]) for d in chosen]
        top = 1.0 if metric_kind(metric) == "share" else max(max(values), 1e-9)
        for design, value in zip(chosen, values):
            rows.append(
                {
                    "figure": f"{position + 1:02d}. {METRIC_LABELS[metric]}",
                    "design": design.label,
                    "length": value / top,
                    "text": format_metric(metric, value),
                }
            )
    frame = pd.DataFrame(rows)
    colours = alt.Scale(domain=order, range=list(DESIGN_COLOURS[: len(order)]))
    base = alt.Chart().encode(
        y=alt.Y("design:N", title=None, sort=order, axis=alt.Axis(labelFontSize=15, labelLimit=260)),
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(
        x=alt.X("length:Q", title=None, axis=None, scale=alt.Scale(domain=[0, 1.3], nice=False)),
        color=alt.Color("design:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("design:N", title="Design"), alt.Tooltip("text:N", title="Value")],
    )
    labels = base.mark_text(align="left", dx=6, fontSize=16, fontWeight="bold", color="#111111").encode(
        x=alt.X("length:Q"), text="text:N")
    chart = (
        alt.layer(bars, labels, data=frame)
        .properties(height=36 * len(order), width=270)
        .facet(
            facet=alt.Facet("figure:N", title=None, sort="ascending",
                            header=alt.Header(labelFontSize=16, labelFontWeight="bold", labelLimit=370,
                                              labelAnchor="start", labelExpr="slice(datum.value, 4)")),
            columns=2,
            spacing={"row": 18, "column": 40},
        )
        .configure(font="Source Sans Pro, Segoe UI, Arial, sans-serif")
        .configure_view(strokeWidth=0)
    )
    # Altair's own theme: Streamlit's collapses the bands of short bar charts.
    st.altair_chart(chart, width="content", theme=None)


def figures_table(table: pd.DataFrame, chosen) -> pd.DataFrame:
    """Every design-level figure, formatted, with designs as columns (the tidy table transposed)."""
    rows = {}
    for metric in [*HEADLINE_METRICS, *[m for m in METRIC_LABELS if m not in HEADLINE_METRICS]]:
        if metric in table.columns:
            rows[METRIC_LABELS[metric]] = [format_metric(metric, table.at[d.id, metric]) for d in chosen]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[d.label for d in chosen])
    frame.index.name = "Figure"
    return frame.reset_index()


def assumptions_table(params) -> pd.DataFrame:
    """Each assumption: its value now, and where the default comes from."""
    return pd.DataFrame(
        [
            {"Assumption": PARAMETER_LABELS.get(name, name), "Value used": parameter_value(name, params), "Source": source}
            for name, source in SOURCES.items()
        ]
    )
