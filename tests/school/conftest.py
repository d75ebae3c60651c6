"""The committed example school folder, and a writable copy of it for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "school"


@pytest.fixture(scope="session")
def example_folder() -> Path:
    return EXAMPLE


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example folder that a test may break."""
    target = tmp_path / "school"
    shutil.copytree(EXAMPLE, target)
    return target
