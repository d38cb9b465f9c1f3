"""Package layout that ``pyproject.toml`` cannot express on its own.

The code packages (``geo``, ``lotdesign``, ``ui`` and all their sub-packages) are found
automatically. Two folders of files ship inside them:

- the repository's top-level ``data/`` folder, as the package ``lotdesign_data``, read through
  :mod:`importlib.resources` (see ``geo/datafiles.py``): the data stay where
  ``scripts/build_data.py`` writes them, and an editable install reads them in place;
- ``ui/webapp/static/``, the vendored map scripts, when ``python -m ui.assets`` copied them there
  before the build (otherwise the app copies them from the XStatic packages on first start).

Each sub-folder is listed as a package of its own, so that its files are shipped too.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
CODE_PACKAGES = find_packages(include=["geo", "geo.*", "lotdesign", "lotdesign.*", "ui", "ui.*"])


def folder_packages(package: str, folder: Path) -> list[str]:
    """``package`` and one sub-package per sub-folder of ``folder`` (none if it does not exist)."""
    if not folder.is_dir():
        return []
    subfolders = sorted(p for p in folder.rglob("*") if p.is_dir() and not p.name.startswith(("_", ".")))
    return [package, *(".".join([package, *p.relative_to(folder).parts]) for p in subfolders)]


DATA_PACKAGES = folder_packages("lotdesign_data", HERE / "data")
STATIC_PACKAGES = folder_packages("ui.webapp.static", HERE / "ui" / "webapp" / "static")

setup(
    packages=[*CODE_PACKAGES, *DATA_PACKAGES, *STATIC_PACKAGES],
    package_dir={"lotdesign_data": "data"},
    package_data={
        "ui": ["*.js"],
        **{name: ["*.parquet", "*.csv", "*.json", "*.md"] for name in DATA_PACKAGES},
        **{name: ["*.js", "*.css", "*.png"] for name in STATIC_PACKAGES},
    },
)
