"""Keywords, by-line and date created from IPTC-IIM in a JPEG's Photoshop (APP13) segment."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

MAX_RESOURCES = 256
MAX_DATASETS = 2048
IPTC_RESOURCE = 0x0404


@dataclass(slots=True)
class IptcFields:
    keywords: list[str] = field(default_factory=list)
    byline: str = ""
    date_created: str = ""  # 2:55, CCYYMMDD
    time_created: str = ""  # 2:60, HHMMSS±HHMM
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> datetime | None:
        """DateCreated with TimeCreated (and its offset) as a datetime; naive without an
        offset, midnight without a time; None when absent or malformed."""
        day = self.date_created.strip()
        if len(day) != 8 or not day.isdigit():
            return None
        clock = self.time_created.strip()
        try:
            if len(clock) >= 6 and clock[:6].isdigit():
                offset = clock[6:11]
                stamp = datetime.strptime(day + clock[:6], "%Y%m%d%H%M%S")
                if len(offset) == 5 and offset[0] in "+-" and offset[1:].isdigit():
                    minutes = int(offset[1:3]) * 60 + int(offset[3:5])
                    if minutes <= 14 * 60:
                        sign = -1 if offset[0] == "-" else 1
                        return stamp.replace(tzinfo=timezone(timedelta(minutes=sign * minutes)))
                return stamp
            return datetime.strptime(day, "%Y%m%d")
        except ValueError:
            return None


def _iptc_block(photoshop: bytes, warnings: list[str]) -> bytes:
    """The IPTC-NAA resource among the Photoshop image resources, or b""."""
    position = 0
    for _ in range(MAX_RESOURCES):
        if position + 12 > len(photoshop) or photoshop[position : position + 4] != b"8BIM":
            return b""
        (resource,) = struct.unpack_from(">H", photoshop, position + 4)
        name_length = photoshop[position + 6]
        name_end = position + 7 + name_length
        name_end += (name_end - position - 6) & 1  # the Pascal name is padded to even
        if name_end + 4 > len(photoshop):
            warnings.append("Photoshop resource block is truncated")
            return b""
        (size,) = struct.unpack_from(">I", photoshop, name_end)
        start = name_end + 4
        if resource == IPTC_RESOURCE:
            return photoshop[start : start + size]
        position = start + size + (size & 1)
    return b""


def _decode(raw: bytes) -> str:
    try:
        value = raw.decode("utf-8")
    except UnicodeDecodeError:
        value = raw.decode("latin-1")
    return "".join(ch for ch in value if ch.isprintable()).strip()[:256]


def read_iptc(photoshop: bytes) -> IptcFields:
    """Keywords (2:25) and by-line (2:80) from a Photoshop 3.0 resource block."""
    fields = IptcFields()
    block = _iptc_block(photoshop, fields.warnings)
    position = 0
    for _ in range(MAX_DATASETS):
        if position + 5 > len(block) or block[position] != 0x1C:
            return fields
        record, dataset, size = struct.unpack_from(">BBH", block, position + 1)
        if size & 0x8000:  # extended dataset: the size is in the following bytes
            fields.warnings.append("IPTC extended dataset met; the rest was not read")
            return fields
        value = block[position + 5 : position + 5 + size]
        if record == 2 and dataset == 25:
            keyword = _decode(value)
            if keyword and keyword not in fields.keywords:
                fields.keywords.append(keyword)
        elif record == 2 and dataset == 80 and not fields.byline:
            fields.byline = _decode(value)
        elif record == 2 and dataset == 55 and not fields.date_created:
            fields.date_created = _decode(value)[:16]
        elif record == 2 and dataset == 60 and not fields.time_created:
            fields.time_created = _decode(value)[:16]
        position += 5 + size
    fields.warnings.append(f"IPTC block has more than {MAX_DATASETS} datasets")
    return fields
