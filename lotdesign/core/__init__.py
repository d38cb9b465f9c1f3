"""The core of the explorer: parameters, lot designs, scores, comparisons and the words for them.

- :mod:`.params` — every scoring assumption with its unit and source (:class:`ScoringParams`);
- :mod:`.designs` — lot designs: the built-ins and design files (:func:`get_design`);
- :mod:`.scoring` — prime eligibility, reach, local and specialist coverage (:func:`score_design`);
- :mod:`.compare` — several designs side by side, with sentences (:func:`compare_designs`);
- :mod:`.figures` — the one vocabulary of figures: label, unit, better direction, help and format
  of each (:data:`DESIGN_FIGURES`, :func:`format_figure`, :func:`format_shown_delta`);
- :mod:`.glossary` — what each figure and assumption means, in plain English;
- :mod:`.scenario` — a saved view, as JSON;
- :mod:`.details`, :mod:`.correspondence`, :mod:`.markers` — one lot, one place under two
  designs, organisations on a map.
"""

from __future__ import annotations

import importlib

# Loaded on first use, so importing one small part of the core (params, say) does not load
# the scoring engine with it.
_PUBLIC = {
    "Comparison": "compare", "compare_designs": "compare",
    "DESIGN_FIGURES": "figures", "LOT_FIGURES": "figures", "format_figure": "figures", "format_shown_delta": "figures",
    "LotDesign": "designs", "builtin_designs": "designs", "design_catalogue": "designs",
    "get_design": "designs", "load_design_file": "designs",
    "ScoringParams": "params",
    "Scenario": "scenario", "scenario_from_json": "scenario", "scenario_to_json": "scenario",
    "DesignScore": "scoring", "prepare_design": "scoring", "score_design": "scoring",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"lotdesign.core.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'lotdesign.core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
