"""The audit log: append-only and hash-chained, so that any edit or deletion is detectable.

Each event's seal covers its own fields and the previous event's seal. Since the log was
keyed, the seal is an HMAC-SHA256 under a key kept outside the database (settings.AUDIT_KEY),
so someone who can write to the database cannot recompute it; events written before then
keep their plain SHA-256 (`scheme` "sha256") and are protected by the first keyed event,
whose seal covers theirs. `ChainHead` is a single row holding the latest seal (and a seal of
its own); writers lock it, so the chain stays a line with several threads or processes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events cannot be deleted")


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    VIEWED = "viewed", "Viewed"
    EXPORTED = "exported", "Exported"
    IMPORTED = "imported", "Imported"
    DECIDED = "decided", "Decided"
    SIGNED_IN = "signed-in", "Signed in"
    SIGNED_OUT = "signed-out", "Signed out"
    SIGN_IN_FAILED = "sign-in-failed", "Sign-in failed"
    WORKFLOW = "workflow", "Workflow step"


class AuditEvent(models.Model):
    """One thing someone did. No foreign keys: deleting a user or a school changes nothing here."""

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    school_id = models.CharField(max_length=36, blank=True, db_index=True)
    actor_id = models.CharField(max_length=36, blank=True)
    actor = models.CharField(max_length=150, blank=True, help_text="username at the time")
    action = models.CharField(max_length=20, choices=Action.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    summary = models.CharField(max_length=500)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    scheme = models.CharField(
        max_length=40,
        default="sha256",
        help_text="how `hash` was made: sha256 or hmac-sha256:<key id>",
    )

    objects: ClassVar[models.Manager[AuditEvent]] = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["school_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events cannot be deleted")


class ChainHead(models.Model):
    """The single row that serialises writers and remembers the latest hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True, help_text="HMAC of count and last_hash")
