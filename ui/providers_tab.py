"""Organisations: the data in use, uploading your own list, the validation report, a filterable table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.units import load_units
from lotdesign.core.details import SPECIALISM_GROUP_LABELS, specialism_group
from lotdesign.io.export import table_bytes
from lotdesign.importing.providers import COLUMN_HELP, providers_template
from ui import column_mapping, state
from ui.downloads import csv_and_excel_buttons
from ui.format import format_gbp, plain

UPLOAD_TYPES = ["csv", "xlsx", "geojson", "json", "gpkg"]
SECTOR_WORDS = {"vcs": "Voluntary or community", "private": "Private", "public": "Public"}
AREA_WORDS = {"national": "National", "listed": "Listed areas", "radius": "Radius", "default_radius": "Default radius"}


def render(pset) -> None:
    load = pset.load
    st.subheader("Organisations in use")
    if pset.synthetic:
        st.markdown(f"**{load.n_accepted:,} synthetic demo organisations** — not real organisations. "
                    "They are placed in proportion to population with a realistic mix of sizes and specialisms.")
    else:
        st.markdown(f"**{load.n_accepted:,} organisations** from {plain(load.source_name)}.")
        st.button("Go back to the demo data", on_click=state.use_demo_data)
    undo_section()

    upload_section()
    replacement_question()
    draft = st.session_state.get(state.PROVIDER_DRAFT)
    if draft is not None:
        column_mapping.render_draft(draft)
    report_section()
    table_section(pset)


def upload_section() -> None:
    st.subheader("Use your own list")
    left, right = st.columns([3, 2], gap="large")
    with left:
        state.upload_widget(
            "Upload a list of organisations (CSV, Excel, GeoJSON or GeoPackage)",
            types=UPLOAD_TYPES, widget_key="provider_file", queue_key=state.PENDING_PROVIDERS, outcome="provider",
            help="One row per organisation. Your file stays in this browser session only.",
        )
        if state.user_list_in_use():
            choices = [state.ADD_TO_LIST, state.REPLACE_LIST]
            st.radio("A new file", choices, index=choices.index(state.upload_mode()), key=state.PROVIDER_UPLOAD_WIDGET,
                     on_change=state.remember_upload_mode, horizontal=True,
                     help="Add: organisations already in the list (same name, same district) are reported and not "
                     "added twice. Replace: you are asked first, and can undo it.")
    with right:
        template = providers_template()
        st.markdown("**Start from the template** — three example rows showing every column.")
        csv_and_excel_buttons(template, "organisations_template", csv_label="Template (CSV)",
                              excel_label="Template (Excel)")
        with st.expander("What each column means"):
            st.dataframe(pd.DataFrame({"Column": list(COLUMN_HELP), "Meaning": list(COLUMN_HELP.values())}),
                         hide_index=True)


def undo_section() -> None:
    """Undo the last replacement of a list of the user's own (or the return to the demo data)."""
    previous = st.session_state.get(state.PREVIOUS_PROVIDERS)
    if previous is None:
        return
    load = previous[0].load
    st.button(f"Undo: go back to the {load.n_accepted:,} organisations from {plain(load.source_name)}",
              on_click=state.undo_replacement, key="undo_provider_replacement")


def replacement_question() -> None:
    """Ask before a new file replaces the list in use."""
    pending = st.session_state.get(state.PENDING_REPLACEMENT)
    if pending is None or not state.user_list_in_use():
        return
    new, in_use = pending[0], st.session_state[state.PROVIDER_SET].load
    st.warning(f"**Replace the {in_use.n_accepted:,} organisations in use** (from {plain(in_use.source_name)}) with the "
               f"{new.n_accepted:,} from {plain(new.source_name)}? You can undo it.", icon=":material/swap_horiz:")
    left, middle, right = st.columns(3)
    left.button("Replace the list in use", on_click=state.confirm_replacement, type="primary", key="confirm_replacement")
    middle.button("Add them to the list instead", on_click=state.add_pending_instead, key="add_pending_instead")
    right.button("Cancel — keep the list in use", on_click=state.cancel_replacement, key="cancel_replacement")


def area_questions_section(load) -> None:
    """Area names not recognised, each with its suggestions: accept one once for every row writing the name."""
    questions = load.area_questions
    if questions is None or questions.empty or not st.session_state.get(state.PROVIDER_FILES):
        return
    st.markdown(f"**{len(questions):,} area names were not recognised** — choose what each means, once for every row "
                "that writes it (saved in the column mapping and the scenario):")
    for k, (name, rows, suggestions) in enumerate(questions.head(30).itertuples(index=False)):
        left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
        left.markdown(f"'{plain(name)}' — {rows:,} row{'s' if rows != 1 else ''}")
        if not suggestions:
            middle.caption("No known area name is close: correct it in the file, or name the area in the column "
                           "mapping's \"areas\".")
            continue
        middle.selectbox(f"Read '{plain(name)}' as", list(suggestions), key=f"area_choice_{k}")
        right.button("Use for every row", key=f"area_accept_{k}", on_click=_decide_area, args=(name, f"area_choice_{k}"))
    if len(questions) > 30:
        st.caption(f"… and {len(questions) - 30:,} more; decide these first, or add them to the column mapping's \"areas\".")


def _mapping_downloads(load) -> None:
    """The column mapping (with its area decisions) of each file in the list, to re-use or give to the CLI."""
    import json

    files = [f for f in load.files if f.get("mapping")]
    if len(files) < 2:
        st.download_button("Download the column mapping (JSON)", load.mapping.to_json(), "column_mapping.json",
                           "application/json", on_click="ignore", key="download_used_mapping")
        return
    for k, entry in enumerate(files):
        stem = entry["file"].rsplit(".", 1)[0]
        st.download_button(f"Column mapping of {entry['file']} (JSON)", json.dumps(entry["mapping"], indent=2, ensure_ascii=False),
                           f"{stem}.columns.json", "application/json", on_click="ignore", key=f"download_used_mapping_{k}")


