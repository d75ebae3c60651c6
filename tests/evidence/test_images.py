"""Image files as evidence: sidecar people, intended use from the sidecar or the folder."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from saferpractice.evidence.images import SidecarCache, normalise_use, read_image, use_from_folders
from saferpractice.evidence.report import ReadReport

XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
<rdf:Description rdf:about=""><Iptc4xmpExt:PersonInImage><rdf:Bag>
<rdf:li>P0101</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description>
</rdf:RDF></x:xmpmeta>"""


def photo(path: Path, *, serial: str = "", xmp: bytes = b"") -> Path:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 12"
    if serial:
        exif.get_ifd(0x8769)[0xA431] = serial
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    if xmp:
        body = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
        data = data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_gives_the_use_and_xmp_the_people(tmp_path: Path) -> None:
    path = photo(tmp_path / "photos" / "Website" / "2025" / "sports.jpg", serial="C1", xmp=XMP)
    report = ReadReport()
    (record,) = read_image(path, report, tmp_path)
    assert record.use == "website"
    assert record.meta.people == ("P0101",)
    assert record.meta.serial == "C1"
    assert record.path == record.source == "photos/Website/2025/sports.jpg"
    assert report.stats[record.source].read == 1


def test_sidecar_adds_people_and_overrides_use(tmp_path: Path) -> None:
    folder = tmp_path / "press"
    path = photo(folder / "trip.jpg", xmp=XMP)
    photo(folder / "other.JPG")
    (folder / "images.csv").write_text(
        "file,people,use,taken_by\n"
        "trip.jpg,P0102; P0101 ;P0103,social media,S007\n"
        "other.jpg,,,S008\n"
        "missing.jpg,P0200,website,S001\n"
        "bad.jpg,,billboard,S001\n"
    )
    report = ReadReport()
    cache = SidecarCache()
    (record,) = read_image(path, report, tmp_path, cache)
    assert record.meta.people == ("P0101", "P0102", "P0103")
    assert record.use == "social-media"
    assert record.taken_by == "S007"
    (other,) = read_image(folder / "other.JPG", report, tmp_path, cache)
    assert other.use == "press"  # no use in the sidecar: the folder's
    assert other.taken_by == "S008"  # matched without regard to case
    sidecar_notes = [d.message for d in report.diagnostics if d.source == "press/images.csv"]
    assert any("missing.jpg" in note for note in sidecar_notes)
    assert any("billboard" in note for note in sidecar_notes)


def test_a_file_that_is_not_an_image_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(b"hello")
    report = ReadReport()
    assert list(read_image(path, report, tmp_path)) == []
    assert report.total.skipped == 1


def test_use_from_folders_is_nearest_within_root(tmp_path: Path) -> None:
    assert use_from_folders(tmp_path / "press" / "school_displays" / "a.jpg", tmp_path) == (
        "school-displays"
    )
    assert use_from_folders(tmp_path / "holiday" / "a.jpg", tmp_path) is None


@given(st.sampled_from(["school-displays", "website", "social-media", "press", "video"]))
def test_use_spellings(use: str) -> None:
    for form in (use, use.upper(), use.replace("-", "_"), use.replace("-", " ").title()):
        assert normalise_use(form) == use


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_image_files_are_accounted_for(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("img")
    (root / "x.jpg").write_bytes(b"\xff\xd8\xff" + data)
    (root / "y.png").write_bytes(data)
    report = ReadReport()
    records = [*read_image(root / "x.jpg", report, root), *read_image(root / "y.png", report, root)]
    assert report.total.read == len(records)
    assert report.total.read + report.total.skipped == 2
