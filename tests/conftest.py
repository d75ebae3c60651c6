"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public datasets beside the repository (read in place, never copied)."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.fail(f"the shared datasets are missing: expected {path}")
    return path


@pytest.fixture(scope="session")
def seed_guidance() -> Path:
    path = SHARED / "seed" / "esafety-safer-working-practice-guidance.txt"
    if not path.is_file():
        pytest.fail(f"the seed guidance is missing: expected {path}")
    return path
