"""What the app remembers, and where.

Shared by every session (read-only, cached once per server): the units, the built-in designs'
lot shapes and the synthetic demo provider set. Anything derived from a user's upload — their
provider set, their designs, validation reports, scores — lives only in ``st.session_state``,
so sessions never see each other's data. No module-level variable holds user data.

Uploads are handled by plain functions taking the file's bytes and name
(:func:`handle_provider_upload`, :func:`handle_design_upload`, :func:`handle_scenario_upload`),
called at the top of a run — before any widget is drawn — from a queue in session state that the
file uploaders' callbacks fill (and that tests can fill directly).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from pathlib import PurePath

import pandas as pd
import streamlit as st

from lotdesign.errors import InputFileError, LotDesignError, ValidationError
from lotdesign.core.compare import compare_designs, compare_scores
from lotdesign.core.designs import (
    DEFAULT_COMPARISON,
    LotDesign,
    builtin_design_ids,
    get_design,
    load_design_file,
)
from lotdesign.core.params import ScoringParams
from lotdesign.importing.pipeline import draft_from_source
from lotdesign.importing.providers import ColumnMapping, combine_loads, load_draft, prepare_import
from lotdesign.core.scenario import Scenario, scenario_from_json, scenario_to_json
from lotdesign.core.scoring import prepare_design, score_design
from lotdesign.importing.workspace import (
    ProviderSet,
    build_provider_set,
    design_fingerprint,
    frame_fingerprint,
    load_provider_set,
    provider_fingerprint,
    shared_provider_source,
)
from ui.format import LOT_METRIC_LABELS, plain

#: Session-state keys of the widgets that set the view (saved in scenario files).
MAIN_DESIGN = "main_design"
COMPARE_DESIGNS = "compare_designs"
SERVICE = "service"
#: Service categories bundled into each lot (empty: the single ``SERVICE``).
BUNDLE = "bundled_services"
BUDGET_M = "budget_m"
TURNOVER = "turnover_multiple"
REACH_PCT = "reach_threshold_pct"
SCOPE = "scope"
WEIGHTING = "value_weighting"
BACKGROUND = "background_tiles"
MAP_METRIC = "map_metric"
TAB = "tab"

#: Session-state keys of what the session holds (named here so no page spells them itself).
PROVIDER_SET = "provider_set"  # the session's own ProviderSet (absent: the shared demo set)
PROVIDER_REPORT = "provider_report"  # the last provider load, with its warnings and rejected rows
PROVIDER_ERROR = "provider_error"  # why the last provider file could not be used (message, problems)
PROVIDER_DRAFT = "provider_draft"  # a provider file read but waiting for its columns to be confirmed
CUSTOM_DESIGNS = "custom_designs"  # the session's own designs, by id
BASE_PARAMS = "base_params"  # assumptions not in the sidebar (as loaded from a scenario)
SELECTION = "selection"  # ("lot", name) or ("provider", id) opened on a map, or None
PREVIOUS_MAIN = "_previous_main"  # the main design before the last change

#: Queues filled by the uploaders' callbacks (or by tests): (bytes, file name).
PENDING_PROVIDERS = "pending_provider_upload"
PENDING_DESIGN = "pending_design_upload"
PENDING_SCENARIO = "pending_scenario_upload"
#: Whether an uploaded provider file replaces the list in use or is added to it: the user's
#: choice (kept across tabs), set from the radio button keyed PROVIDER_UPLOAD_WIDGET.
PROVIDER_UPLOAD_MODE = "provider_upload_mode"
PROVIDER_UPLOAD_WIDGET = "provider_upload_mode_choice"
REPLACE_LIST, ADD_TO_LIST = "Replace the list in use", "Add to the list in use"
#: A file read while "replace" was chosen over a list in use: (load, (draft, mapping)) until answered.
PENDING_REPLACEMENT = "pending_provider_replacement"
#: What the last replacement replaced, for Undo: (provider set, report, files).
PREVIOUS_PROVIDERS = "previous_provider_set"
#: The files of the list in use, in order: (draft, mapping used) each, to read them again.
PROVIDER_FILES = "provider_files"

#: Widget values kept when their tab is not drawn (Streamlit forgets undrawn widgets).
PERSISTENT_WIDGETS = (MAIN_DESIGN, COMPARE_DESIGNS, SERVICE, BUNDLE, BUDGET_M, TURNOVER, REACH_PCT, SCOPE,
                      WEIGHTING, BACKGROUND, MAP_METRIC)

DEFAULTS = {
    MAIN_DESIGN: DEFAULT_COMPARISON[0],
    COMPARE_DESIGNS: list(DEFAULT_COMPARISON[1:]),
    SERVICE: ScoringParams().service,
    BUNDLE: [],
    BUDGET_M: ScoringParams().national_budget_gbp / 1e6,
    TURNOVER: ScoringParams().turnover_multiple,
    REACH_PCT: round(100 * ScoringParams().reach_threshold),
    SCOPE: ScoringParams().scope,
    WEIGHTING: ScoringParams().value_weighting,
    BACKGROUND: False,
    MAP_METRIC: "n_vcs_local_prime_eligible",
}


#: Session-state keys of the per-session memos start with this (see :func:`session_memo`).
MEMO_PREFIX = "memo:"


# --- per-session memos, keyed on content ------------------------------------------------------------

def _key_part(part) -> str:
    """One input of a memo key as text that changes whenever its content does (never its ``id()``)."""
    if isinstance(part, ProviderSet):
        return "providers:" + provider_fingerprint(part)
    if isinstance(part, LotDesign):
        return "design:" + design_fingerprint(part)
    if isinstance(part, (pd.DataFrame, pd.Series)):
        return "table:" + frame_fingerprint(part)
    if isinstance(part, (list, tuple)):
        return "[" + ",".join(_key_part(p) for p in part) + "]"
    if isinstance(part, dict):
        return "{" + ",".join(f"{k!r}:{_key_part(v)}" for k, v in sorted(part.items(), key=lambda kv: repr(kv[0]))) + "}"
    return repr(part)


def content_key(*parts) -> str:
    """A fingerprint of a memo's inputs: provider sets, designs and tables by their content, the rest by ``repr``.

    Inputs that are equal in content give the same key; a changed input (another design, other
    parameters, another organisation list) gives another. No key holds an object's ``id()``,
    which Python reuses once an object is freed.
    """
    text = "\x1f".join(_key_part(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def session_memo(name: str, key: str, compute, *, keep: int = 1, view=None):
    """``compute()``, remembered in this session under ``name`` for the last ``keep`` keys.

    Parameters
    ----------
    name : str
        What is remembered (one store per name, in ``st.session_state[MEMO_PREFIX + name]``).
    key : str
        The inputs' fingerprint, from :func:`content_key`.
    compute : callable
        Called with no arguments when ``key`` is not remembered; nothing is stored if it raises.
    keep : int
        How many keys to remember (the least recently used is forgotten first).
    view : mapping, optional
        Where to remember (default the session state; tests pass a dict).
    """
    store = _view(view).setdefault(MEMO_PREFIX + name, {})
    if key in store:
        store[key] = store.pop(key)  # most recently used last
        return store[key]
    value = compute()
    store[key] = value
    while len(store) > keep:
        store.pop(next(iter(store)))
    return value


def forget_memos(view=None) -> None:
    """Drop every per-session memo (when the organisation list changes, to free memory at once)."""
    state = _view(view)
    for key in [k for k in state if str(k).startswith(MEMO_PREFIX)]:
        del state[key]


def memo_store(name: str, view=None) -> dict:
    """What the memo ``name`` holds (key → value; empty if nothing): for tests and diagnostics."""
    return dict(_view(view).get(MEMO_PREFIX + name, {}))


# --- shared, read-only ----------------------------------------------------------------------------

@st.cache_resource(show_spinner="Loading the organisations and working out where each one works…")
def demo_provider_set() -> ProviderSet:
    """The shared providers with their reach: the bundled synthetic demo, or the list the server
    was started with (``lotdesign app --providers``); shared, never modified by the app."""
    return load_provider_set(shared_provider_source())


# --- session state ------------------------------------------------------------------------------------

def init_state() -> None:
    """Give every view setting its default, and keep widget values across tabs."""
    state = st.session_state
    for key, value in DEFAULTS.items():
        if key not in state:
            state[key] = list(value) if isinstance(value, list) else value
        else:
            state[key] = state[key]  # keeps a widget's value while its tab is not drawn
    state.setdefault(CUSTOM_DESIGNS, {})
    state.setdefault(BASE_PARAMS, ScoringParams())
    state.setdefault(SELECTION, None)


def _view(view):
    """The session state, or (in tests) any mapping holding the same keys."""
    return st.session_state if view is None else view


def provider_set(view=None) -> ProviderSet:
    """The organisations in use: the session's upload, else the shared demo set."""
    view = _view(view)
    return view[PROVIDER_SET] if PROVIDER_SET in view else demo_provider_set()


