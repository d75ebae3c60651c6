"""Small deterministic JPEGs with EXIF (Pillow's Exif API) and XMP people tags.

Each image is a few kilobytes: a simple drawn "scene" (sky, ground, a few figures) so the
file is a real, viewable JPEG. The metadata is what matters to the checks: camera make,
model and body serial, capture time with its UTC offset, artist, software, GPS, and the
people named in XMP `Iptc4xmpExt:PersonInImage`.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

TAG_MAKE, TAG_MODEL, TAG_SOFTWARE, TAG_ARTIST = 0x010F, 0x0110, 0x0131, 0x013B
TAG_EXIF_IFD, TAG_GPS_IFD = 0x8769, 0x8825
TAG_DATETIME_ORIGINAL, TAG_OFFSET_ORIGINAL, TAG_BODY_SERIAL = 0x9003, 0x9011, 0xA431


@dataclass(slots=True)
class PhotoSpec:
    taken_at: datetime  # aware
    make: str
    model: str
    serial: str = ""
    artist: str = ""
    software: str = ""
    gps: tuple[float, float] | None = None
    xmp_people: list[str] = field(default_factory=list)
    seed: int = 0


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = Fraction(round((minutes_full - minutes) * 60 * 100), 100)
    return Fraction(degrees), Fraction(minutes), seconds


def _xmp(people: list[str]) -> bytes:
    items = "".join(f"<rdf:li>{escape(name)}</rdf:li>" for name in people)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
        f"<Iptc4xmpExt:PersonInImage><rdf:Bag>{items}</rdf:Bag></Iptc4xmpExt:PersonInImage>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _scene(rng: random.Random, width: int = 192, height: int = 144) -> Image.Image:
    sky = (rng.randrange(120, 200), rng.randrange(160, 220), rng.randrange(200, 255))
    ground = (rng.randrange(60, 140), rng.randrange(120, 180), rng.randrange(40, 100))
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    horizon = rng.randrange(height // 2, height * 3 // 4)
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(rng.randrange(2, 6)):
        x = rng.randrange(10, width - 20)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        top = horizon - rng.randrange(30, 50)
        draw.ellipse((x, top, x + 12, top + 12), fill=(224, 172, 105))
        draw.rectangle((x - 2, top + 12, x + 14, top + 40), fill=colour)
    return image


def make_jpeg(spec: PhotoSpec) -> bytes:
    rng = random.Random(spec.seed)
    image = _scene(rng)
    exif = Image.Exif()
    exif[TAG_MAKE] = spec.make
    exif[TAG_MODEL] = spec.model
    if spec.software:
        exif[TAG_SOFTWARE] = spec.software
    if spec.artist:
        exif[TAG_ARTIST] = spec.artist
    sub = exif.get_ifd(TAG_EXIF_IFD)
    sub[TAG_DATETIME_ORIGINAL] = spec.taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = spec.taken_at.strftime("%z")
    sub[TAG_OFFSET_ORIGINAL] = f"{offset[:3]}:{offset[3:]}"
    if spec.serial:
        sub[TAG_BODY_SERIAL] = spec.serial
    if spec.gps is not None:
        latitude, longitude = spec.gps
        gps = exif.get_ifd(TAG_GPS_IFD)
        gps[0] = b"\x02\x02\x00\x00"
        gps[1] = "N" if latitude >= 0 else "S"
        gps[2] = _dms(latitude)
        gps[3] = "E" if longitude >= 0 else "W"
        gps[4] = _dms(longitude)
    out = io.BytesIO()
    extra = {"xmp": _xmp(spec.xmp_people)} if spec.xmp_people else {}
    image.save(out, "JPEG", quality=70, exif=exif.tobytes(), **extra)
    return out.getvalue()
