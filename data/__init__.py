"""The derived data files, installed as the package ``lotdesign_data`` (see ``geo/datafiles.py``)."""