def using_demo_data() -> bool:
    return PROVIDER_SET not in st.session_state


def designs(view=None) -> dict[str, LotDesign]:
    """Every design the session can use: the built-ins, then its own uploads."""
    view = _view(view)
    available = {design_id: get_design(design_id) for design_id in builtin_design_ids()}
    if CUSTOM_DESIGNS in view:
        available.update(view[CUSTOM_DESIGNS])
    return available


def is_builtin(design: LotDesign) -> bool:
    return design.id in builtin_design_ids() and design.source != "user file"


def context_for(pset: ProviderSet, design: LotDesign):
    """The prepared scoring context of ``design`` for ``pset``.

    The shared demo set keeps contexts of built-in designs only; a session's own design (or own
    provider set) gets its context stored in the session (memo ``context``, by content).
    """
    if pset is st.session_state.get(PROVIDER_SET) or is_builtin(design):
        return pset.context(design)
    return session_memo("context", content_key(pset, design),
                        lambda: prepare_design(pset.providers, pset.reach, design), keep=16)


def current_params(view=None) -> ScoringParams:
    """Scoring parameters from the sidebar (other parameters as loaded from a scenario)."""
    state = _view(view)
    return state[BASE_PARAMS].replace(
        service=state[SERVICE],
        services=tuple(state[BUNDLE]) if len(state[BUNDLE]) > 1 else (),
        national_budget_gbp=float(state[BUDGET_M]) * 1e6,
        turnover_multiple=float(state[TURNOVER]),
        reach_threshold=float(state[REACH_PCT]) / 100,
        scope=state[SCOPE],
        value_weighting=state[WEIGHTING],
    )


