"""Lot Design Explorer — Streamlit entry point (page set-up and navigation only).

Start it with ``make run`` (or ``streamlit run app.py``).
"""

import streamlit as st

st.set_page_config(page_title="Lot Design Explorer", page_icon="🗺️", layout="wide")

from ui.main import render  # noqa: E402  (set_page_config must be the first Streamlit call)

render()
