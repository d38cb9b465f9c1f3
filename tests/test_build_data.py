"""Rebuilding data/ from ../shared/data reproduces the committed files."""

import filecmp

import pandas as pd
import pytest

from tests.conftest import REPO, SHARED_DATA

pytestmark = pytest.mark.skipif(
    not (SHARED_DATA / "raw").is_dir(),
    reason="../shared/data is absent (a user's clone): the committed data/ is used as it is",
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_data", REPO / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    module.build(SHARED_DATA, first)
    module.build(SHARED_DATA, second)
    return first, second


def test_rebuild_is_byte_identical(rebuilt):
    first, second = rebuilt
    names = [p.relative_to(first) for p in first.rglob("*") if p.is_file()]
    assert len(names) >= 8
    mismatched = [str(n) for n in names if not filecmp.cmp(first / n, second / n, shallow=False)]
    assert mismatched == []


@pytest.mark.parametrize("name", ["units.parquet", "small_areas.parquet", "postcode_districts.parquet"])
def test_rebuild_matches_committed_tables(rebuilt, name):
    first, _ = rebuilt
    pd.testing.assert_frame_equal(pd.read_parquet(first / name), pd.read_parquet(REPO / "data" / name))


def test_rebuild_matches_committed_designs(rebuilt):
    first, _ = rebuilt
    assert (first / "designs" / "builtin_designs.csv").read_text() == (REPO / "data" / "designs" / "builtin_designs.csv").read_text()