def compared_designs(view=None) -> list[LotDesign]:
    """The main design first, then the ones it is compared with."""
    state = _view(view)
    available = designs(state)
    main = available.get(state[MAIN_DESIGN]) or available[DEFAULT_COMPARISON[0]]
    others = [available[d] for d in state[COMPARE_DESIGNS] if d in available and d != main.id]
    return [main, *others]


def comparison(pset: ProviderSet, chosen: list[LotDesign], params: ScoringParams):
    """Score and compare ``chosen``: (comparison, contexts by design id), remembered until an input changes."""
    return session_memo("comparison", content_key(pset, chosen, params), lambda: _compare(pset, chosen, params))


def _compare(pset: ProviderSet, chosen: list[LotDesign], params: ScoringParams):
    if pset is demo_provider_set() and all(is_builtin(d) for d in chosen):
        return _shared_demo_comparison(tuple(d.id for d in chosen), repr(params), params)
    contexts = {d.id: context_for(pset, d) for d in chosen}
    # A design switch re-scores only the design that changed (a long list takes a while to
    # score): each design's score is remembered for the provider set and parameters.
    scores = [session_memo("design_score", content_key(pset, d, params),
                           lambda d=d: score_design(pset.providers, pset.reach, d, params, context=contexts[d.id]),
                           keep=16)
              for d in chosen]
    return compare_scores(scores), contexts


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_demo_comparison(design_ids: tuple[str, ...], params_key: str, _params: ScoringParams):
    """The built-in designs scored on the shared demo data: the same for every session, so worked
    out once per server (``params_key`` is ``repr(_params)``). Read-only, like the demo set."""
    pset = demo_provider_set()
    chosen = [get_design(design_id) for design_id in design_ids]
    contexts = {d.id: pset.context(d) for d in chosen}
    return compare_designs(pset.providers, pset.reach, chosen, _params, contexts=contexts), contexts


