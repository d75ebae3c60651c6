"""A stopped scan's partial outputs say, where a reader looks first, that they are incomplete:
the HTML report in a banner under its title (and in the page title), the CSV file in a row
before its header, the JSON Lines file in its summary line (`"complete": false`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from evidence_builders import mail

from saferpractice.checks import CheckContext, check_record
from saferpractice.cli.scan_cmd import _keep_partial
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import sort_key
from saferpractice.policy import load_default_policy
from saferpractice.scan.engine import ScanOptions, ScanResult, ScanStopped
from saferpractice.scan.output import CSV_COLUMNS
from saferpractice.school import load_school

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def stopped() -> tuple[ScanStopped, CheckContext]:
    loaded = load_school(FIXTURE)
    assert loaded.school is not None
    ctx = CheckContext(school=loaded.school, policy=load_default_policy(), as_of=AS_OF)
    record = mail(
        "pat.smith@heatonlane.sch.uk", "sam.jones@heatonlane.sch.uk", "text me on 07700 900456"
    )
    findings = sorted(check_record(record, ctx), key=sort_key)
    assert findings
    result = ScanResult(findings=findings, report=ReadReport())
    result.checked.update({"mail": 1})
    return ScanStopped(result, 3, 10), ctx


def keep(stopped: tuple[ScanStopped, CheckContext], out: Path, out_format: str) -> Path:
    scan_stopped, ctx = stopped
    _keep_partial(scan_stopped, out_format, out, ctx, ScanOptions(as_of=AS_OF), (FIXTURE,))
    partial = out.with_name(f"{out.stem}.partial{out.suffix}")
    assert not out.exists()  # only the partial file is written
    return partial


def test_partial_csv_starts_with_a_row_saying_it_is_incomplete(
    stopped: tuple[ScanStopped, CheckContext], tmp_path: Path
) -> None:
    rows = list(csv.reader(io.StringIO(keep(stopped, tmp_path / "f.csv", "csv").read_text())))
    assert rows[0][0].startswith("INCOMPLETE SCAN: stopped by SIGTERM after 3 of 10 shards")
    assert "A complete scan may find more" in rows[0][0]
    assert tuple(rows[1]) == CSV_COLUMNS
    assert len(rows) - 2 == len(stopped[0].partial.findings)


def test_partial_html_report_has_a_banner_and_says_so_in_its_title(
    stopped: tuple[ScanStopped, CheckContext], tmp_path: Path
) -> None:
    html = keep(stopped, tmp_path / "f.html", "html").read_text(encoding="utf-8")
    assert "<title>INCOMPLETE: Safer working practice scan" in html
    banner = html.index('<p class="incomplete" role="alert"><strong>Incomplete scan.</strong>')
    assert banner < html.index("<main>")  # under the title, before any finding
    assert "stopped by SIGTERM after 3 of 10 shards" in html


def test_partial_jsonl_summary_says_complete_false(
    stopped: tuple[ScanStopped, CheckContext], tmp_path: Path
) -> None:
    lines = keep(stopped, tmp_path / "f.jsonl", "jsonl").read_text().splitlines()
    summary = json.loads(lines[-1])["summary"]
    assert summary["complete"] is False
    assert (summary["shards_done"], summary["shards"]) == (3, 10)


def test_a_complete_report_has_no_banner(
    stopped: tuple[ScanStopped, CheckContext], tmp_path: Path
) -> None:
    from saferpractice.scan.html_report import render_report
    from saferpractice.scan.output import write_csv

    scan_stopped, ctx = stopped
    html = render_report(scan_stopped.partial, ctx.school, ctx.policy, AS_OF, ["x"])
    assert "INCOMPLETE" not in html and 'class="incomplete"' not in html
    out = io.StringIO()
    write_csv(scan_stopped.partial.findings, out)
    assert out.getvalue().startswith('"id","rule"')
