"""Scans, the findings they store, the reviews made of them, and agreed exclusions.

A finding is stored under the core's stable id (`ref`, e.g. `F-c72b1c446c12f624`), unique
within its school, so a rescan updates what it has already stored and never duplicates it or
loses a review. Only the excerpt behind a finding is kept, never the evidence it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferpractice.web.common.models import SchoolRecord


class ScanStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ScanSource(models.TextChoices):
    UPLOAD = "upload", "Uploaded files"
    FOLDER = "folder", "A folder on the server"
    IMPORT = "import", "Findings imported from a command-line scan"


class Scan(SchoolRecord):
    """One run of the core's checks over some evidence, started by a person."""

    source = models.CharField(max_length=10, choices=ScanSource.choices)
    label = models.CharField(max_length=300, help_text="what was scanned, in words")
    path = models.CharField(max_length=1000, blank=True, help_text="the folder that was scanned")
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=ScanStatus.choices, default=ScanStatus.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records_checked = models.PositiveIntegerField(default=0)
    findings_seen = models.PositiveIntegerField(default=0)
    findings_new = models.PositiveIntegerField(default=0)
    findings_excluded = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="items the readers could not read")
    problems = models.JSONField(default=list, blank=True, help_text="what was skipped, and why")
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"scan of {self.label}"

    @property
    def done(self) -> bool:
        return self.status in {ScanStatus.FINISHED, ScanStatus.FAILED}


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    ROUTINE = "routine", "Routine"


class Level(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"


class Status(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"


class Outcome(models.TextChoices):
    NO_BREACH = "no-breach", "No breach"
    ADVICE = "advice", "Advice given"
    LOW_LEVEL = "low-level-concern", "Low-level concern recorded"
    LADO = "lado", "Referred to the LADO"
    DISCIPLINARY = "disciplinary", "Disciplinary"
    FALSE_POSITIVE = "false-positive", "False positive"


# Outcomes whose record the school keeps under its own HR and safeguarding schedule: the
# retention period never deletes them automatically.
KEPT_OUTCOMES = frozenset({Outcome.LOW_LEVEL, Outcome.LADO, Outcome.DISCIPLINARY})


class Exclusion(SchoolRecord):
    """An agreed exception: findings of `rule` (for one person, or containing some words) are
    closed as false positives when a scan stores them. Shown on the transparency page."""

    rule = models.CharField(max_length=100)
    person_ref = models.CharField(max_length=100, blank=True, help_text="only for this person")
    contains = models.CharField(
        max_length=200, blank=True, help_text="only when the excerpt contains these words"
    )
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["rule", "-created_at"]

    def __str__(self) -> str:
        return f"exclusion for {self.rule}"


class Finding(SchoolRecord):
    """One finding, as the core made it, and where its review has got to."""

    ref = models.CharField("finding id", max_length=40)
    rule = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=Level.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices)
    priority_rank = models.PositiveSmallIntegerField(default=2)
    priority_reason = models.CharField(max_length=300, blank=True)
    policy_item = models.CharField(max_length=200)
    area = models.CharField(max_length=40)
    people = models.JSONField(default=list)
    staff_ref = models.CharField(
        max_length=100, blank=True, help_text="the member of staff the finding is about"
    )
    summary = models.CharField(max_length=500)
    why = models.JSONField(default=list)
    evidence_kind = models.CharField(max_length=40)
    evidence_source = models.CharField(max_length=1000)
    evidence_ref = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True)
    spans = models.JSONField(default=list, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    first_scan = models.ForeignKey(
        Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_scan = models.ForeignKey(
        Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_by = models.ForeignKey(
        Exclusion, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )

    class Meta:
        ordering = ["priority_rank", "-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "ref"], name="finding_ref_unique_in_school")
        ]
        indexes = [
            models.Index(fields=["school", "status", "priority_rank", "occurred_at"]),
            models.Index(fields=["school", "staff_ref", "occurred_at"]),
            models.Index(fields=["school", "rule"]),
            models.Index(fields=["school", "area"]),
            # The queue's default view (open findings, urgent first, newest first) and its
            # counts by priority read these partial indexes, not the resolved history.
            models.Index(
                fields=["school", "priority_rank", "-occurred_at", "ref"],
                condition=~models.Q(status="resolved"),
                name="finding_open_queue",
            ),
            models.Index(
                fields=["school", "priority", "staff_ref"],
                condition=~models.Q(status="resolved"),
                name="finding_open_priority",
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def is_open(self) -> bool:
        return self.status != Status.RESOLVED

    @property
    def about_refs(self) -> frozenset[str]:
        """Who the finding is about (its member of staff): they never review it themselves."""
        return frozenset({self.staff_ref} - {""})


class ActivityKind(models.TextChoices):
    NOTE = "note", "Note"
    STATUS = "status", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    EXCLUSION = "exclusion", "Exclusion agreed"
    RESCANNED = "rescanned", "Seen again by a scan"


class FindingActivity(SchoolRecord):
    """The finding's own history: notes, status changes and assignments, in order."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "finding activity"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.finding_id}"


class ReviewerLevel(models.TextChoices):
    ANALYST = "analyst", "Analyst (sees pseudonymised names)"
    INVESTIGATOR = "investigator", "Investigator (sees names)"


class Reviewer(SchoolRecord):
    """A reviewer of findings beside the DSL and head teacher, in the manner of Purview's
    analyst and investigator roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_roles"
    )
    level = models.CharField(max_length=20, choices=ReviewerLevel.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="one_reviewer_level")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_level_display()}"


class RetentionSettings(SchoolRecord):
    """How long a school keeps findings once they are resolved."""

    days = models.PositiveIntegerField(
        default=365,
        help_text="resolved findings (and their excerpts) are deleted this many days after "
        "they were resolved; low-level concerns, LADO referrals and disciplinary outcomes are "
        "kept under the school's own records schedule",
    )
    unresolved_days = models.PositiveIntegerField(
        default=730,
        help_text="findings nobody has resolved are deleted this many days after a scan last "
        "saw them",
    )

    class Meta:
        verbose_name_plural = "retention settings"
        constraints = [models.UniqueConstraint(fields=["school"], name="one_retention_per_school")]

    def __str__(self) -> str:
        return f"keep resolved findings {self.days} days"
