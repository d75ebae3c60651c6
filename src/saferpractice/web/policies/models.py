"""The policy's versions, the annual review's comments, and staff acknowledgements."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolRecord
from saferpractice.web.registers.models import Person


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated for comments"
    APPROVED = "approved", "Approved by the head teacher"
    PUBLISHED = "published", "Published (current)"
    SUPERSEDED = "superseded", "Superseded"


class PolicyVersion(SchoolRecord):
    """One version of the school's policy, as the policy data (YAML) the core validates."""

    version = models.CharField(max_length=40)
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    text = models.TextField(help_text="the policy as YAML, validated by saferpractice.policy")
    reason = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"version {self.version}"


class ReviewComment(SchoolRecord):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="comments")
    item_id = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"comment on {self.item_id}"


class Acknowledgement(SchoolRecord):
    """A member of staff read and acknowledged one version (acknowledgements.csv)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="acknowledgements")
    policy_version = models.CharField(max_length=40)
    acknowledged_on = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "acknowledged_on"]
        indexes = [models.Index(fields=["school", "policy_version"])]

    def __str__(self) -> str:
        return f"{self.person.ref} acknowledged {self.policy_version}"
