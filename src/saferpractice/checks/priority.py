"""How urgent each kind of finding is, and why: data the report, the CLI and the web office share.

The guidance's own levels (red, amber) say how serious a breach of practice is. Priority says
how soon a person should look. Each rule has a default here; a check that knows more (who
received a message, which lexicon category matched, which web category was visited) raises or
lowers it through `for_audience`, `for_categories` and `for_web_category`, always with the
reason stated, so a safeguarding lead can see why a finding is at the top of the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from saferpractice.findings import Priority

PriorityReason = tuple[Priority, str]

# The safeguarding concerns (from the lexicon groups and the semantic categories, which are
# data) that may mean a child is at risk now.
GROOMING = "possible grooming"
URGENT_ANYWHERE = frozenset({"sexual content", "self-harm"})

# UK Safer Internet Centre categories where a visit may mean a child is at risk, or a crime.
URGENT_WEB_CATEGORIES = frozenset({"illegal", "child-sexual-exploitation", "self-harm", "suicide"})
ROUTINE_WEB_CATEGORIES = frozenset({"gambling"})

RULE_PRIORITY: dict[str, PriorityReason] = {
    "email.personal-account": (
        Priority.ROUTINE,
        "a procedural breach: school contact from a personal email account",
    ),
    "phone.personal-device": (
        Priority.ROUTINE,
        "a procedural breach: school contact from a personal phone",
    ),
    "contact.personal-details": (
        Priority.HIGH,
        "a pupil or parent can now reach this member of staff privately",
    ),
    "contact.personal-message": (
        Priority.HIGH,
        "the words sent are not professional",
    ),
    "contact.grooming-pattern": (
        Priority.URGENT,
        "the message reads like a known grooming pattern",
    ),
    "contact.out-of-hours": (
        Priority.ROUTINE,
        "direct contact out of hours, with no harmful content found",
    ),
    "evidence.not-fully-checked": (
        Priority.HIGH,
        "part of a message was not checked; what it hides is unknown until a person reads it",
    ),
    "social.pupil-connection": (
        Priority.HIGH,
        "a private channel between a member of staff and a current pupil or their family",
    ),
    "social.former-pupil-connection": (
        Priority.ROUTINE,
        "the pupil has left the school",
    ),
    "social.open-profile": (Priority.ROUTINE, "a privacy setting to change"),
    "images.personal-device": (
        Priority.HIGH,
        "images of pupils are held on personal equipment",
    ),
    "images.no-consent": (
        Priority.HIGH,
        "a pupil's image may be used against their parents' wishes",
    ),
    "images.location": (Priority.ROUTINE, "location data to remove before publication"),
    "devices.no-passcode": (Priority.ROUTINE, "a device setting to fix"),
    "devices.bluetooth-on": (Priority.ROUTINE, "a device setting to fix"),
    "internet.inappropriate": (
        Priority.HIGH,
        "staff web use in a monitoring category",
    ),
    "policy.not-acknowledged": (Priority.ROUTINE, "an administrative follow-up"),
    "policy.review-overdue": (Priority.ROUTINE, "an administrative follow-up"),
}

DEFAULT: PriorityReason = (Priority.HIGH, "no priority is set for this rule, so it is high")


def for_rule(rule_id: str) -> PriorityReason:
    return RULE_PRIORITY.get(rule_id, DEFAULT)


def for_audience(rule_id: str, *, to_pupil: bool) -> PriorityReason:
    """Personal channels: direct contact with a pupil is high; with a parent, routine."""
    if to_pupil:
        return (Priority.HIGH, "a current pupil was contacted directly on a personal channel")
    return for_rule(rule_id)


def for_categories(
    categories: Iterable[str],
    *,
    to_pupil: bool,
    concern_of: Callable[[str], str],
    title_of: Callable[[str], str] = str,
) -> PriorityReason:
    """Risk language: possible grooming to a pupil is urgent; sexual content and self-harm are
    urgent whoever received them. `concern_of` maps a category to its concern and `title_of` to
    the words a reader sees (both data)."""
    concerns = {category: concern_of(category) for category in categories}
    words = joined(sorted({in_sentence(title_of(c)) for c in concerns}))
    if to_pupil and any(c in {GROOMING, *URGENT_ANYWHERE} for c in concerns.values()):
        return (Priority.URGENT, f"{words} in a message to a pupil: possible grooming or harm")
    if "self-harm" in concerns.values():
        return (Priority.URGENT, f"{words} in a message: someone may be at risk of harm")
    if "sexual content" in concerns.values():
        return (Priority.URGENT, f"{words} in a message from a member of staff to a parent")
    return for_rule("contact.personal-message")


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "Sexual content" becomes "sexual content"."""
    return title[:1].lower() + title[1:]


def joined(words: list[str]) -> str:
    """Words as a list reads in a sentence: "a", "a and b", "a, b and c"."""
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def for_web_category(category_id: str) -> PriorityReason:
    if category_id in URGENT_WEB_CATEGORIES:
        return (Priority.URGENT, f"the {category_id} category may mean a child is at risk")
    if category_id in ROUTINE_WEB_CATEGORIES:
        return (Priority.ROUTINE, f"the {category_id} category is a conduct matter")
    return for_rule("internet.inappropriate")
