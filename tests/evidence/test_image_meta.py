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

from saferpractice.evidence.exif import _exif_datetime
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
    # A capture time without an offset is never assumed to be London's: it stays naive (the
    # camera's clock), and the reader says so.
    canon, warnings = read_image_meta((root / "jpg/Canon_40D.jpg").read_bytes())
    assert canon is not None and canon.captured_at == datetime(2008, 5, 30, 15, 56, 1)
    assert canon.captured_at.tzinfo is None
    assert any("no UTC offset" in w for w in warnings)


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


# -- capture time from XMP and IPTC, UTF-16 XMP, unknown offsets, GPS range (issues 12, 10) --


def _without_exif(jpeg: bytes) -> bytes:
    """The JPEG with its EXIF APP1 segment removed (XMP and the rest kept)."""
    out, position = bytearray(jpeg[:2]), 2
    while position + 4 <= len(jpeg) and jpeg[position] == 0xFF:
        marker = jpeg[position + 1]
        if marker in (0xD9, 0xDA):
            break
        (length,) = struct.unpack_from(">H", jpeg, position + 2)
        segment = jpeg[position : position + 2 + length]
        if not (marker == 0xE1 and segment[4:10] == b"Exif\x00\x00"):
            out += segment
        position += 2 + length
    return bytes(out + jpeg[position:])


def test_capture_time_from_real_xmp_when_exif_has_none(shared_data: Path) -> None:
    root = shared_data / "exif-samples/jpg"
    # long_description.jpg carries its capture date only in XMP photoshop:DateCreated; the
    # EXIF DateTime there is when the file was saved, a week later
    meta, warnings = read_image_meta((root / "long_description.jpg").read_bytes())
    assert meta is not None and meta.captured_at == datetime(2003, 8, 31)
    assert any("no UTC offset" in w for w in warnings)
    # Nikon_D70.jpg's EXIF time has no offset; its XMP copy of the same moment does
    nikon = (root / "Nikon_D70.jpg").read_bytes()
    meta, _ = read_image_meta(nikon)
    assert meta is not None
    assert meta.captured_at == datetime(2008, 3, 15, 9, 52, 1, tzinfo=timezone(timedelta(hours=-4)))
    # with the EXIF block removed, XMP exif:DateTimeOriginal alone gives the same moment
    stripped, warnings = read_image_meta(_without_exif(nikon))
    assert stripped is not None and stripped.captured_at == meta.captured_at
    assert stripped.make == ""  # the EXIF really is gone


def _photoshop_iptc(datasets: list[tuple[int, bytes]]) -> bytes:
    iim = b"".join(b"\x1c\x02" + bytes([n]) + struct.pack(">H", len(v)) + v for n, v in datasets)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    return b"Photoshop 3.0\x00" + resource


