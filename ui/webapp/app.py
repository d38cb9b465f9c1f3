"""Lot Design Explorer — the Streamlit entry script (page set-up and navigation only).

Start it with ``lotdesign app`` (or ``make run``): that runs this file with the package's own
server settings (:mod:`ui.serve`). Streamlit serves ``static/`` beside this file at
``/app/static/`` (the vendored map scripts, see :mod:`ui.assets`).
"""

import streamlit as st


def main() -> None:
    """Draw the page (Streamlit runs this file from the top on every interaction)."""
    st.set_page_config(page_title="Lot Design Explorer", page_icon="🗺️", layout="wide")
    from ui.main import render  # after set_page_config, which must be the first Streamlit call

    render()


if __name__ == "__main__":
    main()
