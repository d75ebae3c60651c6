"""A bounded reader of the few EXIF (TIFF IFD) tags the checks need.

EXIF in evidence is attacker-controlled, and general-purpose EXIF libraries follow every
count and offset they are given. This reader reads only the tags it knows, caps the number
of entries per directory, the length of every value and the number of directories visited
(so offset loops end), and reports every problem as a warning string instead of raising.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo

MAX_ENTRIES = 512  # entries read from one directory; real cameras write well under 100
MAX_VALUE_BYTES = 64 * 1024  # longest value read for any tag
MAX_DIRECTORIES = 8  # IFD0, its next IFD, Exif, GPS and interoperability are plenty
MAX_TEXT = 256  # characters kept from a text tag

# IFD0
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_SOFTWARE = 0x0131
TAG_DATETIME = 0x0132
TAG_ARTIST = 0x013B
TAG_XMP = 0x02BC
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
# Exif IFD
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004
TAG_OFFSET_TIME = 0x9010
TAG_OFFSET_TIME_ORIGINAL = 0x9011
TAG_OFFSET_TIME_DIGITIZED = 0x9012
TAG_CAMERA_OWNER = 0xA430
TAG_BODY_SERIAL = 0xA431
# GPS IFD
TAG_GPS_LAT_REF = 1
TAG_GPS_LAT = 2
TAG_GPS_LON_REF = 3
TAG_GPS_LON = 4

_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

_IFD0_TAGS = frozenset(
    {
        TAG_MAKE,
        TAG_MODEL,
        TAG_SOFTWARE,
        TAG_DATETIME,
        TAG_ARTIST,
        TAG_XMP,
        TAG_EXIF_IFD,
        TAG_GPS_IFD,
    }
)
_EXIF_TAGS = frozenset(
    {
        TAG_DATETIME_ORIGINAL,
        TAG_DATETIME_DIGITIZED,
        TAG_OFFSET_TIME,
        TAG_OFFSET_TIME_ORIGINAL,
        TAG_OFFSET_TIME_DIGITIZED,
        TAG_CAMERA_OWNER,
        TAG_BODY_SERIAL,
    }
)
_GPS_TAGS = frozenset({TAG_GPS_LAT_REF, TAG_GPS_LAT, TAG_GPS_LON_REF, TAG_GPS_LON})


@dataclass(slots=True)
class ExifFields:
    """The EXIF values read, still raw enough for the caller to combine with XMP."""

    make: str = ""
    model: str = ""
    software: str = ""
    artist: str = ""
    owner: str = ""
    serial: str = ""
    captured_at: datetime | None = None  # DateTimeOriginal, else DateTimeDigitized
    saved_at: datetime | None = None  # IFD0 DateTime: when the file was last saved
    offset: tzinfo | None = None  # OffsetTimeOriginal (else OffsetTime), if the camera wrote one
    gps_present: bool = False
    latitude: float | None = None
    longitude: float | None = None
    xmp: bytes = b""
    warnings: list[str] = field(default_factory=list)


Value = str | bytes | tuple[float, ...] | tuple[int, ...]


class _Tiff:
    """A TIFF byte buffer with its byte order; every read is bounds-checked."""

    def __init__(self, data: bytes, warnings: list[str]) -> None:
        self.data = data
        self.warnings = warnings
        self.order = "<" if data[:2] == b"II" else ">"

    def u16(self, offset: int) -> int | None:
        if offset < 0 or offset + 2 > len(self.data):
            return None
        value: int = struct.unpack_from(self.order + "H", self.data, offset)[0]
        return value

    def u32(self, offset: int) -> int | None:
        if offset < 0 or offset + 4 > len(self.data):
            return None
        value: int = struct.unpack_from(self.order + "I", self.data, offset)[0]
        return value

    def directory(self, offset: int, wanted: frozenset[int], name: str) -> dict[int, Value]:
        """The wanted tags of the directory at `offset` (empty, with a warning, if unreadable)."""
        count = self.u16(offset)
        if count is None:
            self.warnings.append(f"EXIF {name} directory offset {offset} is outside the data")
            return {}
        if count > MAX_ENTRIES:
            self.warnings.append(
                f"EXIF {name} directory claims {count} entries; only the first "
                f"{MAX_ENTRIES} were read"
            )
            count = MAX_ENTRIES
        values: dict[int, Value] = {}
        for index in range(count):
            entry = offset + 2 + 12 * index
            if entry + 12 > len(self.data):
                self.warnings.append(f"EXIF {name} directory is truncated after {index} entries")
                break
            tag, kind, number = struct.unpack_from(self.order + "HHI", self.data, entry)
            if tag not in wanted:
                continue
            value = self._value(entry, tag, kind, number, name)
            if value is not None:
                values[tag] = value
        return values

    def next_directory(self, offset: int) -> int:
        count = self.u16(offset)
        if count is None:
            return 0
        return self.u32(offset + 2 + 12 * min(count, MAX_ENTRIES)) or 0

    def _value(self, entry: int, tag: int, kind: int, number: int, name: str) -> Value | None:
        size = _TYPE_SIZES.get(kind)
        if size is None:
            self.warnings.append(f"EXIF {name} tag 0x{tag:04X} has unknown type {kind}")
            return None
        length = size * number
        if length > MAX_VALUE_BYTES:
            self.warnings.append(
                f"EXIF {name} tag 0x{tag:04X} claims {number} values ({length} bytes); ignored"
            )
            return None
        if length <= 4:
            start = entry + 8
        else:
            pointer = self.u32(entry + 8)
            start = pointer if pointer is not None else -1
        if start < 0 or start + length > len(self.data):
            self.warnings.append(f"EXIF {name} tag 0x{tag:04X} points outside the data")
            return None
        raw = self.data[start : start + length]
        if kind in (1, 2, 6, 7):
            return raw
        if kind in (3, 8):
            return struct.unpack(f"{self.order}{number}{'H' if kind == 3 else 'h'}", raw)
        if kind in (4, 9, 13):
            return struct.unpack(f"{self.order}{number}{'i' if kind == 9 else 'I'}", raw)
        if kind in (5, 10):
            pairs = struct.unpack(f"{self.order}{2 * number}{'i' if kind == 10 else 'I'}", raw)
            return tuple(
                (pairs[i] / pairs[i + 1]) if pairs[i + 1] else float("nan")
                for i in range(0, len(pairs), 2)
            )
        return struct.unpack(f"{self.order}{number}{'f' if kind == 11 else 'd'}", raw)


def text(value: Value | None) -> str:
    """A tag's text, trimmed of padding and NULs; UTF-8 where valid (as phones write it)."""
    if not isinstance(value, bytes):
        return ""
    raw = value.split(b"\x00", 1)[0]
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = raw.decode("latin-1")
    cleaned = "".join(ch for ch in decoded if ch.isprintable()).strip()
    return cleaned[:MAX_TEXT]


