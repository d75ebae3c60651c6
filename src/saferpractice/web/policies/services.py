"""The policy versions a school holds, parsed by the core's own validator."""

from __future__ import annotations

from functools import lru_cache

from django.utils import timezone

from saferpractice.diagnostics import UserError
from saferpractice.policy import Policy, check_policy_text, default_policy_text
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.models import PolicyVersion, VersionStatus


@lru_cache(maxsize=32)
def parse_policy(text: str) -> Policy:
    """The policy for a stored text (cached: versions never change once circulated)."""
    result = check_policy_text(text, "policy.yaml")
    if result.policy is None or result.errors:
        raise UserError("the stored policy is not valid", result.errors)
    return result.policy


def current_version(school: School) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(school=school, status=VersionStatus.PUBLISHED)
        .order_by("-published_at")
        .first()
    )


def ensure_published_policy(school: School, text: str | None = None) -> PolicyVersion:
    """The school's published version, starting from the built-in policy if it has none."""
    found = current_version(school)
    if found is not None:
        return found
    text = text or default_policy_text()
    policy = parse_policy(text)
    return PolicyVersion.objects.create(
        school=school,
        version=policy.current_version.version,
        status=VersionStatus.PUBLISHED,
        text=text,
        reason=policy.current_version.reason,
        published_at=timezone.now(),
    )
