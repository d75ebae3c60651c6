"""Fuzz the CSV readers with atheris: evidence CSVs (messages, social connections, web
filter, MDM inventory, through the registry's own content sniffing) and the school folder's
registers. Any bytes must be read or reported, never raise.

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_csv.py -atheris_runs=1000000

Each input starts with a real header row chosen by the fuzzer (the first byte; the second
picks the school register), so the rows reach the readers instead of being refused as "a CSV
with a header we do not read". The files live in memory (/dev/shm), and the seeds are written
into an empty corpus folder at start-up (fuzz/seeds.py).
"""

from __future__ import annotations

import sys

import atheris
import seeds
from seeds import CSV_HEADERS, scratch_dir, seed_empty_corpora

# Only our own code: the csv module is in C, and the detectors that the imports pull in
# (phonenumbers) are not what this target tests.
with atheris.instrument_imports(include=["saferpractice"]):
    from saferpractice.diagnostics import Diagnostics
    from saferpractice.evidence import registry
    from saferpractice.evidence.images import SidecarCache
    from saferpractice.evidence.report import ReadReport
    from saferpractice.school.registers import COLUMNS, REGISTERS
    from saferpractice.school.table import read_table

if seeds.REGISTERS != REGISTERS:  # the seeds pick registers by number
    raise SystemExit("fuzz/seeds.py REGISTERS is out of date")
ROOT = scratch_dir("fuzz_csv_")
FILE = ROOT / "evidence.csv"


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    header = CSV_HEADERS[data[0] % len(CSV_HEADERS)]
    register = REGISTERS[data[1] % len(REGISTERS)]
    body = data[2:]
    FILE.write_bytes(header + body)
    try:
        spec, _ = registry.identify(FILE)
    except OSError:
        return
    if spec is not None:
        read = registry.reader_for(spec, SidecarCache())
        if read is not None:
            report = ReadReport()
            for record in read(FILE, report, ROOT):
                if not record.source:
                    raise AssertionError(f"record without a source: {record!r}")
    # The same bytes as a school register, under its own header.
    (ROOT / register).write_bytes(",".join(COLUMNS[register]).encode() + b"\n" + body)
    read_table(ROOT, register, COLUMNS[register], Diagnostics())


def main() -> None:
    seed_empty_corpora("csv", sys.argv)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
