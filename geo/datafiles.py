"""Where the shipped data files live (``data/`` at the top of the repository)."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that points the library at another data folder (e.g. a test build).
DATA_DIR_ENV = "LOTDESIGN_DATA_DIR"


def data_dir() -> Path:
    """Return the folder holding the derived data (``data/`` unless ``LOTDESIGN_DATA_DIR`` is set)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file, with a clear error if it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"Data file {'/'.join(parts)} is missing from {data_dir().name}/. "
            "It is committed to the repository; restore it with `git checkout -- data/` "
            "or rebuild it with `python scripts/build_data.py` (needs ../shared/data)."
        )
    return path
