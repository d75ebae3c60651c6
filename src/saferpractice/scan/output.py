"""Writing findings as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import TextIO

from saferpractice.findings import Finding

CSV_COLUMNS = (
    "id",
    "rule",
    "level",
    "policy_item",
    "people",
    "summary",
    "why",
    "occurred_at",
    "evidence_kind",
    "evidence_source",
    "evidence_ref",
    "excerpt",
)


def write_jsonl(findings: Sequence[Finding], out: TextIO) -> None:
    for finding in findings:
        out.write(json.dumps(finding.to_json(), ensure_ascii=False, sort_keys=False))
        out.write("\n")


def write_csv(findings: Sequence[Finding], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        writer.writerow(
            (
                f.id,
                f.rule,
                f.level.value,
                f.policy_item,
                ";".join(f.people),
                f.summary,
                " | ".join(f.why),
                f.occurred_at.isoformat() if f.occurred_at else "",
                f.evidence.kind,
                f.evidence.source,
                f.evidence.ref,
                f.evidence.excerpt,
            )
        )
