"""Fuzz the social-media export reader (Facebook/Instagram DYI JSON and profile.json) with
atheris: any bytes must be read or reported, never raise, and every item must be accounted
for (read or skipped).

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_social.py -atheris_runs=1000000

Half of the inputs are raw bytes; the other half are JSON documents built from the input
with the export's own keys, so the fuzzer reaches the item readers rather than stopping at
the JSON parser.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    from saferpractice.evidence.report import ReadReport
    from saferpractice.evidence.social import looks_like_dyi, read_dyi

KEYS = (
    "friends_v2", "friends", "following_v3", "following_v2", "following", "string_list_data",
    "relationships_following", "relationships_followers", "profile_user", "platform",
    "handle", "visibility", "owner", "name", "timestamp", "href", "value", "title",
    "string_map_data", "Private Account", "Username",
)  # fmt: skip

ROOT = Path(tempfile.mkdtemp(prefix="fuzz_social_"))
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


def _document(data: bytes) -> bytes:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        return fdp.ConsumeBytes(fdp.remaining_bytes())
    top = fdp.PickValueInList(list(KEYS))
    items = [_value(fdp, 1) for _ in range(fdp.ConsumeIntInRange(0, 6))]
    document: Any = items if top == "string_list_data" else {top: items}
    if fdp.ConsumeBool():
        document = {"platform": _value(fdp, 3), "handle": _value(fdp, 3),
                    "visibility": _value(fdp, 3)}  # fmt: skip
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
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
