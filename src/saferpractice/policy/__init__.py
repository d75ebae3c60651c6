"""The guidance as typed, validated, versioned data: loading, checking, rendering and diffing.

Public API:
- `load_default_policy()`: the built-in policy (the seed guidance, encoded), cached.
- `load_policy(path)`: a school's policy file; raises `UserError` carrying every diagnostic.
- `Policy.item(id)`, `Policy.practice(id)`, `Policy.all_ids()`, `Policy.current_version`,
  `Policy.next_revision_date`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from saferpractice.diagnostics import UserError
from saferpractice.policy.model import (
    Approver,
    Policy,
    PolicyItem,
    Practice,
    PracticeLevel,
    ResolvedPractice,
    VersionRow,
)
from saferpractice.policy.password import PasswordRule, check_password
from saferpractice.policy.validate import check_policy_file, check_policy_text, load_policy

DEFAULT_POLICY_NAME = "saferpractice/policy/default/policy.yaml"

__all__ = [
    "DEFAULT_POLICY_NAME",
    "Approver",
    "PasswordRule",
    "Policy",
    "PolicyItem",
    "Practice",
    "PracticeLevel",
    "ResolvedPractice",
    "VersionRow",
    "check_password",
    "check_policy_file",
    "check_policy_text",
    "default_policy_text",
    "load_default_policy",
    "load_policy",
]


def default_policy_text() -> str:
    """The YAML text of the built-in default policy (a starting point for a school's own)."""
    return files("saferpractice.policy").joinpath("default/policy.yaml").read_text("utf-8")


@cache
def load_default_policy() -> Policy:
    """The built-in default policy, validated by the same checks as a school's file."""
    result = check_policy_text(default_policy_text(), DEFAULT_POLICY_NAME)
    if result.policy is None or result.errors:
        raise UserError("the built-in default policy is not valid", result.errors)
    return result.policy
