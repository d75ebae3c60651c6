"""`saferpractice evidence ...`: see what evidence files will be read as, read them to JSON
Lines, and merge an MDM inventory into the school's devices.csv.

Exit codes for `read`: 0 every item was read (warnings allowed), 1 some items or files
were skipped (each reported on stderr), 2 usage or input error.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import sys
from collections.abc import Iterator
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

import click

from saferpractice.cli.common import EXIT_FOUND, EXIT_OK, echo_diagnostics, plural
from saferpractice.diagnostics import UserError
from saferpractice.evidence.records import DeviceRecord, Record
from saferpractice.evidence.report import ReadReport

PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


@click.group("evidence")
def evidence() -> None:
    """Read evidence exports: mail, messages, social media, images, web logs, devices.

    Files are recognised by their content (magic bytes, CSV header, JSON structure), never
    by their names alone. See docs/evidence.md for every format.
    """


def _default_root(paths: tuple[Path, ...]) -> Path:
    """The folder given, or the common parent of the paths given."""
    if len(paths) == 1:
        return paths[0] if paths[0].is_dir() else paths[0].parent
    parents = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    common = parents[0]
    while not all(p == common or common in p.parents for p in parents):
        common = common.parent
    return common


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@evidence.command("ls")
@PATHS
def ls_command(paths: tuple[Path, ...]) -> None:
    """Show what each file under PATHS will be read as (path, kind, reader, size)."""
    from rich.console import Console
    from rich.table import Table

    from saferpractice.evidence.registry import describe

    table = Table(box=None)
    table.add_column("path", overflow="fold")
    for name in ("kind", "reader", "size"):
        table.add_column(name, no_wrap=True)
    identified = unknown = 0
    for item in describe(list(paths)):
        if item.spec is None:
            unknown += 1
            kind, reader = f"[yellow]not read: {item.reason}[/]", "-"
        else:
            identified += 1
            kind, reader = item.spec.description, item.spec.reader
        table.add_row(str(item.path), kind, reader, _human(item.size))
    # Piped output is read by people and scripts alike: never cut a path to fit 80 columns.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
    console.print(table)
    click.echo(
        f"{plural(identified, 'input')} recognised, {plural(unknown, 'file')} not read", err=True
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and not math.isfinite(value):
        return None  # strict JSON has no NaN or Infinity (readers reject them anyway)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record_json(record: Record) -> str:
    """One record as a JSON object: its kind, then its fields (datetimes in ISO 8601)."""
    fields = {"kind": record.kind.value, **_plain(dataclasses.asdict(record))}
    return json.dumps(fields, ensure_ascii=False, sort_keys=False, allow_nan=False)


def _records(paths: tuple[Path, ...], report: ReadReport, root: Path) -> Iterator[Record]:
    from saferpractice.evidence.registry import iter_evidence

    yield from iter_evidence(list(paths), report, root)


@evidence.command("read")
@PATHS
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder that sources are named relative to (default: the folder given, or the "
    "common parent of the paths).",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not list each warning and skip.")
def read_command(paths: tuple[Path, ...], root: Path | None, quiet: bool) -> None:
    """Print the records in PATHS as JSON Lines on stdout, and a summary on stderr.

    Exit status: 0 all items read, 1 some items or files skipped, 2 usage error.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    report = ReadReport()
    base = root or _default_root(paths)
    out = sys.stdout
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        transient=True,
        disable=not sys.stderr.isatty(),
        console=_stderr_console(),
    ) as progress:
        task = progress.add_task("reading", total=None)
        for count, record in enumerate(_records(paths, report, base), start=1):
            out.write(record_json(record) + "\n")
            if count % 500 == 0:
                progress.update(task, description=f"{count} records, now {record.source}")
    if not quiet:
        echo_diagnostics(report.diagnostics)
    _summary(report, sys.stderr)
    total = report.total
    raise SystemExit(EXIT_FOUND if total.skipped else EXIT_OK)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _summary(report: ReadReport, stream: TextIO) -> None:
    width = max((len(s) for s in report.stats), default=6)
    stream.write(f"{'source':<{width}}  {'read':>7}  {'warned':>7}  {'skipped':>7}\n")
    for source in sorted(report.stats):
        stats = report.stats[source]
        stream.write(f"{source:<{width}}  {stats.read:>7}  {stats.warned:>7}  {stats.skipped:>7}\n")
    total = report.total
    stream.write(
        f"total: {plural(total.read, 'record')} read, {total.warned} with warnings, "
        f"{total.skipped} skipped, from {plural(len(report.stats), 'source')}\n"
    )