def on_main_design_change() -> None:
    """Keep the main design out of the 'compare with' list (swap it for the previous main)."""
    state = st.session_state
    previous = state.get(PREVIOUS_MAIN, DEFAULTS[MAIN_DESIGN])
    main = state[MAIN_DESIGN]
    compare = [d for d in state[COMPARE_DESIGNS] if d != main]
    if main in state[COMPARE_DESIGNS] and previous != main and previous not in compare:
        compare.insert(0, previous)
    state[COMPARE_DESIGNS] = compare
    state[PREVIOUS_MAIN] = main


def queue_upload(widget_key: str, queue_key: str) -> None:
    """Uploader callback: queue the chosen file (bytes, name) for the next run."""
    uploaded = st.session_state.get(widget_key)
    if uploaded is not None:
        st.session_state[queue_key] = (uploaded.getvalue(), uploaded.name)


# --- uploads ------------------------------------------------------------------------------------------

def error_payload(error: Exception) -> dict:
    """An error as shown to users: its message and, for validation errors, every problem."""
    if isinstance(error, ValidationError):
        return {"message": error.summary, "problems": list(error.problems)}
    return {"message": str(error), "problems": []}


def _hold_provider_draft(draft) -> bool:
    """Keep a freshly read provider file as the session's draft; say whether columns are missing.

    Parameters
    ----------
    draft : lotdesign.importing.pipeline.ImportDraft
        The file as read, with its columns matched.

    Returns
    -------
    bool
        True when required columns are missing: nothing can be loaded until the user chooses
        them, and ``provider_error`` says so.
    """
    state = st.session_state
    for key in [k for k in state if str(k).startswith("column_map_")]:
        del state[key]  # the select boxes of a previous file's columns
    state[PROVIDER_DRAFT] = draft
    if not draft.problems:
        return False
    state[PROVIDER_ERROR] = {"message": "The provider file is missing required columns; nothing was loaded. "
                               "Choose the columns below, or fix the file and upload it again.",
                               "problems": list(draft.problems)}
    return True


def handle_provider_upload(data: bytes, name: str) -> bool:
    """Read an uploaded provider file and map its columns; load it when nothing needs confirming.

    The file is read, its header found and its columns matched (:func:`prepare_import`); the
    draft waits in the session for the user to confirm the column mapping (Organisations tab)
    when a column was matched only by proposal or a required column is missing. Otherwise it is
    loaded at once (:func:`apply_provider_draft`). On failure the previous provider data stay
    in use; the error (or the report, when every row was rejected) is kept for the tab.
    """
    state = st.session_state
    state.pop(PROVIDER_ERROR, None)
    state.pop(PROVIDER_DRAFT, None)
    shown = plain(name)  # status labels are markdown: a file name must not add links or images
    try:
        draft = prepare_import(data, source_name=name)
    except (InputFileError, ValidationError) as error:
        state[PROVIDER_ERROR] = error_payload(error)
        state.pop(PROVIDER_REPORT, None)
        with st.status(f"{shown} could not be used — the previous organisation data are still in use.", state="error"):
            show_error(state[PROVIDER_ERROR])
        return False
    if _hold_provider_draft(draft):  # required columns missing: the user chooses them first
        return False
    if draft.needs_confirmation:
        return False
    return apply_provider_draft()


