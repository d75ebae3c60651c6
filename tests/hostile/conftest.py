"""Fixtures for the hostile-input tests (helpers live in tests/support/hostile_cli.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hostile_cli import FIXTURE_SCHOOL

from saferpractice.checks import CheckContext
from saferpractice.policy import load_default_policy
from saferpractice.school import load_school

CHECKS_SCHOOL = Path(__file__).parents[1] / "checks" / "fixtures" / "school"


@pytest.fixture
def school() -> Path:
    return FIXTURE_SCHOOL


@pytest.fixture(scope="session")
def ctx() -> CheckContext:
    """The check tests' school, the default policy and their fixed date."""
    loaded = load_school(CHECKS_SCHOOL)
    assert loaded.school is not None, [str(d) for d in loaded.diagnostics]
    return CheckContext(
        school=loaded.school, policy=load_default_policy(), as_of=date(2026, 11, 24)
    )
