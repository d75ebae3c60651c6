"""SIGTERM to a `scan --cluster local:2` process: a clean stop that keeps what was done.

A real scan process on a real LocalCluster is sent SIGTERM mid-scan. It must exit with status
143 (128 + SIGTERM, documented in docs/scale.md) without a traceback, end every worker process
it started, leave the previous output file as it was, and keep the findings of the shards that
had finished in OUTPUT.partial.jsonl, marked incomplete, and say so on standard error.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import descendants
from scale_evidence import make_evidence

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
def test_sigterm_stops_a_cluster_scan_cleanly_and_keeps_the_finished_shards(
    tmp_path: Path,
) -> None:
    evidence = make_evidence(tmp_path, 5, messages=8000)
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    scan = subprocess.Popen(
        [sys.executable, "-m", "saferpractice", "scan", str(FIXTURE), str(evidence),
         "--as-of", "2026-11-24", "--cluster", "local:2", "--shard-mb", "0.02", "-q",
         "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # Wait until the workers have done some real work (a few CPU seconds between them).
        # The whole scan takes about 20 CPU seconds in two forked workers (no nannies); they
        # finished a 3,000-message scan before 12 CPU seconds.
        deadline = time.monotonic() + 240
        children: dict[int, float] = {}
        while time.monotonic() < deadline and scan.poll() is None:
            children = descendants(scan.pid)
            if len(children) >= 2 and sum(children.values()) > 5:
                break
            time.sleep(0.5)
        assert scan.poll() is None, "the scan ended before it could be stopped"
        scan.send_signal(signal.SIGTERM)
        _, stderr = scan.communicate(timeout=90)
    finally:
        if scan.poll() is None:
            scan.kill()
    assert scan.returncode == 143, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)], "cluster processes outlived the scan"
    assert out.read_text(encoding="utf-8") == "previous run\n"
    said = re.search(r"Stopped by SIGTERM after (\d+) of (\d+) shards", stderr)
    assert said, stderr
    done, shards = int(said.group(1)), int(said.group(2))
    assert 0 < done < shards
    assert "out.partial.jsonl" in stderr and "Exit status 143" in stderr
    lines = [json.loads(line) for line in (tmp_path / "out.partial.jsonl").read_text().splitlines()]
    summary = lines[-1]["summary"]
    assert summary["complete"] is False and summary["stopped"] == "SIGTERM"
    assert (summary["shards_done"], summary["shards"]) == (done, shards)
    findings = [line for line in lines[:-1] if "rule" in line]
    assert summary["findings"] == len(findings) > 0
    assert len({f["id"] for f in findings}) == len(findings)  # merged by id: none twice
    assert 0 < summary["checked"]["mail"] < 8000 + 8000 // 3  # fewer than all the mail
