"""Sharded scans (workers read and parse their own shards) equal a single-process scan.

The evidence is generated: an mbox with body lines that look like separators, a byte-order
mark, quoted ">From " lines and long lines, next to a messages CSV and a folder of images with
a sidecar (tests/support/scale_evidence.py). Whatever the shard size, the JSON Lines output, the
read accounting and the order of diagnostics are those of `--jobs 1`.
"""

from __future__ import annotations

import functools
import io
import itertools
import random
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_evidence import make_evidence, make_maildir, make_mbox

from saferpractice.checks import CheckContext
from saferpractice.evidence.mbox_split import split_mbox
from saferpractice.evidence.report import ReadReport
from saferpractice.scan.engine import ScanOptions, ScanResult, load_context, run_scan
from saferpractice.scan.output import write_jsonl
from saferpractice.scan.school_gaps import SchoolGaps
from saferpractice.scan.sharded import merge_results, plan_scan
from saferpractice.scan.shards import mbox_ranges, plan_shards
from saferpractice.scan.workers import check_shard, read_mbox_range

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
AS_OF = date(2026, 11, 24)


def as_jsonl(result: ScanResult) -> str:
    out = io.StringIO()
    write_jsonl(result.findings, out, {"checked": dict(sorted(result.checked.items()))})
    return out.getvalue()


@functools.cache
def context() -> CheckContext:
    return load_context(FIXTURE, ScanOptions(as_of=AS_OF))


def single(evidence: Path) -> ScanResult:
    return run_scan(context(), [evidence], ScanOptions(as_of=AS_OF))


def sharded_inline(evidence: Path, shard_bytes: int) -> ScanResult:
    """The sharded path with every shard run in this process (the driver's merge is real)."""
    options = ScanOptions(as_of=AS_OF)
    ctx = context()
    planned = plan_scan([evidence], options.rules, None, shard_bytes)
    results = [check_shard(shard, planned.job, ctx) for shard in reversed(planned.plan.shards)]
    merged = merge_results(results, ctx, options.rules, SchoolGaps())
    result = ScanResult(findings=merged.findings, report=merged.report)
    result.checked = merged.checked
    result.before_since = merged.before_since
    return result


def test_ranges_cover_the_file_on_message_boundaries(tmp_path: Path) -> None:
    data = make_mbox(random.Random(1), 80, bom=True)
    path = tmp_path / "m.mbox"
    path.write_bytes(data)
    whole = [item.offset for item in split_mbox(io.BytesIO(data[3:]), 1 << 20, base_offset=3)]
    ranges = mbox_ranges(path, len(data), 700)
    assert len(ranges) > 5
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert {start for start, _ in ranges[1:]} <= set(whole)  # every cut is a message start


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shard_bytes=st.integers(min_value=200, max_value=40_000), seed=st.integers(0, 3))
def test_any_sharding_equals_one_process(tmp_path: Path, shard_bytes: int, seed: int) -> None:
    evidence = make_evidence(tmp_path / f"s{seed}", seed)
    expected = single(evidence)
    got = sharded_inline(evidence, shard_bytes)
    assert as_jsonl(got) == as_jsonl(expected)
    assert got.report.stats == expected.report.stats
    assert [str(d) for d in got.report.diagnostics] == [str(d) for d in expected.report.diagnostics]
    assert got.before_since == expected.before_since


def test_a_range_reads_what_the_whole_file_read_gives(tmp_path: Path) -> None:
    data = make_mbox(random.Random(5), 50)
    path = tmp_path / "m.mbox"
    path.write_bytes(data)
    whole_report = ReadReport()
    whole = list(read_mbox_range(path, 0, len(data), whole_report, tmp_path))
    pieces_report = ReadReport()
    pieces = [
        record
        for start, end in mbox_ranges(path, len(data), 500)
        for record in read_mbox_range(path, start, end, pieces_report, tmp_path)
    ]
    assert [r.offset for r in pieces] == [r.offset for r in whole]
    assert pieces == whole
    assert pieces_report.stats == whole_report.stats


def test_jobs_two_uses_worker_shards_and_equals_jobs_one(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 3, messages=120)
    plan = plan_shards([evidence], evidence, 4_000)
    assert len(plan.shards) > 3 and any(p.is_range for s in plan.shards for p in s.pieces)
    got = run_scan(context(), [evidence], ScanOptions(as_of=AS_OF, jobs=2, shard_bytes=4_000))
    assert as_jsonl(got) == as_jsonl(single(evidence))
    assert got.report.total.skipped >= 1  # notes.txt, counted


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shard_bytes=st.integers(min_value=100, max_value=20_000), seed=st.integers(0, 3))
def test_a_maildir_is_split_and_equals_one_process(
    tmp_path: Path, shard_bytes: int, seed: int
) -> None:
    evidence = tmp_path / f"m{seed}-{shard_bytes}" / "evidence"
    make_maildir(evidence / "staff", random.Random(seed))
    expected = single(evidence)
    got = sharded_inline(evidence, shard_bytes)
    assert as_jsonl(got) == as_jsonl(expected)
    assert got.report.stats == expected.report.stats
    assert [str(d) for d in got.report.diagnostics] == [str(d) for d in expected.report.diagnostics]


def test_a_big_maildir_is_several_shards(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    make_maildir(evidence / "staff", random.Random(7), messages=80)
    plan = plan_shards([evidence], evidence, 2_000)
    parts = [p for s in plan.shards for p in s.pieces if p.items]
    assert len(plan.shards) > 3 and len(parts) > 3
    assert parts[0].start == 0 and parts[-1].end is None  # the last part is open: nothing lost
    got = run_scan(context(), [evidence], ScanOptions(as_of=AS_OF, jobs=2, shard_bytes=2_000))
    expected = single(evidence)
    assert as_jsonl(got) == as_jsonl(expected)
    assert expected.checked["mail"] >= 85 and expected.report.total.skipped >= 5