def apply_provider_draft(mapping=None) -> bool:
    """Load the waiting draft with ``mapping`` (default: as matched and proposed) and use it.

    With a list of the user's own in use, the session's explicit choice decides: "add" combines
    the new file with the list in use at once; "replace" asks first (:data:`PENDING_REPLACEMENT`,
    answered by :func:`confirm_replacement`, :func:`add_pending_instead` or
    :func:`cancel_replacement`), and a replacement can be undone (:func:`undo_replacement`).
    Over the demo data, the file is used at once.
    """
    state = st.session_state
    draft = state.get(PROVIDER_DRAFT)
    if draft is None:
        return False
    state.pop(PROVIDER_ERROR, None)
    chosen = mapping or draft.mapping
    if mapping is not None and not mapping.areas and draft.mapping.areas:
        chosen = dataclasses.replace(mapping, areas=dict(draft.mapping.areas))
    with st.status(f"Reading {plain(draft.source_name)}…", expanded=True) as status:
        load = _load_or_report(draft, chosen, status)
        if load is None:
            return False
        state.pop(PROVIDER_DRAFT, None)
        if user_list_in_use() and upload_mode() == ADD_TO_LIST:
            _use_load(combine_loads(state[PROVIDER_SET].load, load), status,
                      files=[*state.get(PROVIDER_FILES, []), (draft, chosen)])
        elif user_list_in_use():
            state[PENDING_REPLACEMENT] = (load, (draft, chosen))
            status.update(label=f"{plain(draft.source_name)} is read: replace the list in use, or add to it? "
                          "Choose on the Organisations tab.", state="complete", expanded=False)
            return False
        else:
            _use_load(load, status, files=[(draft, chosen)])
    return True


def _load_or_report(draft, mapping, status):
    """Steps 4–7 on the draft; None (with the error kept for the tab) when nothing can be used."""
    state = st.session_state
    shown = plain(draft.source_name)
    started = time.perf_counter()
    try:
        load = load_draft(draft, mapping)
    except (InputFileError, ValidationError) as error:
        state[PROVIDER_ERROR] = error_payload(error)
        status.update(label=f"{shown} could not be used — the previous organisation data are still in use.", state="error")
        show_error(state[PROVIDER_ERROR])
        return None
    state[PROVIDER_REPORT] = load
    status.write(f"{load.summary()} (read and checked in {time.perf_counter() - started:.1f} s)")
    if load.n_accepted == 0:
        state[PROVIDER_ERROR] = {
            "message": f"No organisation in {draft.source_name} could be used — every row was rejected (reasons below). "
            "The previous organisation data are still in use.",
            "problems": list(load.rejected["reason"].head(20)),
        }
        state.pop(PROVIDER_DRAFT, None)
        status.update(label=f"{shown} could not be used.", state="error")
        show_error(state[PROVIDER_ERROR])
        return None
    return load


def _use_load(load, status, *, files: list, remember_previous: bool = False) -> None:
    """Work out where each organisation works and use the list (keeping the one it replaces for Undo)."""
    state = st.session_state
    if remember_previous and user_list_in_use():
        state[PREVIOUS_PROVIDERS] = (state[PROVIDER_SET], state.get(PROVIDER_REPORT), state.get(PROVIDER_FILES, []))
    state[PROVIDER_REPORT] = load
    status.update(label=f"Step 2 of 3: working out where each of {load.n_accepted:,} organisations works…")
    step = time.perf_counter()
    pset = build_provider_set(load)
    status.write(f"Worked out where each organisation works in {time.perf_counter() - step:.1f} s.")
    status.update(label="Step 3 of 3: preparing the coverage figures shared by every design…")
    step = time.perf_counter()
    pset.edges  # noqa: B018  (computed now, so that the first design shows without a wait)
    status.write(f"Prepared the coverage figures in {time.perf_counter() - step:.1f} s.")
    _set_provider_set(pset, load, files)
    status.update(label=f"Now using {load.n_accepted:,} organisations from {plain(load.source_name)}.", state="complete",
                  expanded=False)


