"""The findings a reviewer may see, filtered as the queue (and the JSON API) filter them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import QuerySet

from saferpractice.timeutil import uk_date
from saferpractice.web.common.views import SchoolScopeMixin
from saferpractice.web.review.models import Finding, Status

FILTERS = ("priority", "area", "level", "rule", "person", "status", "since", "until")


def visible(view: SchoolScopeMixin) -> QuerySet[Finding]:
    """The findings this reviewer may see: never those about themselves."""
    rows = view.scoped(Finding)
    cache = view.request.__dict__
    if "_review_me" not in cache:  # looked up once per request
        cache["_review_me"] = view.person_ref
    me = cache["_review_me"]
    if me:
        rows = rows.exclude(staff_ref=me)
    return rows


def chosen_filters(query: Mapping[str, str]) -> dict[str, str]:
    return {name: str(query.get(name, "")).strip()[:100] for name in FILTERS}


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_span(chosen: dict[str, str]) -> str:
    """The date filter in words ("dated from 1 November 2026 to 30 November 2026"): a date
    field shows the browser's own format, where 11/01/2026 could be either month. A date that
    is not understood is said to be left out, never silently ignored."""
    since, until = _date(chosen["since"]), _date(chosen["until"])
    if since and until:
        span = f"dated from {uk_date(since)} to {uk_date(until)}"
    elif since:
        span = f"dated from {uk_date(since)}"
    elif until:
        span = f"dated up to {uk_date(until)}"
    else:
        span = ""
    unread = [
        f"the {label} date \u201c{chosen[name]}\u201d is not a date, so it is not applied"
        for name, label, read in (("since", "From", since), ("until", "To", until))
        if chosen[name] and read is None
    ]
    return "; ".join(x for x in (span, *unread) if x)


def filtered(view: SchoolScopeMixin, chosen: dict[str, str]) -> QuerySet[Finding]:
    """Urgent first, then newest; `status` "open" (the default) means not yet resolved."""
    rows = visible(view)
    status = chosen["status"] or "open"
    if status == "open":
        rows = rows.exclude(status=Status.RESOLVED)
    elif status in Status.values:
        rows = rows.filter(status=status)
    for name in ("priority", "area", "level", "rule"):
        if chosen[name]:
            rows = rows.filter(**{name: chosen[name]})
    if chosen["person"]:
        rows = rows.filter(staff_ref=chosen["person"])
    since, until = _date(chosen["since"]), _date(chosen["until"])
    if since:
        rows = rows.filter(occurred_at__date__gte=since)
    if until:
        rows = rows.filter(occurred_at__date__lte=until)
    return rows.order_by("priority_rank", "-occurred_at", "ref")
