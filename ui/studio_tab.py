"""Design studio: edit a design (move, merge, split, rename, undo), suggest better ones, see the trade-off.

Wires widgets to :mod:`lotdesign.studio.editing`, :mod:`lotdesign.studio.suggest` and :mod:`lotdesign.studio.tradeoff`;
everything computed comes from the library.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from geo.units import load_unit_boundaries, load_units
from lotdesign.errors import ValidationError
from lotdesign.studio.editing import DesignEdits, design_file_table, headline_change
from lotdesign.core.scoring import prepare_design, score_design
from lotdesign.studio.suggest import OBJECTIVES, suggest_design
from lotdesign.studio.tradeoff import tradeoff_chart, tradeoff_curve, write_tradeoff
from ui import maps, state, what_if
from ui.downloads import csv_and_excel_buttons
from ui.format import plain

EDITS = "studio_edits"
LEVEL_LABELS = {"pfa": "Police force areas (PCC areas)", "lad": "Local authority districts"}
OBJECTIVE_LABELS = {name: label for name, (_, label) in OBJECTIVES.items()}
NEW_LOT = "(a new lot)"


@st.cache_data(show_spinner=False)
def district_shapes() -> list:
    """The 318 districts as GeoJSON features (EPSG:4326, simplified for display) with their PCC area."""
    boundaries = load_unit_boundaries("display")
    units = load_units().loc[boundaries.index]
    return [
        {"type": "Feature", "geometry": maps.rounded_geometry(geometry),
         "properties": {"lad_code": code, "lad_name": units.at[code, "lad_name"], "pcc_code": units.at[code, "pcc_code"],
                        "pcc_name": units.at[code, "pcc_name"]}}
        for code, geometry in zip(boundaries.index, boundaries.geometry)
    ]


def _edits() -> DesignEdits:
    if EDITS not in st.session_state:
        start = state.designs()[st.session_state[state.MAIN_DESIGN]]
        try:
            st.session_state[EDITS] = DesignEdits(start, level="pfa")
        except ValidationError:
            st.session_state[EDITS] = DesignEdits(start, level="lad")
    return st.session_state[EDITS]


def _score(pset, design, params):
    """The design's score, remembered in the session for the last few (design, parameters) pairs."""
    key = state.content_key(pset, params, design.unit_to_lot.sort_index())
    return state.session_memo("studio_scores", key, lambda: score_design(
        pset.providers, pset.reach, design, params,
        context=prepare_design(pset.providers, pset.reach, design, edges=pset.edges)), keep=9)


def _run(action, *args, **kwargs) -> None:
    """Button callback: apply an edit, keeping any problem to show."""
    st.session_state.pop("studio_error", None)
    try:
        action(*args, **kwargs)
    except ValidationError as error:
        st.session_state["studio_error"] = str(error)


def _value(key: str):
    return st.session_state.get(key)


# Callbacks read the widgets' new values from the session (arguments bound at drawing time are stale).

def _move() -> None:
    target = _value("studio_move_to")
    _run(_edits().move, _value("studio_move_area"), _value("studio_move_new") if target == NEW_LOT else target)


def _merge() -> None:
    _run(_edits().merge, _value("studio_merge_a"), _value("studio_merge_b"), name=_value("studio_merge_name"))


def _split() -> None:
    _run(_edits().split, _value("studio_split_lot"), list(_value("studio_split_areas") or []),
         new_name=_value("studio_split_name"))


def _rename() -> None:
    _run(_edits().rename, _value("studio_rename_lot"), _value("studio_rename_name"))


def _restart() -> None:
    st.session_state.pop("studio_error", None)
    st.session_state.pop("studio_confirm_start", None)  # "Start again" answers the question too
    try:
        st.session_state[EDITS] = DesignEdits(state.designs()[_value("studio_start")], level=_value("studio_level"))
    except ValidationError as error:
        st.session_state["studio_error"] = str(error)


def _unsaved_changes(edits: DesignEdits) -> int:
    """Changes made since the start that are not in a saved design (0 when saved or unchanged)."""
    return 0 if st.session_state.get("_studio_saved_state") == (id(edits), edits.position) else edits.position


def _start_changed() -> None:
    """"Start from" or "Move" changed: start again at once, or ask first when there are unsaved changes."""
    if _unsaved_changes(_edits()):
        st.session_state["studio_confirm_start"] = True
    else:
        _restart()


def _confirm_start() -> None:
    st.session_state.pop("studio_confirm_start", None)
    _restart()


