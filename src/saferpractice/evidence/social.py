"""Social-media connections: Facebook and Instagram "download your information" (DYI)
JSON exports, a profile-visibility file, and a plain connections CSV.

The export sits in a folder named after the staff member's person id
(`social/S012/connections/friends/your_friends.json`), which gives the owner. Files are
recognised by their JSON structure, not their names:

Recognised structures (see docs/evidence.md for the full table): Facebook
`{"friends_v2": [...]}`, older `{"friends": [...]}` and `{"following_v3": [...]}`;
Instagram followers (a list of `{"string_list_data": [...]}`), `{"relationships_following":
[...]}`, `{"relationships_followers": [...]}` and `{"profile_user": [...]}`
(personal_information.json, for "Private Account"); and saferpractice's own `profile.json`
(`{"platform", "handle", "visibility"}`, optionally "owner").

Current Facebook layouts are read too: `{"followers_v3": [...]}`
(connections/followers/people_who_followed_you.json), and Messenger and Instagram direct
message threads (`.../messages/inbox/<thread>/message_1.json`, `{"participants",
"messages"}`) as MessageRecords, and friend requests sent, received and declined and removed
friends (`sent_requests_v2`, `received_requests_v2`, `rejected_requests_v2`,
`deleted_friends_v2`) as connections with their own relation: contact with the other person
even where no friendship stands. Export files that are recognised but used by no check
(Instagram close friends, follow requests, blocked and restricted accounts, ...) are skipped
with a reason naming the file and why (`UNUSED_KEYS`); `evidence ls` and `evidence read` give
the same reason (`classify_head`).

Facebook writes non-ASCII text as UTF-8 bytes escaped one by one as code points
("\\u00c3\\u00a9" for "é"); `fix_mojibake` undoes that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from saferpractice import identity
from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import iter_csv, load_json, source_name
from saferpractice.evidence.messages import MAX_BODY
from saferpractice.evidence.owner import export_owner
from saferpractice.evidence.records import (
    ConnectionRecord,
    MessageRecord,
    ProfileRecord,
    Relation,
    Visibility,
)
from saferpractice.evidence.report import ReadReport

CONNECTION_COLUMNS = ("platform", "owner", "other_handle", "other_name", "relation", "visibility")

_FACEBOOK_FRIEND_KEYS = ("friends_v2", "friends")
_FACEBOOK_FOLLOWING_KEYS = ("following_v3", "following_v2", "following")
_FACEBOOK_FOLLOWER_KEYS = ("followers_v3", "followers_v2")
# Friend requests and removed friends: contact with the other person, read like friends.
_FACEBOOK_REQUEST_KEYS = {
    "sent_requests_v2": Relation.FRIEND_REQUEST_SENT,
    "sent_requests": Relation.FRIEND_REQUEST_SENT,
    "received_requests_v2": Relation.FRIEND_REQUEST_RECEIVED,
    "received_requests": Relation.FRIEND_REQUEST_RECEIVED,
    "rejected_requests_v2": Relation.FRIEND_REQUEST_DECLINED,
    "rejected_requests": Relation.FRIEND_REQUEST_DECLINED,
    "deleted_friends_v2": Relation.FRIEND_REMOVED,
    "deleted_friends": Relation.FRIEND_REMOVED,
}
# Export files we recognise but no check uses: top-level key -> what the file is, and why.
UNUSED_KEYS: dict[str, str] = {
    "relationships_close_friends": "Instagram export: close friends, not used by any check "
    "(every close friend is also in the followers list, which is read)",
    "relationships_follow_requests_sent": "Instagram export: pending follow requests sent, "
    "not used by any check (not yet a connection)",
    "relationships_follow_requests_received": "Instagram export: follow requests received, "
    "not used by any check (not yet a connection)",
    "relationships_permanent_follow_requests": "Instagram export: declined follow requests, "
    "not used by any check",
    "relationships_blocked_users": "Instagram export: blocked accounts, not used by any check",
    "relationships_restricted_users": "Instagram export: restricted accounts, not used by any "
    "check",
    "relationships_unfollowed_users": "Instagram export: accounts unfollowed, not used by any "
    "check (no longer a connection)",
    "relationships_dismissed_suggested_users": "Instagram export: dismissed suggestions, not "
    "used by any check",
    "relationships_hide_stories_from": "Instagram export: accounts hidden from stories, not "
    "used by any check",
    "relationships_feed_favorites": "Instagram export: favourites, not used by any check",
}
_THREAD_KEYS = frozenset({"participants", "messages"})
_FIRST_KEY = re.compile(rb'^\s*\{\s*"((?:[^"\\]|\\.){1,200})"\s*:')
_INSTAGRAM_KEYS = {
    "relationships_following": Relation.FOLLOWING,
    "relationships_followers": Relation.FOLLOWER,
}
_PROFILE_KEYS = frozenset({"platform", "handle", "visibility"})
_INSTAGRAM_URL = re.compile(r"^https?://(?:www\.)?instagram\.com/(?:_u/)?([^/?#]+)", re.IGNORECASE)


def fix_mojibake(text: str) -> str:
    """Undo Facebook's encoding of UTF-8 bytes as one code point each; leave other text."""
    if text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text


