"""`{{ value|shown }}`: text that came from evidence or from outsiders, with its invisible
controls made visible.

A right-to-left override (U+202E) or a zero-width character in a message, a report or a
username would otherwise make the page show something other than what was written. The
core report uses the same helper (saferpractice.scan.html_report.visible_controls); Django
still escapes the result as usual.
"""

from __future__ import annotations

from typing import Any

from django import template

from saferpractice.scan.html_report import visible_controls

register = template.Library()


@register.filter
def shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        if getattr(value, "__html__", None) is not None:
            return value  # already built (escaped) by our own code, e.g. a highlighted excerpt
        if value.isprintable():
            return value  # no control or format character at all: the common case, in C
        return visible_controls(value)
    return visible_controls(str(value))


@register.filter
def shown_each(values: Any) -> list[Any]:
    """`shown` on each item of a list (before `join`, which would escape them as they are)."""
    if values is None:
        return []
    if isinstance(values, str):
        return [shown(values)]
    return [shown(value) for value in values]
