"""Template context every page has: the demo flag, the school and its navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from saferpractice.web.common.nav import entries_for


def office(request: HttpRequest) -> dict[str, Any]:
    school = getattr(request, "school", None)
    demo = getattr(settings, "DEMO", False)
    return {
        "demo": demo,
        "demo_loading": _demo_loading() if demo else None,
        "nav": entries_for(request, school) if school is not None else [],
        "current_school": school,
    }


def _demo_loading() -> Any:
    """The demo's background scan, while it runs or if it failed (None once done)."""
    from saferpractice.web.demo_scan import LOADING

    return None if LOADING.state == "done" else LOADING
