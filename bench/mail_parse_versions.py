"""Time `mail_mime.parse_message` of two source trees on the same messages (CPU seconds).

The messages are cut from an mbox by our splitter and held in memory; each tree parses all of
them in its own child process (so the two never share imported modules), in interleaved
rounds (base, this, base, this, ...), and the script prints each side's best and median
process time and the ratio. Used to measure a change of the mail parser against the code
before it (an exported copy of an older commit):

    .venv/bin/python bench/make_mbox.py /tmp/mailbench/b20k.mbox --count 20000
    git archive 7789468^ src | tar -x -C /tmp/mailbench/before
    nice -n 10 .venv/bin/python bench/mail_parse_versions.py /tmp/mailbench/b20k.mbox \\
        --base /tmp/mailbench/before/src --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = r"""
import json, sys, time
from saferpractice.evidence.mail_mime import parse_message
from saferpractice.evidence.mbox_split import split_mbox
try:
    from saferpractice.evidence.image_meta import read_image_meta as images
except ImportError:
    images = None
path, limit = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as stream:
    items = [(i.offset, i.from_line, i.data) for i in split_mbox(stream, 50 << 20) if i.data]
items = items[:limit] if limit else items
kwargs = {"image_reader": images} if images is not None else {}
started = time.process_time()
for offset, from_line, data in items:
    parse_message(data, source="bench.mbox", offset=offset, from_line=from_line, **kwargs)
print(json.dumps({"cpu": time.process_time() - started, "messages": len(items)}))
"""


def run(src: Path, mbox: Path, limit: int) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(mbox), str(limit)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return float(found["cpu"]), int(found["messages"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mbox", type=Path)
    parser.add_argument("--base", type=Path, required=True, help="the older tree's src folder")
    here = Path(__file__).resolve().parent.parent / "src"
    parser.add_argument("--this", type=Path, default=here, help="the tree to measure (this one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N messages")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"base": [], "this": []}
    count = 0
    for round_number in range(args.rounds):
        for name, src in (("base", args.base), ("this", args.this)):
            seconds, count = run(src, args.mbox, args.limit)
            times[name].append(seconds)
            print(f"round {round_number + 1} {name}: {seconds:.2f} s", file=sys.stderr)
    print(f"{count} messages from {args.mbox} ({args.mbox.stat().st_size / 1e6:.1f} MB)")
    for name in ("base", "this"):
        best, median = min(times[name]), statistics.median(times[name])
        print(f"{name}: best {best:.2f} s, median {median:.2f} s, {count / best:,.0f} messages/s")
    print(f"this / base (best): {min(times['this']) / min(times['base']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
