"""`load_school(path)`: read, validate and index a school folder in one pass.

Every problem in every file is collected (errors and warnings), so a school can fix them all
at once. `SchoolLoad.school` is built only when there are no errors; `SchoolLoad.partial` is
built from everything that could be used even when there are errors (rows with errors left
out, registers that could not be read at all named in `unusable`), so that a scan can go on
and say what it left out instead of refusing over one bad cell.

A register that exists but cannot be read (a broken or looping symbolic link, a folder, a
pipe, a file over `MAX_REGISTER_BYTES`) is an error, never an empty register: an empty
`consents.csv` would make every photo a "no consent" red. Only an absent file is "missing;
treated as empty".
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic, Diagnostics, errors_in, warnings_in
from saferpractice.school.registers import (
    ACCOUNTS,
    ACKNOWLEDGEMENTS,
    APPROVALS,
    COLUMNS,
    CONSENTS,
    DEVICES,
    PEOPLE,
    REGISTERS,
    Context,
    check_people,
    parse_accounts,
    parse_acknowledgements,
    parse_approvals,
    parse_consents,
    parse_devices,
    parse_people,
)
from saferpractice.school.school import School
from saferpractice.school.settings import SETTINGS_FILE, read_settings
from saferpractice.school.table import Table, read_table

FILE_ORDER: tuple[str, ...] = (SETTINGS_FILE, *REGISTERS)
# The largest register read. A secondary school of 2,000 pupils with their parents and staff
# has a people.csv of about 0.5 MB; 8 MiB of the shortest possible rows is about 230,000
# people, which load in about 300 MB (measured: 15 MiB, 460,000 people, 608 MB peak, 14 s of
# CPU). A larger file is refused at once, before it is read, so a 200 MB file costs neither
# minutes nor gigabytes.
MAX_REGISTER_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SchoolLoad:
    """The result of loading a folder: the school (None if there were errors), every
    diagnostic, and how many rows each register had."""

    school: School | None
    diagnostics: tuple[Diagnostic, ...]
    rows: dict[str, int] = field(default_factory=dict)
    unreadable: bool = False  # the folder itself could not be read
    partial: School | None = None  # what could be used, even with errors (None if nothing)
    unusable: tuple[str, ...] = ()  # registers present but not usable at all
    left_out: dict[str, int] = field(default_factory=dict)  # rows left out, by register

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(errors_in(self.diagnostics))

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(warnings_in(self.diagnostics))


def _order(diagnostic: Diagnostic) -> tuple[int, int, int]:
    try:
        index = FILE_ORDER.index(diagnostic.source)
    except ValueError:
        index = len(FILE_ORDER)
    return index, diagnostic.row or diagnostic.line or 0, 0


def register_problem(path: Path) -> str | None:
    """Why the register at `path` cannot be read, if it exists but is not a readable
    regular file within the size bound; None if it is absent or fine. Never opens the file
    (opening a pipe would block)."""
    try:
        path.lstat()
    except FileNotFoundError:
        return None  # absent: the caller decides
    except OSError as error:
        return f"cannot be examined ({error.strerror or error})"
    try:
        info = path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself; it cannot be read"
        if error.errno == errno.ENOENT:
            return "is a symbolic link to a file that does not exist; it cannot be read"
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a CSV file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, socket or device); it was not read"
    if info.st_size > MAX_REGISTER_BYTES:
        return (
            f"is {info.st_size / 1024 / 1024:,.0f} MiB; the largest register read is "
            f"{MAX_REGISTER_BYTES // 1024 // 1024} MiB"
        )
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def load_school(path: str | Path) -> SchoolLoad:
    """Load the school folder at `path`."""
    folder = Path(path)
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return SchoolLoad(None, (Diagnostic(str(folder), what),), unreadable=True)
    diagnostics = Diagnostics()
    settings = read_settings(folder, diagnostics)
    ctx = Context(settings, diagnostics)
    tables, unusable = _read_registers(folder, ctx)

    def parse(name: str, parser: Callable[[Table, Context], list[Any]]) -> list[Any]:
        table = tables[name]
        return parser(table, ctx) if table is not None else []

    people = parse(PEOPLE, parse_people)
    people_table = tables[PEOPLE]
    if people_table is not None:
        check_people(people_table, ctx, people)
    accounts = parse(ACCOUNTS, parse_accounts)
    devices = parse(DEVICES, parse_devices)
    approvals = parse(APPROVALS, parse_approvals)
    consents = parse(CONSENTS, parse_consents)
    acknowledgements = parse(ACKNOWLEDGEMENTS, parse_acknowledgements)

    diagnostics.items.sort(key=_order)
    rows = {name: len(table.rows) for name, table in tables.items() if table is not None}
    school = None
    if settings is not None and PEOPLE not in unusable:
        school = School(
            settings=settings,
            folder=folder.resolve(),
            people={person.id: person for person in people},
            accounts=tuple(accounts),
            devices=tuple(devices),
            approvals=tuple(approvals),
            consents=tuple(consents),
            acknowledgements=tuple(acknowledgements),
        )
    has_errors = settings is None or bool(diagnostics.errors)
    return SchoolLoad(
        None if has_errors else school,
        tuple(diagnostics.items),
        rows,
        partial=school,
        unusable=tuple(unusable),
        left_out=_left_out(diagnostics),
    )


def _read_registers(folder: Path, ctx: Context) -> tuple[dict[str, Table | None], list[str]]:
    """Each register's table (None if absent or unusable), and those present but unusable.
    An absent people.csv is an error; any other absent register is read as empty."""
    diagnostics = ctx.diagnostics
    tables: dict[str, Table | None] = {}
    unusable: list[str] = []
    for name in REGISTERS:
        problem = register_problem(folder / name)
        present = problem is not None or (folder / name).is_file()
        if problem is not None:
            diagnostics.error(name, problem)
            table = None
        else:
            table = read_table(folder, name, COLUMNS[name], diagnostics)
        tables[name] = table
        if table is None and present:
            unusable.append(name)
            if name == PEOPLE:
                ctx.people_known.complete = False
            if name == DEVICES:
                ctx.devices_known.complete = False
        elif table is None and name == PEOPLE:
            diagnostics.error(PEOPLE, "is missing; the folder needs one")
            ctx.people_known.complete = False
            unusable.append(name)
        elif table is None:
            diagnostics.warning(name, "is missing; treated as empty")
    return tables, unusable


def _left_out(diagnostics: Diagnostics) -> dict[str, int]:
    """How many distinct data rows of each register had an error: rows with an error are
    left out of the model (or, like a row with extra cells, never make it into the table)."""
    error_rows: dict[str, set[int]] = {}
    for d in diagnostics.errors:
        if d.row is not None and d.row > 1:
            error_rows.setdefault(d.source, set()).add(d.row)
    return {name: len(error_rows[name]) for name in REGISTERS if name in error_rows}
