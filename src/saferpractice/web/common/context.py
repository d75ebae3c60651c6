"""Template context every page has: the demo flag, the school and its navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from saferpractice.web.common.nav import entries_for


def office(request: HttpRequest) -> dict[str, Any]:
    school = getattr(request, "school", None)
    return {
        "demo": getattr(settings, "DEMO", False),
        "nav": entries_for(request, school) if school is not None else [],
        "current_school": school,
    }
