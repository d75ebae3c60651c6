"""Issue 10 items 12 and 16: output is atomic and marked complete; no worker outlives a
SIGTERM'd scan.

Before the fix a killed scan left either the previous run's file (which looked current) or a
truncated JSON Lines/CSV/HTML file that looked complete, and `--jobs 2` workers ran on for
over 60 s after the scan was sent SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_cli import AS_OF, FIXTURE_SCHOOL
from processes import descendants

from saferpractice.scan.output import atomic_output

ROW = "m{0},sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late {0}\n"


def test_atomic_output_leaves_the_old_file_whole_when_writing_fails(tmp_path: Path) -> None:
    out = tmp_path / "findings.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(out) as handle:
        handle.write('{"half": ')
        raise RuntimeError("killed half way")
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.jsonl"]  # no temporary left


def test_atomic_output_replaces_the_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    out.write_text("previous run\n", encoding="utf-8")
    with atomic_output(out) as handle:
        handle.write("new\n")
        assert out.read_text(encoding="utf-8") == "previous run\n"  # not yet visible
    assert out.read_text(encoding="utf-8") == "new\n"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
def test_sigterm_ends_the_scan_and_its_workers_and_keeps_the_old_output(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    with (evidence / "texts.csv").open("w", encoding="utf-8") as handle:
        handle.write("id,channel,sent_at,from,to,body\n")
        handle.writelines(ROW.format(n) for n in range(300_000))
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    scan = subprocess.Popen(
        [sys.executable, "-m", "saferpractice", "scan", str(FIXTURE_SCHOOL), str(evidence),
         "--as-of", AS_OF, "--jobs", "2", "-q", "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and scan.poll() is None:
            time.sleep(0.2)
            workers = set(descendants(scan.pid))
        assert workers, "the scan ended before its workers could be seen"
        scan.send_signal(signal.SIGTERM)
        _, stderr = scan.communicate(timeout=30)
        assert "Traceback" not in stderr
        assert scan.returncode != 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived the scan"
    finally:
        if scan.poll() is None:
            scan.kill()
    assert out.read_text(encoding="utf-8") == "previous run\n"  # never a half-written file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_complete_jsonl_file_ends_with_its_summary(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "texts.csv").write_text(
        "id,channel,sent_at,from,to,body\n" + ROW.format(1), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "saferpractice", "scan", str(FIXTURE_SCHOOL), str(evidence),
         "--as-of", AS_OF, "-q", "-o", str(out)],
        capture_output=True, text=True, check=False, env={**os.environ},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summary = lines[-1]["summary"]
    assert summary["complete"] is True
    assert summary["findings"] == len(lines) - 1
    assert summary["checked"] == {"message": 1}


def test_a_worker_forked_with_the_drivers_handler_ends_quietly_on_sigterm() -> None:
    """The race behind a traceback on stderr: the driver passes SIGTERM on to a worker that
    was forked a moment before and still has the driver's handler. That worker must end as
    SIGTERM ends a process by default, not raise the driver's exception inside fork's
    callbacks (Python prints those as "Exception ignored in … Traceback")."""
    from saferpractice.scan.engine import _stop_on_sigterm

    with _stop_on_sigterm():
        child = os.fork()
        if child == 0:  # the "worker": it has the driver's handler, as just after a fork
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)
                os._exit(0)  # the handler returned and the worker went on: wrong
            except BaseException:
                os._exit(3)  # the handler raised the driver's exception: the old behaviour
        _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status), os.waitstatus_to_exitcode(status)
    assert os.WTERMSIG(status) == signal.SIGTERM