def _keep_editing() -> None:
    """Put "Start from" and "Move" back to the design being edited."""
    st.session_state.pop("studio_confirm_start", None)
    edits = _edits()
    st.session_state["studio_start"] = edits.base.id
    st.session_state["studio_level"] = edits.level


def _save() -> None:
    name = str(_value("studio_name") or "")
    edits = _edits()
    design = edits.design(design_id=state.new_design_id(), name=name.strip() or "Edited design")
    state.add_design(design)
    st.session_state["_studio_saved_state"] = (id(edits), edits.position)
    st.session_state["studio_saved"] = (f"Saved “{design.name}” ({design.n_lots} lots): it is now compared with "
                                        "the other designs and goes into the scenario file.")


def render(pset, params) -> None:
    st.subheader("Design studio")
    service = params.service_label.lower()
    st.caption(f"Edit a lot design and see its figures change at once ({service}, assumptions from the sidebar)."
               + (" Figures use the **synthetic demo data**." if pset.synthetic else ""))
    available = state.designs()
    edits = _edits()

    with st.container(border=True):
        left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
        if st.session_state.get("studio_start") not in available:
            st.session_state["studio_start"] = edits.base.id if edits.base.id in available else next(iter(available))
        st.session_state.setdefault("studio_level", edits.level)
        left.selectbox("Start from", list(available), format_func=lambda d: available[d].label, key="studio_start", on_change=_start_changed,
                       help="Applies at once; asks first if you have changes that are not saved.")
        middle.selectbox("Move", list(LEVEL_LABELS), format_func=LEVEL_LABELS.get, key="studio_level",
                         on_change=_start_changed)
        right.button("Start again", on_click=_restart, key="studio_restart",
                     help="Throw away the changes and start again from the design chosen.")
        _confirm_panel(edits, available)
    if "studio_error" in st.session_state:
        st.error(plain(st.session_state["studio_error"]))

    before = _score(pset, edits.base, params).summary
    design = edits.design()
    after = _score(pset, design, params).summary
    _headline(before, after, edits)
    for problem in edits.problems():
        st.warning(f"{plain(problem)} That is allowed, but check it is what you mean.", icon=":material/warning:")

    map_column, controls = st.columns([3, 2], gap="large")
    with map_column:
        _map(edits)
    with controls:
        _controls(edits)

    with st.expander("Save this design", expanded=False):
        st.text_input("Name", value=f"{edits.base.name} (edited)", key="studio_name")
        st.button("Save as a design to compare", on_click=_save, key="studio_save", type="primary")
        if "studio_saved" in st.session_state:
            st.success(plain(st.session_state.pop("studio_saved")))
        csv_and_excel_buttons(design_file_table(design), "edited_design", csv_label="Design file (CSV)",
                              excel_label="Design file (Excel)", key="studio_design_file")

    _suggest_panel(pset, params, edits)
    _tradeoff_panel(pset, params)


def _confirm_panel(edits: DesignEdits, available: dict) -> None:
    """Ask before a new start throws away unsaved changes."""
    if not st.session_state.get("studio_confirm_start"):
        return
    chosen = available.get(_value("studio_start"))
    st.warning(f"You have {_unsaved_changes(edits)} unsaved change(s) to {plain(edits.base.label)}. Start again from "
               f"{plain(chosen.label if chosen else 'the design chosen')} and lose them?", icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button("Start again and lose the changes", key="studio_confirm_yes", on_click=_confirm_start, type="primary")
    no.button("Keep editing", key="studio_confirm_no", on_click=_keep_editing)


def _headline(before: pd.Series, after: pd.Series, edits: DesignEdits) -> None:
    table = headline_change(before, after)
    table["Change"] = table["shown_change"]
    shown = table.rename(columns={"figure": "Figure", "before": plain(edits.base.label), "after": "Now"})
    st.markdown(f"**Now: {len(edits.lots)} lots** — {edits.position} change(s) from {plain(edits.base.label)}.")
    st.table(shown[["Figure", plain(edits.base.label), "Now", "Change"]].set_index("Figure"))


def _map(edits: DesignEdits) -> None:
    lots = edits.unit_to_lot
    features = [dict(f, properties=dict(f["properties"], lot=lots.get(f["properties"]["lad_code"], "")))
                for f in district_shapes()]
    field = "pcc_code" if edits.level == "pfa" else "lad_code"
    pick = alt.selection_point(fields=[field], name="area")
    chart = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.3)
        .encode(
            color=alt.Color("properties.lot:N", title="Lot", scale=alt.Scale(scheme="tableau20"),
                            legend=alt.Legend(columns=1, symbolLimit=60, labelLimit=220)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
            tooltip=[alt.Tooltip("properties.lot:N", title="Lot"),
                     alt.Tooltip("properties.pcc_name:N", title="PCC area"),
                     alt.Tooltip("properties.lad_name:N", title="District")],
        )
        .transform_calculate(**{field: f"datum.properties.{field}"})
        .add_params(pick)
        .project(type="mercator")
        .properties(height=560, width=460)
    )
    event = st.altair_chart(chart, on_select="rerun", selection_mode="area", key="studio_map", theme=None)
    chosen = (event or {}).get("selection", {}).get("area") or []
    if chosen and chosen[0].get(field) and st.session_state.get("_studio_clicked") != chosen[0][field]:
        st.session_state["_studio_clicked"] = chosen[0][field]
        st.session_state["studio_move_area"] = chosen[0][field]  # the Move box below is drawn after the map
    st.caption(f"Click an area to choose it for a move. {maps.map_attribution()}")