# Columns written for devices the school register does not have yet.
DEVICE_COLUMNS = (
    "id", "owner", "ownership", "kind", "make", "model", "serial", "passcode", "bluetooth",
)  # fmt: skip


@evidence.command("merge-devices")
@click.argument("mdm_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("school_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the merged devices.csv here (default: stdout). The school folder is never "
    "changed in place.",
)  # fmt: skip
def merge_devices_command(mdm_csv: Path, school_dir: Path, output: Path | None) -> None:
    """Merge an MDM inventory (MDM_CSV) into SCHOOL_DIR/devices.csv, matching by serial.

    A device whose serial is in the register keeps its id, owner and ownership there; the
    MDM's passcode, Bluetooth, make and model fill in or update the register's columns
    when the MDM knows them. Devices the register lacks are added (id from the MDM's device
    name, owner as the MDM's user principal name, for a person to map).
    """
    from saferpractice.evidence.csvutil import header_of, read_head
    from saferpractice.evidence.devices import header_family, read_inventory

    if header_family(header_of(read_head(mdm_csv))) is None:
        raise UserError(f"{mdm_csv}: not an MDM inventory CSV (see docs/evidence.md)")
    report = ReadReport()
    mdm = list(read_inventory(mdm_csv, report, mdm_csv.parent))
    register = school_dir / "devices.csv"
    columns, rows = _read_register(register)
    merged, updated, added = merge_devices(columns, rows, mdm)
    stream: TextIO
    with output.open("w", newline="", encoding="utf-8") if output else _stdout() as stream:
        writer = csv.DictWriter(stream, fieldnames=list(merged[0]) if merged else columns,
                                lineterminator="\n")  # fmt: skip
        writer.writeheader()
        writer.writerows(merged)
    echo_diagnostics(report.diagnostics)
    click.echo(
        f"{plural(len(rows), 'register device')}, {plural(len(mdm), 'MDM device')}: "
        f"{updated} matched by serial, {added} added",
        err=True,
    )
    raise SystemExit(EXIT_FOUND if report.total.skipped else EXIT_OK)


class _stdout:  # noqa: N801 - used like a file opened with `with`
    def __enter__(self) -> TextIO:
        return sys.stdout

    def __exit__(self, *args: object) -> None:
        sys.stdout.flush()


def _read_register(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return list(DEVICE_COLUMNS), []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = [dict(row) for row in reader]
        return list(reader.fieldnames or DEVICE_COLUMNS), rows


def merge_devices(
    columns: list[str], rows: list[dict[str, str]], mdm: list[DeviceRecord]
) -> tuple[list[dict[str, str]], int, int]:
    """The register rows updated from MDM records by serial, then the new devices.

    Returns (rows, number updated, number added). Columns the register lacks but the MDM
    supplies (passcode, bluetooth) are added to every row.
    """
    names = list(columns)
    for extra in ("serial", "passcode", "bluetooth"):
        if extra not in names:
            names.append(extra)
    merged = [{name: row.get(name) or "" for name in names} for row in rows]
    by_serial = {row["serial"].strip().casefold(): row for row in merged if row["serial"].strip()}
    updated = added = 0
    for device in mdm:
        row = by_serial.get(device.serial.casefold()) if device.serial else None
        known = {
            "passcode": device.passcode,
            "bluetooth": device.bluetooth,
            "make": device.make,
            "model": device.model,
        }
        if row is not None:
            updated += 1
            for name, value in known.items():
                if name in row and value and value != "unknown":
                    row[name] = value
            continue
        added += 1
        new = dict.fromkeys(names, "")
        new.update(
            {
                "id": device.id,
                "owner": device.owner,
                "ownership": device.ownership,
                "kind": device.device_kind,
                "serial": device.serial,
            }
        )
        new.update({k: v for k, v in known.items() if k in new})
        new = {name: new.get(name, "") for name in names}
        merged.append(new)
        if device.serial:  # a device without a serial never matches another
            by_serial[device.serial.casefold()] = new
    return merged, updated, added
