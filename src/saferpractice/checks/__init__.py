"""Checks: pure functions from evidence, school facts and policy to findings.

`check_record` runs every enabled rule that applies to one evidence record; `check_school`
runs the rules that need no evidence (the device register and the policy's own state).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from saferpractice.checks.communication import COMMUNICATION_CHECKS, as_communication
from saferpractice.checks.context import CheckContext
from saferpractice.checks.devices import check_device, check_device_record, facts_from_register
from saferpractice.checks.images import IMAGE_CHECKS
from saferpractice.checks.internet import check_web
from saferpractice.checks.policy_checks import check_acknowledgements, check_review
from saferpractice.checks.rules import RULES, Rule
from saferpractice.checks.social import check_connection, check_profile
from saferpractice.evidence.records import (
    ConnectionRecord,
    DeviceRecord,
    ImageRecord,
    MailRecord,
    MessageRecord,
    ProfileRecord,
    Record,
    WebRecord,
)
from saferpractice.findings import Finding

__all__ = ["RULES", "CheckContext", "Rule", "check_record", "check_school"]

DEVICE_RULES = frozenset({"devices.no-passcode", "devices.bluetooth-on"})


def _enabled(findings: Iterable[Finding], rules: Collection[str]) -> Iterator[Finding]:
    return (finding for finding in findings if finding.rule in rules)


def check_record(
    record: Record, ctx: CheckContext, rules: Collection[str] = RULES
) -> list[Finding]:
    """All findings for one evidence record under the enabled rules."""
    found: list[Finding] = []
    if isinstance(record, MailRecord | MessageRecord):
        comm = as_communication(record, ctx)
        for rule_id, check in COMMUNICATION_CHECKS:
            if rule_id in rules:
                found.extend(check(comm, ctx))
    elif isinstance(record, ImageRecord):
        for rule_id, image_check in IMAGE_CHECKS:
            if rule_id in rules:
                found.extend(image_check(record, ctx))
    elif isinstance(record, ConnectionRecord):
        found.extend(_enabled(check_connection(record, ctx), rules))
    elif isinstance(record, ProfileRecord):
        found.extend(_enabled(check_profile(record, ctx), rules))
    elif isinstance(record, WebRecord):
        found.extend(_enabled(check_web(record, ctx), rules))
    elif isinstance(record, DeviceRecord):
        found.extend(_enabled(check_device_record(record, ctx), rules))
    return found


def check_school(ctx: CheckContext, rules: Collection[str] = RULES) -> list[Finding]:
    """Findings that need no evidence: the device register and the policy's state."""
    found: list[Finding] = []
    if DEVICE_RULES & set(rules):
        for facts in facts_from_register(ctx):
            found.extend(_enabled(check_device(facts, ctx), rules))
    if "policy.not-acknowledged" in rules:
        found.extend(check_acknowledgements(ctx))
    if "policy.review-overdue" in rules:
        found.extend(check_review(ctx))
    return found
