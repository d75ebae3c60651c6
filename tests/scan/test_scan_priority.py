"""`scan --min-priority` and the output file's name deciding (or refusing) its format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
# m1: Pat's personal phone texts a pupil (high); m2: Pat's personal phone texts a parent
# about the raffle (routine); m3: secrecy language from Pat's school phone to a pupil (urgent).
MESSAGES = """id,channel,sent_at,from,to,body
m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late for club
m2,sms,2026-11-17T10:16:00+00:00,07700 900456,07700 900123,Raffle prizes are in the office
m3,sms,2026-11-17T10:17:00+00:00,07700 900456,07700 900789,"Keep this between us, don't tell mum"
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saferpractice", "scan", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _evidence(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "texts.csv").write_text(MESSAGES, encoding="utf-8")
    return folder


def _findings(path: Path) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if "rule" in row]  # a closing summary line has no rule


def test_findings_carry_priority_and_urgent_come_first(tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    result = run(str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24", "-o", str(out))
    assert result.returncode == 1, result.stderr
    findings = _findings(out)
    priorities = [f["priority"] for f in findings]
    assert priorities[0] == "urgent"
    assert priorities == sorted(priorities, key=["urgent", "high", "routine"].index)
    assert all(f["priority_reason"] for f in findings)
    assert "By priority:" in result.stderr


@pytest.mark.parametrize(
    ("floor", "allowed"),
    [
        ("urgent", {"urgent"}),
        ("high", {"urgent", "high"}),
        ("routine", {"urgent", "high", "routine"}),
    ],
)
def test_min_priority_leaves_out_lower_findings_and_says_so(
    tmp_path: Path, floor: str, allowed: set[str]
) -> None:
    out = tmp_path / "f.jsonl"
    result = run(
        str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24",
        "--min-priority", floor, "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    found = {str(f["priority"]) for f in _findings(out)}
    assert found and found <= allowed
    if floor != "routine":
        assert "below --min-priority" in result.stderr


def test_upper_case_html_extension_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "Report.HTML"
    result = run(str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24", "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")


@pytest.mark.parametrize("name", ["report.pdf", "findings.json", "findings.txt"])
def test_unknown_extension_stops_with_a_message_and_writes_nothing(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    result = run(str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24", "-o", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert ".jsonl, .csv or .html" in result.stderr
    assert not out.exists()
    if name.endswith(".pdf"):
        assert "PDF is not a report format yet" in result.stderr


def test_format_that_contradicts_the_name_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    result = run(
        str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24",
        "--format", "jsonl", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 2
    assert "does not match" in result.stderr
    assert not out.exists()
