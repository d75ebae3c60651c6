"""`saferpractice web manage purge_findings`: apply each school's retention period now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from saferpractice.web.organisations.models import School
from saferpractice.web.review.retention import purge_expired


class Command(BaseCommand):
    help = "Delete expired findings and their excerpts under each school's retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for school in School.objects.order_by("name"):
            purged = purge_expired(school)
            total += purged.total
            self.stdout.write(f"{school.name}: {purged.total} expired findings deleted")
        self.stdout.write(f"{total} in all.")
