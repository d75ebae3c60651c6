"""The school's navigation: each entry shows only to those with its permission.

Apps add their own entries with `register(...)` in their AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True, slots=True)
class NavEntry:
    label: str
    url_name: str
    permission: str
    order: int = 50


NAV: list[NavEntry] = []


def register(label: str, url_name: str, permission: str, order: int = 50) -> None:
    if all(entry.url_name != url_name for entry in NAV):
        NAV.append(NavEntry(label, url_name, permission, order))
        NAV.sort(key=lambda entry: entry.order)


def entries_for(request: Any, school: Any) -> list[dict[str, Any]]:
    items = []
    path = request.path
    for entry in NAV:
        if not request.user.has_perm(entry.permission, school):
            continue
        try:
            url = reverse(entry.url_name, kwargs={"school": school.slug})
        except NoReverseMatch:
            continue
        home = url.rstrip("/").count("/") <= 2
        current = path == url if home else path.startswith(url)
        items.append({"label": entry.label, "url": url, "current": current})
    return items
