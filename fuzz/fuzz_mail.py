"""Fuzz the mail readers with atheris: any bytes, as an mbox and as one message, must be read
or reported, never raise.

    .venv/bin/pip install atheris      # not a project dependency
    .venv/bin/python fuzz/fuzz_mail.py -atheris_runs=20000
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports():
    from saferpractice.evidence.mail_mime import MailLimits, parse_message
    from saferpractice.evidence.mbox_split import split_mbox

# Small bounds so that the fuzzer reaches every limit quickly.
LIMITS = MailLimits(max_message_bytes=64 * 1024, max_parts=50, max_nesting=3, max_body_chars=4096)


def test_one_input(data: bytes) -> None:
    parse_message(data, source="fuzz.eml", offset=0, limits=LIMITS)
    items = 0
    for item in split_mbox(io.BytesIO(data), LIMITS.max_message_bytes, chunk_bytes=64):
        items += 1
        if item.data:
            parse_message(
                item.data,
                source="fuzz.mbox",
                offset=item.offset,
                from_line=item.from_line,
                limits=LIMITS,
            )
    padded = b"\n" + data
    first = padded.find(b"\nFrom ")
    preamble = padded if first < 0 else padded[:first]
    expected = padded.count(b"\nFrom ") + (1 if preamble.strip() else 0)
    if items != expected:
        raise AssertionError(f"{items} items for {expected} separators")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
