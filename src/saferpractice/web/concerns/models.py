"""Concerns: what staff report (including low-level concerns about a colleague) and what
pupils and parents report through the Cyber Safety Council page.

A concern goes to the DSL, or to the head teacher when it is about the DSL. Only those roles
read it; the person who reported it sees its status, and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolRecord


class ConcernKind(models.TextChoices):
    ONLINE_SAFETY = "online-safety", "An online-safety worry about a pupil"
    CONTENT = "content", "Content I found (a message, image, post or website)"
    COLLEAGUE = "colleague", "A colleague's conduct (a low-level concern)"
    PUPIL_REPORT = "pupil-report", "A report through the Cyber Safety Council page"


class ConcernSource(models.TextChoices):
    STAFF = "staff", "A member of staff"
    COUNCIL = "council", "The Cyber Safety Council page"


class RoutedTo(models.TextChoices):
    DSL = "dsl", "The designated safeguarding lead"
    HEAD = "head-teacher", "The head teacher (the concern is about the DSL)"


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    LOOKING = "looking", "Being looked at"
    CLOSED = "closed", "Closed"


class ReporterKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    PARENT = "parent", "A parent or carer"
    OTHER = "other", "Someone else"


class Concern(SchoolRecord):
    kind = models.CharField(max_length=20, choices=ConcernKind.choices)
    source = models.CharField(max_length=10, choices=ConcernSource.choices)
    routed_to = models.CharField(max_length=20, choices=RoutedTo.choices, default=RoutedTo.DSL)
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    text = models.TextField("what happened")
    happened = models.CharField("when it happened", max_length=200, blank=True)
    where = models.CharField("where (app, site or device)", max_length=200, blank=True)
    about_ref = models.CharField(
        "about (person id)", max_length=100, blank=True, help_text="the colleague, if any"
    )
    # Staff reports: who reported it. Council reports: only what the reporter chose to give.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_kind = models.CharField(max_length=10, choices=ReporterKind.choices, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_contact = models.CharField(max_length=200, blank=True)
    anonymous = models.BooleanField(default=False)
    client_key = models.CharField(
        max_length=64, blank=True, help_text="a keyed hash for rate limiting (not the address)"
    )
    outcome = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "status", "created_at"]),
            models.Index(fields=["school", "client_key", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d %b %Y})"

    @property
    def about_refs(self) -> frozenset[str]:
        return frozenset({self.about_ref} - {""})


class ConcernNote(SchoolRecord):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    status_to = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"note on {self.concern_id}"
