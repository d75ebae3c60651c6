"""`{{ user|who:"Nobody" }}`: a sign-in's full name, else its username, else the fallback."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def who(user: Any, fallback: str = "—") -> str:
    if user is None:
        return fallback
    return str(user.get_full_name() or user.get_username())
