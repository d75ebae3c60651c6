"""Image metadata: real camera samples, their crash cases, hostile input and round trips."""

from __future__ import annotations

import io
import struct
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import exifread
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from saferpractice.evidence.image_meta import image_format, read_image_meta
from saferpractice.evidence.xmp import read_xmp

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tiff", ".tif", ".heic", ".heif", ".png"}


def samples(shared_data: Path) -> list[Path]:
    root = shared_data / "exif-samples"
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def jpeg_with(exif: Image.Exif | None = None, xmp: bytes = b"") -> bytes:
    """A tiny JPEG written by Pillow, with an XMP APP1 segment spliced in after SOI."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG", exif=exif or Image.Exif())
    data = buffer.getvalue()
    if xmp:
        body = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
        data = data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]
    return data


def xmp_packet(inner: str) -> bytes:
    return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
 xmlns:lr="http://ns.adobe.com/lightroom/1.0/">
<rdf:Description rdf:about="">{inner}</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def test_every_sample_reads_without_raising(shared_data: Path) -> None:
    files = samples(shared_data)
    assert len(files) > 60
    for path in files:
        meta, warnings = read_image_meta(path.read_bytes())
        assert meta is not None, path
        assert all(isinstance(w, str) and w for w in warnings)


def test_make_and_model_agree_with_exifread(shared_data: Path) -> None:
    """An independent EXIF implementation reads the same camera make and model."""
    compared = 0
    for path in samples(shared_data):
        if path.suffix.lower() not in (".jpg", ".jpeg"):
            continue
        with path.open("rb") as handle:
            try:
                tags = exifread.process_file(handle, details=False)
            except Exception:
                continue  # exifread's own crash cases; ours must still not crash
        meta, _ = read_image_meta(path.read_bytes())
        assert meta is not None
        for name, ours in (("Image Make", meta.make), ("Image Model", meta.model)):
            if name in tags:
                theirs = str(tags[name]).strip().strip("\x00").strip()
                assert ours == theirs, (path, name)
                compared += 1
    assert compared > 50


def test_gps_serial_and_time_from_real_cameras(shared_data: Path) -> None:
    root = shared_data / "exif-samples"
    iphone, _ = read_image_meta((root / "jpg/hdr/iphone_hdr_YES.jpg").read_bytes())
    assert iphone is not None and iphone.gps_present
    assert iphone.latitude == pytest.approx(40.447, abs=0.001)
    assert iphone.longitude == pytest.approx(-3.7248, abs=0.001)  # ref "W" makes it negative
    nikon, _ = read_image_meta((root / "jpg/tests/87_OSError.jpg").read_bytes())
    assert nikon is not None and nikon.serial and nikon.make == "NIKON CORPORATION"
    heic, warnings = read_image_meta((root / "heic/IMG_5195.HEIC").read_bytes())
    assert heic is not None and warnings == []
    assert heic.make == "Apple" and heic.captured_at is not None
    assert heic.captured_at.utcoffset() == timedelta(hours=-5)  # from OffsetTimeOriginal
    # A naive capture time is in the school's timezone (BST in May).
    canon, _ = read_image_meta((root / "jpg/Canon_40D.jpg").read_bytes())
    assert canon is not None and canon.captured_at is not None
    assert canon.captured_at.utcoffset() == timedelta(hours=1)


def test_tiff_artist(shared_data: Path) -> None:
    path = shared_data / "exif-samples" / "tiff" / "Crémieux11.tiff"
    meta, _ = read_image_meta(path.read_bytes())
    assert meta is not None and meta.artist == "Jean Cornillon"


def test_not_an_image_is_none() -> None:
    meta, warnings = read_image_meta(b"id,channel\n1,sms\n")
    assert meta is None and warnings


def test_people_and_keywords_from_xmp() -> None:
    inner = """
<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Amira Khan</rdf:li>
<rdf:li>Tom O'Neill</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
<dc:subject><rdf:Bag><rdf:li>sports day</rdf:li><rdf:li>year 5</rdf:li></rdf:Bag></dc:subject>
<lr:hierarchicalSubject><rdf:Bag><rdf:li>People|Class 5|Ola Nowak</rdf:li>
<rdf:li>Places|Field</rdf:li></rdf:Bag></lr:hierarchicalSubject>
<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
<rdf:li><rdf:Description mwg-rs:Name="Jade Brown" mwg-rs:Type="Face"/></rdf:li>
<rdf:li rdf:parseType="Resource"><mwg-rs:Name>Sam Lee</mwg-rs:Name>
<mwg-rs:Type>Face</mwg-rs:Type></rdf:li>
<rdf:li><rdf:Description mwg-rs:Name="Rex" mwg-rs:Type="Pet"/></rdf:li>
</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>"""
    meta, warnings = read_image_meta(jpeg_with(xmp=xmp_packet(inner)))
    assert warnings == []
    assert meta is not None
    assert set(meta.people) == {"Amira Khan", "Tom O'Neill", "Ola Nowak", "Jade Brown", "Sam Lee"}
    assert meta.keywords == ("sports day", "year 5")


def test_sam_lee_region_written_as_parse_type_resource() -> None:
    inner = """<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
