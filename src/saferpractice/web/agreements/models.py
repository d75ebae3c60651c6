"""Senior leaders' approvals of amber practice, and parents' image consents."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolRecord
from saferpractice.web.registers.models import Device, Person


class ApprovalKind(models.TextChoices):
    IMAGES = "images", "Taking or keeping images of pupils on my own device"
    MOBILE_PHONE = "mobile-phone", "Using my own mobile phone to contact pupils or parents"
    WEBCAM = "webcam", "Using a webcam or video call with pupils"
    EQUIPMENT = "equipment", "Using my own equipment for school work"


class ApprovalStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Approval(SchoolRecord):
    """A request to use one's own equipment, and a senior leader's decision on it.

    Approved ones are the school folder's approvals.csv; the checks use them.
    """

    ref = models.CharField("id", max_length=100)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="approvals")
    kind = models.CharField(max_length=20, choices=ApprovalKind.choices)
    device = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="approvals"
    )
    purpose = models.TextField()
    valid_from = models.DateField()
    valid_to = models.DateField()
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.REQUESTED
    )
    approved_by_ref = models.CharField("approved by (person id)", max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-valid_from", "position"]
        constraints = [
            models.UniqueConstraint(fields=["school", "ref"], name="approval_ref_unique_in_school")
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.get_kind_display()}"

    def expired(self, today: date | None = None) -> bool:
        return self.valid_to < (today or date.today())


class ConsentUse(models.TextChoices):
    SCHOOL_DISPLAYS = "school-displays", "School displays"
    WEBSITE = "website", "The school website"
    SOCIAL_MEDIA = "social-media", "The school's social media"
    PRESS = "press", "Newspapers and press"
    VIDEO = "video", "Video"


class ConsentStatus(models.TextChoices):
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Consent(SchoolRecord):
    """One consent decision by a parent or carer; the latest per pupil and use applies."""

    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    use = models.CharField(max_length=20, choices=ConsentUse.choices)
    status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    given_by = models.CharField(max_length=100, help_text="the parent's or carer's id")
    recorded_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "recorded_on"]
        indexes = [models.Index(fields=["school", "pupil", "use"])]

    def __str__(self) -> str:
        return f"{self.pupil.ref} {self.use}: {self.status} ({self.recorded_on:%d %b %Y})"
