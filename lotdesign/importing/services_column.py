"""Step 4 of the import, for the optional services column: which service categories each
organisation delivers itself (see :mod:`lotdesign.core.services`).

A blank cell means "not stated": for that organisation only the money and reach tests apply.
Words that name no category are dropped from the cell with a warning naming the row and the
words to use instead; nothing else about the row changes.
"""

from __future__ import annotations

import numpy as np

from lotdesign.core.params import CATEGORY_SHARES
from lotdesign.core.services import read_services
from lotdesign.importing.issues import Issues


def parse_services_column(cells: np.ndarray, issues: Issues, column: str) -> np.ndarray:
    """Category keys per row, joined by ``;`` (``""`` when not stated); warnings for unknown words."""
    cells = np.asarray(cells, dtype=object)
    text = np.array(["" if c is None else str(c) for c in cells], dtype=object)
    uniques, codes = np.unique(text, return_inverse=True)
    keys, unknown = zip(*(read_services(u) for u in uniques)) if len(uniques) else ((), ())
    parsed = np.array([";".join(k) for k in keys], dtype=object)[codes] if len(uniques) else np.array([], dtype=object)
    for position, words in enumerate(unknown):
        if words:
            rows = np.flatnonzero(codes == position)
            issues.warn(rows, column, f"service(s) {', '.join(repr(w) for w in words)} not recognised and left out — "
                        f"use {', '.join(CATEGORY_SHARES)} (or words such as housing, employment, debt, drugs, wellbeing).")
    return parsed
