"""Issue 10 item 1: a moment at the edge of the calendar never stops a scan.

9999-12-31 23:59 -12:00 and 0001-01-01 00:00 +14:00 leave datetime's range when converted to
UTC or to Europe/London; before the fix each raised OverflowError and the scan died with a
traceback and no output, with --jobs 2 as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import assert_clean, findings, scan

LATE, EARLY = "9999-12-31T23:59:00-12:00", "0001-01-01T00:00:00+14:00"


def _evidence(folder: Path) -> Path:
    folder.mkdir()
    (folder / "texts.csv").write_text(
        "id,channel,sent_at,from,to,body\n"
        f"m1,sms,{LATE},07700 900456,07700 900789,Running late\n"
        f"m2,sms,{EARLY},07700 900456,07700 900789,Running late\n",
        encoding="utf-8",
    )
    (folder / "web.csv").write_text(
        f"time,user,url,category,action\n{LATE},S001,http://bet.example,gambling,allowed\n",
        encoding="utf-8",
    )
    (folder / "late.eml").write_text(
        "From: pat.smith@gmail.com\r\nTo: lily.evans@example.com\r\n"
        "Date: Fri, 31 Dec 9999 23:59:00 -1200\r\nSubject: hi\r\nMessage-ID: <late@x>\r\n\r\n"
        "hello\r\n",
        encoding="utf-8",
    )
    (folder / "early.eml").write_text(
        "From: pat.smith@gmail.com\r\nTo: lily.evans@example.com\r\n"
        "Date: Mon, 1 Jan 0001 00:00:00 +1400\r\nSubject: hi\r\nMessage-ID: <early@x>\r\n\r\n"
        "hello\r\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "html"])
def test_edge_dates_never_stop_a_scan(tmp_path: Path, school: Path, jobs: str, fmt: str) -> None:
    evidence = _evidence(tmp_path / "evidence")
    out = tmp_path / f"out.{fmt}"
    result = scan(school, evidence, out=out, extra=("--jobs", jobs, "--since", "2000-01-01"))
    assert_clean(result)
    assert result.returncode == 1
    text = out.read_text(encoding="utf-8")
    assert "9999" in text
    if fmt == "jsonl":
        rows = findings(out)
        late = [r for r in rows if r["occurred_at"] == LATE]
        assert {r["rule"] for r in late} >= {"phone.personal-device", "internet.inappropriate"}
        # --since 2000 keeps year 9999 and leaves out year 1, as the summary says.
        assert not [r for r in rows if r["occurred_at"] == EARLY]
        assert "dated before --since" in result.stderr
