"""The school's registers: people, their accounts and devices (the school folder's CSVs).

`ref` is the id the school folder uses (e.g. S001); `position` keeps the file's order, so an
export writes the rows back in the order they came.
"""

from __future__ import annotations

from django.db import models

from saferpractice.web.common.models import SchoolRecord


class PersonRole(models.TextChoices):
    STAFF = "staff", "Staff"
    PUPIL = "pupil", "Pupil"
    PARENT = "parent", "Parent or carer"
    GOVERNOR = "governor", "Governor"
    VOLUNTEER = "volunteer", "Volunteer"


class Ownership(models.TextChoices):
    SCHOOL = "school", "School"
    PERSONAL = "personal", "Personal"
    PROFESSIONAL = "professional", "Professional (agreed with the school)"


class AccountKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    SOCIAL = "social", "Social media"
    WEBSITE = "website", "Website"


class DeviceKind(models.TextChoices):
    PHONE = "phone", "Phone"
    TABLET = "tablet", "Tablet"
    LAPTOP = "laptop", "Laptop"
    DESKTOP = "desktop", "Desktop"
    CAMERA = "camera", "Camera"
    WEBCAM = "webcam", "Webcam"


class Person(SchoolRecord):
    ref = models.CharField("id", max_length=100)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    email = models.CharField(max_length=320, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    responsibilities = models.JSONField(default=list, blank=True)
    guardian_of = models.JSONField(default=list, blank=True)
    left_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "people"
        ordering = ["position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["school", "ref"], name="person_ref_unique_in_school")
        ]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self) -> str:
        return self.full_name or self.ref

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class Account(SchoolRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="accounts")
    kind = models.CharField(max_length=10, choices=AccountKind.choices)
    value = models.CharField(max_length=500)
    ownership = models.CharField(max_length=20, choices=Ownership.choices)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Device(SchoolRecord):
    ref = models.CharField("id", max_length=100)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="devices"
    )
    ownership = models.CharField(max_length=10, choices=Ownership.choices[:2])
    kind = models.CharField(max_length=10, choices=DeviceKind.choices)
    make = models.CharField(max_length=200, blank=True)
    model = models.CharField(max_length=200, blank=True)
    serial = models.CharField(max_length=200, blank=True)
    passcode = models.CharField(max_length=10, default="unknown")
    bluetooth = models.CharField(max_length=10, default="unknown")
    encrypted = models.CharField(max_length=10, default="unknown")
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["school", "ref"], name="device_ref_unique_in_school")
        ]

    def __str__(self) -> str:
        return f"{self.ref} ({' '.join(p for p in (self.make, self.model) if p) or self.kind})"