def normalise_handle(platform: str, value: str) -> str:
    """A handle as `saferpractice.identity` stores it for `platform`; Instagram profile URLs
    (including the `/_u/` form newer exports use) give their handle."""
    text = value.strip()
    match = _INSTAGRAM_URL.match(text)
    if match:
        text = match.group(1)
    return identity.normalise_handle(platform, text)


def owner_of(path: Path, root: Path) -> str:
    """The person id of the export's owner: the nearest folder that is not part of the
    export's own layout (nor the `facebook-name-date` folder the download unzips to)."""
    return export_owner(path, root)[0]


def dyi_kind(document: Any) -> str | None:
    """What a parsed JSON document is, as a short label, or None if not a DYI file.

    "unused:<key>" labels an export file that no check uses (see UNUSED_KEYS).
    """
    if isinstance(document, list):
        # One odd item must not hide the rest: any object with string_list_data in the
        # first few marks the list (odd items are then skipped one by one).
        if any(isinstance(item, dict) and "string_list_data" in item for item in document[:20]):
            return "instagram-follower-list"
        return None
    if not isinstance(document, dict):
        return None
    if any(isinstance(document.get(key), list) for key in _FACEBOOK_FRIEND_KEYS):
        return "facebook-friends"
    if any(isinstance(document.get(key), list) for key in _FACEBOOK_FOLLOWING_KEYS):
        return "facebook-following"
    if any(isinstance(document.get(key), list) for key in _FACEBOOK_FOLLOWER_KEYS):
        return "facebook-followers"
    for key in _FACEBOOK_REQUEST_KEYS:
        if isinstance(document.get(key), list):
            return "facebook-requests:" + key
    for key in _INSTAGRAM_KEYS:
        if isinstance(document.get(key), list):
            return "instagram-" + key.removeprefix("relationships_")
    if isinstance(document.get("profile_user"), list):
        return "instagram-profile"
    if isinstance(document.get("messages"), list) and (
        "participants" in document or _has_sender(document["messages"])
    ):
        return "thread"
    for key in UNUSED_KEYS:
        if key in document:
            return "unused:" + key
    if document.keys() >= _PROFILE_KEYS:
        return "profile"
    return None


def _has_sender(messages: list[Any]) -> bool:
    return any(
        isinstance(m, dict) and ("sender_name" in m or "senderName" in m) for m in messages[:20]
    )


_READ_KEYS = (
    b'"friends_v2"', b'"friends"', b'"following_v3"', b'"following_v2"', b'"following"',
    b'"followers_v3"', b'"followers_v2"', b'"string_list_data"', b'"relationships_following"',
    b'"relationships_followers"', b'"profile_user"',
    *(f'"{key}"'.encode() for key in _FACEBOOK_REQUEST_KEYS),
)  # fmt: skip


