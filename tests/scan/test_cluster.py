"""Scans on a Dask LocalCluster (two single-threaded worker processes) equal `--jobs 1`,
including when a worker is killed in the middle of the scan: the scheduler runs its shards
again elsewhere, and no finding is lost or counted twice."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cluster_kill import KillOnShard
from distributed import Client, LocalCluster
from scale_evidence import make_evidence

from saferpractice.scan.cluster import (
    forked_cluster,
    forks_local_workers,
    parse_cluster,
    run_on_client,
)
from saferpractice.scan.engine import ScanOptions, ScanResult, load_context, run_scan
from saferpractice.scan.output import write_jsonl
from saferpractice.scan.school_gaps import SchoolGaps
from saferpractice.scan.sharded import merge_results, plan_scan

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
AS_OF = date(2026, 11, 24)
OPTIONS = ScanOptions(as_of=AS_OF)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,
        ) as cluster,
        Client(cluster) as connected,
    ):
        # The kill test needs two workers: one dies, the other carries on.
        connected.wait_for_workers(2, timeout=240)
        yield connected


def as_jsonl(result: ScanResult) -> str:
    out = io.StringIO()
    write_jsonl(result.findings, out, {"checked": dict(sorted(result.checked.items()))})
    return out.getvalue()


def on_cluster(client: Client, evidence: Path, shard_bytes: int, **kwargs: object) -> ScanResult:
    ctx = load_context(FIXTURE, OPTIONS)
    planned = plan_scan([evidence], OPTIONS.rules, None, shard_bytes)
    results = run_on_client(client, ctx, planned, **kwargs)  # type: ignore[arg-type]
    assert sorted(r.number for r in results) == [s.number for s in planned.plan.shards]
    merged = merge_results(results, ctx, OPTIONS.rules, SchoolGaps())
    result = ScanResult(findings=merged.findings, report=merged.report)
    result.checked = merged.checked
    return result


def single(evidence: Path) -> ScanResult:
    return run_scan(load_context(FIXTURE, OPTIONS), [evidence], OPTIONS)


def test_cluster_scan_equals_one_process(client: Client, tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 11, messages=90)
    expected = single(evidence)
    got = on_cluster(client, evidence, 3_000)
    assert got.findings and as_jsonl(got) == as_jsonl(expected)
    assert got.report.stats == expected.report.stats
    assert [str(d) for d in got.report.diagnostics] == [str(d) for d in expected.report.diagnostics]


def test_a_worker_killed_mid_scan_loses_and_duplicates_nothing(
    client: Client, tmp_path: Path
) -> None:
    kill_a_worker_mid_scan(client, tmp_path)


def test_a_forked_local_worker_killed_mid_scan_loses_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    """`--cluster local:N` forks its workers holding the context (no scatter); the nanny
    forks the killed worker's replacement the same way, mid-scan."""
    if not forks_local_workers("local:2"):
        pytest.skip("local workers are forked only where fork is the start method")
    with forked_cluster(load_context(FIXTURE, OPTIONS), "local:2", say=lambda _: None) as forked:
        kill_a_worker_mid_scan(forked, tmp_path, inherited=True)


def kill_a_worker_mid_scan(client: Client, tmp_path: Path, inherited: bool = False) -> None:
    """A worker is SIGKILLed as it begins its second shard (tests/support/cluster_kill.py): a
    fixed point in the scan, whatever the load, with shards done before it and after it."""
    evidence = make_evidence(tmp_path, 12, messages=400)
    expected = single(evidence)
    shards = len(plan_scan([evidence], OPTIONS.rules, None, 2_000).plan.shards)
    assert shards >= 8  # so that a worker's second shard is well inside the scan
    marker = tmp_path / "killed"
    counted: list[int] = []
    client.register_plugin(KillOnShard(str(marker)), name="kill-on-shard")
    try:
        got = on_cluster(
            client, evidence, 2_000, on_progress=lambda *_: counted.append(1), inherited=inherited
        )
    finally:
        client.unregister_worker_plugin("kill-on-shard")
    assert marker.exists()  # a worker died holding a shard, so the scheduler ran it again
    pid, key = marker.read_text().split()
    assert key.startswith("check_shard") and int(pid) not in client.run(os.getpid).values()
    assert len(counted) == shards  # every shard counted once
    assert as_jsonl(got) == as_jsonl(expected)
    assert got.report.stats == expected.report.stats
    assert [str(d) for d in got.report.diagnostics] == [str(d) for d in expected.report.diagnostics]


def test_cli_cluster_local_equals_jobs_one(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 13, messages=60)

    def scan(*extra: str) -> tuple[str, str]:
        out = tmp_path / f"out{len(extra)}.jsonl"
        done = subprocess.run(
            [sys.executable, "-m", "saferpractice", "scan", str(FIXTURE), str(evidence),
             "--as-of", AS_OF.isoformat(), "-o", str(out), *extra],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        return out.read_text(encoding="utf-8"), done.stderr

    one, _ = scan()
    on_two, stderr = scan("--cluster", "local:2", "--shard-mb", "0.003")
    assert on_two == one
    assert json.loads(one.splitlines()[-1])["summary"]["complete"] is True
    assert "local Dask cluster of 2 worker(s)" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("spec", ["local:0", "local:x", "nonsense"])
def test_bad_cluster_addresses_are_usage_errors(spec: str) -> None:
    from saferpractice.diagnostics import UserError

    with pytest.raises(UserError, match="--cluster"):
        parse_cluster(spec)


def test_cluster_addresses_are_understood() -> None:
    assert parse_cluster("local:3") == 3
    assert parse_cluster("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
