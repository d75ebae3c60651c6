"""The demo school generator: determinism, coverage of every rule, look-alikes, and that
every truth ref points at something that really is in the generated evidence."""

from __future__ import annotations

import csv
import hashlib
import json
import mailbox
from pathlib import Path

import pytest
from PIL import Image

from saferpractice.checks.rules import RULES
from saferpractice.demo import generate, templates

SMALL = {"pupils": 60, "messages": 800, "images": 40}
# The default policy's next revision is 2027-11-24, so no review-overdue finding is planted.
# contact.grooming-pattern is read by a trained model, so it is measured on labelled messages
# (bench/semantic.py, bench/semantic_independent.py) rather than planted: the demo's truth
# must not change when the model is retrained. evidence.not-fully-checked needs a message
# past a reader's bound (5,001 MIME parts, 5,000,000 characters): too big for the demo, so
# tests/hostile/test_not_fully_checked.py generates them instead.
PLANTED_RULES = set(RULES) - {
    "policy.review-overdue",
    "contact.grooming-pattern",
    "evidence.not-fully-checked",
}


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "seed1"
    generate(1, out, **SMALL)
    return out


def truth(out: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]


def plants(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "plants.jsonl").read_text().splitlines()]


def test_same_seed_gives_identical_bytes(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(1, again, **SMALL)
    assert tree_digest(demo) == tree_digest(again)


def test_different_seeds_differ(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate(2, other, **SMALL)
    assert tree_digest(demo) != tree_digest(other)


def test_folder_layout(demo: Path) -> None:
    school = demo / "school"
    for name in (
        "school.yaml",
        "people.csv",
        "accounts.csv",
        "devices.csv",
        "approvals.csv",
        "consents.csv",
        "acknowledgements.csv",
    ):
        assert (school / name).is_file(), name
    evidence = demo / "evidence"
    assert list((evidence / "mail").glob("*.mbox"))
    assert list((evidence / "sms").glob("*.csv"))
    assert list((evidence / "chat").glob("*.jsonl"))
    assert (evidence / "social" / "connections.csv").is_file()
    assert list((evidence / "social").glob("S*/facebook/connections/friends/your_friends.json"))
    assert (evidence / "web" / "filter.csv").is_file()
    uses = {p.parent.name for p in (evidence / "photos").rglob("*.jpg")}
    assert uses == {"school-displays", "website", "social-media", "press", "video"}


@pytest.mark.parametrize(("seed", "secondary"), [(1, False), (7, False), (11, True)])
def test_every_rule_is_planted_several_times(seed: int, secondary: bool, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    generate(seed, out, secondary=secondary, **SMALL)
    lines = truth(out)
    assert lines == sorted(lines, key=lambda line: (line["rule"], line["ref"]))
    counts = {rule: sum(1 for line in lines if line["rule"] == rule) for rule in PLANTED_RULES}
    assert all(count >= 2 for count in counts.values()), counts
    assert not any(line["rule"] == "policy.review-overdue" for line in lines)


def test_look_alikes_are_present(demo: Path) -> None:
    notes = " | ".join(str(p["note"]) for p in plants(demo) if p["kind"] == "look-alike")
    for expected in (
        "school office number",
        "parent sends their own number",
        "personal account to a colleague",
        "don't tell anyone the surprise",
        "lexicon word",
        "valid images approval",
        "left ten years ago",
        "only for school displays",
        "mobile-phone approval",
        "in school hours",
        "the school website",
    ):
        assert expected in notes, expected
    amber = [line for line in truth(demo) if line["rule"] == "social.former-pupil-connection"]
    assert any(
        p["note"].startswith("a former pupil who left ten years ago")  # type: ignore[union-attr]
        and p["ref"] in {a["ref"] for a in amber}
        for p in plants(demo)
    )


def test_truth_refs_exist_in_the_evidence(demo: Path) -> None:
    evidence = demo / "evidence"
    message_ids = set()
    for path in (evidence / "mail").glob("*.mbox"):
        for message in mailbox.mbox(str(path)):
            message_ids.add(str(message["Message-ID"]).strip().strip("<>"))
    short_ids = set()
    for path in (evidence / "sms").glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            short_ids |= {row["id"] for row in csv.DictReader(handle)}
    for path in (evidence / "chat").glob("*.jsonl"):
        short_ids |= {json.loads(line)["id"] for line in path.read_text().splitlines()}
    with (demo / "school" / "devices.csv").open(encoding="utf-8") as handle:
        devices = {row["id"] for row in csv.DictReader(handle)}
    with (demo / "school" / "people.csv").open(encoding="utf-8") as handle:
        staff = {row["id"] for row in csv.DictReader(handle) if row["role"] == "staff"}
    web = set()
    with (evidence / "web" / "filter.csv").open(encoding="utf-8") as handle:
        web = {f"{row['time']} {row['url']}" for row in csv.DictReader(handle)}
    for line in truth(demo):
        rule, ref = line["rule"], line["ref"]
        area = rule.split(".")[0]
        if area in ("email", "phone", "contact"):
            assert ref in message_ids or ref in short_ids, line
        elif area == "images":
            assert (evidence / ref).is_file(), line
        elif area == "devices":
            assert ref in devices, line
        elif rule == "policy.not-acknowledged":
            assert ref in staff, line
        elif area == "internet":
            assert ref in web, line
        elif area == "social":
            assert ":" in ref, line


def test_planted_photo_metadata_is_readable(demo: Path) -> None:
    gps = [line["ref"] for line in truth(demo) if line["rule"] == "images.location"]
    assert gps
    for ref in gps:
        with Image.open(demo / "evidence" / ref) as image:
            exif = image.getexif()
            assert exif.get(0x010F)  # Make
            assert exif.get_ifd(0x8825)  # GPS
            assert exif.get_ifd(0x8769).get(0x9011)  # OffsetTimeOriginal


RISKY = (
    "don't tell",
    "dont tell",
    "secret",
    "delete this",
    "lift",
    "pick you up",
    "meet me",
    "meet up",
    "present for",
    "gift",
    "treat you",
    "love you",
    "miss you",
    "special",
    "mature",
    "gorgeous",
    "beautiful",
    "darling",
    "babe",
    "sweetheart",
    "hun ",
    "xoxo",
    "sexy",
    "text me",
    "call me",
    "message me",
    "my number",
    "my mobile",
    "snap",
    "insta",
    "whatsapp me",
    "between us",
    "alone",
    "your house",
    "where do you live",
    "@",
)


@pytest.mark.parametrize(
    "pool",
    [
        templates.STAFF_TO_PARENT,
        templates.STAFF_TO_PUPIL,
        templates.TEAMS_STAFF_TO_PUPIL,
        templates.OFFICE_TEXTS,
        templates.SCHOOL_MOBILE_TEXTS,
        templates.NEWSLETTER_ITEMS,
        tuple(templates.PARENT_REPLIES.values()),
    ],
)
def test_ordinary_wording_to_pupils_and_parents_is_benign(pool: tuple[object, ...]) -> None:
    for item in pool:
        text = " ".join(item) if isinstance(item, tuple) else str(item)
        lowered = text.casefold()
        assert not [word for word in RISKY if word in lowered], text
