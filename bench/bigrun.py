"""One large scan with progress and per-process measurements (issue 15: the 10-million run).

Runs `run_scan` in this process (the driver) on `--cluster local:N` or `--jobs N`, and every
`--every` seconds appends one JSON line to `--log`: wall time, records and findings so far, and
for the driver and each of its descendant processes (the Dask workers) the CPU seconds and the
resident memory, with the peak seen so far. The line is written as it goes, so a run that is
stopped (or does not finish by a deadline) still says how far it got and at what rate.

    nice -n 19 .venv/bin/python bench/bigrun.py /work/bigscan/d --cluster local:2 \
        --shard-mb 32 --no-semantic --output /work/bigscan/findings.jsonl \
        --log /work/bigscan/progress.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
from pathlib import Path

import psutil

from scan_setup import add_scan_arguments, scan_setup


class Sampler:
    """Samples this process and its descendants: CPU seconds and peak resident memory."""

    def __init__(self, log: Path, every: float) -> None:
        self.log = log
        self.every = every
        self.start = time.time()
        self.me = psutil.Process()
        self.peak: dict[int, float] = {}
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per process (kept after exit)
        self.names: dict[int, str] = {}
        self.records = 0
        self.findings = 0
        self.done = threading.Event()

    def progress(self, records: int, findings: int) -> None:
        self.records, self.findings = records, findings

    def sample(self, final: bool = False) -> dict[str, object]:
        processes = [self.me, *self.me.children(recursive=True)]
        for process in processes:
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    rss = process.memory_info().rss / 2**20
                    self.names.setdefault(process.pid, " ".join(process.cmdline()[-2:])[-60:])
            except psutil.Error:
                continue
            self.cpu[process.pid] = times.user + times.system
            self.peak[process.pid] = max(self.peak.get(process.pid, 0.0), rss)
        driver = self.me.pid
        line = {
            "wall": round(time.time() - self.start, 1),
            "records": self.records,
            "findings": self.findings,
            "driver_cpu": round(self.cpu.get(driver, 0.0), 1),
            "workers_cpu": round(sum(v for k, v in self.cpu.items() if k != driver), 1),
            "driver_peak_mib": round(self.peak.get(driver, 0.0), 1),
            "processes": {
                str(pid): {
                    "cpu": round(self.cpu[pid], 1),
                    "peak_mib": round(self.peak[pid], 1),
                    "what": self.names.get(pid, ""),
                }
                for pid in self.cpu
                if pid != driver
            },
            "loadavg": [round(x, 2) for x in os.getloadavg()],
            "final": final,
        }
        with self.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
        return line

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.sample()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scan_arguments(parser)
    parser.add_argument("--log", required=True)
    parser.add_argument("--every", type=float, default=30.0)
    args = parser.parse_args()

    from saferpractice.scan.engine import run_scan
    from saferpractice.scan.output import write_jsonl

    folder = Path(args.folder)
    sampler = Sampler(Path(args.log), args.every)
    options, ctx, gaps = scan_setup(args)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    result = run_scan(ctx, [folder / "evidence"], options, sampler.progress, gaps)
    sampler.done.set()
    sampler.records = sum(result.checked.values())
    sampler.findings = len(result.findings)
    final = sampler.sample(final=True)
    with Path(args.output).open("w", encoding="utf-8") as handle:
        write_jsonl(result.findings, handle)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    final["reaped_children_cpu"] = round(reaped.ru_utime + reaped.ru_stime, 1)
    final["reaped_children_peak_mib"] = round(reaped.ru_maxrss / 1024, 1)
    print(json.dumps({k: v for k, v in final.items() if k != "processes"}))


if __name__ == "__main__":
    main()
