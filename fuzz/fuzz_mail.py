"""Fuzz the mail readers with atheris: any bytes, as an mbox and as one message, must be read
or reported, never raise.

Exercises the one-pass MIME walker (nested multiparts, attached messages, bounds), the body
assembly (HTML alternatives compared with the plain text, labelled segments), the address
parser (display names that are addresses, "andy at example.com"), the mbox splitter, the
sniffers and the PST reader's heap parser for attached Outlook messages. Each input also
checks invariants: segments and quoted spans lie inside the body, and the splitter finds
exactly the separators that a line-by-line reading finds.

    .venv/bin/pip install atheris      # not a project dependency
    .venv/bin/python fuzz/fuzz_mail.py -atheris_runs=20000
"""

from __future__ import annotations

import io
import re
import sys

import atheris
from seeds import seed_empty_corpora

# Only our own code (instrumenting the standard library's email too cost a fifth more per
# input), not the detectors and libraries that the imports pull in.
with atheris.instrument_imports(include=["saferpractice"]):
    from saferpractice.evidence.mail import looks_like_eml, looks_like_mbox, mail_kind
    from saferpractice.evidence.mail_headers import parse_addresses
    from saferpractice.evidence.mail_mime import MailLimits, parse_message
    from saferpractice.evidence.mbox_split import split_mbox
    from saferpractice.evidence.pst import heap_properties

# Small bounds so that the fuzzer reaches every limit quickly.
LIMITS = MailLimits(
    max_message_bytes=64 * 1024,
    max_parts=50,
    max_nesting=3,
    max_body_chars=4096,
    max_header_bytes=2048,
)
_FROM = re.compile(rb"From [^ \t\r\n]+(?:[ \t]*|[ \t].*\d:\d\d.*)")
_HEADER = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")


def expected_items(data: bytes) -> int:
    lines = data.split(b"\n")
    separators = [
        index
        for index, line in enumerate(lines[:-1])
        if len(line) < 1000
        and _FROM.fullmatch(line.removesuffix(b"\r"))
        and _HEADER.match(lines[index + 1])
    ]
    preamble = b"\n".join(lines[: separators[0]] if separators else lines)
    return len(separators) + (1 if preamble.strip() else 0)


def check_message(data: bytes, offset: int = 0, from_line: bytes = b"") -> None:
    record = parse_message(
        data, source="fuzz.eml", offset=offset, from_line=from_line, limits=LIMITS
    )
    for span in (*record.segments, *record.quoted):
        if not 0 <= span.start <= span.end <= len(record.body):
            raise AssertionError(f"span {span} outside a body of {len(record.body)}")


def test_one_input(data: bytes) -> None:
    check_message(data)
    looks_like_mbox(data[:4096])
    looks_like_eml(data[:4096])
    parse_addresses([data[:512].decode("utf-8", "replace")], [])
    mail_kind(data[:4096])
    heap_properties(data)  # an attached Outlook message's property heap, as libpff gives it
    items = 0
    for item in split_mbox(io.BytesIO(data), LIMITS.max_message_bytes, chunk_bytes=64):
        items += 1
        if item.data:
            check_message(item.data, item.offset, item.from_line)
    expected = expected_items(data)
    if items != expected:
        raise AssertionError(f"{items} items for {expected} separators")


def main() -> None:
    seed_empty_corpora("mail", sys.argv)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
