"""The review app's panels on the school home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferpractice.web.review.models import Finding, Priority, Scan, Status


def findings_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("review.view_queue"):
        return None
    open_rows = Finding.objects.filter(school=view.school).exclude(status=Status.RESOLVED)
    if view.person_ref:
        open_rows = open_rows.exclude(staff_ref=view.person_ref)
    urgent = open_rows.filter(priority=Priority.URGENT).count()
    total = open_rows.count()
    queue = reverse("review:queue", kwargs={"school": view.school.slug})
    from saferpractice.web.demo_scan import LOADING

    if LOADING.busy and not total:  # the demo's first scan: "nothing urgent" would mislead
        lines = ["The findings are still loading."]
    else:
        lines = [f"{urgent} urgent" if urgent else "Nothing urgent is waiting."]
    return {
        "title": "Findings to review",
        "big": total,
        "lines": lines,
        "links": [("Open the review queue", queue)],
        "attention": urgent > 0,
    }


def scans_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("review.see_scans"):
        return None
    last = Scan.objects.filter(school=view.school).first()
    url = reverse("review:scans", kwargs={"school": view.school.slug})
    lines = ["No scan has run yet."]
    if last is not None:
        lines = [f"Last scan: {last.label} ({last.get_status_display().lower()})"]
    return {"title": "Evidence scans", "lines": lines, "links": [("Scans", url)]}
