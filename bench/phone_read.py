"""Throughput and memory of the phone readers against the plainest baseline that does the
same reading.

- WhatsApp: `read_whatsapp` (two passes: date order and participants, then records) against
  one pass of the same line regex with no records built.
- SMS Backup & Restore: `read_sms_backup` (defusedxml iterparse, records built, elements
  cleared) against the standard library's `xml.etree.ElementTree.iterparse` counting `<sms>`
  elements and clearing them.

    .venv/bin/python bench/phone_read.py [--messages 200000] [--memory]

Inputs are generated into a temporary folder (never committed); peak RSS is the process's
maximum resident set (`--memory` runs only our readers, in a fresh process each).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from saferpractice.evidence.report import ReadReport
from saferpractice.evidence.sms_backup import read_sms_backup
from saferpractice.evidence.whatsapp import parse_line, read_whatsapp

WORDS = ("see you at the trip bring a coat homework is due on friday well done today").split()  # noqa: SIM905 (a sentence reads better than a list of words)


def write_chat(path: Path, count: int, rng: random.Random) -> None:
    names = ["Mr Smith", "Sam", "+44 7700 900123", "Jane Smith"]
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            day, minute = 1 + index // 1440 % 28, index % 1440
            text = " ".join(rng.choices(WORDS, k=rng.randint(3, 20)))
            handle.write(
                f"{day:02d}/03/2025, {minute // 60:02d}:{minute % 60:02d} - "
                f"{rng.choice(names)}: {text}\n"
            )
            if index % 10 == 0:
                handle.write("and a second line\n")


def write_backup(path: Path, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        handle.write(f'<smses count="{count}" type="full">\n')
        for index in range(count):
            text = " ".join(rng.choices(WORDS, k=rng.randint(3, 20)))
            handle.write(
                f'  <sms protocol="0" address="+4477009{index % 1000:05d}" '
                f'date="{1740000000000 + index * 1000}" type="{1 + index % 2}" '
                f'body={quoteattr(text)} read="1" status="-1" contact_name="(Unknown)" />\n'
            )
        handle.write("</smses>\n")


def timed(label: str, run) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - start
    print(f"  {label}: {count} items in {seconds:.2f} s ({count / seconds:,.0f}/s)")
    return seconds, count


def baseline_chat(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for raw in handle if parse_line(raw.decode("utf-8", "replace")) is not None)


def baseline_backup(path: Path) -> int:
    count = 0
    for _, element in ET.iterparse(path):
        if element.tag == "sms":
            count += 1
            element.clear()
    return count


def ours(reader, path: Path) -> int:  # type: ignore[no-untyped-def]
    report = ReadReport()
    return sum(1 for _ in reader(path, report, path.parent))


def memory(kind: str, path: Path) -> None:
    reader = read_whatsapp if kind == "chat" else read_sms_backup
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = ours(reader, path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = path.stat().st_size / 2**20
    print(f"  {kind}: {count} records from {size:.0f} MiB; peak RSS {peak / 1024:.1f} MiB "
          f"({before / 1024:.1f} MiB before reading)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory(args.child[0], Path(args.child[1]))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as folder:
        chat, backup = Path(folder) / "chat.txt", Path(folder) / "sms.xml"
        write_chat(chat, args.messages, rng)
        write_backup(backup, args.messages, rng)
        if args.memory:
            for kind, path in (("chat", chat), ("sms", backup)):
                subprocess.run([sys.executable, __file__, "--child", kind, str(path)], check=True)
            return
        print(f"WhatsApp chat, {chat.stat().st_size / 2**20:.1f} MiB")
        ours_s, _ = timed("read_whatsapp", lambda: ours(read_whatsapp, chat))
        base_s, _ = timed("baseline: line regex only", lambda: baseline_chat(chat))
        print(f"  ratio ours/baseline: {ours_s / base_s:.2f}x")
        print(f"SMS Backup & Restore XML, {backup.stat().st_size / 2**20:.1f} MiB")
        ours_s, _ = timed("read_sms_backup", lambda: ours(read_sms_backup, backup))
        base_s, _ = timed("baseline: stdlib iterparse, count", lambda: baseline_backup(backup))
        print(f"  ratio ours/baseline: {ours_s / base_s:.2f}x")


if __name__ == "__main__":
    main()
