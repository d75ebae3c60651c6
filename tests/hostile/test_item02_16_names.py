"""Issue 10 items 2 and 16: file names an outsider chose never crash, forge or hide output.

- A name that is not valid UTF-8 (a zip made on Windows) crashed the scan with
  UnicodeEncodeError as soon as that file produced a finding (item 2).
- A name with a line break could forge lines in the list of skipped files, and a
  right-to-left override (U+202E) passed raw into HTML, CSV and the terminal (item 16).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hostile_cli import AS_OF, assert_clean, findings, run_cli, scan

MESSAGES = (
    "id,channel,sent_at,from,to,body\n"
    "m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late\n"
)
LATIN1 = os.fsdecode(b"caf\xe9-texts.csv")  # a lone surrogate in Python's str
RLO = "invoice\u202ecsv.exe"  # shows as "invoiceexe.vsc" if obeyed


def _evidence(folder: Path, name: str) -> Path:
    folder.mkdir()
    (folder / name).write_text(MESSAGES, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "html"])
def test_a_non_utf8_file_name_is_written_visibly(tmp_path: Path, school: Path, fmt: str) -> None:
    evidence = _evidence(tmp_path / "evidence", LATIN1)
    out = tmp_path / f"out.{fmt}"
    result = scan(school, evidence, out=out)
    assert_clean(result)
    assert result.returncode == 1
    text = out.read_text(encoding="utf-8")  # valid UTF-8 throughout
    if fmt == "jsonl":
        sources = {f["evidence"]["source"] for f in findings(out)}
        assert LATIN1 in sources  # JSON keeps the name exactly (a \udce9 escape)
    elif fmt == "csv":
        assert "caf\\xe9-texts.csv" in text
    else:
        assert "caf" in text and "texts.csv" in text


def test_a_non_utf8_file_name_on_standard_output(tmp_path: Path, school: Path) -> None:
    evidence = _evidence(tmp_path / "evidence", LATIN1)
    result = run_cli("scan", str(school), str(evidence), "--as-of", AS_OF, "--format", "csv")
    assert_clean(result)
    assert result.returncode == 1
    assert "caf\\xe9-texts.csv" in result.stdout


def test_right_to_left_override_is_shown_not_obeyed(tmp_path: Path, school: Path) -> None:
    evidence = _evidence(tmp_path / "evidence", RLO)
    (evidence / f"notes{RLO}.txt").write_text("not evidence\n", encoding="utf-8")
    for fmt in ("csv", "html", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        result = scan(school, evidence, out=out)
        assert_clean(result)
        text = out.read_text(encoding="utf-8")
        assert "\u202e" not in text, fmt
        shown = {"csv": "<U+202E>", "html": "&lt;U+202E&gt;", "jsonl": "\\u202e"}[fmt]
        assert shown in text, fmt
        assert "\u202e" not in result.stderr
        assert "<U+202E>" in result.stderr  # the skipped .txt is listed visibly
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert {row["evidence_source"] for row in rows if row["evidence_kind"] == "message"} == {
        "invoice<U+202E>csv.exe"
    }


def test_a_line_break_in_a_file_name_cannot_forge_a_skipped_line(
    tmp_path: Path, school: Path
) -> None:
    evidence = _evidence(tmp_path / "evidence", "texts.csv")
    forged = "x.txt: skipped: empty file\n  report.pdf: skipped: binary data of no format we read"
    (evidence / forged).write_text("not evidence\n", encoding="utf-8")
    result = scan(school, evidence, out=tmp_path / "out.jsonl")
    assert_clean(result)
    listed = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(listed) == 2, result.stderr  # the summary line and the one real item
    assert "<U+000A>" in listed[1]
    assert not any(line.lstrip().startswith("report.pdf") for line in result.stderr.splitlines())
