"""Benchmark the mbox reader against the naive stdlib reader, on one core.

The naive reader is `mailbox.mbox` + `email.policy.default` + `get_body().get_content()`;
with `--naive-headers` it also reads From, To, Cc, Subject, Date and Message-ID, as ours does.
Both read the same file in the same run; the script prints MB/s, messages/s and the ratio.

    .venv/bin/python bench/make_mbox.py /tmp/bench.mbox --count 40000
    .venv/bin/python bench/mbox_read.py /tmp/bench.mbox

`--memory` reads a (generated) 1 GB mbox with our reader only and reports peak RSS
(resource.getrusage), to show that memory stays constant:

    .venv/bin/python bench/mbox_read.py /tmp/big.mbox --memory --size-mb 1024
"""

from __future__ import annotations

import argparse
import email.policy
import mailbox
import os
import resource
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage, Message
from pathlib import Path
from typing import BinaryIO

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_mbox import write_mbox
from saferpractice.evidence.mail import read_mbox
from saferpractice.evidence.records import MailRecord
from saferpractice.evidence.report import ReadReport


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    )


def run_ours(path: Path) -> tuple[int, float, ReadReport]:
    report = ReadReport()
    size = path.stat().st_size
    count = 0
    with _progress() as progress:
        task = progress.add_task("saferpractice", total=size)
        started, cpu = time.perf_counter(), time.process_time()
        for record in read_mbox(path, report, path.parent):
            if not isinstance(record, MailRecord):
                continue  # an attached photo's image record, not a message
            count += 1
            if count % 2000 == 0:
                progress.update(task, completed=record.offset)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    print(
        f"saferpractice CPU time: {cpu:.2f} s = {path.stat().st_size / 1e6 / cpu:.1f} MB/s of CPU"
    )
    return count, elapsed, report


def _naive_factory(stream: BinaryIO) -> Message:
    return email.message_from_binary_file(stream, policy=email.policy.default)


def run_naive(path: Path, headers: bool, limit: int | None) -> tuple[int, int, float]:
    """Read with the stdlib; return (messages, bytes those messages span, seconds)."""
    count = 0
    with _progress() as progress:
        task = progress.add_task("naive stdlib", total=None)
        started = time.perf_counter()
        box = mailbox.mbox(path, factory=_naive_factory, create=False)
        keys = box.keys()  # indexing the whole file is part of the naive reader's cost
        progress.update(task, total=len(keys) if limit is None else min(limit, len(keys)))
        for key in keys:
            if limit is not None and count >= limit:
                break
            message = box[key]
            assert isinstance(message, EmailMessage)
            _naive_fields(message, headers)
            count += 1
            if count % 500 == 0:
                progress.update(task, completed=count)
        elapsed = time.perf_counter() - started
        span = path.stat().st_size
        if limit is not None and count < len(keys):
            span = box._toc[keys[count]][0]  # the offset where the next unread message starts
        box.close()
    return count, span, elapsed


def _naive_fields(message: EmailMessage, headers: bool) -> None:
    try:
        part = message.get_body(("plain", "html"))
        if part is not None:
            part.get_content()
    except (LookupError, ValueError, AttributeError, KeyError):
        pass  # the naive reader gives up on that body, as a careless script would
    if headers:
        for name in ("from", "to", "cc", "subject", "date", "message-id"):
            str(message.get(name, ""))


def _pin_to_one_core() -> str:
    setter: Callable[[int, set[int]], None] | None = getattr(os, "sched_setaffinity", None)
    if setter is None:
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    setter(0, {core})
    return f"pinned to core {core}"


def compare(path: Path, headers: bool, naive_limit: int | None) -> None:
    size = path.stat().st_size
    count, elapsed, report = run_ours(path)
    total = report.total
    print(f"file: {path} ({size / 1e6:.1f} MB)")
    print(
        f"saferpractice: {count} messages in {elapsed:.2f} s = {size / 1e6 / elapsed:.1f} MB/s, "
        f"{count / elapsed:,.0f} messages/s (warned {total.warned}, skipped {total.skipped})"
    )
    naive_count, naive_span, naive_elapsed = run_naive(path, headers, naive_limit)
    label = "naive (with headers)" if headers else "naive"
    naive_mbs = naive_span / 1e6 / naive_elapsed
    print(
        f"{label}: {naive_count} messages in {naive_elapsed:.2f} s = {naive_mbs:.1f} MB/s, "
        f"{naive_count / naive_elapsed:,.0f} messages/s"
    )
    print(
        f"ratio: {(size / elapsed) / (naive_span / naive_elapsed):.1f}x MB/s, "
        f"{(count / elapsed) / (naive_count / naive_elapsed):.1f}x messages/s"
    )


