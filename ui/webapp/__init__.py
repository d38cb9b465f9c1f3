"""The Streamlit entry script (``app.py``) and the folder Streamlit serves as ``/app/static/``.

They sit in their own folder because Streamlit serves ``static/`` beside the script it runs and
puts the script's folder first on ``sys.path``: here nothing else can be shadowed.
"""
