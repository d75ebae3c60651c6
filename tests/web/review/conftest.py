"""Fixtures for the review app's tests: a school with people, and stored findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from review_builders import core_finding

from saferpractice.findings import Finding


@pytest.fixture
def people(school: Any) -> dict[str, Any]:
    from saferpractice.web.registers.models import Person

    made = {}
    for ref, given, family, role in (
        ("S001", "Rory", "Williams", "staff"),
        ("S002", "Clara", "Oswald", "staff"),
        ("S003", "Donna", "Noble", "staff"),
        ("P001", "Amy", "Pond", "pupil"),
    ):
        made[ref] = Person.objects.create(
            school=school, ref=ref, given_name=given, family_name=family, role=role
        )
    return made


@pytest.fixture
def stored(school: Any, people: dict[str, Any]) -> Callable[..., Any]:
    from saferpractice.web.review.models import Finding as Row
    from saferpractice.web.review.store import store_findings

    def store(*findings: Finding) -> list[Any]:
        store_findings(school, list(findings) or [core_finding()])
        return list(Row.objects.filter(school=school).order_by("ref"))

    return store
