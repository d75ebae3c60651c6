"""Checks on staff web use from web-filter logs."""

from __future__ import annotations

from collections.abc import Iterator

from saferpractice.checks import priority as priorities
from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import record_check
from saferpractice.evidence.records import WebRecord
from saferpractice.findings import EvidencePointer, Finding


def _user_person(user: str, ctx: CheckContext) -> str | None:
    """Web logs name users by email, by school username (the email's local part) or by id."""
    if ctx.school.person(user) is not None:
        return user
    if "@" in user:
        account = ctx.school.account_for_email(user)
        return account.person if account else None
    return ctx.usernames.get(user.casefold())


def check_web(record: WebRecord, ctx: CheckContext) -> Iterator[Finding]:
    # The school's own filter names (web-categories.yaml in its folder) are added to the
    # built-in map: see CheckContext.web_categories.
    category = ctx.web_categories.lookup(record.category) if record.category else None
    if category is None:
        return
    pid = _user_person(record.user, ctx)
    on = ctx.local_date(record.time)
    if pid is None or not ctx.school.is_staff(pid, on):
        return
    person = ctx.school.person(pid)
    assert person is not None
    attempt = "was blocked from" if record.action == "blocked" else "visited"
    excerpt = (
        f"{record.time.isoformat()} {record.user} {record.action} {record.url} [{record.category}]"
    )
    start = excerpt.index(record.url)
    yield make_finding(
        "internet.inappropriate",
        people=[pid],
        summary=f"{person.full_name} {attempt} a {category.title.lower()} site",
        why=[
            f"the filter's category '{record.category}' is the UK Safer Internet Centre "
            f"category '{category.title}'",
            f"user {record.user} is {ctx.describe(person, on)}",
            f"action: {record.action}",
        ],
        evidence=EvidencePointer(
            kind=record.kind.value,
            source=record.source,
            ref=record.ref,
            excerpt=excerpt,
            spans=((start, start + len(record.url), category.id),),
        ),
        occurred_at=record.time,
        priority=priorities.for_web_category(category.id),
    )


CHECKS = (record_check("internet.inappropriate", WebRecord, check_web),)
