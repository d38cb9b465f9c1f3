"""The one rule for spreadsheet formulas in user text (CSV / formula injection).

A cell a spreadsheet would run as a formula starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return and is not a plain number (``-2`` stays a number). Reading flags such cells
(:func:`cell_is_formula`); every writer of tables and geo files quotes them
(:func:`neutralise_formulas`), so text typed as ``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import pandas as pd


def cell_is_formula(value: str) -> bool:
    """True for text a spreadsheet would run as a formula (starts with = + - @, tab or CR)."""
    return bool(value) and value[0] in "=+-@\t\r" and not _looks_numeric(value)


def _looks_numeric(value: str) -> bool:
    try:
        float(value.replace(",", ""))
        return True
    except ValueError:
        return False


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell a spreadsheet would run as a formula prefixed by a quote.

    Works on plain and geo frames (the geometry column is left alone) and on object or string
    dtypes; numbers and missing values are unchanged.
    """
    safe = frame.copy()
    for column in safe.columns:
        # pandas 3 gives text columns a string dtype, older pandas gives object: check both.
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: "'" + v if isinstance(v, str) and cell_is_formula(v) else v)
    return safe
