"""Shared, bounded reading of evidence CSV and JSON Lines files, and common field parsers.

Rows are streamed one at a time. A row that cannot be parsed is reported as a skip naming
the file and row, and reading goes on; a file that keeps failing is abandoned with one
reported skip rather than producing thousands of messages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.report import ReadReport

SCHOOL_TIMEZONE = ZoneInfo("Europe/London")
HEAD_BYTES = 64 * 1024  # bytes read to identify a file
MAX_LINE_BYTES = 1024 * 1024  # longest JSON Lines line read; longer lines are skipped
MAX_JSON_BYTES = 64 * 1024 * 1024  # largest single JSON document read
# Largest CSV cell read (characters): a real cell of 10,000 recipients is about 300 KiB; a
# row can hold no more than a few of these, so memory stays bounded. A row with a larger
# cell is skipped and reported with its row number.
MAX_FIELD = 1024 * 1024
csv.field_size_limit(MAX_FIELD)
WINDOWS_1252 = "not UTF-8: read as Windows-1252"
MAX_CONSECUTIVE_ERRORS = 100  # then the rest of the file is skipped as one item


@dataclass(slots=True)
class TextPart:
    """Bytes [start, end) of a CSV or JSON Lines file, read by one scan shard
    (scan/text_shards.py finds where a part may start). `number` is the row (CSV, spreadsheet
    numbering) or line (JSON Lines) that starts at `start`, so a part's rows and lines are
    numbered as in a read of the whole file. `abandoned` is set when the reader gives up on
    the file inside the part: a whole-file read would read nothing after it either."""

    start: int
    end: int
    number: int
    abandoned: bool = False


def source_name(path: Path, root: Path) -> str:
    """`path` relative to `root` when inside it (POSIX separators), else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside root, or a link loop (3.11: RuntimeError)
        return path.as_posix()


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


MAX_STRAY_NULS = 8  # NUL bytes a text file may carry (one per KiB at most) and stay text


def looks_like_text(head: bytes) -> bool:
    """True if `head` is plausibly UTF-8 text (may end mid-character).

    A few stray NUL bytes (a damaged export) do not make a file binary; many do (UTF-16,
    images, archives).
    """
    nuls = head.count(b"\x00")
    if nuls > MAX_STRAY_NULS or nuls * 1024 > max(len(head), 1024):
        return False
    head = head.replace(b"\x00", b"")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:
            return True  # a character cut by the head's end
        # A few bytes that are not UTF-8 (a Windows-1252 'é', a damaged message) leave text
        # text: readers replace them and warn. Binary data has many, and control characters.
        text = head.decode("utf-8", errors="replace")
        controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f\v")
        if controls * 1024 > max(len(head), 1024):
            return False
        # Mostly Windows-1252 (or Latin-1) text: readers decode it so and say so.
        return text.count("\ufffd") * 50 <= len(head) or text_encoding(head) == "cp1252"
    return True


def text_encoding(head: bytes) -> str:
    """ "utf-8-sig", or "cp1252" for text that is mostly not UTF-8 (Windows-1252 or Latin-1).

    Mostly-UTF-8 bytes (a cut character, a few damaged bytes) stay UTF-8, their bad bytes
    replaced; text whose every byte above 127 fails as UTF-8 is Windows-1252.
    """
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:
            return "utf-8-sig"
    text = head.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return "utf-8-sig" if bad * 4 <= non_ascii else "cp1252"


def decode_line(raw: bytes) -> tuple[str, str]:
    """(text, warning) of one line: UTF-8, else Windows-1252 when that is what it is."""
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    if text_encoding(raw) == "cp1252":
        return raw.decode("cp1252", errors="replace"), WINDOWS_1252
    return raw.decode("utf-8", errors="replace"), "invalid UTF-8 replaced with U+FFFD"


