"""The policy model's public API and the strong-password rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.policy import (
    PasswordRule,
    PracticeLevel,
    check_password,
    load_default_policy,
)
from saferpractice.policy.model import Consequence, Practice, Requirement

# The ids the checks cite (docs/architecture.md) and their levels.
CITED = {
    "email.red.personal-account": PracticeLevel.RED,
    "phones.red.personal-phone": PracticeLevel.RED,
    "general.red.personal-details": PracticeLevel.RED,
    "general.red.personal-messages": PracticeLevel.RED,
    "general.amber.out-of-hours-contact": PracticeLevel.AMBER,
    "social.red.pupil-friends": PracticeLevel.RED,
    "social.amber.former-pupil-friends": PracticeLevel.AMBER,
    "social.amber.public-profile": PracticeLevel.AMBER,
    "images.red.personal-equipment": PracticeLevel.RED,
    "images.red.no-consent": PracticeLevel.RED,
    "images.amber.location-data": PracticeLevel.AMBER,
    "general.red.unprotected-device": PracticeLevel.RED,
    "general.amber.bluetooth-on": PracticeLevel.AMBER,
    "internet.red.inappropriate-content": PracticeLevel.RED,
    "general.green.know-the-policy": PracticeLevel.GREEN,
}


@pytest.mark.parametrize("item_id", sorted(CITED))
def test_every_cited_id_resolves_with_consequences_and_in_place(item_id: str) -> None:
    resolved = load_default_policy().practice(item_id)
    assert resolved.level is CITED[item_id]
    assert resolved.area == item_id.split(".")[0]
    if resolved.level is not PracticeLevel.GREEN:
        assert all(isinstance(c, Consequence) for c in resolved.consequences)
        assert all(isinstance(r, Requirement) for r in resolved.in_place)
        assert resolved.consequences and resolved.in_place


def test_item_lookup_covers_every_id_and_ids_are_unique() -> None:
    policy = load_default_policy()
    ids = policy.all_ids()
    assert len(ids) == len(set(ids))
    for item_id in ids:
        assert policy.item(item_id).id == item_id
    with pytest.raises(KeyError):
        policy.item("email.red.no-such-thing")
    with pytest.raises(KeyError):
        policy.practice("glossary.strong-password")


def test_areas_names_and_versions() -> None:
    policy = load_default_policy()
    assert [area.name for _, area in policy.areas.items()] == [
        "Social networking",
        "Email",
        "Images of pupils",
        "Mobile phones",
        "Webcams and live streaming",
        "Using the internet",
        "General conduct",
    ]
    assert policy.current_version.version == "2.0"
    assert policy.next_revision_date == dt.date(2027, 11, 24)
    assert load_default_policy() is policy  # cached
    amber = [p for p in policy.iter_items() if isinstance(p, Practice) and p.approval]
    assert {p.approval.approver.value for p in amber if p.approval} == {
        "head-teacher",
        "senior-leader",
    }


RULE = PasswordRule()


@pytest.mark.parametrize(
    ("password", "reasons"),
    [
        ("Tr0ub4dor&3", []),
        ("short1!A", []),
        ("Sh0rt!", ["shorter than 8 characters"]),
        ("alllowercase1!", ["no upper-case letter"]),
        ("ALLUPPERCASE1!", ["no lower-case letter"]),
        ("NoDigitsHere!", ["no number"]),
        ("NoSymbols123", ["no other character (such as punctuation or a symbol)"]),
        (
            "",
            [
                "shorter than 8 characters",
                "no upper-case letter",
                "no lower-case letter",
                "no number",
                "no other character (such as punctuation or a symbol)",
            ],
        ),
    ],
)
def test_check_password(password: str, reasons: list[str]) -> None:
    assert check_password(password, RULE) == reasons


def test_the_glossary_rule_is_the_checked_rule() -> None:
    rule = load_default_policy().strong_password_rule
    assert rule == RULE
    assert check_password("password", rule) == [
        "no upper-case letter",
        "no number",
        "no other character (such as punctuation or a symbol)",
    ]


@given(st.text(max_size=30))
def test_strong_exactly_when_every_requirement_holds(password: str) -> None:
    strong = (
        len(password) >= 8
        and any(c.isupper() for c in password)
        and any(c.islower() for c in password)
        and any(c.isdigit() for c in password)
        and any(not c.isalnum() for c in password)
    )
    assert (check_password(password, RULE) == []) == strong


@given(st.text(max_size=30), st.text(min_size=1, max_size=5))
def test_adding_characters_never_adds_reasons(password: str, extra: str) -> None:
    assert set(check_password(password + extra, RULE)) <= set(check_password(password, RULE))