def _set_provider_set(pset, load, files: list) -> None:
    state = st.session_state
    state[PROVIDER_SET] = pset
    state[PROVIDER_REPORT] = load
    state[PROVIDER_FILES] = list(files)
    forget_memos()
    state[SELECTION] = None


def user_list_in_use() -> bool:
    """Whether organisations of the user's own (not the demo data) are in use."""
    return PROVIDER_SET in st.session_state


def upload_mode() -> str:
    """The user's explicit add/replace choice for the next file (replace until they choose)."""
    return st.session_state.get(PROVIDER_UPLOAD_MODE, REPLACE_LIST)


def remember_upload_mode() -> None:
    """Radio callback: keep the add/replace choice where a tab change does not clear it."""
    st.session_state[PROVIDER_UPLOAD_MODE] = st.session_state[PROVIDER_UPLOAD_WIDGET]


def confirm_replacement() -> None:
    """Button callback: replace the list in use with the file waiting (the old list can be restored)."""
    pending = st.session_state.pop(PENDING_REPLACEMENT, None)
    if pending is None:
        return
    load, source = pending
    with st.status(f"Replacing the list in use with {plain(load.source_name)}…", expanded=True) as status:
        _use_load(load, status, files=[source], remember_previous=True)


def add_pending_instead() -> None:
    """Button callback: add the waiting file to the list in use instead of replacing it."""
    pending = st.session_state.pop(PENDING_REPLACEMENT, None)
    if pending is None or not user_list_in_use():
        return
    load, source = pending
    with st.status(f"Adding {plain(load.source_name)} to the list in use…", expanded=True) as status:
        _use_load(combine_loads(st.session_state[PROVIDER_SET].load, load), status,
                  files=[*st.session_state.get(PROVIDER_FILES, []), source])


def cancel_replacement() -> None:
    """Button callback: keep the list in use; forget the waiting file."""
    st.session_state.pop(PENDING_REPLACEMENT, None)
    st.session_state[PROVIDER_REPORT] = st.session_state[PROVIDER_SET].load if user_list_in_use() else None


def undo_replacement() -> None:
    """Button callback: go back to the list the last replacement (or "Go back to the demo data") replaced."""
    previous = st.session_state.pop(PREVIOUS_PROVIDERS, None)
    if previous is None:
        return
    pset, report, files = previous
    _set_provider_set(pset, pset.load, files)
    st.session_state[PROVIDER_REPORT] = report or pset.load


def decide_area(name: str, chosen: str) -> bool:
    """Read the area name ``name`` as ``chosen`` in every row of every file in use that writes it, and reload.

    The decision is saved in each such file's column mapping (downloadable, and read by the CLI
    with ``--columns``) and in the scenario file's record of the file.
    """
    state = st.session_state
    files = state.get(PROVIDER_FILES, [])
    if not files:
        return False
    updated = []
    for draft, mapping in files:
        areas = dict(mapping.areas)
        areas[name] = chosen
        updated.append((draft, dataclasses.replace(mapping, areas=areas)))
    with st.status(f"Reading '{plain(name)}' as '{plain(chosen)}' in every row…", expanded=True) as status:
        load = None
        for draft, mapping in updated:
            part = load_draft(draft, mapping)
            load = part if load is None else combine_loads(load, part)
        _use_load(load, status, files=updated)
    return True


def reread_provider_draft(sheet: str | None, header_row: int) -> bool:
    """Read the waiting file again with another sheet and/or header row (1-based spreadsheet row)."""
    state = st.session_state
    draft = state.get(PROVIDER_DRAFT)
    if draft is None or draft.source is None:
        return False
    state.pop(PROVIDER_ERROR, None)
    try:
        new = draft_from_source(draft.source, ColumnMapping({}, header_row=header_row, sheet=sheet))
    except (InputFileError, ValidationError) as error:
        state[PROVIDER_ERROR] = error_payload(error)
        return False
    _hold_provider_draft(new)
    return True


