"""Projector-friendly styling: larger type, strong contrast, compact top spacing."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
html { font-size: 18px; }
.block-container { padding: 2.9rem 1.6rem 2rem 1.6rem !important; max-width: 100%; }
[data-testid="stSidebar"][data-collapsed="false"] { min-width: 330px; max-width: 330px; }
/* Collapsed, the sidebar takes no room, so the page (and its maps) widen. */
[data-testid="stSidebar"][data-collapsed="true"] { min-width: 0 !important; max-width: 0 !important; }
h1 { font-size: 1.9rem !important; padding: 0 0 0.1rem 0 !important; }
h2 { font-size: 1.6rem !important; }
h3 { font-size: 1.3rem !important; }
[data-testid="stMetricValue"] { font-size: 2.1rem; font-weight: 700; color: #111111; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; color: #333333; }
[data-testid="stMetricDelta"] { font-size: 1rem; font-weight: 600; }
button[role="tab"] p { font-size: 1.1rem; font-weight: 600; }
.lde-board-head { font-size: 1.1rem; font-weight: 700; color: #111111; margin: 0; line-height: 1.25; }
.lde-metric-title { font-size: 1.05rem; font-weight: 700; color: #111111; margin: 0.2rem 0 0 0; line-height: 1.3; }
.lde-detail-title { font-size: 1.35rem; font-weight: 700; color: #111111; margin: 0.3rem 0 0 0; line-height: 1.25; }
.lde-subtitle { font-size: 1.05rem; color: #333333; margin: -0.5rem 0 0.2rem 0; }
[data-testid="stAppDeployButton"] { display: none; }
.st-key-board { gap: 0.45rem !important; }
[class*="st-key-board-"] { padding: 0.35rem 0.9rem !important; gap: 0 !important; }
[class*="st-key-board-"] [data-testid="stMetric"] { padding: 0; }
[data-testid="stSidebar"] h2 { font-size: 1.25rem !important; }
[data-testid="stCaptionContainer"] p { color: #3d3d3d; }
[data-testid="stHeader"] { background: transparent; }
/* The first screen: a one-line title and a compact notice leave room for the maps. */
h1 { font-size: 1.45rem !important; line-height: 1.25 !important; }
[data-testid="stAlertContainer"] { padding: 0.35rem 0.8rem !important; }
[data-testid="stAlertContainer"] p { font-size: 0.92rem; }
.stTabs [data-baseweb="tab-list"] button { padding-top: 0.1rem; padding-bottom: 0.1rem; }
/* Tabs wrap onto a second line in a narrow window (1024 px projectors) rather than scroll out of sight. */
.stTabs [role="tablist"] { flex-wrap: wrap; overflow-x: visible !important; height: auto !important; align-content: flex-start; row-gap: 0; }
.stTabs [role="tablist"] [role="tab"] { height: 2.3rem !important; min-height: 0 !important; }
</style>
"""


def apply_theme() -> None:
    """Inject the app's styles (once per run; takes no space on the page)."""
    st.html(CSS)
