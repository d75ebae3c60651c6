"""The self-review of "what should be in place", in the manner of SWGfL's 360 degree safe.

Each requirement of the policy (an `in_place` item, by its stable id) is rated by a senior
leader, with evidence, an owner and dates. Those not yet in place make the action plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolRecord


class Rating(models.TextChoices):
    IN_PLACE = "in-place", "In place"
    PARTLY = "partly", "Partly in place"
    NOT_YET = "not-yet", "Not yet in place"


class RequirementReview(SchoolRecord):
    requirement_id = models.CharField(max_length=200)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    evidence = models.TextField(blank=True, help_text="what shows it is in place")
    action = models.TextField(blank=True, help_text="what will be done, if it is not in place")
    owner = models.CharField(max_length=200, blank=True, help_text="who will do it")
    due_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requirement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "requirement_id"], name="one_review_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.get_rating_display()}"
