"""The pair of download buttons every table gets: CSV and Excel, side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign.io.export import table_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_and_excel_buttons(frame: pd.DataFrame, file_stem: str, *, csv_label: str = "Download CSV",
                          excel_label: str = "Download Excel", key: str | None = None) -> None:
    """Two buttons downloading ``frame`` as ``file_stem.csv`` and ``file_stem.xlsx``.

    The Excel file is built only when its button is pressed (a callable), since it is slower.
    """
    left, right = st.columns(2)
    left.download_button(csv_label, table_bytes(frame, "csv"), f"{file_stem}.csv", "text/csv",
                         key=f"{key}_csv" if key else None, on_click="ignore")
    right.download_button(excel_label, lambda: table_bytes(frame, "xlsx"), f"{file_stem}.xlsx", XLSX_MIME,
                          key=f"{key}_xlsx" if key else None, on_click="ignore")


def about_for(pset, designs, params, contents: str) -> pd.DataFrame:
    """The About block of a download: what it holds, the designs, every parameter, the data."""
    from lotdesign.io.export import about_table

    return about_table(contents=contents, designs=designs, params=params, synthetic=pset.synthetic,
                       providers_source=pset.load.source_name, n_providers=pset.load.n_accepted)


def briefing_buttons(frame: pd.DataFrame, file_stem: str, about: pd.DataFrame, *, key: str) -> None:
    """CSV and Excel buttons for a briefing table: labelled columns, machine names and the About block."""
    from lotdesign.io.export import briefing_table_bytes

    left, right = st.columns(2)
    left.download_button("Download CSV", lambda: briefing_table_bytes(frame, "csv", about), f"{file_stem}.csv",
                         "text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button("Download Excel", lambda: briefing_table_bytes(frame, "xlsx", about), f"{file_stem}.xlsx",
                          XLSX_MIME, key=f"{key}_xlsx", on_click="ignore")
