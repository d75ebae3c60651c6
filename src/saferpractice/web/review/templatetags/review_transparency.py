"""`{% agreed_exclusions school rule_id %}`: the exclusions agreed for one check, for the
"what we check and why" page (so staff see what the checks have been told to leave out)."""

from __future__ import annotations

from typing import Any

from django import template

from saferpractice.web.review.models import Exclusion

register = template.Library()


@register.inclusion_tag("review/exclusions_inline.html")
def agreed_exclusions(school: Any, rule_id: str) -> dict[str, Any]:
    rows = Exclusion.objects.filter(school=school, rule=rule_id, active=True).order_by("created_at")
    return {"exclusions": list(rows), "school": school}
