"""Image metadata (EXIF, XMP, IPTC) from the bytes of a JPEG, PNG, TIFF, WebP or HEIC/HEIF.

Metadata only: pixels are never decoded, so a "decompression bomb" costs nothing. The
container is walked with bounds checks to find the EXIF and XMP blocks, which
`saferpractice.evidence.exif` and `saferpractice.evidence.xmp` read with their own caps.
HEIC/HEIF containers are opened with pillow-heif, which reads the boxes but not the image.

Public API: `image_format(head)` and `read_image_meta(data) -> (ImageMeta | None, warnings)`.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from saferpractice.evidence.exif import ExifFields, read_exif
from saferpractice.evidence.iptc import read_iptc
from saferpractice.evidence.records import ImageMeta
from saferpractice.evidence.xmp import (
    DATE_TAGS,
    MAX_XMP_BYTES,
    find_packet,
    parse_xmp_date,
    read_xmp,
)

SCHOOL_TIMEZONE = ZoneInfo("Europe/London")

_EXIF_PREFIX = b"Exif\x00\x00"
_XMP_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"
_PHOTOSHOP_PREFIX = b"Photoshop 3.0\x00"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
)
_XMP_DATE_LABELS = ("XMP exif:DateTimeOriginal", "XMP photoshop:DateCreated", "XMP xmp:CreateDate")
MAX_SEGMENTS = 4096  # JPEG segments or PNG chunks walked before giving up


def image_format(head: bytes) -> str | None:
    """The image format named by the magic bytes at the start of a file, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_PNG_SIGNATURE):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    if head[4:8] == b"ftyp" and any(
        head[i : i + 4] in _HEIF_BRANDS for i in range(16, min(len(head), 64), 4)
    ):
        return "heif"
    return None


@dataclass(slots=True)
class _Blocks:
    """The metadata blocks found in a container."""

    exif: bytes = b""
    xmp: bytes = b""
    iptc: bytes = b""
    warnings: list[str] = field(default_factory=list)


def _jpeg_blocks(data: bytes) -> _Blocks:
    blocks = _Blocks()
    position = 2
    for _ in range(MAX_SEGMENTS):
        if position + 4 > len(data):
            blocks.warnings.append("JPEG ends before its image data")
            return blocks
        if data[position] != 0xFF:
            blocks.warnings.append(f"JPEG segment marker missing at offset {position}")
            return blocks
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no metadata after this
            return blocks
        (length,) = struct.unpack_from(">H", data, position + 2)
        if length < 2:
            blocks.warnings.append(f"JPEG segment at offset {position} has length {length}")
            return blocks
        body = data[position + 4 : position + 2 + length]
        if marker == 0xE1 and body.startswith(_EXIF_PREFIX) and not blocks.exif:
            blocks.exif = body[len(_EXIF_PREFIX) :]
        elif marker == 0xE1 and body.startswith(_XMP_PREFIX) and not blocks.xmp:
            blocks.xmp = body[len(_XMP_PREFIX) :]
        elif marker == 0xED and body.startswith(_PHOTOSHOP_PREFIX) and not blocks.iptc:
            blocks.iptc = body[len(_PHOTOSHOP_PREFIX) :]
        position += 2 + length
    blocks.warnings.append(f"JPEG has more than {MAX_SEGMENTS} segments; the rest were not read")
    return blocks


