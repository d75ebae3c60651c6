"""The guidance's own strong-password rule (its glossary), as a Django password validator."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from saferpractice.policy import PasswordRule, check_password


class PolicyPasswordValidator:
    """Reject a password the policy's glossary would not call strong, saying why."""

    def __init__(self, rule: PasswordRule | None = None) -> None:
        if rule is None:
            from saferpractice.web.policies.services import default_policy

            rule = default_policy().strong_password_rule
        self.rule = rule

    def validate(self, password: str, user: Any = None) -> None:
        reasons = check_password(password, self.rule)
        if reasons:
            raise ValidationError(
                "This password is not strong enough under the policy: %(reasons)s.",
                code="policy_password_weak",
                params={"reasons": "; ".join(reasons)},
            )

    def get_help_text(self) -> str:
        rule = self.rule
        kinds = [
            name
            for wanted, name in (
                (rule.require_upper, "an upper-case letter"),
                (rule.require_lower, "a lower-case letter"),
                (rule.require_digit, "a number"),
                (rule.require_other, "another character such as punctuation"),
            )
            if wanted
        ]
        return (
            f"Use at least {rule.min_length} characters, mixing {', '.join(kinds)} "
            "(the policy's definition of a strong password)."
        )
