"""Time and memory of the mail parser on issue 10 item 14's hostile messages, one per process.

- `nested`: 999 nested multiparts around a 40 MB text part (issue: 84 s);
- `flat`: the same 40 MB part in a single multipart (the linear baseline for `nested`);
- `header`: a 48 MB folded header (issue: 3.0 GB).

Each case runs in a fresh process; the script prints the parse time and the process's peak RSS
(`resource.getrusage`), which includes the generated message itself.

    nice -n 10 .venv/bin/python bench/mail_hostile.py
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

CASES = ("flat", "nested", "header")


def build(case: str) -> bytes:
    if case == "header":
        return b"From: a@b.c\nSubject: x" + b"\n y" * 16_000_000 + b"\nTo: c@d.e\n\nbody\n"
    depth = 999 if case == "nested" else 1
    head = b"From: a@b.c\nMessage-ID: <n@x>\nContent-Type: multipart/mixed; boundary=b0\n\n"
    opens = b"".join(
        b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (level, level + 1)
        for level in range(depth)
    )
    line = b"ordinary words of a long attachment-sized text part ok\n"
    inner = b"--b%d\nContent-Type: text/plain\n\n" % depth + line * (40_000_000 // len(line))
    closes = b"".join(b"--b%d--\n" % level for level in range(depth, -1, -1))
    return head + opens + inner + b"\n" + closes


def run_case(case: str) -> None:
    from saferpractice.evidence.mail_mime import parse_message

    raw = build(case)
    started = time.perf_counter()
    record = parse_message(raw, source="x.eml", offset=0)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{case:7} {len(raw) / 1e6:6.1f} MB  {elapsed:6.2f} s  peak RSS {peak_mb:6.0f} MB  "
        f"body {len(record.body):,} chars, {len(record.warnings)} warnings"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=CASES, help="run one case in this process")
    args = parser.parse_args(argv)
    if args.case:
        run_case(args.case)
        return 0
    for case in CASES:
        subprocess.run([sys.executable, __file__, "--case", case], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