def _decide_area(name: str, choice_key: str) -> None:
    state.decide_area(name, st.session_state[choice_key])


def report_section() -> None:
    load = st.session_state.get(state.PROVIDER_REPORT)
    if load is None:
        return
    st.subheader(f"Checking {plain(load.source_name)}")
    st.markdown(plain(load.summary()))
    column_mapping.files_section(load)
    for note in load.notes:
        st.caption(plain(note))
    if load.mapping is not None:
        with st.expander("How the columns were read"):
            st.markdown("\n".join(f"- {plain(line)}" for line in load.mapping_lines()))
            _mapping_downloads(load)
            st.caption("Give it to the command line with `--columns column_mapping.json`, or keep it for next time.")
    area_questions_section(load)
    column_mapping.effects_section(load)
    if load.n_rejected:
        st.markdown(f"**{load.n_rejected:,} rows were not used** — fix them and upload the file again:")
        st.markdown("\n".join(f"- {plain(reason)}" for reason in load.rejected["reason"].head(10)))
        if load.n_rejected > 10:
            st.caption(f"… and {load.n_rejected - 10:,} more in the table and the download below.")
        st.dataframe(load.rejected, hide_index=True, height=240)
        st.download_button(
            "Download the rejected rows (CSV)",
            table_bytes(_as_text(load.rejected), "csv"),
            "rejected_rows.csv",
            "text/csv",
            on_click="ignore",
        )
    if len(load.warnings):
        with st.expander(f"Warnings on {load.n_with_warnings:,} accepted organisations (they are used)"):
            st.dataframe(load.warnings, hide_index=True)
            st.download_button("Download the warnings (CSV)", table_bytes(_as_text(load.warnings), "csv"),
                               "warnings.csv", "text/csv", on_click="ignore", key="download_warnings")


#: Rows shown per page of the organisations table (a whole register would be ~20 MB to send).
PAGE_ROWS = 1_000


def organisations_table(pset) -> pd.DataFrame:
    """The table of organisations in words (built once per provider set and session)."""
    return state.session_memo("organisations_table", state.content_key(pset), lambda: _organisations_table(pset))


def _organisations_table(pset) -> pd.DataFrame:
    providers = pset.providers
    units = load_units()
    table = pd.DataFrame(
        {
            "Organisation": providers["name"],
            "Type": specialism_group(providers).map(SPECIALISM_GROUP_LABELS),
            "Sector": providers["sector"].map(SECTOR_WORDS),
            "Income (£ a year)": providers["income_gbp"],
            "Specialisms": providers["specialisms"].str.replace(";", ", ").str.replace("_", " "),
            "Based in": providers["base_lad"].map(units["lad_name"]),
            "PCC area": providers["base_lad"].map(units["pcc_name"]),
            "Service area": providers["service_area_kind"].map(AREA_WORDS),
            "Radius (km)": providers["radius_km"],
            "Warnings": providers["warnings"],
        }
    )
    return table


def table_section(pset) -> None:
    st.subheader("Find organisations")
    table = organisations_table(pset)
    a, b, c, d = st.columns([3, 2, 2, 2])
    text = a.text_input("Name contains", key="provider_filter_text", placeholder="e.g. women")
    types = b.multiselect("Type", sorted(table["Type"].dropna().unique()), key="provider_filter_type")
    pcc = c.multiselect("PCC area", sorted(table["PCC area"].dropna().unique()), key="provider_filter_pcc")
    income_floor = d.selectbox(
        "Income at least",
        options=[0, 10_000, 100_000, 1_000_000, 10_000_000],
        format_func=lambda v: "any" if v == 0 else format_gbp(v),
        key="provider_filter_income",
    )
    keep = pd.Series(True, index=table.index)
    if text:
        keep &= table["Organisation"].str.contains(text, case=False, regex=False)
    if types:
        keep &= table["Type"].isin(types)
    if pcc:
        keep &= table["PCC area"].isin(pcc)
    if income_floor:
        keep &= table["Income (£ a year)"] >= income_floor
    shown = table[keep]
    n_pages = max(1, -(-len(shown) // PAGE_ROWS))
    if n_pages > 1:
        if st.session_state.get("provider_table_page", 1) > n_pages:  # the filter shortened the list
            st.session_state["provider_table_page"] = n_pages
        page = int(st.number_input(f"Page ({PAGE_ROWS:,} organisations each)", min_value=1, max_value=n_pages,
                                   step=1, key="provider_table_page"))
        first = (page - 1) * PAGE_ROWS
        st.caption(f"Page {page:,} of {n_pages:,}: showing {first + 1:,}–{min(first + PAGE_ROWS, len(shown)):,} of "
                   f"{len(shown):,} matching organisations ({len(table):,} in all).")
        shown = shown.iloc[first:first + PAGE_ROWS]
    else:
        st.caption(f"Showing {int(keep.sum()):,} of {len(table):,} organisations.")
    st.dataframe(
        shown,
        hide_index=True,
        height=420,
        column_config={"Income (£ a year)": st.column_config.NumberColumn(format="£%,.0f")},
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects, so export's spreadsheet-formula guard sees them (pandas 3 'str' dtype)."""
    return frame.astype({c: object for c in frame.columns if pd.api.types.is_string_dtype(frame[c])})
