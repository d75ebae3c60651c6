"""Choosing readers by content, walking folders, and the `evidence` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.cli import cli
from saferpractice.evidence.registry import describe, iter_evidence, sniff
from saferpractice.evidence.report import ReadReport

FIXTURES = Path(__file__).parent / "fixtures"


def copy_as(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def test_sniff_by_content_not_name(tmp_path: Path, shared_data: Path) -> None:
    cases = {
        "messages/sms.csv": "messages-csv",
        "messages/chat.jsonl": "messages-jsonl",
        "social/connections.csv": "connections-csv",
        "social/S012/profile.json": "social-export",
        "web/filter.csv": "web-csv",
        "web/access.log": "squid-log",
        "devices/intune.csv": "mdm-csv",
    }
    for name, kind in cases.items():
        # Misleading names: the content decides.
        renamed = copy_as(FIXTURES / name, tmp_path / f"{kind}.txt")
        spec = sniff(renamed)
        assert spec is not None and spec.name == kind, name
    photo = copy_as(shared_data / "exif-samples/jpg/Canon_40D.jpg", tmp_path / "photo.csv")
    assert (spec := sniff(photo)) is not None and spec.name == "image"
    heic = copy_as(shared_data / "exif-samples/heic/IMG_5195.HEIC", tmp_path / "x.bin")
    assert (spec := sniff(heic)) is not None and spec.name == "image"


def test_binary_garbage_named_csv_is_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_bytes(b"\x00\x01\x02garbage\xff\xfe" * 50)
    (tmp_path / "notes.txt").write_text("just some notes\n")
    (tmp_path / "empty.csv").write_bytes(b"")
    report = ReadReport()
    assert list(iter_evidence([tmp_path], report, tmp_path)) == []
    reasons = {d.source: d.message for d in report.diagnostics}
    assert "binary" in reasons["export.csv"]
    assert "no format" in reasons["notes.txt"]
    assert "empty" in reasons["empty.csv"]
    assert report.total.skipped == 3


def test_walk_reads_everything_in_sorted_order() -> None:
    report = ReadReport()
    records = list(iter_evidence([FIXTURES], report, FIXTURES))
    # Files in sorted path order (a Maildir's messages come in the mail reader's own order).
    sources = list(dict.fromkeys(r.source for r in records if "maildir/" not in r.source))
    assert sources == sorted(sources, key=lambda s: s.split("/"))
    kinds = {r.kind.value for r in records}
    assert {"message", "connection", "profile", "web", "device"} <= kinds
    again = list(iter_evidence([FIXTURES], ReadReport(), FIXTURES))
    assert again == records  # deterministic
    # Every read item is counted against its source.
    assert report.total.read == len(records)


def test_images_folder_with_sidecar(tmp_path: Path, shared_data: Path) -> None:
    folder = tmp_path / "photos" / "website"
    copy_as(shared_data / "exif-samples/jpg/hdr/iphone_hdr_YES.jpg", folder / "a.jpg")
    (folder / "images.csv").write_text("file,people,use,taken_by\na.jpg,P0001,,S001\n")
    report = ReadReport()
    records = list(iter_evidence([tmp_path], report, tmp_path))
    assert len(records) == 1
    image = records[0]
    assert image.kind.value == "image"
    assert image.use == "website" and image.taken_by == "S001"  # type: ignore[attr-defined]
    assert image.meta.people == ("P0001",) and image.meta.gps_present  # type: ignore[attr-defined]
    assert report.total.skipped == 0  # the sidecar is not an unknown file


def test_describe_lists_kinds_and_sizes() -> None:
    rows = {item.path.name: item for item in describe([FIXTURES / "web", FIXTURES / "devices"])}
    assert rows["access.log"].spec is not None and rows["access.log"].spec.name == "squid-log"
    assert rows["intune.csv"].size == (FIXTURES / "devices/intune.csv").stat().st_size


def test_read_command_prints_json_lines_and_a_summary(tmp_path: Path) -> None:
    copy_as(FIXTURES / "web/filter.csv", tmp_path / "web.csv")
    result = CliRunner().invoke(cli, ["evidence", "read", str(tmp_path)])
    assert result.exit_code == 1  # one row was skipped
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["kind"] for line in lines] == ["web", "web", "web"]
    assert lines[0]["time"] == "2025-03-04T10:15:00+00:00"
    assert lines[0]["source"] == "web.csv"
    assert "row 4" in result.stderr and "total: 3 records read" in result.stderr


def test_read_command_exit_zero_when_all_read(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text(
        "time,user,url,category,action\n2025-01-01T09:00:00,a,https://x.example/,News,allowed\n"
    )
    result = CliRunner().invoke(cli, ["evidence", "read", str(tmp_path / "w.csv")])
    assert result.exit_code == 0, result.output


def test_ls_command(tmp_path: Path) -> None:
    copy_as(FIXTURES / "web/access.log", tmp_path / "a.log")
    (tmp_path / "b.bin").write_bytes(b"\x00\x00")
    result = CliRunner().invoke(cli, ["evidence", "ls", str(tmp_path)])
    assert result.exit_code == 0
    assert "Squid access.log" in result.stdout and "binary" in result.stdout


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=1000), name=st.sampled_from(["x.csv", "x.json", "x.jpg", "x"]))
def test_any_file_is_read_or_skipped(tmp_path_factory, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("any")
    (root / name).write_bytes(data)
    report = ReadReport()
    records = list(iter_evidence([root], report, root))
    assert report.total.read == len(records)
    assert not any("internal error" in d.message for d in report.diagnostics)
    if not records:
        assert report.total.skipped >= 1 or data.strip() == b"" or sniff(root / name) is not None


def test_every_fixture_file_is_read_or_skipped_with_a_reason_and_counts_add_up() -> None:
    """Issue 12 "Done when": `evidence read` over a folder of mixed real exports reports
    every file as read or skipped-with-reason, and the counts add up."""
    listed = list(describe([FIXTURES]))
    report = ReadReport()
    records = list(iter_evidence([FIXTURES], report, FIXTURES))
    assert report.total.read == len(records)
    sources = {r.source for r in records}
    for item in listed:
        source = item.path.relative_to(FIXTURES).as_posix()
        if item.spec is not None and item.spec.evidence is None:
            continue  # an image sidecar, read with its images
        if item.spec is not None and item.spec.name == "maildir":
            assert any(s.startswith(source + "/") for s in sources), source
            continue
        stats = report.stats.get(source)
        assert stats is not None and stats.read + stats.skipped > 0, source
        if item.spec is None:
            assert stats.read == 0 and any(
                d.source == source and item.reason in d.message for d in report.diagnostics
            ), source
    # every skip has a diagnostic that names its file
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert len(errors) == report.total.skipped
