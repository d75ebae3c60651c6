"""Checks: pure functions from evidence, school facts and policy to findings.

Each check module declares what it serves in a `CHECKS` tuple (see `checks.dispatch`): the
rules it can raise and the records it reads. `check_record` runs the checks that read one
evidence record; `check_school` runs those that need no evidence. Both apply the enabled
rules here, and only here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from saferpractice.checks import communication, devices, images, internet, policy_checks, social
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import Check, RecordCheck, SchoolCheck
from saferpractice.checks.rules import RULES, Rule
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding

__all__ = ["CHECKS", "RULES", "CheckContext", "Rule", "check_record", "check_school"]

CHECKS: tuple[Check, ...] = (
    *communication.CHECKS,
    *images.CHECKS,
    *social.CHECKS,
    *internet.CHECKS,
    *devices.CHECKS,
    *policy_checks.CHECKS,
)
_RECORD_CHECKS = tuple(check for check in CHECKS if isinstance(check, RecordCheck))
_SCHOOL_CHECKS = tuple(check for check in CHECKS if isinstance(check, SchoolCheck))


def _enabled(findings: Iterable[Finding], rules: Collection[str]) -> Iterator[Finding]:
    return (finding for finding in findings if finding.rule in rules)


def check_record(
    record: Record, ctx: CheckContext, rules: Collection[str] = RULES
) -> list[Finding]:
    """All findings for one evidence record under the enabled rules."""
    found: list[Finding] = []
    prepared: dict[object, Any] = {}
    for check in _RECORD_CHECKS:
        if not isinstance(record, check.reads) or check.rules.isdisjoint(rules):
            continue
        subject: Any = record
        if check.prepare is not None:
            if check.prepare not in prepared:
                prepared[check.prepare] = check.prepare(record, ctx)
            subject = prepared[check.prepare]
        found.extend(_enabled(check.run(subject, ctx), rules))
    return found


def check_school(ctx: CheckContext, rules: Collection[str] = RULES) -> list[Finding]:
    """Findings that need no evidence: the device register and the policy's state."""
    found: list[Finding] = []
    for check in _SCHOOL_CHECKS:
        if not check.rules.isdisjoint(rules):
            found.extend(_enabled(check.run(ctx), rules))
    return found
