"""Scenario files: save a view (designs, parameters, provider files) and load it back.

The providers part records each provider file read (name, fingerprint, sheet, header row,
column mapping and area decisions), so the command line can read the same files the same way.

A scenario is JSON with a ``schema_version``; loading checks the version and every field, and
says what to do when the provider data differ from those the scenario was saved with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from lotdesign.errors import InputFileError, ValidationError
from lotdesign.core.designs import BUILTIN_METADATA, LotDesign, design_from_table, get_design
from lotdesign.core.params import ScoringParams

SCHEMA_VERSION = 1
APP_ID = "lot-design-explorer"
#: Largest scenario file accepted, bytes.
MAX_SCENARIO_BYTES = 5 * 1024 * 1024


@dataclass(eq=False)
class Scenario:
    """A saved view: the design shown, the designs compared, the parameters, the providers used."""

    design: LotDesign
    compare: list[LotDesign]
    params: ScoringParams
    providers_fingerprint: str = ""
    providers_source: str = ""
    providers_synthetic: bool = False
    extra: dict = field(default_factory=dict)
    #: Each provider file read, in order: file, fingerprint, sheet, header_row, columns, areas
    #: (:meth:`lotdesign.importing.result.ProviderLoadResult.source_records`).
    providers_sources: list[dict] = field(default_factory=list)


def _design_to_dict(design: LotDesign) -> dict:
    if design.id in BUILTIN_METADATA and design.source != "user file":
        return {"id": design.id}
    return {
        "id": design.id,
        "name": design.name,
        "scope": design.scope,
        "units": {code: lot for code, lot in design.unit_to_lot.items()},
    }


def _design_from_dict(data: dict) -> LotDesign:
    if not isinstance(data, dict) or "id" not in data:
        raise ValidationError("A design in the scenario has no id.")
    if "units" not in data:
        return get_design(str(data["id"]))
    units = data["units"]
    if not isinstance(units, dict):
        raise ValidationError(f"Design '{data['id']}': 'units' must map LAD codes to lots.")
    table = pd.DataFrame({"lad_code": list(units), "lot": [str(v) for v in units.values()]})
    return design_from_table(table, design_id=str(data["id"]), name=str(data.get("name", data["id"])), scope=data.get("scope"))


def scenario_to_json(scenario: Scenario) -> str:
    """Serialise a scenario to JSON text."""
    payload = {
        "schema_version": SCHEMA_VERSION,
        "app": APP_ID,
        "design": _design_to_dict(scenario.design),
        "compare": [_design_to_dict(d) for d in scenario.compare],
        "params": scenario.params.to_dict(),
        "providers": {
            "fingerprint": scenario.providers_fingerprint,
            "source": scenario.providers_source,
            "synthetic": scenario.providers_synthetic,
            "sources": [dict(record) for record in scenario.providers_sources],
        },
        "extra": scenario.extra,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)


def scenario_from_json(text) -> Scenario:
    """Load a scenario from JSON text or bytes.

    Raises
    ------
    InputFileError
        Not JSON, too big, or not a scenario of this app.
    ValidationError
        A newer schema version, an unknown design or invalid parameters.
    """
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_SCENARIO_BYTES:
            raise InputFileError("The scenario file is larger than 5 MB; it is not a scenario saved by this app.")
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputFileError("The scenario file is not UTF-8 text — choose the .json file the app saved.") from None
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputFileError(f"The scenario file is not valid JSON ({type(error).__name__}) — choose the .json file the app saved.") from None
    if not isinstance(payload, dict) or payload.get("app") != APP_ID:
        raise InputFileError("This JSON file is not a Lot Design Explorer scenario — choose the .json file the app saved.")
    version = payload.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
        raise ValidationError(
            f"Scenario schema version {version!r} is not supported (this app reads version {SCHEMA_VERSION}) — update the app."
        )
    try:
        params = ScoringParams.from_dict(_in_default_order(payload.get("params") or {}))
    except TypeError as error:
        raise ValidationError(f"The scenario's parameters are invalid ({error}).") from None
    compare = payload.get("compare") or []
    if not isinstance(compare, list):
        raise ValidationError("The scenario's 'compare' must be a list of designs.")
    providers = payload.get("providers") or {}
    return Scenario(
        design=_design_from_dict(payload.get("design")),
        compare=[_design_from_dict(d) for d in compare],
        params=params,
        providers_fingerprint=str(providers.get("fingerprint", "")),
        providers_source=str(providers.get("source", "")),
        providers_synthetic=bool(providers.get("synthetic", False)),
        extra=payload.get("extra") if isinstance(payload.get("extra"), dict) else {},
        providers_sources=_sources_from_payload(providers.get("sources")),
    )


def _in_default_order(params: dict) -> dict:
    """Parameters with their tables (budget shares, default radii) back in the defaults' order.

    The file is written with sorted keys; reports list these tables in this order, so a report
    rebuilt from a scenario reads exactly as the original.
    """
    if not isinstance(params, dict):
        return params
    defaults = ScoringParams().to_dict()
    out = dict(params)
    for key, value in params.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            order = [k for k in defaults[key] if k in value] + [k for k in value if k not in defaults[key]]
            out[key] = {k: value[k] for k in order}
    return out


def _sources_from_payload(sources) -> list[dict]:
    """The scenario's provider-file records, checked: each names its file and gives a column mapping."""
    if sources is None:
        return []
    if not isinstance(sources, list) or not all(isinstance(s, dict) and isinstance(s.get("file"), str) for s in sources):
        raise ValidationError("The scenario's providers 'sources' must be a list of records, each naming its 'file'.")
    for number, source in enumerate(sources, start=1):
        if not isinstance(source.get("columns", {}), dict) or not isinstance(source.get("areas", {}), dict):
            raise ValidationError(f"Provider file {number} ({source['file']}) in the scenario: 'columns' and 'areas' must "
                                  "be objects — save the scenario again from the app.")
    return [dict(s) for s in sources]


def source_mapping(source: dict):
    """The column mapping a scenario's provider-file record holds (columns, sheet, header row, area decisions)."""
    from lotdesign.importing.columns import ColumnMapping

    payload = {"columns": source.get("columns") or {}, "header_row": source.get("header_row"),
               "sheet": source.get("sheet"), "areas": source.get("areas") or {}}
    return ColumnMapping.from_json(json.dumps(payload))
