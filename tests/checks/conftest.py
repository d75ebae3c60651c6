"""A small hand-written school, the default policy and a fixed date for the check tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saferpractice.checks import CheckContext
from saferpractice.policy import load_default_policy
from saferpractice.school import load_school

FIXTURE_SCHOOL = Path(__file__).parent / "fixtures" / "school"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="session")
def ctx() -> CheckContext:
    loaded = load_school(FIXTURE_SCHOOL)
    assert loaded.school is not None, [str(d) for d in loaded.diagnostics]
    return CheckContext(school=loaded.school, policy=load_default_policy(), as_of=AS_OF)
