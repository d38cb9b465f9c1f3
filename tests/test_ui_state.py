"""The per-session memo: keyed on content (never ``id()``), least recently used forgotten first."""

from __future__ import annotations

import dataclasses

import pytest

from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.studio.editing import DesignEdits
from ui import state

HAMPSHIRE = "E23000030"


def test_equal_content_gives_the_same_key_and_changed_content_another():
    regions = get_design("regions12")
    copy = dataclasses.replace(regions, unit_to_lot=regions.unit_to_lot.copy())
    assert copy is not regions
    assert state.content_key(regions, ScoringParams()) == state.content_key(copy, ScoringParams())
    edits = DesignEdits(regions)
    edits.move(HAMPSHIRE, "South West")  # one PCC area moved: same id, other lots
    moved = dataclasses.replace(regions, unit_to_lot=edits.design().unit_to_lot)
    assert state.content_key(moved) != state.content_key(regions)
    assert state.content_key(regions, ScoringParams(service="women")) != state.content_key(regions, ScoringParams())
    assert state.content_key([regions, moved]) != state.content_key([moved, regions])


def test_a_freed_design_never_hands_its_result_to_a_new_one():
    """Python reuses a freed object's id(); a memo keyed on content cannot mistake the new one for it."""
    view, calls = {}, []
    regions = get_design("regions12")
    edits = DesignEdits(regions)
    edits.move(HAMPSHIRE, "South West")
    first = dataclasses.replace(regions, id="edited", unit_to_lot=regions.unit_to_lot.copy())
    state.session_memo("score", state.content_key(first), lambda: calls.append("first") or "first", view=view)
    del first
    second = dataclasses.replace(regions, id="edited", unit_to_lot=edits.design().unit_to_lot)
    got = state.session_memo("score", state.content_key(second), lambda: calls.append("second") or "second", view=view)
    assert got == "second" and calls == ["first", "second"]


def test_the_memo_remembers_the_last_keys_and_not_failures():
    view, calls = {}, []

    def compute(value):
        calls.append(value)
        return value * 10

    for value in (1, 2, 1, 3, 1, 2):
        assert state.session_memo("sums", str(value), lambda v=value: compute(v), keep=2, view=view) == value * 10
    # 1 and 2 computed, 1 remembered, 3 pushes out 2 (1 was used more recently), 1 remembered, 2 again.
    assert calls == [1, 2, 3, 2]
    assert list(state.memo_store("sums", view)) == ["1", "2"]
    with pytest.raises(ZeroDivisionError):
        state.session_memo("sums", "bad", lambda: 1 / 0, view=view)
    assert "bad" not in state.memo_store("sums", view)
    state.forget_memos(view)
    assert state.memo_store("sums", view) == {}


def test_every_tab_has_one_renderer_taking_the_inputs_the_table_names():
    import importlib
    import inspect

    from ui import main

    assert main.TABS[0] == "Compare designs" and len(set(main.TABS)) == len(main.TABS) == len(main.TAB_PAGES)
    for page in main.TAB_PAGES:
        draw = getattr(importlib.import_module(page.module), page.function)
        assert tuple(inspect.signature(draw).parameters) == page.inputs, page.label
