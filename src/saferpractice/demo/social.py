"""Facebook and Instagram "download your information" exports, and connections.csv.

Ordinary connections are colleagues and people outside the school whose names match
nobody in the school folder; the planted ones come from `plant.Planted`.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime
from pathlib import Path

from saferpractice.demo import names
from saferpractice.demo.people import ascii_slug
from saferpractice.demo.plant import Planted
from saferpractice.demo.world import School


def _mojibake(text: str) -> str:
    """How Facebook writes non-ASCII: each UTF-8 byte as its own code point."""
    return text.encode("utf-8").decode("latin-1")


def _outsider(rng: random.Random, school: School, used: set[str]) -> str:
    while True:
        given = rng.choice(names.ADULT_GIVEN + names.ACCENTED_GIVEN)
        name = f"{given} {rng.choice(names.FAMILY)}"
        if name.casefold() not in school.used_names and name.casefold() not in used:
            used.add(name.casefold())
            return name


def write_social(root: Path, school: School, planted: Planted, rng: random.Random) -> int:
    """Write every export; return the number of connections written."""
    exports = _Exports(root, school, rng, planted)
    owners = sorted(
        set(planted.facebook)
        | set(planted.ig_followers)
        | set(planted.ig_following)
        | set(planted.ig_profile)
    )
    written = 0
    for owner in owners:
        if owner in planted.facebook:
            written += exports.facebook(owner)
        if (
            owner in planted.ig_followers
            or owner in planted.ig_following
            or owner in planted.ig_profile
        ):
            written += exports.instagram(owner)
            if owner in planted.ig_profile:
                exports.instagram_profile(owner, *planted.ig_profile[owner])
    return written + exports.connections_csv()


BASE = int(datetime(2019, 1, 1, tzinfo=UTC).timestamp())  # ordinary connections date from 2019


def _write_json(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _instagram_item(handle: str, stamp: int) -> dict[str, object]:
    return {
        "title": "",
        "media_list_data": [],
        "string_list_data": [
            {"href": f"https://www.instagram.com/{handle}", "value": handle, "timestamp": stamp}
        ],
    }


class _Exports:
    """Writes each owner's exports: the planted connections among ordinary ones."""

    def __init__(self, root: Path, school: School, rng: random.Random, planted: Planted) -> None:
        self.root, self.school, self.rng, self.planted = root, school, rng, planted
        self.outsiders: set[str] = set()
        self.staff = school.staff()

    def outsider(self) -> str:
        return _outsider(self.rng, self.school, self.outsiders)

    def facebook(self, owner: str) -> int:
        rng = self.rng
        colleagues = [p for p in self.staff if p.id != owner]
        friends = [
            (p.full_name, BASE + rng.randrange(10**8))
            for p in rng.sample(colleagues, min(6, len(colleagues)))
        ]
        friends += [
            (self.outsider(), BASE + rng.randrange(10**8)) for _ in range(rng.randrange(25, 60))
        ]
        friends += self.planted.facebook[owner]
        friends.sort(key=lambda item: -item[1])
        document = {
            "friends_v2": [{"name": _mojibake(name), "timestamp": stamp} for name, stamp in friends]
        }
        _write_json(
            self.root / owner / "facebook" / "connections" / "friends" / "your_friends.json",
            document,
        )
        return len(friends)

    def instagram(self, owner: str) -> int:
        rng = self.rng
        folder = self.root / owner / "instagram" / "connections" / "followers_and_following"
        benign = [
            (f"{ascii_slug(self.outsider())}{rng.randrange(100)}", BASE + rng.randrange(10**8))
            for _ in range(rng.randrange(20, 40))
        ]
        followers = benign[: len(benign) * 2 // 3] + self.planted.ig_followers.get(owner, [])
        following = benign[len(benign) // 3 :] + self.planted.ig_following.get(owner, [])
        _write_json(folder / "followers_1.json", [_instagram_item(*f) for f in followers])
        _write_json(
            folder / "following.json",
            {"relationships_following": [_instagram_item(*f) for f in following]},
        )
        return len(followers) + len(following)

    def instagram_profile(self, owner: str, handle: str, private: bool) -> None:
        value = "True" if private else "False"
        string_map = {
            "Username": {"href": "", "value": handle, "timestamp": 0},
            "Private Account": {"href": "", "value": value, "timestamp": 0},
        }
        _write_json(
            self.root / owner / "instagram" / "personal_information" / "personal_information.json",
            {"profile_user": [{"media_map_data": {}, "string_map_data": string_map}]},
        )

    def connections_csv(self) -> int:
        rng, planted = self.rng, self.planted
        rows = list(planted.connection_rows)
        for (owner, platform), visibility in sorted(planted.profile_visibility.items()):
            for _ in range(rng.randrange(4, 9)):
                name = self.outsider()
                handle = f"{ascii_slug(name)}{rng.randrange(100)}"
                relation = rng.choice(("follower", "following", "friend"))
                rows.append((platform, owner, handle, name, relation, visibility))
        # every row of an owner's platform carries that profile's visibility
        rows = [
            (pf, ow, h, n, rel, planted.profile_visibility.get((ow, pf), vis))
            for pf, ow, h, n, rel, vis in rows
        ]
        rows.sort()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(
            ("platform", "owner", "other_handle", "other_name", "relation", "visibility")
        )
        writer.writerows(rows)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "connections.csv").write_text(buffer.getvalue(), encoding="utf-8")
        return len(rows)
