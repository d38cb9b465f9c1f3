"""The design studio: edit a design, search for good designs, and the lot-count trade-off.

- :mod:`.editing` — move, merge, split and rename lots with undo (:class:`DesignEdits`);
- :mod:`.suggest` — contiguous designs of k lots that maximise an objective (:func:`suggest_design`);
- :mod:`.tradeoff` — the best design found for each number of lots (:func:`tradeoff_curve`);
- ``_partition`` — the private graph-partitioning engine behind the search.
"""

from lotdesign.studio.editing import DesignEdits, design_file_table
from lotdesign.studio.suggest import OBJECTIVES, Suggestion, suggest_design
from lotdesign.studio.tradeoff import TradeoffCurve, tradeoff_curve, write_tradeoff

__all__ = ["OBJECTIVES", "DesignEdits", "Suggestion", "TradeoffCurve", "design_file_table", "suggest_design",
           "tradeoff_curve", "write_tradeoff"]
