"""Start the app the way ``make run`` does: the Streamlit server plus a cache warm-up.

``python -m ui.serve [streamlit options]`` is ``streamlit run app.py [options]`` with one
addition: while the server starts and the browser loads Streamlit's JavaScript (about a second),
a background thread imports the app's modules, loads the shared, read-only demo provider set
and scores the default designs on it, into the same caches the first session would fill. The
first page then appears sooner; nothing a user uploads is involved (the warm-up touches only
public data).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


class _QuietWarmUp(logging.Filter):
    """Drop Streamlit's 'missing ScriptRunContext' notice for the warm-up thread, which runs
    cached functions outside a session on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (threading.current_thread().name == "warm-caches" and "ScriptRunContext" in record.getMessage())


def _warm_caches() -> None:
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit"):
        logging.getLogger(name).addFilter(_QuietWarmUp())
    from ui import main, state  # noqa: F401  (the page modules, pandas, altair …)

    state.demo_provider_set()
    # The first screen's figures: the default designs scored on the demo data (shared, read-only).
    from lotdesign.core.designs import get_design

    chosen = [get_design(state.DEFAULTS[state.MAIN_DESIGN]), *(get_design(d) for d in state.DEFAULTS[state.COMPARE_DESIGNS])]
    params = state.current_params({**state.DEFAULTS, state.BASE_PARAMS: state.ScoringParams()})  # as a new session has them
    state._shared_demo_comparison(tuple(d.id for d in chosen), repr(params), params)


def main(argv: list[str] | None = None) -> None:
    """Run ``streamlit run app.py`` with the given options, warming caches in the background."""
    from streamlit.web import cli

    threading.Thread(target=_warm_caches, name="warm-caches", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