def test_capture_time_from_iptc_and_not_the_save_time() -> None:
    exif = Image.Exif()
    exif[0x0132] = "2025:01:10 18:00:00"  # IFD0 DateTime: when an editor saved the file
    body = _photoshop_iptc([(55, b"20240703"), (60, b"141522+0100"), (80, b"Jo Bloggs")])
    plain = jpeg_with(exif)
    data = plain[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + plain[2:]
    meta, warnings = read_image_meta(data)
    assert meta is not None
    assert meta.captured_at == datetime(2024, 7, 3, 14, 15, 22, tzinfo=timezone(timedelta(hours=1)))
    assert meta.artist == "Jo Bloggs" and warnings == []
    # with no capture date anywhere, the save time is used and the reader says so
    meta, warnings = read_image_meta(plain)
    assert meta is not None and meta.captured_at == datetime(2025, 1, 10, 18, 0)
    assert any("last saved" in w for w in warnings)


def test_xmp_capture_dates_in_attribute_and_element_form() -> None:
    attribute = xmp_packet("").replace(
        b'rdf:about=""',
        b'rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:DateTimeOriginal="2024-05-03T14:05:22Z"',
    )
    meta, _ = read_image_meta(jpeg_with(xmp=attribute))
    assert meta is not None and meta.captured_at == datetime(2024, 5, 3, 14, 5, 22, tzinfo=UTC)
    element = xmp_packet(
        '<xmp:CreateDate xmlns:xmp="http://ns.adobe.com/xap/1.0/">2024-05-03T14:05</xmp:CreateDate>'
    )
    meta, warnings = read_image_meta(jpeg_with(xmp=element))
    assert meta is not None and meta.captured_at == datetime(2024, 5, 3, 14, 5)
    assert any("xmp:CreateDate" in w and "no UTC offset" in w for w in warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_xmp_is_read(encoding: str) -> None:
    packet = xmp_packet(
        "<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Zoë Brontë</rdf:li></rdf:Bag>"
        "</Iptc4xmpExt:PersonInImage>"
    )
    wide = packet.decode().encode(encoding)  # "utf-16" writes a byte-order mark
    meta, warnings = read_image_meta(jpeg_with(xmp=wide))
    assert meta is not None and meta.people == ("Zoë Brontë",), warnings
    fields = read_xmp(wide)
    assert fields.people == ["Zoë Brontë"] and fields.warnings == []


def test_utf16_xmp_cannot_hide_a_dtd() -> None:
    hostile = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/"/>'.encode(
        "utf-16"
    )
    assert any("DTD" in w for w in read_xmp(hostile).warnings)


def _hostile_gps_tiff() -> bytes:
    """A TIFF whose GPS IFD holds SRATIONAL latitude -500 and DOUBLE longitude +infinity."""
    entries = [
        (1, 2, 2, b"N\x00\x00\x00"),
        (2, 10, 3, None),
        (3, 2, 2, b"E\x00\x00\x00"),
        (4, 12, 3, None),
    ]
    header = b"II*\x00" + struct.pack("<I", 8)
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x8825, 4, 1, 26) + struct.pack("<I", 0)
    gps_offset = 26
    data_offset = gps_offset + 2 + 12 * len(entries) + 4
    lat_values = struct.pack("<6i", -500, 1, 0, 1, 0, 1)
    lon_values = struct.pack("<3d", float("inf"), 0.0, 0.0)
    gps = struct.pack("<H", len(entries))
    gps += struct.pack("<HHI", 1, 2, 2) + b"N\x00\x00\x00"
    gps += struct.pack("<HHII", 2, 10, 3, data_offset)
    gps += struct.pack("<HHI", 3, 2, 2) + b"E\x00\x00\x00"
    gps += struct.pack("<HHII", 4, 12, 3, data_offset + len(lat_values))
    gps += struct.pack("<I", 0)
    tiff = header + ifd0 + gps + lat_values + lon_values
    return tiff


def test_out_of_range_gps_is_rejected_with_a_diagnostic() -> None:
    """Issue 10 item 16: latitude -500 and longitude infinity are refused, not recorded."""
    from saferpractice.evidence.exif import read_exif

    tiff = _hostile_gps_tiff()
    fields = read_exif(tiff)
    assert fields.gps_present and fields.latitude is None and fields.longitude is None
    assert any("latitude -500" in w for w in fields.warnings)
    assert any("longitude inf" in w for w in fields.warnings)


def test_evidence_read_prints_strict_json(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from saferpractice.cli import cli

    (tmp_path / "hostile.tif").write_bytes(_hostile_gps_tiff())
    result = CliRunner().invoke(cli, ["evidence", "read", str(tmp_path)])
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    for line in lines:
        json.loads(line, parse_constant=lambda name: pytest.fail(f"non-standard JSON {name}"))
    record = json.loads(lines[0])
    assert record["meta"]["gps_present"] is True
    assert record["meta"]["latitude"] is None and record["meta"]["longitude"] is None
    assert "latitude -500" in result.stderr and "outside" in result.stderr


@settings(max_examples=60, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1)),
    offset=st.one_of(
        st.none(), st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15)
    ),
    tag=st.sampled_from(["exif:DateTimeOriginal", "photoshop:DateCreated", "xmp:CreateDate"]),
)
def test_generated_xmp_dates_round_trip(when: datetime, offset: int | None, tag: str) -> None:
    zone = timezone(timedelta(minutes=offset)) if offset is not None else None
    moment = when.replace(microsecond=0, tzinfo=zone)
    namespaces = (
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
    )
    packet = xmp_packet(f"<{tag} {namespaces}>{moment.isoformat()}</{tag}>")
    meta, warnings = read_image_meta(jpeg_with(xmp=packet))
    assert meta is not None and meta.captured_at == moment
    assert (offset is None) == any("no UTC offset" in w for w in warnings)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.from_regex(
            r"[0-9]{1,4}:[0-9]{1,2}:[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}", fullmatch=True
        ),
        st.text(max_size=19),
    )
)
def test_the_fast_exif_time_parser_agrees_with_strptime(value: str) -> None:
    try:
        expected: object = datetime.strptime(value, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        expected = ValueError
    try:
        found: object = _exif_datetime(value)
    except ValueError:
        found = ValueError
    assert found == expected
