"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time, so a run's result depends only on the code.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

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