def csv_layout(first_lines: str) -> tuple[str, int]:
    """(delimiter, lines before the header) of CSV text.

    PowerShell's `Export-Csv` writes a `#TYPE …` line before the header, and with
    `-UseCulture` or `-Delimiter ';'` (usual in Europe) separates fields with `;`.
    """
    lines = first_lines.removeprefix("\ufeff").splitlines()
    skip = 1 if lines and lines[0].startswith("#TYPE") else 0
    header = lines[skip] if len(lines) > skip else ""
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return delimiter, skip


def header_of(head: bytes) -> tuple[str, ...] | None:
    """The normalised (stripped, lower-case) header row of CSV text, or None."""
    if not looks_like_text(head):
        return None
    # Decoded as the reader will decode it, so that a header with bytes that are not UTF-8
    # is not taken for one whose columns the reader then cannot find (found by fuzz_csv).
    encoding = text_encoding(head)
    text = head.decode(encoding, errors="replace").replace("\x00", "").removeprefix("\ufeff")
    delimiter, skip = csv_layout(text[:8192])
    lines = text.splitlines()
    first = lines[skip] if len(lines) > skip else ""
    if delimiter not in first:
        return None
    try:
        row = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    return tuple(column.strip().casefold() for column in row)


def has_columns(header: Sequence[str] | None, required: Sequence[str]) -> bool:
    return header is not None and all(column in header for column in required)


def open_text(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    """Open a text file as UTF-8 (BOM dropped) or as `encoding`; bad bytes become U+FFFD."""
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, errors="replace", newline="")


def iter_csv(
    path: Path, source: str, report: ReadReport, part: TextPart | None = None
) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """(row number, row keyed by lower-case column, warnings) for each data row.

    Rows are numbered as a spreadsheet shows them: the header is row 1 (row 2 after a
    PowerShell "#TYPE" line), so the first data row is row 2.

    Rows with the wrong number of fields, or a field over the csv module's limit, are
    reported as skips; blank lines are ignored. With `part`, only the rows that start in
    [part.start, part.end) are read (the header still comes from the file's start).
    """
    head = read_head(path)
    delimiter, skip = csv_layout(head[:8192].decode("utf-8", errors="ignore"))
    encoding = text_encoding(head)
    with open_text(path, encoding) if part is None else open_part(path, part, encoding) as text:
        handle = text if part is None or part.start == 0 else open_text(path, encoding)
        with handle:
            for _ in range(skip):  # PowerShell's "#TYPE" line
                handle.readline()
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                header = [column.strip().casefold() for column in next(reader)]
            except (csv.Error, StopIteration):
                if part is None or part.start == 0:
                    report.skip(Diagnostic(source, "no readable header row", row=skip + 1))
                return
            row_number = skip + 1  # spreadsheet rows: a "#TYPE" line is row 1, the header next
            if handle is not text:  # a later part: its rows, numbered on from part.number
                reader = csv.reader(text, delimiter=delimiter)
                row_number = part.number - 1  # type: ignore[union-attr]
            yield from _csv_rows(reader, header, row_number, encoding, source, report, part)


def open_part(path: Path, part: TextPart, encoding: str) -> IO[str]:
    """The text of bytes [part.start, part.end), decoded as a whole-file read decodes it: a
    later part starts after a line feed, which no encoded character or line spans."""
    if part.start > 0 and encoding == "utf-8-sig":
        encoding = "utf-8"  # past the start, "utf-8-sig" would drop a U+FEFF a whole read keeps
    stream = path.open("rb")
    stream.seek(part.start)
    raw = io.BufferedReader(_Limited(stream, part.end - part.start))
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


