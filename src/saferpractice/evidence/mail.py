"""Mail readers: mbox (Google Vault, Thunderbird), single .eml files and Maildir folders.

Public API, used by the evidence registry:
- `looks_like_mbox(head)`, `looks_like_eml(head)`: sniff the first bytes of a file;
- `is_maildir(path)`: a folder with cur/ and new/ (tmp/ optional);
- `read_mbox`, `read_eml`, `read_maildir` `(path, report, root) -> Iterator[MailRecord]`.

Each image attached to a message whose metadata could be read is yielded after the message as
an `ImageRecord` (`attached_images`), so it meets the same image checks as a photo folder's.
Every message read is counted in the `ReadReport` with its warnings; every message that
cannot be read (too large, unreadable file) is reported as a skip naming its offset. The mbox
is streamed in constant memory (`mbox_split`), one bounded message at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.attached_images import image_records
from saferpractice.evidence.image_meta import read_image_meta
from saferpractice.evidence.mail_maildir import MaildirWalk
from saferpractice.evidence.mail_mime import (
    DEFAULT_LIMITS,
    ImageReader,
    MailLimits,
    parse_message,
)
from saferpractice.evidence.mbox_split import MAX_FROM_LINE, is_separator, split_mbox
from saferpractice.evidence.records import ImageRecord, MailRecord
from saferpractice.evidence.report import ReadReport

__all__ = [
    "DEFAULT_LIMITS",
    "MailLimits",
    "is_maildir",
    "looks_like_eml",
    "looks_like_mbox",
    "read_eml",
    "read_maildir",
    "read_mbox",
]

_FROM_LINE = re.compile(rb"From \S+ +[^\n]*\d:\d\d")
BOM = b"\xef\xbb\xbf"
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
LONG_HEADER_HEAD = 32 * 1024  # a header block still open this far in is a long one, not a note
_MAIL_HEADERS = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"subject",
        b"date",
        b"message-id",
        b"received",
        b"return-path",
        b"mime-version",
        b"delivered-to",
        b"reply-to",
        b"content-type",
        b"x-mailer",
        b"in-reply-to",
        b"references",
        b"sender",
    }
)


def looks_like_mbox(head: bytes) -> bool:
    """True if the bytes start with an mbox "From " separator line and a header line.

    A UTF-8 byte-order mark and blank lines before it are allowed; the separator may be
    `From - ` or `From <address>` without a date (Thunderbird's export tools, list archives).
    """
    head = head.removeprefix(BOM).lstrip(b"\r\n")
    if not head.startswith(b"From "):
        return False
    if b"\n" not in head[:MAX_FROM_LINE]:
        # A file that is only a From line (an empty mailbox) or cut by the sniff's window.
        return _FROM_LINE.match(head) is not None and len(head) <= MAX_FROM_LINE
    return is_separator(head, 0)


def looks_like_eml(head: bytes) -> bool:
    """True if the bytes start with an RFC 5322 header block naming two or more mail fields,
    or naming one and still going on where `head` ends (a long header block: padding headers
    placed before From and To must not turn a message into "text of no format we read")."""
    lines = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n").split(b"\n")
    if not _HEADER_LINE.match(lines[0]):
        return False
    seen: set[bytes] = set()
    cut = len(head) >= LONG_HEADER_HEAD  # then the last piece may be cut by the end of `head`
    for line in lines[:-1] if cut else lines:
        line = line.rstrip(b"\r")
        if not line:
            return len(seen) >= 2
        if line[:1] in (b" ", b"\t"):
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return len(seen) >= 2
        name = match.group(0)[:-1].rstrip().lower()
        if name in _MAIL_HEADERS:
            seen.add(name)
    return len(seen) >= 2 or (len(seen) == 1 and cut)


def is_maildir(path: Path) -> bool:
    """A Maildir is a folder holding cur/ and new/ (tmp/ is optional in exports).

    Never raises: a folder that cannot be examined (no permission) is not a Maildir here, and
    the folder walk reports it as unreadable.
    """
    try:
        return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()
    except OSError:
        return False


def mail_kind(head: bytes) -> str:
    """'eml', 'mbox', or what the bytes are instead (for skip reasons in mail folders)."""
    if looks_like_mbox(head):
        return "mbox"
    if looks_like_eml(head):
        return "eml"
    if not head:
        return "an empty file"
    if head.count(b"\x00") > 16:
        return "binary data"
    return "text that is not a mail message"


def source_name(path: Path, root: Path) -> str:
    """The path relative to `root` when inside it, else as given."""
    for candidate, base in ((path, root), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def read_mbox(
    path: Path, report: ReadReport, root: Path, *, limits: MailLimits = DEFAULT_LIMITS
) -> Iterator[MailRecord | ImageRecord]:
    """Stream the messages of an mbox file, one bounded message in memory at a time."""
    source = source_name(path, root)
    images = image_reader()
    try:
        stream = path.open("rb")
    except OSError as error:
        report.skip(Diagnostic(source, f"cannot open the mbox: {error.strerror or error}"))
        return
    with stream:
        start = 0
        if stream.read(len(BOM)) == BOM:
            start = len(BOM)  # a UTF-8 byte-order mark (some Windows tools write one)
        else:
            stream.seek(0)
        yield from mbox_records(stream, start, source, report, limits, images)


def mbox_records(
    stream: BinaryIO,
    base_offset: int,
    source: str,
    report: ReadReport,
    limits: MailLimits,
    images: ImageReader | None,
    stop: int | None = None,
) -> Iterator[MailRecord | ImageRecord]:
    """The messages split from `stream` (positioned at `base_offset`), each parsed or reported.

    `stop`: end before the first message that begins at or after this offset (a scan shard
    reading a byte range of the file; scan/workers.py).
    """
    for item in split_mbox(stream, limits.max_message_bytes, base_offset=base_offset):
        if stop is not None and item.offset >= stop:
            return
        if item.preamble:
            report.skip(
                Diagnostic(
                    source,
                    f"{item.size} bytes before the first 'From ' line are not a message",
                    offset=0,
                )
            )
        elif item.oversized:
            report.skip(
                Diagnostic(
                    source,
                    f"message of {item.size} bytes is larger than the bound of "
                    f"{limits.max_message_bytes} bytes; skipped",
                    offset=item.offset,
                )
            )
        else:
            record = _parse(item.data, source, item.offset, item.from_line, limits, images, report)
            if record is not None:
                yield record
                yield from image_records(record, record.attachments, report)


def read_eml(
    path: Path, report: ReadReport, root: Path, *, limits: MailLimits = DEFAULT_LIMITS
) -> Iterator[MailRecord | ImageRecord]:
    """Read one .eml file (a leading mbox "From " line is tolerated)."""
    source = source_name(path, root)
    record = _read_one(path, source, report, limits, image_reader())
    if record is not None:
        yield record
        yield from image_records(record, record.attachments, report)


def read_maildir(
    path: Path, report: ReadReport, root: Path, *, limits: MailLimits = DEFAULT_LIMITS
) -> Iterator[MailRecord | ImageRecord]:
    """Read a Maildir tree: new/ and cur/ of it and of every subfolder (Maildir++ `.Sent`,
    nested `foo/bar/cur`, plain `Sent/`); everything else is counted as skipped with its reason
    (see `mail_maildir`)."""
    images = image_reader()

    def one(file: Path, label: str) -> Iterator[MailRecord | ImageRecord]:
        record = _read_one(file, source_name(file, root), report, limits, images)
        if record is not None:
            yield record
            yield from image_records(record, record.attachments, report)

    def mbox(file: Path, label: str) -> Iterator[MailRecord | ImageRecord]:
        yield from read_mbox(file, report, root, limits=limits)

    walk = MaildirWalk(report, lambda item: source_name(item, root), one, mbox, mail_kind)
    yield from walk.folder(path)


def _read_one(
    path: Path,
    source: str,
    report: ReadReport,
    limits: MailLimits,
    images: ImageReader | None,
) -> MailRecord | None:
    try:
        size = path.stat().st_size
        if size > limits.max_message_bytes:
            report.skip(
                Diagnostic(
                    source,
                    f"message of {size} bytes is larger than the bound of "
                    f"{limits.max_message_bytes} bytes; skipped",
                    offset=0,
                )
            )
            return None
        with path.open("rb") as stream:
            # Read at most one byte past the bound in case the file grew after stat().
            raw = stream.read(limits.max_message_bytes + 1)
    except OSError as error:
        report.skip(Diagnostic(source, f"cannot read the message: {error.strerror or error}"))
        return None
    if len(raw) > limits.max_message_bytes:
        report.skip(Diagnostic(source, "message grew past the size bound; skipped", offset=0))
        return None
    from_line = b""
    if raw.startswith(b"From "):
        end = raw.find(b"\n")
        from_line, raw = (raw, b"") if end < 0 else (raw[:end].rstrip(b"\r"), raw[end + 1 :])
    return _parse(raw, source, 0, from_line, limits, images, report)


def _parse(
    raw: bytes,
    source: str,
    offset: int,
    from_line: bytes,
    limits: MailLimits,
    images: ImageReader | None,
    report: ReadReport,
) -> MailRecord | None:
    try:
        record = parse_message(
            raw,
            source=source,
            offset=offset,
            from_line=from_line,
            limits=limits,
            image_reader=images,
        )
    except Exception as error:
        # The parser is written not to raise; should a case slip through, one message is
        # reported and skipped rather than the whole mailbox lost.
        report.skip(
            Diagnostic(
                source,
                f"message could not be parsed ({type(error).__name__}: {error}); skipped",
                offset=offset,
            )
        )
        return None
    for warning in record.warnings:
        report.warn(Diagnostic(record.source, warning, offset=record.offset))
    report.count_read(record.source, len(record.warnings))
    return record


def image_reader() -> ImageReader:
    """EXIF, XMP and IPTC of image attachments, by the image readers' own parser."""
    return read_image_meta
