"""Facebook and Instagram exports, the profile file and the connections CSV."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.records import ConnectionRecord, ProfileRecord, Relation, Visibility
from saferpractice.evidence.report import ReadReport
from saferpractice.evidence.social import (
    fix_mojibake,
    normalise_handle,
    read_connections_csv,
    read_dyi,
)

FIXTURES = Path(__file__).parent / "fixtures"
SOCIAL = FIXTURES / "social"


def read(
    path: Path, root: Path = FIXTURES
) -> tuple[list[ConnectionRecord | ProfileRecord], ReadReport]:
    report = ReadReport()
    return list(read_dyi(path, report, root)), report


def test_facebook_friends_with_mojibake_fixed_and_owner_from_folder() -> None:
    path = SOCIAL / "S012/facebook-jsmith-20240301/connections/friends/your_friends.json"
    records, report = read(path)
    assert [r.other_name for r in records if isinstance(r, ConnectionRecord)] == [
        "Zoë Brontë",
        "Amy Ng",
        "Siân O'Connor",
    ]
    first = records[0]
    assert isinstance(first, ConnectionRecord)
    assert first.owner == "S012" and first.platform == "facebook"
    assert first.relation is Relation.FRIEND
    assert first.locator == "friends_v2 item 1"
    assert (
        first.source == "social/S012/facebook-jsmith-20240301/connections/friends/your_friends.json"
    )
    assert report.stats[first.source].read == 3


def test_older_facebook_layout_and_nameless_item_is_skipped() -> None:
    records, report = read(SOCIAL / "S013/facebook-old/friends/friends.json")
    assert [(r.owner, r.other_name) for r in records if isinstance(r, ConnectionRecord)] == [
        ("S013", "Ben Carter")
    ]
    stats = report.total
    assert (stats.read, stats.skipped) == (1, 1)
    assert "friends item 2" in report.diagnostics[0].message


def test_instagram_followers_following_and_profile() -> None:
    base = SOCIAL / "S014/instagram-mr.t-20240301"
    followers, _ = read(base / "connections/followers_and_following/followers_1.json")
    assert [(r.other_handle, r.relation) for r in followers if isinstance(r, ConnectionRecord)] == [
        ("skater.kid_09", Relation.FOLLOWER),
        ("aunt.jo", Relation.FOLLOWER),
    ]
    following, _ = read(base / "connections/followers_and_following/following.json")
    assert [(r.other_handle, r.relation) for r in following if isinstance(r, ConnectionRecord)] == [
        ("skater.kid_09", Relation.FOLLOWING)
    ]
    profile, _ = read(base / "personal_information/personal_information/personal_information.json")
    assert len(profile) == 1 and isinstance(profile[0], ProfileRecord)
    assert (profile[0].owner, profile[0].handle, profile[0].visibility) == (
        "S014",
        "mr.t",
        Visibility.PUBLIC,
    )


def test_profile_file() -> None:
    records, _ = read(SOCIAL / "S012/profile.json")
    assert records == [
        ProfileRecord(
            source="social/S012/profile.json",
            locator="profile",
            platform="facebook",
            owner="S012",
            handle="jsmith.teacher",
            visibility=Visibility.PUBLIC,
        )
    ]


def test_connections_csv() -> None:
    report = ReadReport()
    records = list(read_connections_csv(SOCIAL / "connections.csv", report, FIXTURES))
    assert [(r.platform, r.other_handle, r.relation, r.visibility) for r in records] == [
        ("facebook", "pupil.person", Relation.FRIEND, Visibility.PUBLIC),
        ("instagram", "kid_2", Relation.FOLLOWER, Visibility.PRIVATE),
        ("instagram", "someone", Relation.FOLLOWING, Visibility.UNKNOWN),
    ]
    assert records[2].warnings and records[2].locator == "row 5"
    stats = report.stats["social/connections.csv"]
    assert (stats.read, stats.warned, stats.skipped) == (3, 1, 1)
    assert report.diagnostics[0].row == 4


def test_json_that_is_not_an_export_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "S1" / "x.json"
    path.parent.mkdir()
    path.write_text('{"friends_v3": 1}')
    records, report = read(path, tmp_path)
    assert records == [] and report.total.skipped == 1


def test_deep_json_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "S1" / "deep.json"
    path.parent.mkdir()
    path.write_text('{"friends_v2": ' + "[" * 100_000 + "]" * 100_000 + "}")
    records, report = read(path, tmp_path)
    assert records == [] and report.total.skipped == 1
    assert "deeply" in report.diagnostics[0].message


@given(st.text(max_size=40))
def test_mojibake_round_trip(name: str) -> None:
    """Facebook's encoding (UTF-8 bytes as code points) is undone exactly."""
    if name.isascii() or all(ord(ch) <= 0xFF for ch in name):
        return  # such text is ambiguous and left as it is
    encoded = name.encode("utf-8").decode("latin-1")
    assert fix_mojibake(encoded) == name
    assert fix_mojibake(name) == name


@given(st.from_regex(r"[a-z0-9._]{1,30}", fullmatch=True))
def test_handle_forms_normalise_alike(handle: str) -> None:
    forms = [handle, "@" + handle, handle.upper(), f"https://www.instagram.com/{handle}",
             f"https://instagram.com/_u/{handle}/"]  # fmt: skip
    assert {normalise_handle("instagram", form) for form in forms} == {handle}


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    str.strip
)


@settings(max_examples=50, deadline=None)
@given(st.lists(names, max_size=20))
def test_generated_facebook_export_round_trips(tmp_path_factory, friends: list[str]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("dyi")
    path = root / "S099" / "connections" / "friends" / "your_friends.json"
    path.parent.mkdir(parents=True)
    mangled = [n.strip().encode("utf-8").decode("latin-1") for n in friends]
    payload = {"friends_v2": [{"name": n, "timestamp": 1} for n in mangled]}
    path.write_text(json.dumps(payload))
    records, report = read(path, root)
    assert [r.other_name for r in records if isinstance(r, ConnectionRecord)] == [
        n.strip() for n in friends
    ]
    assert all(r.owner == "S099" for r in records)
    assert report.total.read == len(friends)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_json_file_bytes_are_accounted_for(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("junk")
    path = root / "S1" / "friends.json"
    path.parent.mkdir()
    path.write_bytes(b'{"friends_v2": ' + data)
    records, report = read(path, root)
    total = report.total
    assert total.read == len(records)
    if not records and not total.skipped:
        assert json.loads(path.read_bytes())["friends_v2"] == []  # an empty list is fine
