"""`{% resource_link resource %}`: a council resource as a link, when its address is safe.

The policy is data a school can edit, so a resource's `url` is not trusted: only an absolute
http or https address without credentials, spaces or control characters becomes a link
(`rel="noopener noreferrer"`, so the page it opens cannot reach back, and the school's page
is not sent as the referrer). Anything else is shown as plain text. Django escapes both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html

from saferpractice.scan.html_report import visible_controls

register = template.Library()


def safe_href(url: str) -> str | None:
    """`url` if it may be a link on a public page, else None."""
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    if visible_controls(url) != url or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return url


@register.simple_tag
def resource_link(resource: Any) -> str:
    title = visible_controls(str(getattr(resource, "title", "") or ""))
    url = str(getattr(resource, "url", "") or "")
    href = safe_href(url)
    if href is None:
        if not url:
            return format_html("{}", title)
        return format_html('{} <span class="muted">({})</span>', title, visible_controls(url))
    host = urlsplit(href).hostname or ""
    return format_html(
        '<a href="{}" rel="noopener noreferrer">{}</a> <span class="muted">({})</span>',
        href,
        title,
        host,
    )