<rdf:li rdf:parseType="Resource"><mwg-rs:Name>Sam Lee</mwg-rs:Name></rdf:li>
</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>"""
    fields = read_xmp(xmp_packet(inner))
    assert fields.people == ["Sam Lee"]


def test_xmp_with_entities_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>"""
    meta, warnings = read_image_meta(jpeg_with(xmp=bomb))
    assert meta is not None and meta.people == ()
    assert any("DTD or entities" in w for w in warnings)


def test_broken_xmp_is_a_warning() -> None:
    meta, warnings = read_image_meta(jpeg_with(xmp=b"<x:xmpmeta><unclosed></x:xmpmeta>"))
    assert meta is not None
    assert any("not well-formed" in w for w in warnings)


def tiff_with_entry(tag: int, kind: int, count: int, value: int) -> bytes:
    """A little-endian TIFF header and IFD0 holding one entry (all fields chosen freely)."""
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<HHHII", 1, tag, kind, count, value)


def test_absurd_exif_count_is_bounded() -> None:
    # Make (ASCII) claiming four billion characters at an offset beyond the data.
    data = b"\xff\xd8" + _app1(b"Exif\x00\x00" + tiff_with_entry(0x010F, 2, 0xFFFFFFFF, 26))
    started = time.perf_counter()
    meta, warnings = read_image_meta(data + b"\xff\xd9")
    assert time.perf_counter() - started < 1
    assert meta is not None and meta.make == ""
    assert any("claims" in w for w in warnings)


def test_absurd_entry_count_is_capped() -> None:
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF) + b"\x00" * 120
    meta, warnings = read_image_meta(b"\xff\xd8" + _app1(b"Exif\x00\x00" + tiff))
    assert meta is not None
    assert any("entries" in w for w in warnings)


def test_exif_pointer_loop_ends() -> None:
    # IFD0's Exif pointer points back at IFD0 itself.
    tiff = tiff_with_entry(0x8769, 4, 1, 8) + b"\x00\x00\x00\x00"
    meta, warnings = read_image_meta(tiff)
    assert meta is not None
    assert any("loops" in w for w in warnings)


def test_huge_dimensions_cost_nothing() -> None:
    """A PNG declaring a 100000 x 100000 image is read for metadata without decoding."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"x" * 10)
    started = time.perf_counter()
    meta, warnings = read_image_meta(png + _chunk(b"IEND", b""))
    assert time.perf_counter() - started < 1
    assert meta is not None and warnings == []


def _app1(body: bytes) -> bytes:
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + b"\x00\x00\x00\x00"


MAGICS = [
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF\x00\x00\x00\x00WEBP",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(magic=st.sampled_from(MAGICS), rest=st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(magic: bytes, rest: bytes) -> None:
    meta, warnings = read_image_meta(magic + rest)
    assert meta is not None
    assert all(isinstance(w, str) for w in warnings)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=512))
def test_any_bytes_are_an_image_or_refused(data: bytes) -> None:
    meta, warnings = read_image_meta(data)
    assert (meta is None) == (image_format(data[:64]) is None)
    if meta is None:
        assert warnings


text_values = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(
    make=text_values,
    model=text_values,
    serial=text_values,
    when=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1)),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
    lat=st.floats(min_value=0, max_value=89.9),
    lon=st.floats(min_value=0, max_value=179.9),
    south=st.booleans(),
    west=st.booleans(),
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP"]),
)
def test_exif_written_by_pillow_round_trips(
    make: str,
    model: str,
    serial: str,
    when: datetime,
    offset_minutes: int,
    lat: float,
    lon: float,
    south: bool,
    west: bool,
    fmt: str,
) -> None:
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    sign = "-" if offset_minutes < 0 else "+"
    sub[0x9011] = f"{sign}{abs(offset_minutes) // 60:02d}:{abs(offset_minutes) % 60:02d}"
    sub[0xA431] = serial
    gps = exif.get_ifd(0x8825)
    gps[1], gps[3] = ("S" if south else "N"), ("W" if west else "E")
    gps[2] = (IFDRational(int(lat * 1_000_000), 1_000_000), IFDRational(0, 1), IFDRational(0, 1))
    gps[4] = (IFDRational(int(lon * 1_000_000), 1_000_000), IFDRational(0, 1), IFDRational(0, 1))
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, fmt, exif=exif)
    meta, warnings = read_image_meta(buffer.getvalue())
    assert warnings == []
    assert meta is not None
    assert (meta.make, meta.model, meta.serial) == (make, model, serial)
    expected = when.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert meta.captured_at == expected
    assert meta.gps_present
    assert meta.latitude == pytest.approx(-lat if south else lat, abs=1e-5)
    assert meta.longitude == pytest.approx(-lon if west else lon, abs=1e-5)
    assert meta.captured_at is not None and meta.captured_at.astimezone(UTC)
