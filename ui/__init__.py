"""The Streamlit user interface: pages, widgets and the folium map builder. No scoring logic."""
