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

Facebook writes non-ASCII text as UTF-8 bytes escaped one by one as code points
("\\u00c3\\u00a9" for "é"); `fix_mojibake` undoes that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from saferpractice import identity
from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import iter_csv, load_json, source_name
from saferpractice.evidence.records import ConnectionRecord, ProfileRecord, Relation, Visibility
from saferpractice.evidence.report import ReadReport

CONNECTION_COLUMNS = ("platform", "owner", "other_handle", "other_name", "relation", "visibility")

_FACEBOOK_FRIEND_KEYS = ("friends_v2", "friends")
_FACEBOOK_FOLLOWING_KEYS = ("following_v3", "following_v2", "following")
_INSTAGRAM_KEYS = {
    "relationships_following": Relation.FOLLOWING,
    "relationships_followers": Relation.FOLLOWER,
}
_PROFILE_KEYS = frozenset({"platform", "handle", "visibility"})
# Folders inside a DYI export, never the owner's person id.
_EXPORT_FOLDERS = frozenset(
    {
        "connections",
        "friends",
        "friends_and_followers",
        "followers_and_following",
        "followers",
        "following",
        "personal_information",
        "your_instagram_activity",
        "your_facebook_activity",
        "profile_information",
        "account_information",
        "security_and_login_information",
        "logged_information",
        "preferences",
        "json",
        "social",
    }
)
_EXPORT_ROOT = re.compile(r"^(facebook|instagram|meta)([-_].*)?$", re.IGNORECASE)
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
    try:
        parents = path.resolve().relative_to(root.resolve()).parents
        names = [p.name for p in parents if p.name]
    except ValueError:
        names = [p.name for p in path.parents if p.name]
    for name in names:
        if name.casefold() not in _EXPORT_FOLDERS and not _EXPORT_ROOT.match(name):
            return name
    return ""


def dyi_kind(document: Any) -> str | None:
    """What a parsed JSON document is, as a short label, or None if not a DYI file."""
    if isinstance(document, list):
        if document and all(
            isinstance(item, dict) and "string_list_data" in item for item in document[:5]
        ):
            return "instagram-follower-list"
        return None
    if not isinstance(document, dict):
        return None
    if any(isinstance(document.get(key), list) for key in _FACEBOOK_FRIEND_KEYS):
        return "facebook-friends"
    if any(isinstance(document.get(key), list) for key in _FACEBOOK_FOLLOWING_KEYS):
        return "facebook-following"
    for key in _INSTAGRAM_KEYS:
        if isinstance(document.get(key), list):
            return "instagram-" + key.removeprefix("relationships_")
    if isinstance(document.get("profile_user"), list):
        return "instagram-profile"
    if document.keys() >= _PROFILE_KEYS:
        return "profile"
    return None


def looks_like_dyi(head: bytes) -> bool:
    """A cheap test on a JSON file's first bytes, before parsing it whole."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if not text.startswith((b"{", b"[")):
        return False
    keys = (
        b'"friends_v2"',
        b'"friends"',
        b'"following_v3"',
        b'"following_v2"',
        b'"following"',
        b'"string_list_data"',
        b'"relationships_following"',
        b'"relationships_followers"',
        b'"profile_user"',
        b'"visibility"',
    )
    return any(key in text for key in keys)


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
        name = item.get("name") if isinstance(item, dict) else None
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
        entries = item.get("string_list_data") if isinstance(item, dict) else None
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
