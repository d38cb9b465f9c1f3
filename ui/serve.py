"""Start the app: the Streamlit server with the package's own settings, plus a cache warm-up.

``python -m ui.serve [streamlit options]`` (what ``lotdesign app`` and ``make run`` start) is
``streamlit run ui/webapp/app.py`` with:

- the server settings of :data:`SERVER_SETTINGS`, given on the command line so that they hold
  wherever the package is installed and whatever ``.streamlit/config.toml`` a user's home or the
  working directory holds (options given after them still win);
- the vendored map scripts put in place first (:func:`ui.assets.ensure_assets`);
- a background thread that, while the server starts and the browser loads Streamlit's
  JavaScript (about a second), imports the app's modules, loads the shared, read-only provider
  set (the synthetic demo, or the list given to ``lotdesign app --providers``) and scores the
  default designs on it, into the same caches the first session would fill. Nothing a user
  uploads is involved.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from lotdesign.io.tables import MAX_FILE_BYTES

#: The entry script Streamlit runs (inside the package, so an installed copy runs too).
APP = Path(__file__).resolve().parent / "webapp" / "app.py"

_MB = 2**20  # Streamlit counts an upload megabyte as 2**20 bytes, as the library does

#: Server settings for hosting, as Streamlit option name -> value.
SERVER_SETTINGS = {
    # Uploads larger than the loader accepts are refused by the server before they reach the app.
    "server.maxUploadSize": MAX_FILE_BYTES // _MB,
    # Cross-site request forgery protection for uploads (needs CORS protection on as well).
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    # The vendored map scripts are served from static/ beside the entry script.
    "server.enableStaticServing": True,
    "server.headless": True,
    # No file watcher: an installed app does not change under the server, and each watcher costs memory.
    "server.fileWatcherType": "none",
    # A session's data (including its uploads) are dropped this many seconds after its browser disconnects.
    "server.disconnectedSessionTTL": 120,
    # No usage statistics are sent anywhere.
    "browser.gatherUsageStats": False,
    "theme.base": "light",
}


def server_flags(settings: dict = SERVER_SETTINGS) -> list[str]:
    """The settings as ``streamlit run`` command-line options (``--server.maxUploadSize=25`` …)."""
    return [f"--{name}={str(value).lower() if isinstance(value, bool) else value}" for name, value in settings.items()]


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
    # The first screen's figures: the default designs scored on the shared set (read-only).
    from lotdesign.core.designs import get_design

    chosen = [get_design(state.DEFAULTS[state.MAIN_DESIGN]), *(get_design(d) for d in state.DEFAULTS[state.COMPARE_DESIGNS])]
    params = state.current_params({**state.DEFAULTS, state.BASE_PARAMS: state.ScoringParams()})  # as a new session has them
    state._shared_demo_comparison(tuple(d.id for d in chosen), repr(params), params)


def main(argv: list[str] | None = None) -> None:
    """Run ``streamlit run ui/webapp/app.py`` with the package's settings and the given options."""
    from streamlit.web import cli

    from ui.assets import ensure_assets

    try:
        ensure_assets()
    except PermissionError as error:
        sys.exit(f"lotdesign app: {error}")
    threading.Thread(target=_warm_caches, name="warm-caches", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *server_flags(), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
