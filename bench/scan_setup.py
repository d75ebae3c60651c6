"""What bench/scale.py and bench/bigrun.py share: the command-line options of one measured
scan, and the scan's options and school context built from them."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferpractice.checks import CheckContext
    from saferpractice.scan.engine import ScanOptions
    from saferpractice.scan.school_gaps import SchoolGaps

AS_OF = date(2026, 11, 24)  # the demo evidence's "today", so every run sees the same dates


def add_scan_arguments(parser: argparse.ArgumentParser, output: bool = True) -> None:
    """The folder (with school/ and evidence/ in it), the findings file, how to spread the scan."""
    parser.add_argument("folder")
    if output:
        parser.add_argument("--output", required=True)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cluster")
    parser.add_argument("--shard-mb", type=float, default=32.0)
    parser.add_argument("--no-semantic", action="store_true")


def scan_setup(args: argparse.Namespace) -> tuple[ScanOptions, CheckContext, SchoolGaps]:
    """The scan's options, and the school context and its gaps, from `add_scan_arguments`."""
    from saferpractice.scan.engine import ScanOptions, load_context_with_gaps

    options = ScanOptions(
        as_of=AS_OF,
        jobs=args.jobs,
        cluster=args.cluster,
        shard_bytes=int(args.shard_mb * (1 << 20)),
        strict=False,
    )
    ctx, gaps = load_context_with_gaps(Path(args.folder) / "school", options)
    if args.no_semantic:  # the semantic model's cost is measured separately (docs/benchmarks.md)
        ctx = dataclasses.replace(ctx, semantic_enabled=False)
    return options, ctx, gaps
