"""Problems and warnings found by the import steps, kept per row and column, in the order found.

Each step adds whole arrays at a time (every row a message applies to, with one message each),
so collecting thousands of warnings costs one concatenation, not one Python object per message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WARNING = "warning"
REJECT = "reject"


def formatted(values, pattern: str) -> np.ndarray:
    """``pattern.format(v)`` for each value, as a NumPy string array (empty input gives an empty one)."""
    return np.array([pattern.format(v) for v in values], dtype=object).astype(str)


class Issues:
    """A growing list of (row, column, severity, message); rows are 0-based table positions."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, rows, column: str, severity: str, messages) -> None:
        """Record ``messages`` (one string, or one per row) for ``rows`` of ``column``."""
        rows = np.asarray(rows, dtype=np.int64).ravel()
        if not len(rows):
            return
        if isinstance(messages, str):
            messages = np.full(len(rows), messages, dtype=object)
        self._parts.append(pd.DataFrame({"row": rows, "column": column, "severity": severity,
                                         "message": np.asarray(messages, dtype=object)}))

    def warn(self, rows, column: str, messages) -> None:
        self.add(rows, column, WARNING, messages)

    def reject(self, rows, column: str, messages) -> None:
        self.add(rows, column, REJECT, messages)

    def frame(self) -> pd.DataFrame:
        """Every issue, sorted by row then by the order found (``order``)."""
        if not self._parts:
            return pd.DataFrame({"row": np.array([], np.int64), "column": [], "severity": [], "message": [],
                                 "order": np.array([], np.int64)})
        issues = pd.concat(self._parts, ignore_index=True)
        issues["order"] = np.arange(len(issues))
        return issues.sort_values(["row", "order"], kind="stable").reset_index(drop=True)

    def rejected_rows(self) -> np.ndarray:
        """Rows with at least one problem that rejects them (sorted, unique)."""
        parts = [p.loc[p["severity"] == REJECT, "row"].to_numpy() for p in self._parts]
        parts = [p for p in parts if len(p)]
        return np.unique(np.concatenate(parts)) if parts else np.array([], np.int64)


def row_messages(source_rows: np.ndarray, issues: pd.DataFrame) -> pd.Series:
    """'Row 14 (postcode): …; (income_gbp) …' per table row that has issues (index: table row).

    ``issues`` must be sorted by row (as :meth:`Issues.frame` returns them).
    """
    if issues.empty:
        return pd.Series([], dtype=object)
    rows = issues["row"].to_numpy()
    columns = issues["column"].to_numpy(dtype=object)
    messages = issues["message"].to_numpy(dtype=object)
    first = np.r_[True, rows[1:] != rows[:-1]]
    parts = np.empty(len(rows), dtype=object)
    for k in range(len(rows)):  # one f-string per issue: linear, and cheaper than a groupby-join
        where = f"({columns[k]})" if columns[k] else ""
        if first[k]:
            head = f"Row {source_rows[rows[k]]} {where}".strip()
            parts[k] = f"{head}: {messages[k]}"
        else:
            parts[k] = f"; {where}: {messages[k]}" if where else f"; {messages[k]}"
    starts = np.flatnonzero(first)
    return pd.Series(np.add.reduceat(parts, starts) if len(parts) else parts, index=rows[starts])


def single_messages(source_rows: np.ndarray, issues: pd.DataFrame) -> np.ndarray:
    """'Row 14 (postcode): …' for each issue on its own."""
    rows = issues["row"].to_numpy()
    columns = issues["column"].to_numpy(dtype=object)
    messages = issues["message"].to_numpy(dtype=object)
    return np.array([f"Row {source_rows[r]}{f' ({c})' if c else ''}: {m}" for r, c, m in zip(rows, columns, messages)],
                    dtype=object)