def discard_provider_draft() -> None:
    """Button callback: forget a file whose columns were not confirmed."""
    for key in (PROVIDER_DRAFT, PROVIDER_ERROR):
        st.session_state.pop(key, None)


def use_demo_data() -> None:
    """Button callback: go back to the synthetic demo organisations (the list in use can be restored)."""
    if user_list_in_use():
        state = st.session_state
        state[PREVIOUS_PROVIDERS] = (state[PROVIDER_SET], state.get(PROVIDER_REPORT), state.get(PROVIDER_FILES, []))
    for key in (PROVIDER_FILES, PENDING_REPLACEMENT, PROVIDER_SET, PROVIDER_REPORT, PROVIDER_ERROR, PROVIDER_DRAFT):
        st.session_state.pop(key, None)
    forget_memos()
    st.session_state[SELECTION] = None


def _new_design_id() -> str:
    taken = set(designs())
    k = 1
    while f"custom{k}" in taken:
        k += 1
    return f"custom{k}"


def new_design_id() -> str:
    """An id for a session design that no other design uses (``custom1``, ``custom2`` …)."""
    return _new_design_id()


def add_design(design: LotDesign) -> None:
    """Keep a design made in the session (e.g. in the design studio) and compare it with the main design."""
    state = st.session_state
    state[CUSTOM_DESIGNS][design.id] = design
    state[COMPARE_DESIGNS] = [*[d for d in state[COMPARE_DESIGNS] if d != design.id], design.id]


def handle_design_upload(data: bytes, name: str) -> bool:
    """Validate an uploaded lot design; on success add it and show it as the main design."""
    state = st.session_state
    state.pop("design_error", None)
    state.pop("design_message", None)
    with st.spinner(f"Checking the lot design in {plain(name)}…"):
        try:
            design = load_design_file(data, design_id=_new_design_id(), name=PurePath(name).stem or "Custom design")
        except (InputFileError, ValidationError) as error:
            state["design_error"] = error_payload(error)
            return False
    state[CUSTOM_DESIGNS][design.id] = design
    previous = state[MAIN_DESIGN]
    state[MAIN_DESIGN] = design.id
    state[COMPARE_DESIGNS] = [previous] + [d for d in state[COMPARE_DESIGNS] if d not in (previous, design.id)]
    state[PREVIOUS_MAIN] = design.id
    state["design_message"] = (
        f"Loaded “{design.name}”: {design.n_lots} lots covering {design.scope}. "
        "It is now the main design on every tab."
    )
    return True


def remove_design(design_id: str) -> None:
    """Button callback: forget a custom design."""
    state = st.session_state
    state[CUSTOM_DESIGNS].pop(design_id, None)
    state[COMPARE_DESIGNS] = [d for d in state[COMPARE_DESIGNS] if d != design_id]
    if state[MAIN_DESIGN] == design_id:
        state[MAIN_DESIGN] = DEFAULTS[MAIN_DESIGN]


def current_scenario(view=None) -> Scenario:
    """The view as a scenario (main design, compared designs, parameters, providers used)."""
    state = _view(view)
    pset = provider_set(state)
    chosen = compared_designs(state)
    return Scenario(
        design=chosen[0],
        compare=chosen,
        params=current_params(state),
        providers_fingerprint=pset.load.fingerprint,
        providers_source=pset.load.source_name,
        providers_synthetic=pset.synthetic,
        extra={"map_metric": state[MAP_METRIC]},
        providers_sources=[] if pset.synthetic else pset.load.source_records(),
    )


def scenario_json(view=None) -> str:
    """The view as scenario-file text (what *Save scenario* downloads)."""
    return scenario_to_json(current_scenario(view))


def _adopt_design(design: LotDesign) -> str:
    """The id under which a scenario's design is available in this session."""
    if is_builtin(design):
        return design.id
    custom = st.session_state[CUSTOM_DESIGNS]
    for existing in custom.values():
        if dict(existing.unit_to_lot) == dict(design.unit_to_lot):
            return existing.id
    if design.id in designs():
        design = dataclasses.replace(design, id=_new_design_id())
    custom[design.id] = design
    return design.id