def _inflate(data: bytes, limit: int) -> bytes | None:
    """zlib-decompress at most `limit` bytes; None if corrupt or larger than the limit."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else out


def _png_blocks(data: bytes) -> _Blocks:
    blocks = _Blocks()
    position = len(_PNG_SIGNATURE)
    for _ in range(MAX_SEGMENTS):
        if position + 8 > len(data):
            blocks.warnings.append("PNG ends without an IEND chunk")
            return blocks
        length, kind = struct.unpack_from(">I4s", data, position)
        body = data[position + 8 : position + 8 + length]
        if len(body) < length:
            blocks.warnings.append(f"PNG chunk {kind!r} at offset {position} is truncated")
            return blocks
        if kind == b"eXIf" and not blocks.exif:
            blocks.exif = body
        elif kind == b"iTXt" and body.startswith(b"XML:com.adobe.xmp\x00") and not blocks.xmp:
            rest = body[len(b"XML:com.adobe.xmp\x00") :]
            compressed = rest[:1] == b"\x01"
            # after the flags: language tag NUL, translated keyword NUL, then the text
            parts = rest[2:].split(b"\x00", 2)
            text = parts[2] if len(parts) == 3 else b""
            if compressed:
                inflated = _inflate(text, MAX_XMP_BYTES)
                if inflated is None:
                    blocks.warnings.append("PNG XMP chunk is corrupt or too large; ignored")
                text = inflated or b""
            blocks.xmp = text
        elif kind == b"IEND":
            return blocks
        position += 12 + length
    blocks.warnings.append(f"PNG has more than {MAX_SEGMENTS} chunks; the rest were not read")
    return blocks


def _webp_blocks(data: bytes) -> _Blocks:
    blocks = _Blocks()
    position = 12
    end = min(len(data), 8 + (struct.unpack_from("<I", data, 4)[0] if len(data) >= 8 else 0))
    for _ in range(MAX_SEGMENTS):
        if position + 8 > end:
            return blocks
        kind, length = struct.unpack_from("<4sI", data, position)
        body = data[position + 8 : position + 8 + length]
        if kind == b"EXIF":
            blocks.exif = body[len(_EXIF_PREFIX) :] if body.startswith(_EXIF_PREFIX) else body
        elif kind == b"XMP ":
            blocks.xmp = body
        position += 8 + length + (length & 1)
    return blocks


def _heif_blocks(data: bytes) -> _Blocks:
    blocks = _Blocks()
    try:
        import pillow_heif  # imported here: loading libheif is only worth it for HEIF files

        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=False)
        info = heif.info
    except Exception as error:  # libheif reports corrupt files with assorted exceptions
        blocks.warnings.append(f"HEIF container could not be read ({error})")
        return blocks
    exif = info.get("exif") or b""
    if isinstance(exif, bytes):
        # pillow-heif returns the block with its "Exif\0\0" prefix; some files put a
        # 4-byte offset before the TIFF header instead.
        if exif.startswith(_EXIF_PREFIX):
            exif = exif[len(_EXIF_PREFIX) :]
        elif exif[4:8] in (b"II*\x00", b"MM\x00*"):
            exif = exif[4:]
        blocks.exif = exif
    xmp = info.get("xmp") or b""
    if isinstance(xmp, bytes):
        blocks.xmp = xmp
    return blocks


def _blocks(kind: str, data: bytes) -> _Blocks:
    if kind == "jpeg":
        return _jpeg_blocks(data)
    if kind == "png":
        return _png_blocks(data)
    if kind == "webp":
        return _webp_blocks(data)
    if kind == "heif":
        return _heif_blocks(data)
    return _Blocks(exif=data)  # a TIFF file is itself an EXIF-style structure


def read_image_meta(data: bytes, local: tzinfo | None = None) -> tuple[ImageMeta | None, list[str]]:
    """Metadata of an image given as bytes, and the warnings met reading it.

    Returns (None, [reason]) when the bytes are not an image format this reads; otherwise an
    `ImageMeta` (possibly empty) and warnings for every part that could not be read.

    The capture time is the first of: EXIF DateTimeOriginal (else DateTimeDigitized), XMP
    exif:DateTimeOriginal, XMP photoshop:DateCreated, IPTC DateCreated + TimeCreated, XMP
    xmp:CreateDate, and only then EXIF DateTime (the file's save time, with a warning). A
    time without an offset takes the EXIF OffsetTimeOriginal (or OffsetTime) when the
    camera wrote one; otherwise it stays naive (the camera's clock, zone unknown), with a
    warning, unless `local` is given. Never raises on bad input.
    """
    kind = image_format(data[:64])
    if kind is None:
        return None, ["not a JPEG, PNG, TIFF, WebP or HEIC/HEIF image"]
    try:
        return _read(kind, data, local)
    except (struct.error, ValueError, IndexError, OverflowError, MemoryError) as error:
        # The readers bound-check every access; this is the last line against a case
        # they missed, so that one hostile image never stops a scan.
        return ImageMeta(), [f"{kind.upper()} metadata could not be read ({error})"]


def _read(kind: str, data: bytes, local: tzinfo | None) -> tuple[ImageMeta, list[str]]:
    blocks = _blocks(kind, data)
    warnings = list(blocks.warnings)
    exif = ExifFields()
    if blocks.exif:
        exif = read_exif(blocks.exif, local)
        warnings.extend(exif.warnings)
    xmp_packet = blocks.xmp or exif.xmp
    if not xmp_packet and kind in ("jpeg", "tiff"):
        xmp_packet = find_packet(data[: 4 * MAX_XMP_BYTES])
    xmp = read_xmp(xmp_packet)
    warnings.extend(xmp.warnings)
    people = list(xmp.people)
    keywords = list(xmp.keywords)
    iptc_created = None
    if blocks.iptc:
        iptc = read_iptc(blocks.iptc)
        iptc_created = iptc.created
        warnings.extend(iptc.warnings)
        keywords.extend(k for k in iptc.keywords if k not in keywords)
        if not exif.artist and iptc.byline:
            exif.artist = iptc.byline
    captured_at = _capture_time(exif, xmp.dates, iptc_created, local, warnings)
    meta = ImageMeta(
        captured_at=captured_at,
        make=exif.make,
        model=exif.model,
        serial=exif.serial,
        artist=exif.artist or exif.owner or xmp.creator,
        software=exif.software or xmp.creator_tool,
        gps_present=exif.gps_present,
        latitude=exif.latitude,
        longitude=exif.longitude,
        people=tuple(people),
        keywords=tuple(keywords),
    )
    return meta, warnings


def _capture_time(
    exif: ExifFields,
    xmp_dates: dict[str, str],
    iptc_created: datetime | None,
    local: tzinfo | None,
    warnings: list[str],
) -> datetime | None:
    """When the photo was taken, from the most specific field that says (see read_image_meta)."""
    candidates: list[tuple[str, datetime | None]] = [("EXIF DateTimeOriginal", exif.captured_at)]
    for tag, label in zip(DATE_TAGS, _XMP_DATE_LABELS, strict=True):
        if tag == DATE_TAGS[2]:
            candidates.append(("IPTC DateCreated", iptc_created))
        raw = xmp_dates.get(tag)
        parsed = parse_xmp_date(raw) if raw else None
        if raw and parsed is None:
            warnings.append(f"{label} {raw[:40]!r} is not a date")
        candidates.append((label, parsed))
    source, when = next(((s, w) for s, w in candidates if w is not None), ("", None))
    if when is None and exif.saved_at is not None:
        source, when = "EXIF DateTime", exif.saved_at
        warnings.append(
            "no capture time in the file; the time it was last saved (EXIF DateTime) is used"
        )
    if when is None or when.tzinfo is not None:
        return when
    # Cameras write EXIF without an offset and XMP with one: the same moment, so its zone.
    same = (
        w for _, w in candidates if w is not None and w.tzinfo and w.replace(tzinfo=None) == when
    )
    zone = exif.offset or next((w.tzinfo for w in same), None) or local
    if zone is not None:
        return when.replace(tzinfo=zone)
    warnings.append(
        f"capture time ({source}) has no UTC offset: kept as the camera's clock, zone unknown"
    )
    return when
