"""Lot Design Explorer: how probation lot designs affect local and specialist VCS coverage.

A plain Python API over pandas frames; it works without Streamlit. The entry points a notebook
needs are here::

    import lotdesign
    providers = lotdesign.load_provider_set(None)          # the synthetic demo list
    comparison = lotdesign.compare_designs(
        providers.providers, providers.reach,
        [lotdesign.get_design("pcc42"), lotdesign.get_design("regions12")],
        lotdesign.ScoringParams(service="women"),
    )

The capabilities live in subpackages named as the app and the command line name them:
:mod:`lotdesign.core` (parameters, designs, scoring, comparison), :mod:`lotdesign.importing`
(provider lists and the demo generator), :mod:`lotdesign.studio` (editing and design search),
:mod:`lotdesign.levers` (consortia, grants, specialist lots, robustness), :mod:`lotdesign.awards`
(the real Dynamic Framework record), :mod:`lotdesign.io` (files in and out),
:mod:`lotdesign.report` (the evidence pack) and :mod:`lotdesign.cli` (the ``lotdesign`` command).
"""

from __future__ import annotations

import importlib

from lotdesign.errors import InputFileError, LotDesignError, UnknownDesignError, ValidationError

#: The version of Lot Design Explorer: the one number the app, ``lotdesign --version``, exports and
#: reports show. The package build reads it from here (pyproject.toml: dynamic version), so the
#: installed metadata always agree with it.
__version__ = "0.2.0"

# Entry point -> the module that defines it. Loaded on first use, so ``import lotdesign.errors``
# (and the app's first screen) does not pay for modules it does not need.
_ENTRY_POINTS = {
    "ScoringParams": "lotdesign.core.params",
    "LotDesign": "lotdesign.core.designs",
    "get_design": "lotdesign.core.designs",
    "builtin_designs": "lotdesign.core.designs",
    "load_design_file": "lotdesign.core.designs",
    "load_provider_set": "lotdesign.importing.workspace",
    "build_provider_set": "lotdesign.importing.workspace",
    "load_providers": "lotdesign.importing.pipeline",
    "score_design": "lotdesign.core.scoring",
    "compare_designs": "lotdesign.core.compare",
    "suggest_design": "lotdesign.studio.suggest",
    "build_report": "lotdesign.report",
    "write_report": "lotdesign.report",
}

__all__ = [*_ENTRY_POINTS, "InputFileError", "LotDesignError", "UnknownDesignError", "ValidationError",
           "__version__"]


def __getattr__(name: str):
    if name in _ENTRY_POINTS:
        value = getattr(importlib.import_module(_ENTRY_POINTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lotdesign' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
