"""Organisations (a trust or local authority) hold schools; people belong to a school by role."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolScopedModel, TimestampedModel, UUIDModel


class OrganisationKind(models.TextChoices):
    TRUST = "trust", "Multi-academy trust"
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    STANDALONE = "standalone", "Single school"


class Organisation(UUIDModel, TimestampedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _weekdays() -> list[str]:
    return ["mon", "tue", "wed", "thu", "fri"]


class School(UUIDModel, TimestampedModel):
    """A school and its own settings (the school folder's school.yaml)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="The school's part of the address"
    )
    urn = models.CharField("URN", max_length=6, blank=True)
    timezone = models.CharField(max_length=64, default="Europe/London")
    email_domains = models.JSONField(default=list, blank=True)
    phone_numbers = models.JSONField(default=list, blank=True)
    websites = models.JSONField(default=list, blank=True)
    hours_start = models.TimeField(default=time(8, 30))
    hours_end = models.TimeField(default=time(15, 30))
    hours_days = models.JSONField(default=_weekdays)
    folder_policy = models.CharField(
        max_length=300, blank=True, help_text="school.yaml's policy path, kept for export"
    )
    logo_name = models.CharField(
        max_length=300, blank=True, help_text="school.yaml's logo path, kept for export"
    )
    logo = models.BinaryField(null=True, blank=True, help_text="the logo image's bytes")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", "Member of staff"
    SENIOR_LEADER = "senior-leader", "Senior leader"
    HEAD_TEACHER = "head-teacher", "Head teacher"
    DSL = "dsl", "Designated safeguarding lead"
    ICT_LEAD = "ict-lead", "ICT lead"
    GOVERNOR = "governor", "Governor"
    TRUST_VIEWER = "trust-viewer", "Trust or local authority viewer"
    ADMIN = "admin", "Administrator"


class Membership(UUIDModel, TimestampedModel, SchoolScopedModel):
    """One role one user holds at one school. A user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    person_ref = models.CharField(
        "person id in the school folder",
        max_length=100,
        blank=True,
        help_text="Links the sign-in to the person in the registers (e.g. S001)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="one_role_once")
        ]
        ordering = ["school", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school}"
