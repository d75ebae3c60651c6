"""Fuzz the CSV readers with atheris: evidence CSVs (messages, social connections, web
filter, MDM inventory, through the registry's own content sniffing) and the school folder's
registers. Any bytes must be read or reported, never raise.

    .venv/bin/pip install atheris      # not a project dependency
    nice -n 10 .venv/bin/python fuzz/fuzz_csv.py -atheris_runs=1000000

Each input starts with a real header row chosen by the fuzzer, so the rows reach the
readers instead of being refused as "a CSV with a header we do not read".
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from saferpractice.diagnostics import Diagnostics
    from saferpractice.evidence import registry
    from saferpractice.evidence.images import SidecarCache
    from saferpractice.evidence.report import ReadReport
    from saferpractice.school.registers import COLUMNS, REGISTERS
    from saferpractice.school.table import read_table

HEADERS = (
    b"id,channel,sent_at,from,to,body\n",
    b"platform,owner,other_handle,other_name,relation,visibility\n",
    b"time,user,url,category,action\n",
    b"Device Name,Serial Number,Model,OS,Ownership,Assigned User,Supervised\n",
    b"",
)

ROOT = Path(tempfile.mkdtemp(prefix="fuzz_csv_"))
FILE = ROOT / "evidence.csv"


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    header = fdp.PickValueInList(list(HEADERS))
    register = fdp.PickValueInList(list(REGISTERS))
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
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
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
