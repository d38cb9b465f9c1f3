"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
#: Where tests write what a person may want to look at (screenshots, exports).
TEST_OUTPUT = REPO / "test-output"

#: England and Wales mid-2023 population (ONS MYE, July 2024 release).
EW_POPULATION_2023 = 60_854_727


@pytest.fixture(scope="session")
def test_output() -> Path:
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT
