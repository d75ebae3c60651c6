"""`--cluster tcp://…`: a scan on a cluster at an address survives the death of every worker
that held the school context.

The cluster is a real LocalCluster with its own scheduler address, used through that address
as a remote one would be. It has one worker, which is SIGKILLed as it begins its second shard
(tests/support/cluster_kill.py): context scattered to the workers would die with it, and the
nanny's replacement would have no copy to fetch. The context is published on the scheduler
instead (scan/workers.py `context_for`), so the replacement fetches it and the scan's output
equals `--jobs 1`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cluster_kill import KillOnShard
from distributed import Client, LocalCluster
from scale_evidence import make_evidence

from saferpractice.scan.engine import ScanOptions, ScanResult, load_context, run_scan
from saferpractice.scan.output import write_jsonl
from saferpractice.scan.workers import CONTEXT_METADATA

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
OPTIONS = ScanOptions(as_of=date(2026, 11, 24))


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        scheduler_port=0,
        dashboard_address=None,
        silence_logs=50,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


def as_jsonl(result: ScanResult) -> str:
    out = io.StringIO()
    write_jsonl(result.findings, out, {"checked": dict(sorted(result.checked.items()))})
    return out.getvalue()


def test_a_scan_at_an_address_survives_the_death_of_the_only_worker(
    address: str, tmp_path: Path
) -> None:
    evidence = make_evidence(tmp_path, 21, messages=300)
    expected = run_scan(load_context(FIXTURE, OPTIONS), [evidence], OPTIONS)
    marker = tmp_path / "killed"
    with Client(address) as watcher:
        watcher.wait_for_workers(1, timeout=600)
        before = watcher.run(os.getpid)
        watcher.register_plugin(KillOnShard(str(marker)), name="kill-on-shard")
        try:
            on_cluster = replace(OPTIONS, cluster=address, shard_bytes=2_000)
            got = run_scan(load_context(FIXTURE, OPTIONS), [evidence], on_cluster)
        finally:
            watcher.unregister_worker_plugin("kill-on-shard")
        pid, _ = marker.read_text().split()
        assert int(pid) in before.values()  # the only worker there was died mid-scan
        assert int(pid) not in watcher.run(os.getpid).values()
        # The scheduler's copy of the context was withdrawn when the scan ended.
        published = watcher.get_metadata([CONTEXT_METADATA], default={})
        copies = [copy for scans in published.values() for copy in scans.values()]
        assert copies == [None]
    assert got.findings
    assert as_jsonl(got) == as_jsonl(expected)
    assert got.report.stats == expected.report.stats
    assert [str(d) for d in got.report.diagnostics] == [str(d) for d in expected.report.diagnostics]