def memory(path: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count, elapsed, report = run_ours(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = path.stat().st_size
    print(f"file: {path} ({size / 1e9:.2f} GB)")
    print(
        f"saferpractice: {count} messages in {elapsed:.1f} s = {size / 1e6 / elapsed:.1f} MB/s "
        f"(skipped {report.total.skipped})"
    )
    print(f"peak RSS: {peak / 1024:.1f} MiB (before reading: {before / 1024:.1f} MiB)")


def write_hostile(path: Path, big_mb: int) -> None:
    """Small messages around a huge one, one with 10,000 MIME parts and one nested 200 deep."""
    small = b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nMessage-ID: <%b@x>\n\nhi\n\n"
    line = b"x" * 76 + b"\n"
    with path.open("wb") as out:
        out.write(small % b"before")
        out.write(b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nMessage-ID: <big@x>\n\n")
        for _ in range(big_mb * 1024 * 1024 // len(line)):
            out.write(line)
        out.write(b"\n")
        parts = b"".join(b"--B\nContent-Type: text/x-part\n\n%d\n" % n for n in range(10_000))
        out.write(
            b"From a@b Mon Jan  1 00:00:00 2024\nMessage-ID: <parts@x>\n"
            b"Content-Type: multipart/mixed; boundary=B\n\n" + parts + b"--B--\n\n"
        )
        nested = b"Subject: innermost\n\nbottom\n"
        for level in range(200):
            nested = b"Subject: level %d\nContent-Type: message/rfc822\n\n" % level + nested
        out.write(b"From a@b Mon Jan  1 00:00:00 2024\nMessage-ID: <nested@x>\n" + nested + b"\n")
        out.write(small % b"after")


def hostile(path: Path, big_mb: int) -> None:
    write_hostile(path, big_mb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = ReadReport()
    started = time.perf_counter()
    records = list(read_mbox(path, report, path.parent))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB) in {elapsed:.1f} s")
    for record in records:
        print(f"  read {record.message_id}: {len(record.warnings)} warnings {record.warnings[:1]}")
    for diagnostic in report.diagnostics:
        if diagnostic.severity == "error":
            print(f"  skipped: {diagnostic}")
    print(f"peak RSS: {peak / 1024:.1f} MiB (before reading: {before / 1024:.1f} MiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the mbox to read (generated if missing)")
    parser.add_argument("--count", type=int, default=40_000, help="messages to generate")
    parser.add_argument("--size-mb", type=int, default=None, help="generate this many MiB")
    parser.add_argument("--memory", action="store_true", help="peak RSS of our reader only")
    parser.add_argument(
        "--hostile",
        type=int,
        metavar="MB",
        default=None,
        help="write PATH with a single message of MB MiB (and 10,000 parts, 200-deep nesting) "
        "and read it with the default bounds",
    )
    parser.add_argument(
        "--naive-headers", action="store_true", help="the naive reader also reads headers"
    )
    parser.add_argument(
        "--naive-limit", type=int, default=None, help="stop the naive reader after N messages"
    )
    args = parser.parse_args(argv)
    if args.hostile is not None:
        hostile(args.path, args.hostile)
        return 0
    if not args.path.exists():
        count = None if args.size_mb is not None else args.count
        messages, size = write_mbox(args.path, count, args.size_mb, seed=4)
        print(f"generated {messages} messages, {size / 1e6:.1f} MB at {args.path}")
    print(f"machine: {os.cpu_count()} cores, {_pin_to_one_core()}")
    # The message records are discarded as read; memory holds one message at a time.
    if args.memory:
        memory(args.path)
    else:
        compare(args.path, args.naive_headers, args.naive_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
