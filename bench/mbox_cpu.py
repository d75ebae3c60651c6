"""CPU time of `read_mbox` over one mbox (messages and MB per CPU-second), for comparing source
trees on a busy machine, where wall time says little:

    PYTHONPATH=/tmp/mailbench/before/src .venv/bin/python bench/mbox_cpu.py big.mbox --label before
    .venv/bin/python bench/mbox_cpu.py big.mbox --label now
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from saferpractice.evidence.mail import read_mbox
from saferpractice.evidence.report import ReadReport


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mbox", type=Path, help="an mbox (bench/make_mbox.py writes one)")
    parser.add_argument("--label", default="read_mbox", help="a name for the printed line")
    args = parser.parse_args(argv)
    messages = 0
    started = time.process_time()
    for record in read_mbox(args.mbox, ReadReport(), args.mbox.parent):
        messages += hasattr(record, "message_id")  # not the attached photos' image records
    cpu = time.process_time() - started
    size = args.mbox.stat().st_size / 1e6
    print(f"{args.label}: {messages} messages, CPU {cpu:.2f} s, {size / cpu:.1f} MB/s of CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
