"""Lot Design Explorer — the Streamlit entry point of a checkout (used by the app tests).

The app's real entry script is ``ui/webapp/app.py``, inside the package; start the app with
``lotdesign app`` or ``make run``, which also apply the package's server settings.
"""

from ui.webapp.app import main

main()
