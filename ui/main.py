"""The app's single page: placeholder until the explorer lands."""

import streamlit as st

from lotdesign.designs import design_catalogue


def render() -> None:
    st.title("Lot Design Explorer")
    st.write("Built-in lot designs of probation services in England and Wales:")
    st.dataframe(design_catalogue(), hide_index=True)
