"""Sessions share nothing but the read-only demo data: two (and three) app sessions in one process.

AppTest sessions run in this one Python process, so they share every module-level cache —
``st.cache_resource`` (the demo provider set), ``st.cache_data`` (map shapes), the library's
``functools`` caches — exactly as the sessions of one Streamlit server do. What one session
uploads (organisations, a lot design) must never show in another, and must not change the
shared demo data the others see.
"""

from __future__ import annotations

import pytest

from lotdesign.core.designs import builtin_design_ids
from tests.test_app import expected_headlines, metrics_by_design, open_tab, page_text, run_app
from ui import state
from ui.design_tab import example_design_table

ALPHA = "Isolation Test Org Alpha"
ALPHA_CSV = (
    "name,postcode,income_gbp,specialisms\n"
    f"{ALPHA},LS1 4DY,450000,women\n"
    f"{ALPHA} Two,M1 1AE,2500000,bame\n"
).encode()
ALPHA_DESIGN = "Isolation Design Alpha"


@pytest.fixture(scope="module")
def demo():
    from lotdesign.importing.workspace import load_provider_set

    return load_provider_set()


def organisations_shown(at, words: str) -> tuple[str, int]:
    """Filter the Organisations tab's table by ``words``: (the 'Showing …' caption, rows shown)."""
    open_tab(at, "Organisations")
    at.text_input(key="provider_filter_text").input(words).run()
    caption = next(c.value for c in at.caption if c.value.startswith("Showing "))
    table = next(d.value for d in at.dataframe if "Organisation" in d.value.columns)
    return caption, len(table)


def assert_sees_only_demo_data(at, demo, *, where: str) -> None:
    """The session shows the synthetic demo banner and figures, and nothing of session A."""
    assert not at.exception, [e.value for e in at.exception]
    assert "provider_set" not in at.session_state and not at.session_state["custom_designs"], where
    open_tab(at, "Compare designs")
    assert any("Synthetic demo data — not real organisations" in w.value for w in at.warning), where
    assert metrics_by_design(at) == expected_headlines(demo, ["pcc42", "regions12"]), where
    options = at.selectbox(key=state.MAIN_DESIGN).options
    assert ALPHA_DESIGN not in options and len(options) == len(builtin_design_ids()), where
    caption, n_rows = organisations_shown(at, ALPHA)
    assert (caption, n_rows) == (f"Showing 0 of {len(demo.providers):,} organisations.", 0), where
    assert ALPHA not in page_text(at) and ALPHA_DESIGN not in page_text(at), where
    open_tab(at, "Map")
    assert not at.exception, where


def test_one_sessions_upload_never_reaches_another(demo):
    shared = state.demo_provider_set()  # the cached object every session reads
    n_shared = len(shared.providers)
    a = run_app(**{state.TAB: "Organisations"})
    b = run_app(**{state.TAB: "Organisations"})  # open at the same time as A

    a.session_state[state.PENDING_PROVIDERS] = (ALPHA_CSV, "isolation_alpha.csv")
    a.run()
    assert not a.exception
    assert any(i.value.startswith("Organisations: 2 from isolation") for i in a.info)
    assert organisations_shown(a, ALPHA) == ("Showing 2 of 2 organisations.", 2)
    a.session_state[state.PENDING_DESIGN] = (example_design_table("nps7").to_csv(index=False).encode(),
                                             f"{ALPHA_DESIGN}.csv")
    a.run()
    assert a.session_state[state.MAIN_DESIGN] == "custom1"
    assert ALPHA_DESIGN in a.selectbox(key=state.MAIN_DESIGN).options
    open_tab(a, "Map")
    assert not a.exception

    b.run()  # B's next run, after A's uploads
    assert_sees_only_demo_data(b, demo, where="session B")
    c = run_app()  # a session opened afterwards
    assert_sees_only_demo_data(c, demo, where="session C")

    # The shared demo set is untouched, and A still has its own data.
    assert state.demo_provider_set() is shared and len(shared.providers) == n_shared
    assert not (shared.providers["name"].str.contains(ALPHA)).any()
    assert a.session_state["provider_set"].load.n_accepted == 2
    assert organisations_shown(a, ALPHA)[1] == 2


def test_a_design_scored_against_the_demo_data_stays_in_its_session(demo):
    """A custom design on the shared demo organisations: its prepared context lives in the session."""
    shared = state.demo_provider_set()
    a = run_app(**{state.TAB: "Your own lot design"})
    a.session_state[state.PENDING_DESIGN] = (example_design_table("nps7").to_csv(index=False).encode(),
                                             f"{ALPHA_DESIGN}.csv")
    a.run()
    open_tab(a, "Compare designs")
    open_tab(a, "Map")
    assert ALPHA_DESIGN in metrics_by_design(open_tab(a, "Compare designs"))
    # The shared set only ever prepares the built-in designs (design keys are (id, content fingerprint)).
    assert {key[0] for key in shared._contexts if isinstance(key, tuple)} <= set(builtin_design_ids())
    kept = state.memo_store("context", a.session_state)  # ... the custom one is kept in A's session
    assert [context.design.name for context in kept.values()] == [ALPHA_DESIGN]
    b = run_app()
    assert_sees_only_demo_data(b, demo, where="session B")
