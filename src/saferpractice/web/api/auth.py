"""Who is calling the API: a signed-in browser session, or `Authorization: Bearer <token>`.

A token acts for its sign-in at its own school only, until it expires or is revoked, and
only while that sign-in still has a membership there; the permissions are the sign-in's
own (saferpractice.web.permissions), so a token never reaches further than its owner.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from saferpractice.web.api.models import ApiToken, token_digest


def bearer(request: HttpRequest) -> str | None:
    header = str(request.META.get("HTTP_AUTHORIZATION", ""))
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()[:200]


def token_user(token: str, school_slug: str) -> Any | None:
    """The sign-in a valid token acts for at this school, else None."""
    found = (
        ApiToken.objects.select_related("user", "school")
        .filter(digest=token_digest(token), revoked=False, expires_at__gt=timezone.now())
        .first()
    )
    if found is None or found.school.slug != school_slug or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    user = found.user
    # The token stands in for the second factor: it was issued on the server by an
    # administrator, and it is bound to one school.
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user
