"""The glossary's strong-password definition as a rule that a function can check."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PasswordRule(BaseModel):
    """What makes a password strong: a minimum length and the kinds of character it must mix."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_length: int = Field(default=8, ge=1)
    require_upper: bool = True
    require_lower: bool = True
    require_digit: bool = True
    require_other: bool = True


def check_password(password: str, rule: PasswordRule) -> list[str]:
    """Return the reasons `password` is not strong under `rule` (an empty list means strong)."""
    reasons: list[str] = []
    if len(password) < rule.min_length:
        reasons.append(f"shorter than {rule.min_length} characters")
    if rule.require_upper and not any(ch.isupper() for ch in password):
        reasons.append("no upper-case letter")
    if rule.require_lower and not any(ch.islower() for ch in password):
        reasons.append("no lower-case letter")
    if rule.require_digit and not any(ch.isdigit() for ch in password):
        reasons.append("no number")
    if rule.require_other and all(ch.isalnum() for ch in password):
        reasons.append("no other character (such as punctuation or a symbol)")
    return reasons
