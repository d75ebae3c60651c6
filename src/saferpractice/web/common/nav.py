"""The school's navigation: each entry shows only to those with its permission.

Apps add their own entries with `register(...)` in their AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, reverse


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


@lru_cache(maxsize=4096)
def _url(url_name: str, slug: str, prefix: str) -> str | None:
    """The entry's address at a school. The URLconf does not change while the process runs,
    so each (entry, school, script prefix) is reversed once, not on every page."""
    try:
        return reverse(url_name, kwargs={"school": slug})
    except NoReverseMatch:
        return None


def entries_for(request: Any, school: Any) -> list[dict[str, Any]]:
    items = []
    path = request.path
    for entry in NAV:
        if not request.user.has_perm(entry.permission, school):
            continue
        url = _url(entry.url_name, school.slug, get_script_prefix())
        if url is None:
            continue
        home = url.rstrip("/").count("/") <= 2
        current = path == url if home else path.startswith(url)
        items.append({"label": entry.label, "url": url, "current": current})
    return items
