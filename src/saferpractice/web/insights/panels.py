from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferpractice.web.insights.models import Rating, RequirementReview


def self_review_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("insights.see_self_review"):
        return None
    from saferpractice.web.insights.figures import requirement_ids

    total = len(requirement_ids(view.school))
    rows = RequirementReview.objects.filter(school=view.school)
    in_place = rows.filter(rating=Rating.IN_PLACE).count()
    slug = view.school.slug
    return {
        "title": "Self-review",
        "big": f"{in_place} of {total}",
        "lines": [f"requirements in place; {rows.count()} rated so far"],
        "links": [
            ("The self-review", reverse("insights:self-review", kwargs={"school": slug})),
            ("Annual review pack (PDF)", reverse("insights:pack", kwargs={"school": slug})),
        ],
    }
