"""Put the map's JavaScript and CSS where Streamlit serves static files, for offline use.

Leaflet, Leaflet.markercluster and jQuery come from their XStatic packages (installed from the
package registry by ``make``), not from public CDNs, so the map works with no network. They are
copied into ``ui/webapp/static/vendor/`` (git-ignored; inside the installed package, and in the
wheel when they were copied before it was built), which Streamlit serves at
``/app/static/vendor/`` when ``server.enableStaticServing`` is on (``static/`` beside the entry
script ``ui/webapp/app.py``).

Run ``python -m ui.assets`` to (re)install them; ``lotdesign app`` and the app do it on start when
they are missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "webapp" / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
#: URL path under which Streamlit serves ``static/`` (relative to the app's base URL).
STATIC_URL = "app/static/vendor"

#: (xstatic module, files to copy, sub-folder)
_PACKAGES = {
    "leaflet": ("xstatic.pkg.leaflet", ["leaflet.js", "leaflet.css", "images"]),
    "markercluster": ("xstatic.pkg.leaflet_markercluster", ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"]),
    "jquery": ("xstatic.pkg.jquery", ["jquery.min.js"]),
}


def install_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy the vendored map assets into ``target`` (idempotent); return ``target``."""
    import importlib

    for folder, (module_name, files) in _PACKAGES.items():
        module = importlib.import_module(module_name)
        source = Path(module.BASE_DIR)
        destination = target / folder
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            if (source / name).is_dir():
                shutil.copytree(source / name, destination / name, dirs_exist_ok=True)
            else:
                shutil.copy2(source / name, destination / name)
    return target


def ensure_assets(target: Path = VENDOR_DIR) -> Path:
    """Install the vendored map assets into ``target`` unless they are there; return ``target``.

    Raises
    ------
    PermissionError
        When the folder cannot be written (a package installed by another user), with the fix.
    """
    if assets_installed(target):
        return target
    try:
        return install_assets(target)
    except PermissionError as error:
        raise PermissionError(
            f"The map scripts could not be copied into {target} ({error.strerror}). Run "
            "`python -m ui.assets` once as the user who installed Lot Design Explorer."
        ) from error


def assets_installed(target: Path = VENDOR_DIR) -> bool:
    """True when every vendored asset is present in ``target``."""
    return all((target / folder / name).exists() for folder, (_, files) in _PACKAGES.items() for name in files)


if __name__ == "__main__":
    print(f"Map assets installed in {install_assets()}/")
