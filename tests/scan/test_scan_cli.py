"""`saferpractice scan` as a user runs it: options, formats, exit codes and bad input."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
MESSAGES = """id,channel,sent_at,from,to,body
m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late for club
m2,sms,2026-03-04T19:00:00+00:00,07700 900456,07700 900789,Coach is back at 8
m3,sms,2026-11-17T10:20:00+00:00,07700 900123,0161 496 0000,Sam is ill today
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
    (folder / "notes.txt").write_text("not evidence\n", encoding="utf-8")
    return folder


def test_jsonl_findings_and_exit_code_one(tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    result = run(str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24", "-o", str(out))
    assert result.returncode == 1, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    findings, summary = rows[:-1], rows[-1]["summary"]
    assert summary["complete"] is True and summary["findings"] == len(findings)
    assert summary["skipped"] == 1  # notes.txt, as the closing line records
    phone = [f for f in findings if f["rule"] == "phone.personal-device"]
    # m1 breaks the rule; m2 is covered by the residential trip's approval; m3 is a parent.
    assert [f["evidence"]["ref"] for f in phone] == ["m1"]
    assert phone[0]["evidence"]["source"] == "texts.csv"
    assert set(phone[0]) >= {"id", "rule", "level", "policy_item", "people", "summary", "why"}
    assert "1 items skipped" in result.stderr or "notes.txt" in result.stderr


def test_rules_and_since_narrow_the_scan(tmp_path: Path) -> None:
    evidence = _evidence(tmp_path)
    out = tmp_path / "f.csv"
    result = run(
        str(FIXTURE), str(evidence), "--as-of", "2026-11-24", "--rules", "phone",
        "--since", "2026-11-18", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr  # every message is before --since
    assert "Left out 3 items dated before --since" in result.stderr
    rows = list(csv.DictReader(out.open()))
    assert rows == []


def test_html_report_is_written(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(str(FIXTURE), str(_evidence(tmp_path)), "--as-of", "2026-11-24", "-o", str(out))
    assert result.returncode == 1
    assert "phone.personal-device" in out.read_text()


def test_an_invalid_school_folder_is_reported_and_strict_refuses_it(tmp_path: Path) -> None:
    school = tmp_path / "school"
    shutil.copytree(FIXTURE, school)
    people = (school / "people.csv").read_text().replace("S002,Helen", "S001,Helen")
    (school / "people.csv").write_text(people)
    evidence = _evidence(tmp_path)
    result = run(str(school), str(evidence), "--as-of", "2026-11-24", "-o", str(tmp_path / "o"))
    assert result.returncode == 1  # the scan goes on without the broken row
    assert "Traceback" not in result.stderr
    assert "people.csv" in result.stderr and "row 3" in result.stderr
    assert "people.csv: 1 row(s) with errors were left out" in result.stderr
    strict = run(str(school), str(evidence), "--strict")
    assert strict.returncode == 2
    assert "Traceback" not in strict.stderr
    assert "people.csv" in strict.stderr and "row 3" in strict.stderr


def test_unknown_rule_and_bad_date_are_usage_errors(tmp_path: Path) -> None:
    evidence = _evidence(tmp_path)
    for args in (["--rules", "no.such-rule"], ["--since", "24/11/2026"]):
        result = run(str(FIXTURE), str(evidence), *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
