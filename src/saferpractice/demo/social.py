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
    base = int(datetime(2019, 1, 1, tzinfo=UTC).timestamp())
    outsiders: set[str] = set()
    staff = school.staff()
    owners = sorted(
        set(planted.facebook)
        | set(planted.ig_followers)
        | set(planted.ig_following)
        | set(planted.ig_profile)
    )
    written = 0
    for owner in owners:
        colleagues = [p for p in staff if p.id != owner]
        if owner in planted.facebook:
            friends = [
                (p.full_name, base + rng.randrange(10**8))
                for p in rng.sample(colleagues, min(6, len(colleagues)))
            ]
            friends += [
                (_outsider(rng, school, outsiders), base + rng.randrange(10**8))
                for _ in range(rng.randrange(25, 60))
            ]
            friends += planted.facebook[owner]
            friends.sort(key=lambda item: -item[1])
            document = {
                "friends_v2": [
                    {"name": _mojibake(name), "timestamp": stamp} for name, stamp in friends
                ]
            }
            path = root / owner / "facebook" / "connections" / "friends" / "your_friends.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            written += len(friends)
        if (
            owner in planted.ig_followers
            or owner in planted.ig_following
            or owner in planted.ig_profile
        ):
            folder = root / owner / "instagram" / "connections" / "followers_and_following"
            folder.mkdir(parents=True, exist_ok=True)
            benign = [
                (
                    f"{ascii_slug(_outsider(rng, school, outsiders))}{rng.randrange(100)}",
                    base + rng.randrange(10**8),
                )
                for _ in range(rng.randrange(20, 40))
            ]
            followers = benign[: len(benign) * 2 // 3] + planted.ig_followers.get(owner, [])
            following = benign[len(benign) // 3 :] + planted.ig_following.get(owner, [])

            def item(handle: str, stamp: int) -> dict[str, object]:
                return {
                    "title": "",
                    "media_list_data": [],
                    "string_list_data": [
                        {
                            "href": f"https://www.instagram.com/{handle}",
                            "value": handle,
                            "timestamp": stamp,
                        }
                    ],
                }

            (folder / "followers_1.json").write_text(
                json.dumps([item(h, s) for h, s in followers], indent=2) + "\n", encoding="utf-8"
            )
            (folder / "following.json").write_text(
                json.dumps(
                    {"relationships_following": [item(h, s) for h, s in following]}, indent=2
                )
                + "\n",
                encoding="utf-8",
            )
            written += len(followers) + len(following)
            if owner in planted.ig_profile:
                handle, private = planted.ig_profile[owner]
                profile = {
                    "profile_user": [
                        {
                            "media_map_data": {},
                            "string_map_data": {
                                "Username": {"href": "", "value": handle, "timestamp": 0},
                                "Private Account": {
                                    "href": "",
                                    "value": "True" if private else "False",
                                    "timestamp": 0,
                                },
                            },
                        }
                    ]
                }
                path = (
                    root
                    / owner
                    / "instagram"
                    / "personal_information"
                    / "personal_information.json"
                )
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(profile, indent=2) + "\n", encoding="utf-8")
    rows = list(planted.connection_rows)
    for (owner, platform), visibility in sorted(planted.profile_visibility.items()):
        for _ in range(rng.randrange(4, 9)):
            name = _outsider(rng, school, outsiders)
            rows.append(
                (
                    platform,
                    owner,
                    f"{ascii_slug(name)}{rng.randrange(100)}",
                    name,
                    rng.choice(("follower", "following", "friend")),
                    visibility,
                )
            )
    # every row of an owner's platform carries that profile's visibility
    rows = [
        (pf, ow, h, n, rel, planted.profile_visibility.get((ow, pf), vis))
        for pf, ow, h, n, rel, vis in rows
    ]
    rows.sort()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("platform", "owner", "other_handle", "other_name", "relation", "visibility"))
    writer.writerows(rows)
    root.mkdir(parents=True, exist_ok=True)
    (root / "connections.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return written + len(rows)
