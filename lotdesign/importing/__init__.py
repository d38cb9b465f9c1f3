"""Importing provider lists as a pipeline of small steps, each a plain function over a frame.

1. **read** (:mod:`.read`) — the file's cells as grids of text, one per sheet, no header assumed;
2. **find header** (:mod:`.read`) — the heading row within the first 20 rows, and the sheet;
3. **map columns** (:mod:`.columns`) — by name, then by proposal, then by the user's mapping;
4. **parse each field** (:mod:`.fields`, :mod:`.areas`) — incomes, sectors, specialisms, areas;
5. **locate** (:mod:`.locate`) — base point and district, with postcode fallbacks;
6. **validate** (:mod:`.pipeline`) — empty rows, names, duplicates;
7. **report** (:mod:`.result`) — accepted, rejected, warnings, effects, per-file counts;
8. **ready to score** (:mod:`.workspace`) — the accepted list with its reach and prepared designs
   (:func:`~lotdesign.importing.workspace.load_provider_set`).

:func:`~lotdesign.importing.pipeline.load_providers` (re-exported by
:mod:`lotdesign.importing.providers`) runs them all; the app runs 1–3, shows the mapping for
confirmation, then 4–7.
"""

from lotdesign.importing.columns import ColumnMapping, Proposal, match_columns, propose_columns
from lotdesign.importing.pipeline import (
    ImportDraft,
    combine_loads,
    load_draft,
    load_providers,
    prepare_import,
)
from lotdesign.importing.result import ProviderLoadResult

__all__ = ["ColumnMapping", "ImportDraft", "Proposal", "ProviderLoadResult", "combine_loads", "load_draft",
           "load_providers", "match_columns", "prepare_import", "propose_columns"]
