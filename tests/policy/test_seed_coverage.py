"""Every section and heading of the seed guidance is represented in the built-in policy.

The test reads the seed file itself: each list item, glossary term, term to be aware of,
resource, council aim, version row and traffic-light cell it finds must map to a policy id that
exists (and is of the right kind). Removing an item from the YAML makes it fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from saferpractice.policy import PracticeLevel, load_default_policy
from saferpractice.policy.model import (
    CouncilAim,
    GlossaryEntry,
    Policy,
    Resource,
    SummaryItem,
    Term,
)


@pytest.fixture(scope="module")
def seed(seed_guidance: Path) -> list[str]:
    return seed_guidance.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_default_policy()


def section(lines: list[str], start: str, end: str) -> list[str]:
    """The lines after the first line equal to `start` up to the next line equal to `end`."""
    stripped = [line.strip() for line in lines]
    first = stripped.index(start)
    last = stripped.index(end, first + 1)
    return [line for line in stripped[first + 1 : last] if line]


# Seed area heading -> area id.
AREA_HEADINGS = {
    "Facebook/Twitter (Social Networking)": "social",
    "Email": "email",
    "Images": "images",
    "Mobile phones": "phones",
    "Web-cams": "webcams",
    "Using the Internet": "internet",
    "General guidelines": "general",
}


def test_every_area_heading_is_an_area_with_practices(seed: list[str], policy: Policy) -> None:
    headings = [line.strip() for line in seed if line.strip() in AREA_HEADINGS]
    assert sorted(set(headings)) == sorted(AREA_HEADINGS)
    for heading in headings:
        area = getattr(policy.areas, AREA_HEADINGS[heading])
        assert any(True for _ in area.practices()), heading
    assert {area_id for area_id, _ in policy.areas.items()} == set(AREA_HEADINGS.values())


# Seed summary items (in order) -> (a phrase of the seed item, the summary id).
DO_ITEMS = [
    ("privacy settings", "summary.do.privacy-settings"),
    ("password/PIN protected", "summary.do.password-protect"),
    ("separate personal and professional", "summary.do.separate-identities"),
    ("publicly available is accurate", "summary.do.accurate-public-information"),
    ("'chat'", "summary.do.chat-is-written"),
    ("school's policy regarding", "summary.do.know-the-policy"),
    ("Err on the side of caution", "summary.do.err-on-caution"),
    ("Bluetooth", "summary.do.bluetooth-off"),
    ("constantly upgrading", "summary.do.know-new-equipment"),
]
DO_NOT_ITEMS = [
    ("personal information", "summary.do-not.personal-information"),
    ("personal mobile phone", "summary.do-not.personal-phone"),
    ("personal messages", "summary.do-not.personal-messages"),
    ("Share your personal details", "summary.do-not.share-details"),
    ("contacts/friends list", "summary.do-not.add-pupils"),
    ("without obtaining", "summary.do-not.images-without-consent"),
    ("own digital camera", "summary.do-not.own-camera"),
    ("'remember me'", "summary.do-not.remember-me"),
    ("online games", "summary.do-not.online-games"),
]


def list_items(lines: list[str]) -> list[str]:
    return [line[2:] for line in lines if line.startswith("- ")]


@pytest.mark.parametrize(
    ("start", "end", "expected", "attribute"),
    [
        ("☑ DO", "St Thomas' CE Primary School, Heaton Chapel", DO_ITEMS, "do"),
        ("DO NOT", "Looking to the future", DO_NOT_ITEMS, "do_not"),
    ],
)
def test_every_summary_item_is_represented(
    seed: list[str],
    policy: Policy,
    start: str,
    end: str,
    expected: list[tuple[str, str]],
    attribute: str,
) -> None:
    items = list_items(section(seed, start, end))
    assert len(items) == len(expected)
    ours = getattr(policy.summary, attribute)
    assert [item.id for item in ours] == [item_id for _, item_id in expected]
    for seed_item, (phrase, item_id) in zip(items, expected, strict=True):
        assert phrase in seed_item, (phrase, seed_item)
        item = policy.item(item_id)
        assert isinstance(item, SummaryItem)
        # Each summary item points at the practices that carry it into the areas.
        assert item.practices, item_id
        for practice_id in item.practices:
            policy.practice(practice_id)


GLOSSARY = {
    "CEOP": "glossary.ceop",
    "AUP": "glossary.aup",
    "RUP": "glossary.rup",
    "Strong Password": "glossary.strong-password",
    "Grooming": "glossary.grooming",
}


def test_every_glossary_term_is_represented(seed: list[str], policy: Policy) -> None:
    lines = section(
        seed, "Glossary of terms", "- 1. Set your privacy settings for any social networking site."
    )
    starts = [term for term in GLOSSARY if any(line.startswith(term + " ") for line in lines)]
    assert starts == list(GLOSSARY)
    for term, item_id in GLOSSARY.items():
        entry = policy.item(item_id)
        assert isinstance(entry, GlossaryEntry)
        assert entry.term.lower().startswith(term.lower())
    strong = policy.item("glossary.strong-password")
    assert isinstance(strong, GlossaryEntry) and strong.password_rule is not None
    assert strong.password_rule.min_length == 8


TERMS = {
    "Cyberbullying": "terms.cyberbullying",
    "Facebook rape/Frape/Hacking": "terms.frape",
    "Randoms": "terms.randoms",
    "Sexting": "terms.sexting",
    "Tagging": "terms.tagging",
}


def test_every_term_to_be_aware_of_is_represented(seed: list[str], policy: Policy) -> None:
    lines = section(seed, "Terms to be aware of as they may need some action", "Resources")
    names = [line.split(":", 1)[0] for line in lines if ":" in line]
    assert names == list(TERMS)
    for name, item_id in TERMS.items():
        term = policy.item(item_id)
        assert isinstance(term, Term)
        spelled = {term.term.lower(), *(alias.lower() for alias in term.also_known_as)}
        assert spelled & {part.lower() for part in name.split("/")}, (name, spelled)


def test_every_resource_and_seed_address_is_represented(seed: list[str], policy: Policy) -> None:
    urls = {match for line in seed for match in re.findall(r"(?:https?://|www\.)\S+", line)}
    ours = {item.url for item in policy.iter_items() if isinstance(item, Resource)}
    ours |= {entry.link.removeprefix("https://") for entry in policy.glossary if entry.link}
    missing = {url for url in urls if url not in ours and url.removeprefix("http://") not in ours}
    assert not missing
    # Resources is the seed's last section.
    resources = seed[[line.strip() for line in seed].index("Resources") + 1 :]
    titled = [line.strip() for line in resources if line.strip() and "http" not in line]
    assert len(titled) == 3  # the fourth title shares its line with its address
    for title in titled:
        assert any(title.lower() in r.title.lower() for r in policy.resources), title


COUNCIL = [
    ("how to keep safe on-line", "council.staying-safe"),
    ("what cyber-safety means", "council.what-it-means"),
    ("respectful and good behaviour", "council.respectful-behaviour"),
    ("how to report cyberbullying", "council.confident-reporting"),
    ("other things", "council.other-activities"),
]


def test_every_council_aim_is_represented(seed: list[str], policy: Policy) -> None:
    stripped = [line.strip() for line in seed]
    start = next(
        i for i, line in enumerate(stripped) if line.startswith("St Thomas' Cyber Safety Heroes is")
    )
    end = stripped.index("St Thomas' Cyber Safety Heroes Spring (Term 2017)")
    lines = [line.lstrip("-· ").strip() for line in stripped[start + 1 : end] if line]
    assert len(lines) == len(COUNCIL)
    for line, (phrase, item_id) in zip(lines, COUNCIL, strict=True):
        assert phrase in line
        assert isinstance(policy.item(item_id), CouncilAim)
    assert [aim.id for aim in policy.council.aims] == [item_id for _, item_id in COUNCIL]


def test_every_version_row_is_in_the_version_table(seed: list[str], policy: Policy) -> None:
    rows = []
    for line in seed:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if re.fullmatch(r"\d+\.\d+", cells[0]) and len(cells) == 5:
            rows.append(cells)
    assert len(rows) == 2
    table = {row.version: row for row in policy.metadata.versions}
    for version, date, authors, reason, revision in rows:
        row = table[version]
        assert row.date.strftime("%d/%m/%Y") == date
        assert row.next_revision.strftime("%d/%m/%Y") == revision
        assert row.authors.replace(" ", "") == authors.replace(" ", "")
        assert row.reason.lower() == reason.lower()
    assert policy.current_version.version == "2.0"
    assert policy.metadata.review_cycle == "annual"
    assert "SSCB e-safety sub-group" in policy.metadata.circulated_to


# Visible traffic-light and table cells of the seed -> the id that encodes each. `True` marks
# cells the seed cuts off, which must be `completed` items.
CELLS: list[tuple[str, str, bool]] = [
    (
        "Don't use your personal Facebook/ Twitter profile to communicate",
        "social.red.personal-profile-contact",
        False,
    ),
    (
        "Consider creating a professional profile in agreement",
        "social.green.professional-profile",
        False,
    ),
    ("Pupils may have several profiles themselves", "social.know.pupil-profiles", False),
    ("security settings are not open access", "social.green.privacy-settings", False),
    ("Don't accept people you don't know as friends", "social.green.unknown-requests", True),
    ("May make you", "social.consequence.harassment", True),
    ("You have an open access profile", "social.amber.public-profile", False),
    ("You accept pupils as friends on your personal profile.", "social.red.pupil-friends", False),
    ("You accept pupils as friends once they have", "social.amber.former-pupil-friends", True),
    (
        "should not be accepted as friends and include the sanctions",
        "social.in-place.no-pupil-friends",
        False,
    ),
    ("guidelines for creating/monitoring a", "social.in-place.professional-profiles", True),
    ("Your school should provide an email account", "email.green.school-account", False),
    ("Check your school's policy", "email.know.check-policy", False),
    ("You use your personal email account to communicate", "email.red.personal-account", False),
    ("explicit about use of personal email accounts", "email.in-place.personal-accounts", False),
    (
        "Don't use your own equipment to take images of pupils.",
        "images.red.personal-equipment",
        True,
    ),
    ("You download images from school's equipment", "images.red.download-to-personal", False),
    ("Taking images of pupils should be included", "images.in-place.image-consent", True),
    (
        "Senior leaders agree you can use your own equipment.",
        "images.amber.own-equipment-agreed",
        False,
    ),
    (
        "Senior leaders agree you can use your own equipment.",
        "phones.amber.own-phone-agreed",
        False,
    ),
    ("Know who/where to", "phones.know.where-to-get-one", True),
    ("Pupils having your", "phones.consequence.number-shared", True),
    (
        "Misuse of personal information may be a breach of the RUP",
        "phones.consequence.data-misuse",
        True,
    ),
    ("without your head teacher's knowledge or", "phones.red.personal-phone", True),
    ("for a oneoff situation e.g. trip", "phones.in-place.one-off", True),
    ("own equipment for a specific project", "webcams.amber.own-equipment-project", False),
    ("You make", "webcams.red.unagreed-recording", True),
    ("breach of the AUP/RUP and the", "webcams.consequence.data-misuse", True),
    ("without your senior leader's knowledge or", "webcams.red.personal-equipment", True),
    ("including webcams, should be made clear", "webcams.in-place.personal-equipment", False),
    ("If the need to use a", "webcams.in-place.one-off", True),
    (
        "Be aware of the school's policy for the use of the internet",
        "internet.green.know-policy",
        False,
    ),
    ("how to report inappropriate content", "internet.green.search-and-report", False),
    ("Be aware that the school's monitoring", "internet.know.monitoring", True),
    ("Accessing, using or downloading", "internet.red.inappropriate-content", True),
    ("RUP/AUP make the", "internet.in-place.expectations", True),
    ("personal relationship with a child", "general.red.personal-relationship", False),
    (
        "All digital records should be considered to be permanent",
        "general.know.permanent-records",
        False,
    ),
    (
        "discuss how this policy affects you with your senior leader",
        "general.green.same-community",
        False,
    ),
    ("They will all need addressing at some point", "future.new-devices", False),
]


@pytest.mark.parametrize(("phrase", "item_id", "cut_off"), CELLS, ids=[c[1] for c in CELLS])
def test_every_table_cell_is_encoded(
    seed: list[str], policy: Policy, phrase: str, item_id: str, cut_off: bool
) -> None:
    assert any(phrase in line for line in seed), f"the seed no longer says {phrase!r}"
    item = policy.item(item_id)
    if cut_off:
        assert item.completed and item.completion_note, item_id


def test_completed_items_are_all_explained(policy: Policy) -> None:
    completed = [item for item in policy.iter_items() if item.completed]
    assert len(completed) >= 20
    assert all(item.completion_note for item in completed)


def test_every_red_and_amber_practice_cites_consequences_and_in_place(policy: Policy) -> None:
    for resolved in policy.practices():
        if resolved.level in (PracticeLevel.RED, PracticeLevel.AMBER):
            assert resolved.consequences and resolved.in_place, resolved.practice.id
        if resolved.level is PracticeLevel.AMBER:
            assert resolved.practice.approval is not None
