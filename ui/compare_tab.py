"""Compare designs: headline figures side by side with differences, sentences, charts, the table."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lotdesign.compare import HEADLINE_METRICS, METRIC_LABELS
from lotdesign.params import CATEGORY_LABELS, SOURCES
from lotdesign.providers import escape_text
from ui.format import (
    METRIC_HELP,
    PARAMETER_LABELS,
    delta_colour,
    format_delta,
    format_metric,
    metric_kind,
    parameter_value,
    plain,
)

#: Okabe–Ito colours for designs in charts (colour-blind safe), in comparison order.
#: Vega expression labelling a £ axis like the rest of the app (£950k, £1.2m).
GBP_LABEL = "datum.value >= 1e6 ? '£' + format(datum.value / 1e6, '.1f') + 'm' : '£' + format(datum.value / 1e3, '.0f') + 'k'"
DESIGN_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")


def render(result, chosen, params) -> None:
    main, others = chosen[0], chosen[1:]
    service = CATEGORY_LABELS[params.service].lower()
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
        if design.inferred:
            st.info(f"**{plain(design.label)}**: {plain(design.description)}", icon=":material/info:")

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
                    delta = format_delta(metric, float(value) - float(table.at[main, metric]))
                cell.metric(
                    plain(design.label),  # labels are markdown (hidden here, but still in the page)
                    format_metric(metric, value),
                    delta=delta,
                    delta_color="off" if delta == "same" else delta_colour(metric),
                    delta_arrow="off" if delta == "same" else "auto",
                    label_visibility="collapsed",
                )


def charts(table: pd.DataFrame, chosen) -> None:
    """One bar chart per headline figure, two to a row, large type for projectors."""
    order = [d.label for d in chosen]
    colours = alt.Scale(domain=order, range=list(DESIGN_COLOURS[: len(order)]))
    for start in range(0, len(HEADLINE_METRICS), 2):
        row = st.columns(2, gap="large")
        for column, metric in zip(row, HEADLINE_METRICS[start:start + 2]):
            frame = pd.DataFrame(
                {
                    "design": order,
                    "value": [float(table.at[d.id, metric]) for d in chosen],
                    "text": [format_metric(metric, table.at[d.id, metric]) for d in chosen],
                }
            )
            kind = metric_kind(metric)
            top = max(frame["value"].max(), 1e-9)
            if kind == "share":
                axis = alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1], labelFontSize=14)
                scale = alt.Scale(domain=[0, 1.2], nice=False)
            elif kind == "gbp":
                axis = alt.Axis(labelFontSize=14, tickCount=4, labelExpr=GBP_LABEL)
                scale = alt.Scale(domain=[0, 1.3 * top], nice=False)
            else:
                axis = alt.Axis(labelFontSize=14, tickCount=4, format=".1f" if kind == "lots" else "d")
                scale = alt.Scale(domain=[0, 1.25 * top], nice=False)
            bars = alt.Chart(frame).mark_bar(height={"band": 0.75}).encode(
                x=alt.X("value:Q", title=None, axis=axis, scale=scale),
                y=alt.Y("design:N", title=None, sort=order, axis=alt.Axis(labelFontSize=15, labelLimit=240)),
                color=alt.Color("design:N", scale=colours, legend=None),
                tooltip=[alt.Tooltip("design:N", title="Design"), alt.Tooltip("text:N", title="Value")],
            )
            labels = bars.mark_text(align="left", dx=6, fontSize=16, fontWeight="bold", color="#111111").encode(
                text="text:N", color=alt.value("#111111"))
            chart = (
                (bars + labels)
                .properties(height=max(100, 42 * len(order)))
                .configure(font="Source Sans Pro, Segoe UI, Arial, sans-serif")
                .configure_view(strokeWidth=0)
            )
            # Titles as page text (Vega titles of two lines squash short charts); Altair's own theme,
            # as Streamlit's collapses the bands of short bar charts.
            column.markdown(f'<p class="lde-metric-title">{METRIC_LABELS[metric]}</p>', unsafe_allow_html=True)
            column.altair_chart(chart, width="stretch", height=max(100, 42 * len(order)) + 30, theme=None)


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
