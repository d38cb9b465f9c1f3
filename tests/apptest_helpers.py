"""Shared helpers for the tests that drive the Streamlit app headless with AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import state

APP = str(Path(__file__).resolve().parent.parent / "app.py")

#: The element kinds whose values make up the page's readable text.
_TEXT_ELEMENTS = ("markdown", "error", "warning", "info", "success", "subheader", "caption")


def text(value: str) -> str:
    """Page text without the markdown escapes the app adds to user-supplied strings.

    Parameters
    ----------
    value : str
        A value as AppTest reports it (e.g. ``Women\\'s Aid``).

    Returns
    -------
    str
        The value with every backslash escape replaced by the character it escapes.
    """
    return re.sub(r"\\(.)", r"\1", value)


def page_text(at: AppTest, *, expander_labels: bool = False) -> str:
    """All readable text on the page, one element per line, markdown escapes removed.

    Parameters
    ----------
    at : AppTest
        The app after a run.
    expander_labels : bool
        Also include the expanders' labels (after everything else), for pages that put
        findings in expander titles.

    Returns
    -------
    str
        Markdown, messages, subheaders and captions in page order, joined by newlines.
    """
    parts = []
    for kind in _TEXT_ELEMENTS:
        parts += [text(element.value) for element in getattr(at, kind)]
    if expander_labels:
        parts += [text(expander.label) for expander in at.expander]
    return "\n".join(parts)


def open_app_on_tab(tab: str, /, *, timeout: float = 90, **session) -> AppTest:
    """Run the app once with a tab chosen and the given session values set, and check it ran.

    Parameters
    ----------
    tab : str
        The tab to show (its label). Positional only, so that a session key may be called ``tab``.
    timeout : float
        Seconds AppTest allows the run.
    **session
        Session-state values to set before the run (key → value).

    Returns
    -------
    AppTest
        The app after the run, which raised no exception.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state[state.TAB] = tab
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
