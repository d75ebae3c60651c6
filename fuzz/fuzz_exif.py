"""Fuzz the image metadata readers with atheris: any bytes, as a TIFF/EXIF block, as a JPEG,
PNG or WebP container, as XMP and as IPTC, must be read with warnings, never raise.

The container walkers and parsers are called directly, below the last-resort exception
guard in `read_image_meta`, so that the fuzzer finds what that guard would hide.

    .venv/bin/pip install atheris      # not a project dependency
    .venv/bin/python fuzz/fuzz_exif.py -atheris_runs=20000
"""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

import atheris

with atheris.instrument_imports():
    from saferpractice.evidence import image_meta
    from saferpractice.evidence.exif import read_exif
    from saferpractice.evidence.iptc import read_iptc
    from saferpractice.evidence.xmp import read_xmp

LONDON = ZoneInfo("Europe/London")
PREFIXES = (
    b"II*\x00",
    b"MM\x00*",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\xff\xff\x00\x00WEBP",
)


def test_one_input(data: bytes) -> None:
    for prefix in PREFIXES:
        candidate = prefix + data
        kind = image_meta.image_format(candidate)
        if kind is None or kind == "heif":
            raise AssertionError(f"prefix {prefix!r} not recognised")
        image_meta._read(kind, candidate, LONDON)
    read_exif(data, LONDON)
    read_xmp(data)
    read_iptc(b"8BIM\x04\x04\x00\x00" + data)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
