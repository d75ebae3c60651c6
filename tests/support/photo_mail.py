"""Real mail with a real photo attached, for the tests: a JPEG with EXIF written by Pillow
(camera, serial number, capture time, GPS) and XMP naming the person shown, in a message written
by the standard library's `email` package."""

from __future__ import annotations

import io
import struct
from email.message import EmailMessage

from PIL import Image

XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
<rdf:Description rdf:about=""><Iptc4xmpExt:PersonInImage><rdf:Bag>
<rdf:li>P001</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description>
</rdf:RDF></x:xmpmeta>"""


def jpeg(serial: str = "F2LXK0A1B2C3", *, gps: bool = True, xmp: bytes = XMP) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 13"
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = serial
    sub[0x9003] = "2026:03:04 21:15:07"
    sub[0x9011] = "+00:00"
    if gps:
        place = exif.get_ifd(0x8825)
        place[1], place[2], place[3], place[4] = "N", (53.0, 28.0, 0.0), "W", (2.0, 14.0, 0.0)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    body = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]


def mail_with_photo(photo: bytes, name: str = "IMG_0042.JPG") -> bytes:
    message = EmailMessage()
    message["From"] = "Pat Smith <pat.smith78@gmail.com>"
    message["To"] = "sam.jones@heatonlane.sch.uk"
    message["Subject"] = "from the trip"
    message["Date"] = "Wed, 04 Mar 2026 21:20:00 +0000"
    message["Message-ID"] = "<trip-photo@gmail.example>"
    message.set_content("Here you are, just between us.")
    message.add_attachment(photo, maintype="image", subtype="jpeg", filename=name)
    return message.as_bytes()
