"""The concerns app's panels on the school home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferpractice.web.concerns.models import ConcernStatus


def concerns_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("concerns.view_queue"):
        return None
    from saferpractice.web.concerns.views import visible_concerns

    waiting = visible_concerns(view).filter(status=ConcernStatus.RECEIVED).count()
    url = reverse("concerns:queue", kwargs={"school": view.school.slug})
    return {
        "title": "Concerns",
        "big": waiting,
        "lines": ["new, not yet looked at" if waiting else "No new concerns."],
        "links": [("Open the concerns", url)],
        "attention": waiting > 0,
    }


def report_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("concerns.report"):
        return None
    slug = view.school.slug
    return {
        "title": "Worried about something?",
        "lines": [
            "Report an online-safety concern, something you found, or a colleague's conduct. "
            "It goes to the DSL (or the head teacher if it is about the DSL)."
        ],
        "links": [
            ("Report a concern", reverse("concerns:report", kwargs={"school": slug})),
            ("Concerns you reported", reverse("concerns:mine", kwargs={"school": slug})),
            (
                "The pupils' Cyber Safety Council page",
                reverse("concerns:council", kwargs={"school": slug}),
            ),
        ],
    }
