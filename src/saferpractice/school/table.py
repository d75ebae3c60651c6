"""Reading one register CSV: header checks, spreadsheet row numbers and per-cell parsing.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first data row is
row 2. Every problem becomes a `Diagnostic` naming the file, row, column and reason; a row
with any error is left out of the model (and says so), but the rest of the file is read.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from saferpractice.diagnostics import Diagnostics

OPTIONAL_COLUMNS: tuple[str, ...] = ("notes",)  # allowed in every register, kept on export
FIRST_DATA_ROW = 2


@dataclass(slots=True)
class Table:
    """A register file's rows as {column: trimmed text}, with their row numbers."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]


@dataclass(slots=True)
class Cells:
    """One data row being parsed; adds the row's problems to the shared collector."""

    source: str
    row: int
    values: dict[str, str]
    diagnostics: Diagnostics
    failed: bool = False

    def error(self, column: str | None, message: str) -> None:
        self.failed = True
        self.diagnostics.error(self.source, message, row=self.row, field=column)

    def warning(self, column: str | None, message: str) -> None:
        self.diagnostics.warning(self.source, message, row=self.row, field=column)

    def text(self, column: str, required: bool = False) -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.error(column, "is empty; a value is required")
        return value

    def choice(self, column: str, allowed: Sequence[str], required: bool = True) -> str:
        value = self.values.get(column, "").casefold()
        if not value:
            if required:
                self.error(column, f"is empty; expected one of {', '.join(allowed)}")
            return ""
        if value not in allowed:
            self.error(
                column,
                f"'{self.values[column]}' is not allowed; expected one of {', '.join(allowed)}",
            )
            return ""
        return value

    def date(self, column: str, required: bool = True) -> date | None:
        value = self.values.get(column, "")
        if not value:
            if required:
                self.error(column, "is empty; expected a date written YYYY-MM-DD")
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, f"'{value}' is not a date written YYYY-MM-DD")
            return None


def read_table(
    folder: Path, name: str, required: Sequence[str], diagnostics: Diagnostics
) -> Table | None:
    """Read `folder/name` if it exists; None if it is absent or its header is unusable."""
    path = folder / name
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        diagnostics.error(name, f"cannot read the file: {error.strerror or error}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = row_at(raw[: error.start].decode("utf-8-sig", errors="replace"))
        diagnostics.error(name, "not UTF-8 text; save it as CSV UTF-8", row=row, field=None)
        return None
    records, error_message = csv_records(text)
    if error_message is not None:
        diagnostics.error(name, f"not valid CSV: {error_message}", row=len(records) + 1)
        return None
    if not records or not any(cell.strip() for cell in records[0]):
        diagnostics.error(name, "has no header row; expected " + ",".join(required), row=1)
        return None
    header = [cell.strip().casefold() for cell in records[0]]
    if not _header_ok(name, header, required, diagnostics):
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in _numbered(records[1:]):
        if not any(cell.strip() for cell in record):
            continue  # blank lines are layout, not data
        if len(record) > len(header):
            extra = [cell for cell in record[len(header) :] if cell.strip()]
            if extra:
                diagnostics.error(
                    name,
                    f"has {len(record)} cells but the header has {len(header)} columns",
                    row=number,
                )
                continue
        values = {
            column: (record[i].strip() if i < len(record) else "")
            for i, column in enumerate(header)
        }
        rows.append((number, values))
    return Table(name, tuple(header), rows)


def csv_records(text: str) -> tuple[list[list[str]], str | None]:
    """Every CSV record of `text`, and the csv module's complaint if it stopped early (an
    unterminated quote, a cell over the size limit): the failed record is then the
    spreadsheet row `len(records) + 1`."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        message = str(error)
        if "end of data" in message or "EOF" in message:
            message = f"a quote opened in this row is never closed ({message})"
        return records, message
    return records, None


def row_at(prefix: str) -> int:
    """The spreadsheet row that the text after `prefix` (the start of a file) falls in."""
    reader = csv.reader(io.StringIO(prefix, newline=""), strict=False)
    try:
        complete = sum(1 for _ in reader)
    except csv.Error:
        complete = prefix.count("\n") + 1
    ends_a_row = prefix == "" or prefix.endswith(("\n", "\r"))
    return complete + 1 if ends_a_row else max(complete, 1)


def _numbered(records: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for index, record in enumerate(records):
        yield index + FIRST_DATA_ROW, record


def _header_ok(
    name: str, header: list[str], required: Sequence[str], diagnostics: Diagnostics
) -> bool:
    ok = True
    seen: set[str] = set()
    known = set(required) | set(OPTIONAL_COLUMNS)
    missing = [column for column in required if column not in header]
    renamed: set[str] = set()
    for column in header:
        if column in seen:
            diagnostics.error(name, "column appears twice", row=1, field=column)
            ok = False
        seen.add(column)
        close = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        if column not in known and close:
            # A misspelt required column is one mistake: report it once, as the missing column.
            renamed.add(close[0])
            missing.remove(close[0])
            diagnostics.error(
                name,
                f"required column is missing; rename column '{column}' to '{close[0]}'",
                row=1,
                field=close[0],
            )
            ok = False
        elif column not in known:
            shown = column or "(empty)"
            diagnostics.error(
                name,
                f"unknown column '{shown}'; expected {','.join(required)} "
                f"(and optionally {', '.join(OPTIONAL_COLUMNS)})",
                row=1,
                field=column or None,
            )
            # Still an error (school check and --strict refuse it), but the column is simply
            # not read: the rest of the register stays usable.
    for column in required:
        if column not in seen and column not in renamed:
            diagnostics.error(name, "required column is missing", row=1, field=column)
            ok = False
    return ok


@dataclass(slots=True)
class Known:
    """Ids seen in a register, including rows that had errors, so that a reference to a
    broken row is not reported a second time as an unknown id."""

    valid: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    complete: bool = True  # False when the file's header was unusable

    def unknown(self, ident: str) -> bool:
        """True only when `ident` is certainly not in the register."""
        return self.complete and ident not in self.seen
