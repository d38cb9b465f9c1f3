"""Lot Design Explorer: how probation lot designs affect local and specialist VCS coverage.

The domain layer: lot designs, providers, scoring parameters, scores, comparisons and exports.
It is plain Python over pandas frames and works without Streamlit (see ``lotdesign.cli``).
"""

from lotdesign._errors import InputFileError, LotDesignError, UnknownDesignError, ValidationError

__all__ = ["InputFileError", "LotDesignError", "UnknownDesignError", "ValidationError"]
__version__ = "0.1.0"