def classify_head(head: bytes, path: Path | None = None) -> tuple[str | None, str]:
    """From a JSON file's first bytes: ("dyi" | "thread", "") for a file we read, or
    (None, reason) for an export file we recognise but do not use, or (None, "") if it is
    not a Facebook or Instagram export at all. `path`, when given, lets a JSON file inside an
    export's folders be named as such even when its content alone does not say."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith((b"{", b"[")):
        return None, ""
    first = _FIRST_KEY.match(text)
    key = first.group(1).decode("utf-8", errors="replace") if first else ""
    if key in UNUSED_KEYS:
        return None, UNUSED_KEYS[key]
    if key in _THREAD_KEYS and (
        b'"sender_name"' in text or b'"senderName"' in text or key == "participants"
    ):
        return "thread", ""
    window = text[:4096]
    if any(k in window for k in _READ_KEYS) or b'"visibility"' in window:
        return "dyi", ""
    platform = _export_platform(path) if path is not None else ""
    if _VERSIONED_KEY.match(key):  # Facebook names its export files' lists "<what>_v2"
        what = re.sub(r"_v\d+$", "", key).replace("_", " ")
        return None, f"{platform or 'Facebook'} export: {what}, not used by any check"
    if platform:
        return None, f"{platform} export: posts, media or activity, not used by any check"
    return None, ""


_VERSIONED_KEY = re.compile(r"^[a-z][a-z_]{2,60}_v\d{1,2}$")
_EXPORT_FOLDER = re.compile(
    r"^(?:(facebook|instagram)(?:[-_ ].*)?|your_(facebook|instagram)_activity|"
    r"this_profile's_activity_across_(facebook))$",
    re.IGNORECASE,
)


def _export_platform(path: Path) -> str:
    """ "Facebook" or "Instagram" when a folder above `path` is one an export unzips to."""
    for parent in path.parents:
        match = _EXPORT_FOLDER.match(parent.name)
        if match:
            return next(group for group in match.groups() if group).capitalize()
    return ""


def looks_like_dyi(head: bytes) -> bool:
    """A cheap test on a JSON file's first bytes, before parsing it whole."""
    return classify_head(head)[0] == "dyi"


def _visibility(value: str) -> Visibility | None:
    word = value.strip().casefold()
    aliases = {"everyone": "public", "open": "public", "only me": "private", "only_me": "private"}
    word = aliases.get(word, word)
    try:
        return Visibility(word)
    except ValueError:
        return None


def read_dyi(
    path: Path, report: ReadReport, root: Path
) -> Iterator[ConnectionRecord | ProfileRecord]:
    """Connections or the profile from one DYI JSON file (see the module docstring)."""
    source = source_name(path, root)
    document = load_json(path, source, report)
    if document is None:
        return
    kind = dyi_kind(document)
    owner = owner_of(path, root)
    if kind is None:
        report.skip(Diagnostic(source, "JSON is not a Facebook or Instagram export file we read"))
        return
    if kind.startswith("unused:"):
        report.skip(Diagnostic(source, UNUSED_KEYS[kind.removeprefix("unused:")]))
        return
    if kind == "thread":
        report.skip(Diagnostic(source, "a message thread: read by read_thread, not read_dyi"))
        return
    if not owner and kind != "profile":
        report.warn(
            Diagnostic(source, "no folder named after the owner's person id above the export")
        )
    if kind == "facebook-friends":
        key = next(k for k in _FACEBOOK_FRIEND_KEYS if isinstance(document.get(k), list))
        yield from _facebook(document[key], key, Relation.FRIEND, source, owner, report)
    elif kind == "facebook-following":
        key = next(k for k in _FACEBOOK_FOLLOWING_KEYS if isinstance(document.get(k), list))
        yield from _facebook(document[key], key, Relation.FOLLOWING, source, owner, report)
    elif kind == "facebook-followers":
        key = next(k for k in _FACEBOOK_FOLLOWER_KEYS if isinstance(document.get(k), list))
        yield from _facebook(document[key], key, Relation.FOLLOWER, source, owner, report)
    elif kind.startswith("facebook-requests:"):
        key = kind.removeprefix("facebook-requests:")
        relation = _FACEBOOK_REQUEST_KEYS[key]
        yield from _facebook(document[key], key, relation, source, owner, report)
    elif kind == "instagram-follower-list":
        yield from _instagram(document, "", Relation.FOLLOWER, source, owner, report)
    elif kind in ("instagram-following", "instagram-followers"):
        key = "relationships_" + kind.removeprefix("instagram-")
        yield from _instagram(document[key], key, _INSTAGRAM_KEYS[key], source, owner, report)
    elif kind == "instagram-profile":
        yield from _instagram_profile(document["profile_user"], source, owner, report)
    else:
        yield from _profile_file(document, source, owner, report)


def _facebook(
    items: list[Any], key: str, relation: Relation, source: str, owner: str, report: ReadReport
) -> Iterator[ConnectionRecord]:
    for index, item in enumerate(items, start=1):
        where = f"{key} item {index}"
        if not isinstance(item, dict):
            report.skip(
                Diagnostic(
                    source,
                    f"{where}: a JSON {type(item).__name__}, not an object",
                    field=f"{key}[{index}]",
                )
            )
            continue
        name = item.get("name")
        # Undo the mojibake before trimming: its bytes can look like spaces (U+0085).
        name = fix_mojibake(name).strip() if isinstance(name, str) else None
        if not name:
            report.skip(Diagnostic(source, f"{where}: no name", field=f"{key}[{index}].name"))
            continue
        report.count_read(source)
        yield ConnectionRecord(
            source=source,
            locator=where,
            platform="facebook",
            owner=owner,
            other_handle="",
            other_name=name[:256],
            relation=relation,
        )


