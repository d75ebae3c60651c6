"""`export_audit_head`: print the audit chain's head (latest event number and seal) as JSON,
to keep somewhere the office's database cannot reach (a governor's email, a printed page)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from saferpractice.web.audit.chain import chain_head, record, verify_chain
from saferpractice.web.audit.models import Action


class Command(BaseCommand):
    help = (
        "Print the audit chain's head as JSON (after checking the chain). Keep it outside the "
        "office; `verify_audit --head FILE` later proves the log still holds it unchanged."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(problem)
            self.stderr.write("The chain is not intact; the head below is what the log holds.")
        head = chain_head()
        self.stdout.write(json.dumps(head, indent=2))
        record(Action.EXPORTED, f"audit chain head exported at event {head['seq']}")
