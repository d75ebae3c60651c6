"""Facebook and Instagram exports, the profile file and the connections CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.evidence.records import ConnectionRecord, ProfileRecord, Relation, Visibility
from saferpractice.evidence.registry import SOCIAL_EXPORT, describe, identify, iter_evidence
from saferpractice.evidence.report import ReadReport
from saferpractice.evidence.social import (
    fix_mojibake,
    normalise_handle,
    read_connections_csv,
    read_dyi,
    read_thread,
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


# -- current layouts, threads and honest skips (issue 12) -----------------------------------

S015 = SOCIAL / "S015"
FB = S015 / "facebook-jdoe-20250101"
IG = S015 / "instagram-jdoe_teach-20250101"


def test_facebook_followers_v3() -> None:
    records, report = read(FB / "connections/followers/people_who_followed_you.json")
    assert [
        (r.other_name, r.relation, r.owner) for r in records if isinstance(r, ConnectionRecord)
    ] == [
        ("Zoë Brontë", Relation.FOLLOWER, "S015"),
        ("Amy Ng", Relation.FOLLOWER, "S015"),
    ]
    assert records[0].locator == "followers_v3 item 1" and report.total.skipped == 0


@pytest.mark.parametrize(
    ("name", "person", "relation", "key"),
    [
        ("sent_friend_requests.json", "Alex Brown", Relation.FRIEND_REQUEST_SENT,
         "sent_requests_v2"),
        ("received_friend_requests.json", "Sam Jones", Relation.FRIEND_REQUEST_RECEIVED,
         "received_requests_v2"),
        ("rejected_friend_requests.json", "Chris Dale", Relation.FRIEND_REQUEST_DECLINED,
         "rejected_requests_v2"),
        ("removed_friends.json", "Ben Carter", Relation.FRIEND_REMOVED, "deleted_friends_v2"),
    ],
)  # fmt: skip
def test_friend_requests_and_removed_friends_are_read_as_contact(
    name: str, person: str, relation: Relation, key: str
) -> None:
    path = FB / "connections/friends" / name
    assert identify(path)[0] is SOCIAL_EXPORT
    listed = {d.path.name: d for d in describe([path.parent])}
    assert listed[name].spec is SOCIAL_EXPORT  # `evidence ls` agrees
    records, report = read(path)
    assert [(r.other_name, r.relation, r.owner, r.locator) for r in records] == [
        (person, relation, "S015", f"{key} item 1")
    ]
    assert (report.total.read, report.total.skipped) == (1, 0)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["sent_requests_v2", "received_requests_v2", "rejected_requests_v2",
                     "deleted_friends_v2"]),
    st.lists(st.one_of(st.fixed_dictionaries({"name": st.text(max_size=20),
                                              "timestamp": st.integers()}),
                       st.integers(), st.text(max_size=5), st.none()), max_size=8),
)  # fmt: skip
def test_any_friend_request_list_is_read_or_counted_item_by_item(
    tmp_path_factory: pytest.TempPathFactory, key: str, items: list[object]
) -> None:
    folder = tmp_path_factory.mktemp("S099") / "S099"
    folder.mkdir()
    path = folder / "requests.json"
    path.write_text(json.dumps({key: items}), encoding="utf-8")
    report = ReadReport()
    records = list(read_dyi(path, report, folder.parent))
    assert report.total.read == len(records)
    assert report.total.read + report.total.skipped == len(items)
    assert all(isinstance(r, ConnectionRecord) and r.other_name for r in records)


def test_unused_export_files_are_skipped_naming_the_file_and_why_in_ls_and_read() -> None:
    expected = {
        "close_friends.json": "Instagram export: close friends, not used by any check",
    }
    listed = {d.path.name: d for d in describe([S015])}
    report = ReadReport()
    list(iter_evidence([S015], report, FIXTURES))
    skipped = {Path(d.source).name: d.message for d in report.diagnostics if d.severity == "error"}
    for name, reason in expected.items():
        assert listed[name].spec is None and listed[name].reason.startswith(reason), name
        assert reason in skipped[name], name  # `evidence read` gives the same reason
        assert "no format we read" not in skipped[name]
        # read_dyi called directly on the file agrees too
        path = listed[name].path
        _, direct = read(path)
        assert direct.total.skipped == 1 and reason in direct.diagnostics[0].message


# Outlook's OLE containers say what item they hold (a contact, a calendar entry) only once
# opened; `ls` names the container, `read` the item inside, with its reason.
CONTAINERS_OPENED_TO_CLASSIFY = frozenset({"msg", "pst"})


def test_ls_and_read_agree_about_every_file_in_the_fixtures() -> None:
    """Every file ls says is read yields records or per-item skips; every file ls says is not
    read is skipped as a whole with the same reason."""
    for item in describe([FIXTURES]):
        report = ReadReport()
        list(iter_evidence([item.path], report, FIXTURES))
        source = item.path.relative_to(FIXTURES).as_posix()
        whole_file = [
            d
            for d in report.diagnostics
            if d.source == source and d.message.startswith("skipped: ")
        ]
        if item.spec is None:
            if item.path.is_dir():
                continue
            assert [d.message for d in whole_file] == [f"skipped: {item.reason}"], source
        elif item.spec.name not in CONTAINERS_OPENED_TO_CLASSIFY:
            assert not whole_file, source


def test_messenger_thread_with_participants_media_share_and_bad_item() -> None:
    report = ReadReport()
    path = FB / "your_facebook_activity/messages/inbox/samjones_456/message_1.json"
    records = list(read_thread(path, report, FIXTURES))
    assert [(r.sender, r.recipients) for r in records] == [
        ("Jo Doe", ("Sam Jones",)),
        ("Sam Jones", ("Jo Doe",)),
        ("Jo Doe", ("Sam Jones",)),
    ]
    first = records[0]
    assert first.body == "Don't tell your mum I messaged you 😉"  # mojibake undone
    assert first.channel == "messenger" and first.sent_at == datetime(2024, 6, 2, 0, 0, tzinfo=UTC)
    # the owner is the folder above the export, never the conversation's own folder
    assert (first.owner, first.owner_from) == ("S015", "folder S015")
    assert "watch this" in records[2].body and "https://example.com/video" in records[2].body
    assert any("photos" in w for w in records[1].warnings)
    assert report.total.skipped == 1 and "item 4" in report.diagnostics[-1].message


def test_threads_from_a_public_parser_suite_messenger_and_instagram() -> None:
    report = ReadReport()
    messenger = list(
        read_thread(
            FB / "your_facebook_activity/messages/inbox/allansmith_123/message_1.json",
            report,
            FIXTURES,
        )
    )
    assert [(r.sender, r.body, r.recipients) for r in messenger] == [
        ("Allan Smith", "Hello John", ("John Doe",)),
        ("John Doe", "Hello Allan", ("Allan Smith",)),
    ]
    instagram = list(
        read_thread(
            IG / "your_instagram_activity/messages/inbox/janedoe_789/message_1.json",
            report,
            FIXTURES,
        )
    )
    assert [(r.channel, r.sender, r.body) for r in instagram] == [
        ("instagram", "John Doe", "Hello Jane!"),
        ("instagram", "Jane Doe", "Hello John!"),
    ]
    assert report.total.skipped == 0
    for path in (FB / "your_facebook_activity/messages/inbox", IG / "your_instagram_activity"):
        assert {d.spec.name for d in describe([path]) if d.spec} == {"chat-thread"}


def test_one_non_object_item_skips_only_that_item() -> None:
    records, report = read(IG / "connections/followers_and_following/followers_1.json")
    assert [r.other_handle for r in records if isinstance(r, ConnectionRecord)] == [
        "skater.kid_09",
        "aunt.jo",
    ]
    assert report.total.skipped == 1 and "not an object" in report.diagnostics[0].message


def test_hundred_and_two_items_one_bad_gives_one_skip(tmp_path: Path) -> None:
    owner = tmp_path / "S001" / "instagram-x"
    owner.mkdir(parents=True)
    items: list[object] = [
        {"string_list_data": [{"value": f"user{i}", "href": f"https://www.instagram.com/user{i}"}]}
        for i in range(102)
    ]
    items.insert(0, "oops")  # first, so it would once have hidden the whole file
    (owner / "followers_1.json").write_text(json.dumps(items))
    report = ReadReport()
    records = list(read_dyi(owner / "followers_1.json", report, tmp_path))
    assert len(records) == 102
    assert (report.total.read, report.total.skipped) == (102, 1)


@settings(max_examples=40, deadline=None)
@given(
    messages=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "sender_name": st.sampled_from(["Ann", "Ben", "Zoë"]),
                    "timestamp_ms": st.integers(min_value=0, max_value=4_000_000_000_000),
                    "content": st.text(max_size=40),
                }
            ),
            st.integers(),
            st.none(),
            st.text(max_size=5),
        ),
        max_size=15,
    )
)
def test_generated_threads_count_every_item(tmp_path_factory, messages) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("thread")
    folder = root / "S001/messages/inbox/ann_1"
    folder.mkdir(parents=True)
    path = folder / "message_1.json"
    path.write_text(
        json.dumps({"participants": [{"name": "Ann"}, {"name": "Ben"}], "messages": messages})
    )
    report = ReadReport()
    records = list(read_thread(path, report, root))
    objects = [m for m in messages if isinstance(m, dict)]
    assert report.total.read + report.total.skipped == len(messages)
    assert [r.body for r in records] == [m["content"] for m in objects]
    assert all(r.owner == "S001" for r in records)


def test_other_export_files_are_named_not_called_text_of_no_format(tmp_path: Path) -> None:
    export = tmp_path / "S001" / "facebook-jdoe-20250101"
    (export / "your_facebook_activity/comments_and_reactions").mkdir(parents=True)
    (export / "your_facebook_activity/posts").mkdir(parents=True)
    comments = export / "your_facebook_activity/comments_and_reactions/comments.json"
    comments.write_text(json.dumps({"comments_v2": [{"timestamp": 1, "title": "x"}]}))
    posts = export / "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
    posts.write_text(json.dumps([{"timestamp": 1, "data": [{"post": "hello"}]}]))
    page = tmp_path / "S001/this_profile's_activity_across_facebook/messages/inbox/a_1"
    page.mkdir(parents=True)
    (page / "message_1.json").write_text(
        json.dumps(
            {"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "content": "hi"}]}
        )
    )
    found = {d.path.name: d for d in describe([tmp_path])}
    assert found["comments.json"].reason == "Facebook export: comments, not used by any check"
    assert found[posts.name].reason == (
        "Facebook export: posts, media or activity, not used by any check"
    )
    report = ReadReport()
    records = list(iter_evidence([tmp_path], report, tmp_path))
    # a Page's activity folder is part of the export, never taken for its owner
    assert [getattr(r, "owner", None) for r in records] == ["S001"]
    messages = {Path(d.source).name: d.message for d in report.diagnostics}
    assert "comments, not used by any check" in messages["comments.json"]
