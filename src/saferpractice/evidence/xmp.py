"""People, keywords, creator and capture dates from an XMP packet, parsed safely.

Packets in UTF-8 or UTF-16 (either byte order, with or without a byte-order mark) are read;
UTF-16 is turned into UTF-8 before any other test, so a DTD cannot hide in it.

XMP is XML inside attacker-controlled files. The packet is bounded in size, and any packet
that declares a DTD or entities is refused before parsing (no entity expansion, no external
fetches), so the stdlib parser only ever sees plain elements and attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

MAX_XMP_BYTES = 1024 * 1024
MAX_NAMES = 1000  # people or keywords kept from one packet

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
MWG_RS = "http://www.metadataworkinggroup.com/schemas/regions/"
MP_REG = "http://ns.microsoft.com/photo/1.2/t/Region#"
LR = "http://ns.adobe.com/lightroom/1.0/"
XMP = "http://ns.adobe.com/xap/1.0/"
EXIF_NS = "http://ns.adobe.com/exif/1.0/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"

PERSON_IN_IMAGE = f"{{{IPTC_EXT}}}PersonInImage"
MWG_NAME = f"{{{MWG_RS}}}Name"
MWG_TYPE = f"{{{MWG_RS}}}Type"
MP_PERSON = f"{{{MP_REG}}}PersonDisplayName"
DC_SUBJECT = f"{{{DC}}}subject"
DC_CREATOR = f"{{{DC}}}creator"
LR_HIERARCHICAL = f"{{{LR}}}hierarchicalSubject"
CREATOR_TOOL = f"{{{XMP}}}CreatorTool"
RDF_LI = f"{{{RDF}}}li"
RDF_DESCRIPTION = f"{{{RDF}}}Description"
# Capture dates, most specific first: when the shutter fired, when the photo was created
# (IPTC Core), when the file was first written.
DATE_TAGS = (
    f"{{{EXIF_NS}}}DateTimeOriginal",
    f"{{{PHOTOSHOP}}}DateCreated",
    f"{{{XMP}}}CreateDate",
)

_PACKET = re.compile(rb"<x:xmpmeta[\s>].*?</x:xmpmeta>", re.DOTALL)
_DANGEROUS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Region types that name things other than people (MWG allows Pet, Focus, BarCode).
_NON_PERSON_REGIONS = frozenset({"pet", "focus", "barcode"})


@dataclass(slots=True)
class XmpFields:
    people: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    creator: str = ""
    creator_tool: str = ""
    dates: dict[str, str] = field(default_factory=dict)  # DATE_TAGS entry -> its text
    warnings: list[str] = field(default_factory=list)


def parse_xmp_date(value: str) -> datetime | None:
    """An XMP date ("2024-05-03T14:05:22+01:00", "…Z", without seconds or offset, or a bare
    date) as a datetime, naive when the packet gives no offset; None if it is not one."""
    text = value.strip()
    if len(text) < 10:  # a year or a month alone says nothing useful about a day
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None


def to_utf8(packet: bytes) -> bytes:
    """The packet in UTF-8: UTF-16 (by byte-order mark, or NULs around the first "<") is
    decoded; anything else is returned as it is."""
    head = packet.lstrip(b" \t\r\n")[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif head[:2] == b"<\x00":
        encoding = "utf-16-le"
    elif head[:2] == b"\x00<":
        encoding = "utf-16-be"
    else:
        return packet
    text = packet.decode(encoding, errors="replace").lstrip("\ufeff")
    return _DECLARATION.sub("", text, count=1).encode("utf-8")


def find_packet(data: bytes) -> bytes:
    """The first `<x:xmpmeta>` packet embedded anywhere in `data`, or b""."""
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        return b""
    match = _PACKET.match(data, start, start + MAX_XMP_BYTES + 64)
    return match.group(0) if match else b""


def _items(element: ET.Element) -> list[str]:
    """The texts of an XMP property: its rdf:li items if it is an array, else its own text."""
    items = [(li.text or "").strip() for li in element.iter(RDF_LI)]
    if items:
        return [item for item in items if item]
    own = (element.text or "").strip()
    return [own] if own else []


def _add(target: list[str], values: list[str]) -> None:
    for value in values:
        if value not in target and len(target) < MAX_NAMES:
            target.append(value[:256])


def _region_name(description: ET.Element) -> tuple[str, str]:
    """(name, type) of one MWG region, whether written as attributes or child elements."""
    name = description.get(MWG_NAME, "")
    kind = description.get(MWG_TYPE, "")
    for child in description:
        if child.tag == MWG_NAME and not name:
            name = (child.text or "").strip()
        elif child.tag == MWG_TYPE and not kind:
            kind = (child.text or "").strip()
    return name.strip(), kind.strip()


def read_xmp(packet: bytes) -> XmpFields:
    """Read people (PersonInImage, MWG and Microsoft region names, Lightroom "People|…"
    keywords), keywords (dc:subject), creator and creator tool from an XMP packet."""
    fields = XmpFields()
    packet = to_utf8(packet.strip(b" \t\r\n")).strip(b"\x00 \t\r\n")
    if not packet:
        return fields
    if len(packet) > MAX_XMP_BYTES:
        fields.warnings.append(f"XMP packet of {len(packet)} bytes is over the limit; ignored")
        return fields
    if _DANGEROUS.search(packet):
        fields.warnings.append("XMP packet declares a DTD or entities; ignored")
        return fields
    inner = find_packet(packet) or packet
    try:
        root = ET.fromstring(inner)
    except ET.ParseError as error:
        fields.warnings.append(f"XMP packet is not well-formed XML ({error}); ignored")
        return fields
    for element in root.iter():
        tag = element.tag
        if tag in (PERSON_IN_IMAGE, MP_PERSON):
            _add(fields.people, _items(element))
        elif tag == DC_SUBJECT:
            _add(fields.keywords, _items(element))
        elif tag == LR_HIERARCHICAL:
            for entry in _items(element):
                top, _, rest = entry.partition("|")
                if top.strip().casefold() == "people" and rest.strip():
                    _add(fields.people, [rest.rpartition("|")[2].strip()])
        elif tag == DC_CREATOR and not fields.creator:
            creators = _items(element)
            fields.creator = creators[0] if creators else ""
        elif tag == CREATOR_TOOL and not fields.creator_tool:
            fields.creator_tool = (element.text or "").strip()
        elif tag in DATE_TAGS and (element.text or "").strip():
            fields.dates.setdefault(tag, (element.text or "").strip()[:64])
        elif tag in (RDF_DESCRIPTION, RDF_LI):  # a struct, written either way
            if element.get(MP_PERSON):
                _add(fields.people, [element.get(MP_PERSON, "").strip()])
            if element.get(CREATOR_TOOL) and not fields.creator_tool:
                fields.creator_tool = element.get(CREATOR_TOOL, "").strip()
            for date_tag in DATE_TAGS:
                if element.get(date_tag):
                    fields.dates.setdefault(date_tag, element.get(date_tag, "").strip()[:64])
            if MWG_NAME in element.attrib or any(c.tag == MWG_NAME for c in element):
                name, kind = _region_name(element)
                if name and kind.casefold() not in _NON_PERSON_REGIONS:
                    _add(fields.people, [name])
    return fields