def _instagram(
    items: list[Any], key: str, relation: Relation, source: str, owner: str, report: ReadReport
) -> Iterator[ConnectionRecord]:
    label = key or "followers"
    for index, item in enumerate(items, start=1):
        where = f"{label} item {index}"
        if not isinstance(item, dict):
            report.skip(
                Diagnostic(
                    source,
                    f"{where}: a JSON {type(item).__name__}, not an object",
                    field=f"{label}[{index}]",
                )
            )
            continue
        entries = item.get("string_list_data")
        entry = entries[0] if isinstance(entries, list) and entries else {}
        if not isinstance(entry, dict):
            entry = {}
        # Older exports give the handle as "value"; newer ones only in "title" or the URL.
        candidates = (entry.get("value"), item.get("title"), entry.get("href"))
        handle = next(
            (
                normalise_handle("instagram", c)
                for c in candidates
                if isinstance(c, str) and c.strip()
            ),
            "",
        )
        if not handle:
            report.skip(Diagnostic(source, f"{where}: no handle", field=f"{label}[{index}]"))
            continue
        report.count_read(source)
        yield ConnectionRecord(
            source=source,
            locator=where,
            platform="instagram",
            owner=owner,
            other_handle=handle[:256],
            other_name="",
            relation=relation,
        )


def _instagram_profile(
    items: list[Any], source: str, owner: str, report: ReadReport
) -> Iterator[ProfileRecord]:
    for index, item in enumerate(items, start=1):
        data = item.get("string_map_data") if isinstance(item, dict) else None
        if not isinstance(data, dict):
            report.skip(Diagnostic(source, f"profile_user item {index}: no string_map_data"))
            continue

        def value(name: str, data: dict[str, Any] = data) -> str:
            field = data.get(name)
            raw = field.get("value") if isinstance(field, dict) else None
            return fix_mojibake(raw) if isinstance(raw, str) else ""

        private = value("Private Account").casefold()
        visibility = {"true": Visibility.PRIVATE, "false": Visibility.PUBLIC}.get(
            private, Visibility.UNKNOWN
        )
        warnings = () if private else ("no 'Private Account' setting in the export",)
        for warning in warnings:
            report.warn(Diagnostic(source, f"profile_user item {index}: {warning}"))
        report.count_read(source, len(warnings))
        yield ProfileRecord(
            source=source,
            locator=f"profile_user item {index}",
            warnings=warnings,
            platform="instagram",
            owner=owner,
            handle=normalise_handle("instagram", value("Username")),
            visibility=visibility,
        )


def _profile_file(
    document: dict[str, Any], source: str, owner: str, report: ReadReport
) -> Iterator[ProfileRecord]:
    platform = identity.normalise_platform(str(document.get("platform", "")))
    visibility = _visibility(str(document.get("visibility", "")))
    if not platform or visibility is None:
        report.skip(
            Diagnostic(
                source,
                "profile needs a platform and a visibility of public, friends, private or unknown",
                field="visibility",
            )
        )
        return
    declared_owner = document.get("owner")
    report.count_read(source)
    yield ProfileRecord(
        source=source,
        locator="profile",
        platform=platform,
        owner=str(declared_owner).strip() if declared_owner else owner,
        handle=normalise_handle(platform, str(document.get("handle", ""))),
        visibility=visibility,
    )


def read_connections_csv(path: Path, report: ReadReport, root: Path) -> Iterator[ConnectionRecord]:
    """Rows of `platform,owner,other_handle,other_name,relation,visibility`."""
    source = source_name(path, root)
    for row_number, row, warnings in iter_csv(path, source, report):
        try:
            relation = Relation(row["relation"].strip().casefold())
        except ValueError:
            report.skip(
                Diagnostic(
                    source,
                    f"relation {row['relation'][:40]!r} is not friend, follower or following",
                    row=row_number,
                    field="relation",
                )
            )
            continue
        platform = identity.normalise_platform(row["platform"]) or "unknown"
        handle = normalise_handle(platform, row["other_handle"])
        name = row["other_name"].strip()
        owner = row["owner"].strip()
        if not (handle or name) or not owner:
            report.skip(Diagnostic(source, "needs an owner and a handle or name", row=row_number))
            continue
        visibility = _visibility(row["visibility"] or "unknown")
        if visibility is None:
            warnings.append(f"visibility {row['visibility'][:40]!r} is not known; read as unknown")
            visibility = Visibility.UNKNOWN
        for warning in warnings:
            report.warn(Diagnostic(source, warning, row=row_number))
        report.count_read(source, len(warnings))
        yield ConnectionRecord(
            source=source,
            locator=f"row {row_number}",
            warnings=tuple(warnings),
            platform=platform,
            owner=owner,
            other_handle=handle,
            other_name=name,
            relation=relation,
            visibility=visibility,
        )


