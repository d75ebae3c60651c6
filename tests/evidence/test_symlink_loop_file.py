"""A file-level symbolic link loop in an evidence folder is counted as skipped; it never stops
`scan` or `evidence read` (red team: `loop1 -> loop2 -> loop1` raised RuntimeError from
Path.resolve in the source name, a traceback and no output)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from saferpractice.cli import cli
from saferpractice.evidence.csvutil import source_name
from saferpractice.evidence.registry import iter_evidence
from saferpractice.evidence.report import ReadReport

CSV = (
    "id,channel,sent_at,from,to,body\n"
    "m1,sms,2026-03-03T10:00:00+00:00,+447700900185,+447700900575,hello\n"
)


def _tree(tmp_path: Path) -> Path:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "texts.csv").write_text(CSV)
    (evidence / "loop1").symlink_to("loop2")
    (evidence / "loop2").symlink_to("loop1")
    return evidence


def test_a_link_loop_is_named_relative_to_the_root(tmp_path: Path) -> None:
    evidence = _tree(tmp_path)
    assert source_name(evidence / "loop1", evidence) == "loop1"
    outside = tmp_path / "elsewhere"
    outside.symlink_to("elsewhere")
    assert source_name(outside, evidence) == outside.as_posix()


def test_a_link_loop_is_counted_and_the_rest_is_read(tmp_path: Path) -> None:
    evidence = _tree(tmp_path)
    report = ReadReport()
    records = list(iter_evidence([evidence], report, evidence))
    assert [r.source for r in records] == ["texts.csv"]
    skipped = {d.source for d in report.diagnostics}
    assert {"loop1", "loop2"} <= skipped


def test_evidence_read_survives_a_link_loop(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evidence", "read", str(_tree(tmp_path))])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1  # items skipped: the two links
    assert '"id": "m1"' in result.stdout
