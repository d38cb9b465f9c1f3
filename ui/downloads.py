"""The pair of download buttons every table gets: CSV and Excel, side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lotdesign.export import table_bytes

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
