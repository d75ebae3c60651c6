"""Weigh the hand-written MIME walker against the stdlib `email` package on the same work.

Both sides get the same messages, already cut from the mbox by our bounded splitter and held
in memory (so file reading and splitting cost the same and are left out), and do the same work
per message: parse the header block; read From, To, Cc, Subject, Date and Message-ID; walk every
MIME part (into attached messages); decode the transfer encoding of the text parts; build the
body from them with the same `mail_text.assemble_body` (charsets, HTML to text, the HTML lines
the plain text lacks, labelled segments, quotes); list the attachments with their sizes.

- ours: `saferpractice.evidence.mail_mime.parse_message` (records, warnings, quotes, EXIF);
- stdlib: `email.message_from_bytes(policy=compat32)`, `Message.walk()`,
  `get_payload(decode=True)`, `email.utils.getaddresses`, `email.header.decode_header`, and
  the project's own date parser (the stdlib has none that copes with real mail dates).

The two run interleaved in rounds (ours, stdlib, ours, stdlib, ...) on one core and the script
prints each side's best and median CPU time (process time, so that other work on a shared
machine does not count) and the ratio stdlib / ours.

    .venv/bin/python bench/make_mbox.py /tmp/mailbench/b20k.mbox --count 20000
    nice -n 10 .venv/bin/python bench/mail_stdlib.py /tmp/mailbench/b20k.mbox --rounds 3
"""

from __future__ import annotations

import argparse
import email
import statistics
import sys
import time
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path

from saferpractice.evidence.mail_headers import decode_text, parse_date
from saferpractice.evidence.mail_mime import DEFAULT_LIMITS, parse_message
from saferpractice.evidence.mail_text import TextPart, assemble_body
from saferpractice.evidence.mbox_split import split_mbox


def load(path: Path) -> list[tuple[int, bytes, bytes]]:
    with path.open("rb") as stream:
        return [
            (item.offset, item.from_line, item.data)
            for item in split_mbox(stream, DEFAULT_LIMITS.max_message_bytes)
            if item.data
        ]


def run_ours(messages: list[tuple[int, bytes, bytes]]) -> int:
    chars = 0
    for offset, from_line, data in messages:
        record = parse_message(data, source="bench", offset=offset, from_line=from_line)
        chars += len(record.body)
    return chars


def _header_text(value: str | None, warnings: list[str]) -> str:
    if not value:
        return ""
    out: list[str] = []
    for piece, charset in decode_header(str(value)):
        if isinstance(piece, str):
            out.append(piece)
        else:
            out.append(decode_text(piece, charset, warnings, "a header"))
    return " ".join("".join(out).split())


def run_stdlib(messages: list[tuple[int, bytes, bytes]]) -> int:
    chars = 0
    for _offset, _from_line, data in messages:
        warnings: list[str] = []
        message: Message = email.message_from_bytes(data, policy=compat32)
        for name in ("from", "to", "cc"):
            values = [str(value) for value in message.get_all(name, [])]
            for display, _address in getaddresses(values):
                _header_text(display, warnings)
        _header_text(message.get("subject"), warnings)
        parse_date(str(message.get("date", "")), warnings)
        str(message.get("message-id", "")).strip("<> ")
        texts: list[TextPart] = []
        containers = [""]
        attachments: list[tuple[str, int]] = []
        _walk_stdlib(message, 0, texts, containers, attachments)
        # The same body assembly as ours: plain text, the HTML lines it lacks, attached messages.
        body = assemble_body(texts, containers, DEFAULT_LIMITS.max_body_chars, warnings)
        chars += len(body.text)
    return chars


def _walk_stdlib(
    message: Message,
    container: int,
    texts: list[TextPart],
    containers: list[str],
    attachments: list[tuple[str, int]],
) -> None:
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        if ctype in ("text/plain", "text/html") and not filename:
            payload = part.get_payload(decode=True)
            data_bytes = payload if isinstance(payload, bytes) else b""
            charset = part.get_content_charset() or ""
            texts.append(TextPart(ctype == "text/html", data_bytes, charset, "", container))
        elif ctype == "message/rfc822" and isinstance(part.get_payload(), list):
            inner = part.get_payload()[0]
            containers.append(f"the attached message {inner.get('subject', '')!r}")
            _walk_stdlib(inner, len(containers) - 1, texts, containers, attachments)
        else:
            # Sized from the encoded length, as ours does (only images are decoded there).
            raw = part.get_payload()
            size = len(raw) if isinstance(raw, str) else 0
            if str(part.get("content-transfer-encoding", "")).lower() == "base64":
                size = size * 3 // 4
            attachments.append((filename or "", size))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="an mbox (bench/make_mbox.py writes one)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each (default 3)")
    args = parser.parse_args(argv)
    messages = load(args.path)
    size = sum(len(data) for _, _, data in messages)
    print(f"{len(messages)} messages, {size / 1e6:.1f} MB, {args.rounds} rounds each")
    times: dict[str, list[float]] = {"ours": [], "stdlib": []}
    for _ in range(args.rounds):
        for name, run in (("ours", run_ours), ("stdlib", run_stdlib)):
            # CPU time of this process: fair to both sides on a shared, busy machine.
            started = time.process_time()
            run(messages)
            times[name].append(time.process_time() - started)
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        rate = len(messages) / best
        print(f"{name:7} best {best:6.2f} s CPU  median {median:6.2f} s  {rate:8,.0f} messages/s")
    ratio = min(times["stdlib"]) / min(times["ours"])
    print(f"stdlib / ours (best of each): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
