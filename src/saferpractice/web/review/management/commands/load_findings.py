"""`saferpractice web manage load_findings SCHOOL FINDINGS.jsonl`: store a CLI scan's findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferpractice.web.organisations.models import School
from saferpractice.web.review.store import core_findings_from_jsonl, store_findings


class Command(BaseCommand):
    help = (
        "Store the findings of `saferpractice scan -o findings.jsonl` for a school (by its "
        "address slug). Findings already stored are refreshed, never duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("school", help="the school's slug (its part of the address)")
        parser.add_argument("findings", type=Path, help="a findings .jsonl file")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"no school with the address {options['school']!r}")
        path: Path = options["findings"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open(encoding="utf-8") as lines:
                stored = store_findings(school, core_findings_from_jsonl(lines))
        except (ValueError, KeyError) as error:
            raise CommandError(f"{path}: not a findings file ({error})") from None
        self.stdout.write(
            f"{stored.seen} findings: {stored.new} new, {stored.seen - stored.new} already "
            f"stored, {stored.excluded} closed by agreed exclusions."
        )