def parse_offset(value: str) -> tzinfo | None:
    """An EXIF OffsetTime ("+01:00"), or None if absent or malformed."""
    value = value.strip()
    if len(value) != 6 or value[0] not in "+-" or value[3] != ":":
        return None
    try:
        hours, minutes = int(value[1:3]), int(value[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if value[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


_EXIF_DATETIME = re.compile(r"([0-9]{4}):([0-9]{2}):([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")


def _exif_datetime(value: str) -> datetime:
    """strptime's "%Y:%m:%d %H:%M:%S", without its cost for the usual two-digit fields."""
    match = _EXIF_DATETIME.fullmatch(value)
    if match is not None:
        try:
            year, month, day, hour, minute, second = map(int, match.groups())
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            pass  # strptime below says the same, in its own words
    return datetime.strptime(value, "%Y:%m:%d %H:%M:%S")


def parse_exif_datetime(
    value: str, offset: tzinfo | None, local: tzinfo | None = None
) -> datetime | None:
    """An EXIF "YYYY:MM:DD HH:MM:SS" with `offset` (else `local`); naive if neither is given."""
    value = value.strip()
    if not value or not value.strip(" :0"):
        return None  # cameras write blanks or zeros when the clock was never set
    try:
        naive = _exif_datetime(value[:19])
    except ValueError:
        try:
            naive = datetime.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"capture time {value!r} is not an EXIF date and time") from error
    if naive.tzinfo is not None:
        return naive
    zone = offset or local
    return naive.replace(tzinfo=zone) if zone is not None else naive


def _coordinate(
    value: Value | None, ref: str, negative: str, limit: float, name: str, warnings: list[str]
) -> float | None:
    """Decimal degrees of a GPS (degrees, minutes, seconds) triple, or None with a warning
    when it is unreadable or outside -limit..limit (a NaN or infinity included)."""
    if not isinstance(value, tuple) or len(value) != 3:
        warnings.append(f"EXIF GPS {name} is not three numbers; ignored")
        return None
    degrees, minutes, seconds = (float(part) for part in value)
    decimal = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(decimal) or abs(decimal) > limit:
        warnings.append(f"EXIF GPS {name} {decimal} is outside -{limit:g} to {limit:g}; ignored")
        return None
    return -decimal if ref.upper().startswith(negative) else decimal


def _when(
    value: Value | None, offset: Value | None, local: tzinfo | None, fields: ExifFields
) -> datetime | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return parse_exif_datetime(raw, parse_offset(text(offset)), local)
    except ValueError as error:
        fields.warnings.append(str(error))
        return None


def read_exif(tiff: bytes, local: tzinfo | None = None) -> ExifFields:
    """Read a TIFF-structured EXIF block (starting at its "II*\\0" or "MM\\0*" header)."""
    fields = ExifFields()
    if len(tiff) < 8 or tiff[:4] not in (b"II*\x00", b"MM\x00*"):
        fields.warnings.append("EXIF block has no TIFF header")
        return fields
    reader = _Tiff(tiff, fields.warnings)
    ifd0_offset = reader.u32(4) or 0
    ifd0 = reader.directory(ifd0_offset, _IFD0_TAGS, "IFD0")
    fields.make = text(ifd0.get(TAG_MAKE))
    fields.model = text(ifd0.get(TAG_MODEL))
    fields.software = text(ifd0.get(TAG_SOFTWARE))
    fields.artist = text(ifd0.get(TAG_ARTIST))
    xmp = ifd0.get(TAG_XMP)
    if isinstance(xmp, bytes):
        fields.xmp = xmp
    visited = {ifd0_offset}

    exif: dict[int, Value] = {}
    exif_pointer = ifd0.get(TAG_EXIF_IFD)
    if isinstance(exif_pointer, tuple) and exif_pointer:
        target = int(exif_pointer[0])
        if target in visited:
            fields.warnings.append("EXIF sub-directory loops back on itself")
        else:
            visited.add(target)
            exif = reader.directory(target, _EXIF_TAGS, "Exif")
    fields.serial = text(exif.get(TAG_BODY_SERIAL))
    fields.owner = text(exif.get(TAG_CAMERA_OWNER))

    # Capture time: the original, else digitised, each with the matching OffsetTime tag when
    # the camera wrote one. IFD0's DateTime is when the file was last saved, kept apart: the
    # caller prefers XMP or IPTC capture dates to it.
    fields.offset = parse_offset(text(exif.get(TAG_OFFSET_TIME_ORIGINAL))) or parse_offset(
        text(exif.get(TAG_OFFSET_TIME))
    )
    for when_tag, offset_tag in (
        (TAG_DATETIME_ORIGINAL, TAG_OFFSET_TIME_ORIGINAL),
        (TAG_DATETIME_DIGITIZED, TAG_OFFSET_TIME_DIGITIZED),
    ):
        fields.captured_at = _when(exif.get(when_tag), exif.get(offset_tag), local, fields)
        if fields.captured_at is not None:
            break
    fields.saved_at = _when(ifd0.get(TAG_DATETIME), exif.get(TAG_OFFSET_TIME), local, fields)
    gps_pointer = ifd0.get(TAG_GPS_IFD)
    if isinstance(gps_pointer, tuple) and gps_pointer:
        target = int(gps_pointer[0])
        if target in visited:
            fields.warnings.append("EXIF GPS directory loops back on itself")
        else:
            gps = reader.directory(target, _GPS_TAGS, "GPS")
            if TAG_GPS_LAT in gps or TAG_GPS_LON in gps:
                fields.gps_present = True
                lat_ref, lon_ref = text(gps.get(TAG_GPS_LAT_REF)), text(gps.get(TAG_GPS_LON_REF))
                warnings = fields.warnings
                lat = _coordinate(gps.get(TAG_GPS_LAT), lat_ref, "S", 90, "latitude", warnings)
                lon = _coordinate(gps.get(TAG_GPS_LON), lon_ref, "W", 180, "longitude", warnings)
                if lat is not None and lon is not None:
                    fields.latitude, fields.longitude = lat, lon
    return fields