def handle_scenario_upload(data: bytes, name: str) -> bool:
    """Restore a saved view: designs, compared designs and parameters; warn about other data."""
    state = st.session_state
    for key in ("scenario_error", "scenario_message", "scenario_warning"):
        state.pop(key, None)
    try:
        scenario = scenario_from_json(data)
    except LotDesignError as error:
        state["scenario_error"] = error_payload(error)
        return False
    main = _adopt_design(scenario.design)
    others = [d for d in (_adopt_design(d) for d in scenario.compare) if d != main]
    params = scenario.params
    state[MAIN_DESIGN] = main
    state[PREVIOUS_MAIN] = main
    state[COMPARE_DESIGNS] = list(dict.fromkeys(others))
    state[BASE_PARAMS] = params
    state[SERVICE] = params.service
    state[BUNDLE] = list(params.services)
    state[BUDGET_M] = params.national_budget_gbp / 1e6
    state[TURNOVER] = params.turnover_multiple
    state[REACH_PCT] = round(100 * params.reach_threshold)
    state[SCOPE] = params.scope
    state[WEIGHTING] = params.value_weighting
    metric = scenario.extra.get("map_metric")
    if isinstance(metric, str) and metric in LOT_METRIC_LABELS:
        state[MAP_METRIC] = metric
    state["scenario_message"] = f"Restored the view saved in {name}."
    current = provider_set().load.fingerprint
    if scenario.providers_fingerprint and scenario.providers_fingerprint != current:
        state["scenario_warning"] = (
            f"This scenario was saved with different organisation data ({scenario.providers_source or 'another file'}). "
            "The designs and assumptions are restored, but the figures will differ — load the same organisation "
            "file to reproduce them exactly." + _recorded_files_hint(scenario.providers_sources)
        )
    return True


def _recorded_files_hint(sources: list[dict]) -> str:
    """What the scenario says about its provider files: their names, and how to read them the same way."""
    if not sources:
        return ""
    names = ", ".join(s["file"] for s in sources)
    return (f" It recorded {len(sources)} file{'s' if len(sources) != 1 else ''} ({names}), each with its column mapping and "
            "area decisions: `lotdesign report --scenario` reads them the same way.")


def process_pending_uploads() -> None:
    """Handle any queued upload (before widgets are drawn, so it can set their values)."""
    state = st.session_state
    for queue, handler in (
        (PENDING_SCENARIO, handle_scenario_upload),
        (PENDING_PROVIDERS, handle_provider_upload),
        (PENDING_DESIGN, handle_design_upload),
    ):
        pending = state.pop(queue, None)
        if pending is not None:
            handler(*pending)


def upload_widget(label: str, *, types: list[str], widget_key: str, queue_key: str, outcome: str,
                  help: str | None = None) -> None:
    """A file uploader that queues its file for the next run, then the outcome of the last upload.

    ``outcome`` names the session-state keys to show: ``{outcome}_error`` (with its problems),
    ``{outcome}_message`` (success) and ``{outcome}_warning``.
    """
    st.file_uploader(label, type=types, key=widget_key, on_change=queue_upload, args=(widget_key, queue_key),
                     help=help)
    if f"{outcome}_error" in st.session_state:
        show_error(st.session_state[f"{outcome}_error"])
    if f"{outcome}_message" in st.session_state:
        st.success(plain(st.session_state[f"{outcome}_message"]))
    if f"{outcome}_warning" in st.session_state:
        st.warning(plain(st.session_state[f"{outcome}_warning"]))


def show_error(payload: dict) -> None:
    """An error message with its list of problems."""
    text = plain(payload["message"])
    if payload.get("problems"):
        text += "\n\n" + "\n".join(f"- {plain(p)}" for p in payload["problems"])
    st.error(text)
