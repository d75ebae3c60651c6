"""Checks on the policy itself: acknowledgement by staff and the annual review."""

from __future__ import annotations

from collections.abc import Iterator

from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import school_check
from saferpractice.findings import EvidencePointer, Finding


def check_acknowledgements(ctx: CheckContext) -> Iterator[Finding]:
    version = ctx.policy.current_version.version
    for person in ctx.school.staff_on(ctx.as_of):
        if ctx.school.has_acknowledged(person.id, version):
            continue
        yield make_finding(
            "policy.not-acknowledged",
            people=[person.id],
            summary=f"{person.full_name} has not acknowledged policy version {version}",
            why=[
                f"{ctx.describe(person, ctx.as_of)} is current staff on {ctx.as_of}",
                f"acknowledgements.csv has no row for {person.id} and version {version}",
            ],
            evidence=EvidencePointer(
                kind="register",
                source="acknowledgements.csv",
                ref=person.id,
                excerpt=f"{person.id} {person.full_name}: no acknowledgement of {version}",
            ),
        )


def check_review(ctx: CheckContext) -> Iterator[Finding]:
    due = ctx.policy.next_revision_date
    if due is None or due >= ctx.as_of:
        return
    version = ctx.policy.current_version.version
    yield make_finding(
        "policy.review-overdue",
        people=[],
        summary=f"Policy version {version} was due for review on {due}",
        why=[
            f"the version table gives {due} as the next revision date",
            f"the scan date is {ctx.as_of}; the guidance is reviewed annually",
        ],
        evidence=EvidencePointer(
            kind="policy", source="policy", ref=version, excerpt=f"next revision: {due}"
        ),
    )


CHECKS = (
    school_check("policy.not-acknowledged", check_acknowledgements),
    school_check("policy.review-overdue", check_review),
)
