"""`verify_audit`: recompute the audit log's hash chain; exit 1 if it has been tampered with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from saferpractice.web.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (exit status 1 if any event was altered)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.intact:
            self.stdout.write(f"The audit log is intact: {report.events} events, chain verified.")
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"The audit log has been tampered with: {len(report.problems)} problem(s) "
            f"in {report.events} events.",
            returncode=1,
        )