class _Limited(io.RawIOBase):
    """The next `remaining` bytes of a binary stream, as a stream of their own."""

    def __init__(self, stream: IO[bytes], remaining: int) -> None:
        self.stream = stream
        self.remaining = remaining

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(min(len(buffer), self.remaining))
        buffer[: len(data)] = data
        self.remaining -= len(data)
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def _csv_rows(
    reader: Iterator[list[str]],
    header: list[str],
    row_number: int,
    encoding: str,
    source: str,
    report: ReadReport,
    part: TextPart | None,
) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    errors = 0
    while True:
        row_number += 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = (
                f"a cell is longer than {MAX_FIELD // (1024 * 1024)} MiB, the most read"
                if "field limit" in str(error)
                else f"unreadable CSV row ({error})"
            )
            report.skip(Diagnostic(source, reason, row=row_number))
            errors += 1
            if errors >= MAX_CONSECUTIVE_ERRORS:
                report.skip(
                    Diagnostic(
                        source,
                        f"{errors} unreadable rows in a row; the rest of the file was skipped",
                        row=row_number,
                    )
                )
                if part is not None:
                    part.abandoned = True
                return
            continue
        errors = 0
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            report.skip(
                Diagnostic(
                    source,
                    f"row has {len(values)} fields, the header has {len(header)}",
                    row=row_number,
                )
            )
            continue
        warnings = [WINDOWS_1252] if encoding == "cp1252" else []
        if any("\ufffd" in value for value in values):
            warnings.append("invalid UTF-8 replaced with U+FFFD")
        yield row_number, dict(zip(header, values, strict=True)), warnings


def iter_json_lines(
    path: Path, source: str, report: ReadReport, part: TextPart | None = None
) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
    """(line number, object, warnings) for each JSON object line; bad lines are skipped.

    With `part`, only the lines that start in [part.start, part.end) are read."""
    with path.open("rb") as handle:
        line_number = 0
        end = None
        if part is not None:
            handle.seek(part.start)
            line_number, end = part.number - 1, part.end
        errors = 0
        while True:
            if end is not None and handle.tell() >= end:
                return
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            line_number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # discard the rest of the long line
                    raw = handle.readline(MAX_LINE_BYTES)
                report.skip(
                    Diagnostic(source, f"line longer than {MAX_LINE_BYTES} bytes", line=line_number)
                )
                continue
            if not raw.strip():
                continue
            text, warning = decode_line(raw)
            text = text.removeprefix("\ufeff")
            warnings = [warning] if warning else []
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as error:
                reason = "nested too deeply" if isinstance(error, RecursionError) else error
                report.skip(Diagnostic(source, f"not valid JSON ({reason})", line=line_number))
                errors += 1
                if errors >= MAX_CONSECUTIVE_ERRORS:
                    report.skip(
                        Diagnostic(
                            source,
                            f"{errors} invalid lines in a row; the rest of the file was skipped",
                            line=line_number,
                        )
                    )
                    if part is not None:
                        part.abandoned = True
                    return
                continue
            errors = 0
            if not isinstance(value, dict):
                report.skip(Diagnostic(source, "line is not a JSON object", line=line_number))
                continue
            yield line_number, value, warnings


def load_json(path: Path, source: str, report: ReadReport) -> Any | None:
    """A whole JSON document, bounded in size and depth; None (with a skip) if refused."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        report.skip(
            Diagnostic(source, f"JSON file of {size} bytes is over the {MAX_JSON_BYTES}-byte limit")
        )
        return None
    raw = path.read_bytes()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        report.skip(Diagnostic(source, f"not UTF-8 ({error.reason})", offset=error.start))
    except RecursionError:
        report.skip(Diagnostic(source, "JSON nested too deeply"))
    except json.JSONDecodeError as error:
        report.skip(Diagnostic(source, f"not valid JSON ({error.msg})", offset=error.pos))
    return None


def parse_time(value: str, local: tzinfo = SCHOOL_TIMEZONE) -> datetime:
    """An ISO 8601 date-time (a trailing "Z" allowed); naive times are in `local`.

    Raises ValueError with a readable message when `value` is not one.
    """
    text = value.strip()
    if not text:
        raise ValueError("time is empty")
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise ValueError(f"time {value[:40]!r} is not ISO 8601") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=local)


def split_list(value: str) -> list[str]:
    """Items of a `;`-separated list (commas accepted too), stripped, empties dropped."""
    return [item.strip() for item in value.replace(",", ";").split(";") if item.strip()]
