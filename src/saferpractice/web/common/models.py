"""Small abstract mixins for behaviour every record shares: an id, timestamps, a school."""

from __future__ import annotations

import uuid

from django.db import models


class UUIDModel(models.Model):
    """A random id, so that record addresses cannot be guessed or counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SchoolScopedModel(models.Model):
    """Every record belongs to one school; the base view filters every query by it."""

    school = models.ForeignKey(
        "organisations.School",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )

    class Meta:
        abstract = True


class SchoolRecord(UUIDModel, TimestampedModel, SchoolScopedModel):
    """The usual base for a school's record: id, timestamps and school."""

    class Meta:
        abstract = True
