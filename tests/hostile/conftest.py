"""Fixtures for the hostile-input tests (helpers live in tests/support/hostile_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import FIXTURE_SCHOOL


@pytest.fixture
def school() -> Path:
    return FIXTURE_SCHOOL
