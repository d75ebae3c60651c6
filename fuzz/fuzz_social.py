"""Fuzz the social-media export reader (Facebook/Instagram DYI JSON and profile.json) with
atheris: any bytes must be read or reported, never raise, and every item must be accounted
for (read or skipped).

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_social.py -atheris_runs=1000000

The first byte picks the form: one in eight inputs is raw bytes (the seeds, real exports,
take this form); the rest are JSON documents built from the input with the export's own keys,
so the fuzzer reaches the item readers rather than stopping at the JSON parser. The file
lives in memory (/dev/shm); the seeds are written into an empty corpus folder at start-up.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import atheris
from seeds import scratch_dir, seed_empty_corpora

# Only our own code (json is in C).
with atheris.instrument_imports(include=["saferpractice"]):
    from saferpractice.evidence.report import ReadReport
    from saferpractice.evidence.social import looks_like_dyi, read_dyi

KEYS = (
    "friends_v2", "friends", "following_v3", "following_v2", "following", "string_list_data",
    "relationships_following", "relationships_followers", "profile_user", "platform",
    "handle", "visibility", "owner", "name", "timestamp", "href", "value", "title",
    "string_map_data", "Private Account", "Username",
)  # fmt: skip

ROOT = scratch_dir("fuzz_social_")
FILE = ROOT / "S001" / "connections" / "friends.json"
FILE.parent.mkdir(parents=True)


def _value(fdp: atheris.FuzzedDataProvider, depth: int) -> Any:
    choice = fdp.ConsumeIntInRange(0, 7 if depth < 4 else 4)
    if choice == 0:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
    if choice == 1:
        return fdp.ConsumeInt(8)
    if choice == 2:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if choice == 3:
        return fdp.ConsumeBool()
    if choice == 4:
        return None
    if choice == 5:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    return {
        fdp.PickValueInList(list(KEYS)) if fdp.ConsumeBool() else fdp.ConsumeUnicode(6): _value(
            fdp, depth + 1
        )
        for _ in range(fdp.ConsumeIntInRange(0, 5))
    }


def _field(fdp: atheris.FuzzedDataProvider, good: Any) -> Any:
    """Mostly the well-formed value, sometimes anything at all."""
    return good if fdp.ConsumeIntInRange(0, 5) else _value(fdp, 3)


def _text(fdp: atheris.FuzzedDataProvider) -> str:
    return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 24))


def _item(fdp: atheris.FuzzedDataProvider, shape: str) -> Any:
    if not fdp.ConsumeIntInRange(0, 9):
        return _value(fdp, 2)  # not an object at all, now and then
    if shape == "facebook":
        return {"name": _field(fdp, _text(fdp)), "timestamp": _field(fdp, fdp.ConsumeInt(4))}
    if shape == "profile_user":
        flag = {"value": _field(fdp, fdp.PickValueInList(["True", "False", "", "yes"]))}
        user = {"value": _field(fdp, _text(fdp))}
        return {"string_map_data": _field(fdp, {"Private Account": flag, "Username": user})}
    entry = {
        "value": _field(fdp, _text(fdp)),
        "href": _field(fdp, "https://www.instagram.com/" + _text(fdp)),
        "timestamp": _field(fdp, fdp.ConsumeInt(4)),
    }
    return {"title": _field(fdp, _text(fdp)), "string_list_data": _field(fdp, [entry])}


def _document(data: bytes) -> bytes:
    if not data or data[0] % 8 == 0:
        return data[1:]
    form = data[0] % 8
    fdp = atheris.FuzzedDataProvider(data[1:])
    count = fdp.ConsumeIntInRange(0, 6)
    document: Any
    if form == 1:
        document = [_item(fdp, "instagram") for _ in range(count)]
    elif form == 2:
        key = fdp.PickValueInList(["relationships_following", "relationships_followers"])
        document = {key: [_item(fdp, "instagram") for _ in range(count)]}
    elif form == 3:
        document = {"profile_user": [_item(fdp, "profile_user") for _ in range(count)]}
    elif form == 4:
        document = {
            "platform": _field(fdp, fdp.PickValueInList(["facebook", "instagram", "x"])),
            "handle": _field(fdp, _text(fdp)),
            "visibility": _field(fdp, fdp.PickValueInList(["public", "friends", "private"])),
        }
    elif form == 5:
        top = fdp.PickValueInList(list(KEYS))
        document = {top: [_value(fdp, 1) for _ in range(count)]}
    else:
        key = fdp.PickValueInList(["friends_v2", "friends", "following_v3", "following"])
        document = {key: [_item(fdp, "facebook") for _ in range(count)]}
    return json.dumps(document, allow_nan=True).encode("utf-8", "surrogatepass")


def test_one_input(data: bytes) -> None:
    payload = _document(data)
    looks_like_dyi(payload)
    FILE.write_bytes(payload)
    report = ReadReport()
    records = list(read_dyi(FILE, report, ROOT))
    for record in records:
        if not isinstance(record.source, str) or not isinstance(record.locator, str):
            raise AssertionError(f"bad record {record!r}")
        json.dumps(getattr(record, "other_handle", ""))
    # Every item of a list export is either a record or a counted skip.
    stats = report.stats.get("S001/connections/friends.json")
    if stats is not None and stats.read > len(records):
        raise AssertionError(f"{stats.read} counted read but {len(records)} records")


def main() -> None:
    seed_empty_corpora("social", sys.argv)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
