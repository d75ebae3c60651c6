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


def require_shared(path: Path, what: str) -> Path:
    """Return `path`, or skip the test with the reason (fail instead under CI=true).

    A fresh clone has no `../shared` beside it, and its tests must still pass; CI always has
    it, so there its absence is a real failure and never a quiet skip.
    """
    if path.exists():
        return path
    message = f"{what}: not found beside the repository (expected {path})"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI=true, so this is a failure)")
    pytest.skip(message + " (tests that read them are skipped)")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public datasets beside the repository (read in place, never copied)."""
    return require_shared(SHARED / "data", "the shared datasets")


@pytest.fixture(scope="session")
def seed_guidance() -> Path:
    return require_shared(
        SHARED / "seed" / "esafety-safer-working-practice-guidance.txt", "the source guidance"
    )
