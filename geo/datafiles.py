"""Where the shipped data files live: the one place data paths are resolved.

The derived data sit in the repository's top-level ``data/`` folder, which the package build
ships as the package ``lotdesign_data`` (see ``setup.py``). In order of precedence:

1. ``LOTDESIGN_DATA_DIR`` (a test build, or a data folder kept elsewhere);
2. the ``data/`` folder of the checkout this code runs from, when it runs from a checkout
   (so a second checkout with its own data uses its own, whatever is installed);
3. the installed package ``lotdesign_data``, through :mod:`importlib.resources` (a wheel, or
   an editable install, where it is the same ``data/`` folder).
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

#: Environment variable that points the library at another data folder (e.g. a test build).
DATA_DIR_ENV = "LOTDESIGN_DATA_DIR"
#: The importable name of the shipped data folder.
DATA_PACKAGE = "lotdesign_data"
#: A file every data folder holds (the attribution notices), used to recognise one.
MARKER_FILE = "attribution.json"


def _checkout_data_dir() -> Path | None:
    """The ``data/`` folder beside the code when running from a checkout (it has pyproject.toml)."""
    root = Path(__file__).resolve().parent.parent
    candidate = root / "data"
    if (root / "pyproject.toml").is_file() and (candidate / MARKER_FILE).is_file():
        return candidate
    return None


def _installed_data_dir() -> Path | None:
    """The folder of the installed ``lotdesign_data`` package, or None when it is not installed."""
    try:
        folder = importlib.resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        return None
    # A wheel or an editable install puts the package on disk: files() is then a real folder.
    path = Path(str(folder))
    return path if (path / MARKER_FILE).is_file() else None


def data_dir() -> Path:
    """Return the folder holding the derived data (see the module docstring for the order)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    found = _checkout_data_dir() or _installed_data_dir()
    if found is None:
        raise FileNotFoundError(
            f"The data of Lot Design Explorer were not found: no data/ folder beside the code and no "
            f"installed package {DATA_PACKAGE}. Reinstall the package (`pip install lot-design-explorer` "
            f"or `pip install .` in a checkout), or set {DATA_DIR_ENV} to a data folder."
        )
    return found


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file, with a clear error if it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"Data file {'/'.join(parts)} is missing from {data_dir()}. "
            "In a checkout it is committed to the repository: restore it with `git checkout -- data/` "
            "or rebuild it with `python scripts/build_data.py` (needs ../shared/data); "
            "in an installed package, reinstall it."
        )
    return path