def _controls(edits: DesignEdits) -> None:
    areas = edits.areas()
    names = dict(zip(areas["area_code"], areas["area_name"] + " (" + areas["lot"] + ")"))
    lots = edits.lots
    undo, redo = st.columns(2)
    undo.button("Undo", on_click=_run, args=(edits.undo,), disabled=not edits.can_undo, key="studio_undo",
                icon=":material/undo:", width="stretch")
    redo.button("Redo", on_click=_run, args=(edits.redo,), disabled=not edits.can_redo, key="studio_redo",
                icon=":material/redo:", width="stretch")
    move, merge, split, rename = st.tabs(["Move", "Merge", "Split", "Rename"])
    with move:
        if st.session_state.get("studio_move_area") not in names:
            st.session_state.pop("studio_move_area", None)
        st.selectbox("Area", list(names), format_func=names.get, key="studio_move_area")
        target = st.selectbox("Into lot", [*lots, NEW_LOT], key="studio_move_to")
        if target == NEW_LOT:
            st.text_input("New lot name", value="New lot", key="studio_move_new")
        st.button("Move", on_click=_move, key="studio_move", type="primary")
    with merge:
        first = st.selectbox("Lot", lots, key="studio_merge_a")
        st.selectbox("Merge with", [lot for lot in lots if lot != first], key="studio_merge_b")
        st.text_input("Name of the merged lot", value=first, key="studio_merge_name")
        st.button("Merge", on_click=_merge, key="studio_merge")
    with split:
        lot = st.selectbox("Lot to split", lots, key="studio_split_lot")
        inside = areas.loc[areas["lot"] == lot]
        st.multiselect("Areas for the new lot", list(inside["area_code"]),
                       format_func=dict(zip(inside["area_code"], inside["area_name"])).get, key="studio_split_areas")
        st.text_input("Name of the new lot", value=f"{lot} (part)", key="studio_split_name")
        st.button("Split", on_click=_split, key="studio_split")
    with rename:
        lot = st.selectbox("Lot", lots, key="studio_rename_lot")
        st.text_input("New name", value=lot, key="studio_rename_name")
        st.button("Rename", on_click=_rename, key="studio_rename")
    with st.expander(f"History ({edits.position} of {len(edits.states) - 1} changes)"):
        st.markdown("\n".join(f"{'**' if i == edits.position else ''}{i}. {plain(a)}{'**' if i == edits.position else ''}"
                              for i, a in enumerate(edits.actions)))


def _search_options(prefix: str) -> dict:
    a, b, c = st.columns(3)
    objective = a.selectbox("Maximise", list(OBJECTIVE_LABELS), format_func=OBJECTIVE_LABELS.get, key=f"{prefix}_objective")
    unit = b.selectbox("Build lots from", list(LEVEL_LABELS), format_func=LEVEL_LABELS.get, key=f"{prefix}_unit")
    seed = c.number_input("Seed", min_value=0, value=1, step=1, key=f"{prefix}_seed",
                          help="The same seed gives the same design.")
    d, e, f = st.columns(3)
    wales = d.checkbox("Keep Wales separate", key=f"{prefix}_wales")
    london = e.checkbox("Keep London whole", value=True, key=f"{prefix}_london",
                        help="Always so when lots are built from PCC areas.")
    min_value = f.number_input("Minimum lot value (£ a year)", min_value=0, value=0, step=50_000, key=f"{prefix}_min")
    return {"objective": objective, "unit": unit, "seed": int(seed), "keep_wales_separate": wales, "keep_london_whole": london,
                "min_lot_value_gbp": float(min_value) or None}


