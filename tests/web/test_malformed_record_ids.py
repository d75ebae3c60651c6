"""A record id that is not a valid UUID, posted to a page that looks one up, is a 404 like any
unknown id, never a server error (found by the red team: 500 on the exclusions and reviewers
forms)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "field"),
    [("review:exclusions", "exclusion"), ("review:reviewers", "remove")],
)
def test_a_malformed_id_is_not_found(school: Any, signed_in: Any, page: str, field: str) -> None:
    client = signed_in("dsl", school, "dsl", "S002")
    response = client.post(reverse(page, kwargs={"school": school.slug}), {field: "not-a-uuid"})
    assert response.status_code == 404