def _thread_platform(path: Path) -> str:
    names = [p.name.casefold() for p in path.parents]
    if any(n == "your_instagram_activity" or n.startswith("instagram") for n in names):
        return "instagram"
    return "messenger"


def _text(value: Any) -> str:
    return fix_mojibake(value) if isinstance(value, str) else ""


def _participants(value: Any) -> list[str]:
    """Names of a thread's participants: `[{"name": …}]` (classic) or `["…"]` (2024 layout)."""
    names: list[str] = []
    for item in value if isinstance(value, list) else []:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name.strip() and name.strip() not in names:
            names.append(name.strip()[:256])
    return names


def _message_text(message: dict[str, Any]) -> str:
    """Everything a reader sees in one message: its text, a shared link's text, a call or
    media note."""
    parts = [_text(message.get("content")) or _text(message.get("text"))]
    share = message.get("share")
    if isinstance(share, dict):
        parts += [_text(share.get("share_text")), _text(share.get("link"))]
    return "\n".join(part for part in parts if part)


def _moment(message: dict[str, Any]) -> datetime | None:
    for key in ("timestamp_ms", "timestamp"):
        value = message.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return datetime.fromtimestamp(value / 1000, tz=UTC)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def read_thread(path: Path, report: ReadReport, root: Path) -> Iterator[MessageRecord]:
    """Messages of one Messenger or Instagram direct-message thread (`message_1.json`).

    Both layouts are read: the classic `{"participants": [{"name"}], "messages":
    [{"sender_name", "timestamp_ms", "content"}]}` and the 2024 one (`senderName`, `text`,
    `timestamp`). Senders and recipients are display names, as the export gives them; the
    recipients are the other participants. Times are UTC (the export gives epoch
    milliseconds). The owner is the person id of the folder above `messages/inbox/`.
    """
    source = source_name(path, root)
    document = load_json(path, source, report)
    if document is None:
        return
    messages = document.get("messages") if isinstance(document, dict) else None
    if not isinstance(messages, list):
        report.skip(Diagnostic(source, "message thread JSON without a list of messages"))
        return
    owner, owner_from = export_owner(path, root)
    if not owner:
        report.warn(
            Diagnostic(source, "no folder named after the owner's person id above the export")
        )
    platform = _thread_platform(path)
    participants = _participants(document.get("participants"))
    if not participants:  # some exports omit the list: everyone seen writing is in the thread
        senders = (
            m.get("sender_name") or m.get("senderName") for m in messages if isinstance(m, dict)
        )
        participants = _participants(list(dict.fromkeys(s for s in senders if s))[:1024])
    thread = _text(document.get("title")) or _text(document.get("threadName"))
    for index, message in enumerate(messages, start=1):
        where = f"messages item {index}"
        if not isinstance(message, dict):
            report.skip(
                Diagnostic(source, f"{where}: a JSON {type(message).__name__}, not an object")
            )
            continue
        sender = (_text(message.get("sender_name")) or _text(message.get("senderName"))).strip()
        warnings: list[str] = []
        when = _moment(message)
        if when is None:
            warnings.append("no readable timestamp")
        body = _message_text(message)
        if len(body) > MAX_BODY:
            warnings.append(f"body: longer than {MAX_BODY} characters; the rest was not read")
            body = body[:MAX_BODY]
        media = [key for key in ("photos", "videos", "audio_files", "files", "gifs", "media")
                 if message.get(key)]  # fmt: skip
        if media:
            warnings.append(f"attachments not read: {', '.join(media)}")
        for warning in warnings:
            report.warn(Diagnostic(source, f"{where}: {warning}"))
        report.count_read(source, len(warnings))
        yield MessageRecord(
            source=source,
            locator=where + (f" (thread {thread[:80]})" if thread else ""),
            warnings=tuple(warnings),
            id=f"{platform}-{index}",
            channel=platform,
            sent_at=when,
            sender=sender[:256],
            recipients=tuple(p for p in participants if p != sender),
            body=body,
            owner=owner,
            owner_from=owner_from,
        )
