"""`verify_audit`: recompute the audit log's sealed chain; exit 1 if it has been tampered with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferpractice.diagnostics import UserError
from saferpractice.web.audit.chain import verify_chain
from saferpractice.web.audit.heads import read_head


class Command(BaseCommand):
    help = (
        "Verify the audit log's sealed hash chain (exit status 1 if any event was altered). "
        "With --head FILE, also check the chain head exported earlier is still in the log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head", type=Path, help="a chain head written earlier by export_audit_head"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            head = read_head(options["head"]) if options.get("head") else None
        except UserError as error:
            raise CommandError(str(error), returncode=2) from error
        report = verify_chain(head)
        if report.intact:
            against = f"; exported head {head['seq']} found unchanged" if head else ""
            self.stdout.write(
                f"The audit log is intact: {report.events} events, chain verified{against}."
            )
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"The audit log has been tampered with: {len(report.problems)} problem(s) "
            f"in {report.events} events.",
            returncode=1,
        )
