"""The column-mapping step: check how an uploaded file's columns are read, change it, confirm it.

Shows each column of the file with what it was matched to (or "not used"), a few sample
values, how it was matched, and a select box to change it. Nothing is scored until the user
confirms (or accepts the proposal with one click). The mapping can be downloaded and given to
the CLI (``--columns mapping.json``). Also draws the headline notice of how many organisations
an import decision (a proposed column, a fallback) changed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign.importing.columns import FIELD_LABELS, ColumnMapping
from lotdesign.importing.result import EFFECT_LABELS
from ui import state
from ui.format import plain

NOT_USED = "not used"
#: Anchor of the Organisations tab's list of organisations an import decision changed.
EFFECTS_ANCHOR = "import-effects"
_HOW = {"name": "matched by its name", "proposed": "proposed", "chosen": "as you chose", "": ""}


def _select_key(k: int) -> str:
    return f"column_map_{k}"


def mapping_from_widgets(draft) -> ColumnMapping:
    """The mapping as the select boxes now say (the draft's mapping where a box is not drawn)."""
    columns = {}
    labels = {label: name for name, label in FIELD_LABELS.items()}
    for k, column in enumerate(draft.mapping.columns):
        choice = st.session_state.get(_select_key(k))
        if choice is None:
            columns[column] = draft.mapping.columns[column]
        else:
            columns[column] = labels.get(choice)
    return ColumnMapping(columns, draft.mapping.header_row, draft.mapping.sheet)


def _reread() -> None:
    state.reread_provider_draft(st.session_state.get("reread_sheet"), int(st.session_state["reread_header_row"]))


def _confirm(draft) -> None:
    state.apply_provider_draft(mapping_from_widgets(draft))


def _accept(draft) -> None:
    state.apply_provider_draft(draft.mapping)


def render_draft(draft) -> None:
    """The mapping step for a file read but not yet used."""
    st.subheader(f"Check the columns of {plain(draft.source_name)}")
    where = f"row {draft.mapping.header_row}" + (f" of the sheet '{plain(draft.mapping.sheet)}'" if draft.mapping.sheet else "")
    st.markdown(f"Column headings were found on **{where}**; {len(draft.table.frame):,} rows of organisations below them. "
                "**Nothing is used until you confirm** how each column is read.")
    for note in draft.table.notes + draft.notes:
        st.caption(plain(note))
    if draft.source is not None and not draft.source.fixed_header:
        with st.expander("Headings on another row or sheet?"):
            left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
            sheets = draft.sheets
            if len(sheets) > 1:
                left.selectbox("Sheet", sheets, index=sheets.index(draft.mapping.sheet), key="reread_sheet")
            middle.number_input("Row of the column headings", min_value=1, max_value=20, step=1,
                                value=int(draft.mapping.header_row), key="reread_header_row")
            right.button("Read the file again", on_click=_reread, key="reread_file")
    if draft.proposals:
        st.info("Proposed from the columns' names and values — check them:\n\n"
                + "\n".join(f"- **{plain(p.column)}** → {FIELD_LABELS[p.field]}: {plain(p.reason)}" for p in draft.proposals),
                icon=":material/lightbulb:")
        st.button("Accept the proposal and use the file", type="primary", on_click=_accept, args=(draft,),
                  key="accept_column_proposal")
    options = [NOT_USED, *FIELD_LABELS.values()]
    with st.form("column_mapping_form", border=True):
        head = st.columns([3, 3, 4])
        head[0].markdown("**Column in your file**")
        head[1].markdown("**Read as**")
        head[2].markdown("**Sample values**")
        for k, (column, name) in enumerate(draft.mapping.columns.items()):
            row = st.columns([3, 3, 4])
            how = _HOW.get(draft.matched_by.get(column, ""), "")
            row[0].markdown(f"{plain(column)}" + (f"  \n:gray[{how}]" if how and name else ""))
            row[1].selectbox(f"How the column {plain(column)} is read", options,
                             index=options.index(FIELD_LABELS[name]) if name else 0,
                             key=_select_key(k), label_visibility="collapsed")
            samples = draft.samples(column)
            row[2].markdown(" · ".join(plain(v[:40]) for v in samples) if samples else ":gray[(empty)]")
        st.form_submit_button("Use these columns", type="secondary" if draft.proposals else "primary",
                              on_click=_confirm, args=(draft,))
    st.file_uploader("Use a saved column mapping (JSON)", type=["json"], key="saved_column_mapping",
                     on_change=_apply_saved_mapping, args=(draft,),
                     help="A mapping downloaded here before: its choices are copied into the boxes above.")
    if "column_mapping_error" in st.session_state:
        state.show_error(st.session_state["column_mapping_error"])
    left, right = st.columns(2)
    left.download_button("Download this column mapping (JSON)", draft.mapping.to_json(), "column_mapping.json",
                         "application/json", on_click="ignore", key="download_draft_mapping")
    right.button("Cancel — keep the data in use", on_click=state.discard_provider_draft, key="discard_column_draft")


#: Largest mapping file read, in bytes (a mapping of 200 columns is a few kB).
MAX_MAPPING_BYTES = 100_000


def _apply_saved_mapping(draft) -> None:
    """Uploader callback: copy a saved mapping's choices into the select boxes."""
    from lotdesign.errors import LotDesignError

    st.session_state.pop("column_mapping_error", None)
    uploaded = st.session_state.get("saved_column_mapping")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    try:
        if len(data) > MAX_MAPPING_BYTES:
            raise LotDesignError(f"The column mapping is {len(data):,} bytes; a mapping file is at most {MAX_MAPPING_BYTES:,}.")
        saved = ColumnMapping.from_json(data)
    except LotDesignError as error:
        st.session_state["column_mapping_error"] = state.error_payload(error)
        return
    apply_saved_mapping(draft, saved)


def apply_saved_mapping(draft, saved: ColumnMapping, view=None) -> list[str]:
    """Set the select boxes of ``draft``'s columns from ``saved``; return the columns it did not name.

    ``view`` is the session state (default) or, in tests, any mapping of widget keys.
    """
    view = st.session_state if view is None else view
    missing = []
    for k, column in enumerate(draft.mapping.columns):
        if column in saved.columns:
            name = saved.columns[column]
            view[_select_key(k)] = FIELD_LABELS[name] if name else NOT_USED
        else:
            missing.append(column)
    return missing


def waiting_banner(draft) -> None:
    """Headline notice that a file is read but waits for its columns to be confirmed."""
    st.warning(f"**{plain(draft.source_name)} is read but not used yet** — confirm how its columns are read on the "
               "*Organisations* tab.", icon=":material/rule:")
    st.button("Check the columns", on_click=_go_to_organisations, key="go_check_columns")


def _go_to_organisations() -> None:
    st.session_state[state.TAB] = "Organisations"


def effects_banner(load) -> None:
    """Headline notice: how many organisations an import decision changed, with a way to the rows."""
    counts = load.effect_counts()
    if not counts:
        return
    parts = "; ".join(f"{count:,} — {EFFECT_LABELS[effect]}" for effect, count in counts.items())
    n = load.n_affected()
    what = "organisation counts" if n == 1 else "organisations count"
    st.warning(f"**The import decided what {n:,} {what} as:** {parts}. "
               f"[See these organisations](#{EFFECTS_ANCHOR}) on the *Organisations* tab.", icon=":material/info:")
    st.button("Show these organisations", on_click=_go_to_organisations, key="go_import_effects")


def effects_section(load) -> None:
    """The Organisations tab's list of organisations an import decision changed (anchored)."""
    if load.effects.empty:
        return
    st.subheader("Organisations the import decided about", anchor=EFFECTS_ANCHOR)
    counts = load.effect_counts()
    st.markdown("\n".join(f"- **{count:,}** organisations: {EFFECT_LABELS[effect]}" for effect, count in counts.items()))
    table = load.effects.rename(columns={"source_row": "Row", "provider_id": "Id", "name": "Organisation",
                                         "effect": "What changed", "why": "Why"})
    st.dataframe(table, hide_index=True, height=240)
    from lotdesign.io.export import table_bytes

    st.download_button("Download these rows (CSV)", table_bytes(_as_text(table), "csv"), "import_decisions.csv",
                       "text/csv", on_click="ignore", key="download_import_effects")


def files_section(load) -> None:
    """Counts per file when several lists were combined."""
    if len(load.files) < 2:
        return
    st.markdown("**Organisations per file**")
    shown = {"file": "File", "rows": "Rows", "accepted": "Added", "rejected": "Rejected",
             "duplicates_of_earlier_files": "Already in the list"}
    st.dataframe(pd.DataFrame(load.files)[list(shown)].rename(columns=shown), hide_index=True)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: object for c in frame.columns if pd.api.types.is_string_dtype(frame[c])})
