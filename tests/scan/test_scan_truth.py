"""`saferpractice scan` on generated demo schools reproduces their ground truth exactly.

No missing finding and no extra one, for several seeds; any disagreement is printed as a
readable diff naming what was planted there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from saferpractice.demo.generate import generate
from saferpractice.scan.engine import ScanOptions, load_context, run_scan

AS_OF = date(2026, 11, 24)
SMALL = {"pupils": 150, "messages": 3000, "images": 80}


def _truth(folder: Path) -> set[tuple[str, str]]:
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {(row["rule"], row["ref"]) for row in map(json.loads, lines)}


def _notes(folder: Path) -> dict[str, str]:
    lines = (folder / "plants.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["ref"]: f"{row['kind']}: {row['note']}" for row in map(json.loads, lines)}


def _diff(folder: Path, found: dict[tuple[str, str], str]) -> str:
    truth, notes = _truth(folder), _notes(folder)
    lines = []
    for rule, ref in sorted(truth - found.keys()):
        lines.append(f"  missing {rule} {ref}\n      planted: {notes.get(ref, '?')}")
    for rule, ref in sorted(found.keys() - truth):
        planted = notes.get(ref, "ordinary evidence (nothing planted here)")
        lines.append(
            f"  extra   {rule} {ref}\n      {found[(rule, ref)]}\n      planted: {planted}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("seed", "secondary"), [(1, False), (2, False), (3, False), (4, False), (5, False), (6, True)]
)
def test_scan_reproduces_truth(tmp_path: Path, seed: int, secondary: bool) -> None:
    generate(seed, tmp_path, secondary=secondary, **SMALL)
    options = ScanOptions(as_of=AS_OF)
    ctx = load_context(tmp_path / "school", options)
    result = run_scan(ctx, [tmp_path / "evidence"], options)
    found = {(f.rule, f.evidence.ref): f.summary for f in result.findings}
    assert result.report.total.skipped == 0, result.report.diagnostics[:5]
    diff = _diff(tmp_path, found)
    assert not diff, f"scan of demo school seed {seed} disagrees with truth.jsonl:\n{diff}"


def test_cli_scan_is_identical_with_two_jobs(tmp_path: Path) -> None:
    generate(11, tmp_path, **SMALL)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        result = subprocess.run(
            [sys.executable, "-m", "saferpractice", "scan", str(tmp_path / "school"),
             str(tmp_path / "evidence"), "--as-of", AS_OF.isoformat(), "--jobs", jobs,
             "-o", str(out)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr  # findings were found
        assert "Findings by rule and level" in result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    lines = [json.loads(line) for line in outputs[0].splitlines()]
    assert len([row for row in lines if "rule" in row]) == len(_truth(tmp_path))
    assert lines[-1]["summary"]["complete"] is True  # a complete file says so