def _suggest_panel(pset, params, edits: DesignEdits) -> None:
    st.subheader("Suggest a design")
    st.caption("Searches contiguous designs (whole areas, islands joined to the mainland they are served from) for "
               "the highest figure. Each lot's population stays between half and twice the mean lot, so no lot is "
               "made tiny or huge to game the figure. Stop it at any time with the Stop button at the top right.")
    with st.form("studio_suggest_form", border=True):
        n_lots = st.number_input("Number of lots", min_value=2, max_value=120, value=12, step=1, key="suggest_lots")
        options = _search_options("suggest")
        budget = st.slider("Time budget (seconds)", 2, 60, 10, key="suggest_budget")
        submitted = st.form_submit_button("Suggest", type="primary")
    if submitted:
        st.session_state[what_if.LAST_STUDIO_OBJECTIVE] = options["objective"]  # "What if N lots?" maximises it too
        bar = st.progress(0.0, text="Searching…")
        try:
            suggestion = suggest_design(pset.providers, pset.reach, n_lots=int(n_lots), params=params, edges=pset.edges,
                                        time_budget_s=float(budget),
                                        progress=lambda f: bar.progress(min(f, 1.0), text=f"Searching… {f:.0%}"),
                                        **options)
        except ValidationError as error:
            bar.empty()
            st.error(plain(str(error)))
            return
        bar.empty()
        st.session_state["studio_suggestion"] = suggestion
    suggestion = st.session_state.get("studio_suggestion")
    if suggestion is None:
        return
    objective = " + ".join(OBJECTIVE_LABELS[n] for n in suggestion.weights)
    low, high = suggestion.bounds_population
    st.success(f"{plain(suggestion.design.name)}: {objective.lower()} {suggestion.objective_value:.1%} "
               f"(checked by the full scorer). Lots of {low / 1e6:.2f}m–{high / 1e6:.2f}m people; "
               f"{suggestion.n_evaluations:,} lots scored in {suggestion.elapsed_s:.1f} s"
               + ("" if suggestion.stopped == "done" else f" (stopped: {suggestion.stopped})") + ".")
    for note in suggestion.notes:
        st.caption(plain(note))
    st.button("Open it in the editor", key="studio_open_suggestion", on_click=_open_suggestion, args=(suggestion,))


def _open_suggestion(suggestion) -> None:
    st.session_state[EDITS] = DesignEdits(suggestion.design, level=suggestion.design.level)


def _tradeoff_panel(pset, params) -> None:
    st.subheader("How many lots? The trade-off")
    st.caption("The best design found for each number of lots, with the built-in designs as points: how far each "
               "sits from the best found, and what smaller lots cost (lower values, more bids per organisation). "
               "Whole PCC areas make at most 42 lots: above 42, lots are built from districts.")
    with st.form("studio_tradeoff_form", border=True):
        first, last = st.columns(2)
        low = first.number_input("From (lots)", min_value=2, max_value=120, value=4, step=1, key="tradeoff_from")
        high = last.number_input("To (lots)", min_value=2, max_value=120, value=100, step=1, key="tradeoff_to")
        counts = (int(min(low, high)), int(max(low, high)))
        options = _search_options("tradeoff")
        submitted = st.form_submit_button("Draw the trade-off", type="primary")
    if submitted:
        bar = st.progress(0.0, text="Searching…")
        try:
            curve = tradeoff_curve(pset.providers, pset.reach, lot_counts=range(counts[0], counts[1] + 1), params=params,
                                   edges=pset.edges, restarts=1, time_budget_s=10,
                                   progress=lambda f, message: bar.progress(min(f, 1.0), text=message), **options)
        except ValidationError as error:
            bar.empty()
            st.error(plain(str(error)))
            return
        bar.empty()
        st.session_state["studio_curve"] = curve
    curve = st.session_state.get("studio_curve")
    if curve is None:
        return
    st.altair_chart(tradeoff_chart(curve, synthetic=pset.synthetic), theme=None, key="studio_tradeoff_chart")
    table = curve.table.drop(columns=["elapsed_s"])
    csv_and_excel_buttons(table, "lot_count_tradeoff", csv_label="Trade-off (CSV)", excel_label="Trade-off (Excel)",
                          key="studio_tradeoff_table")
    st.download_button("Trade-off chart (PNG)", lambda: _png(curve, pset.synthetic), "lot_count_tradeoff.png",
                       "image/png", key="studio_tradeoff_png", on_click="ignore")


def _png(curve, synthetic: bool) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        return write_tradeoff(curve, Path(folder) / "tradeoff.png", synthetic=synthetic).read_bytes()
