"""CPU time of one `checks/disguise.fold` of long hostile texts, an earlier version of the
module (from git) against the current one, in the same process.

    nice -n 10 .venv/bin/python bench/disguise_fold_versions.py --rev 137c970 --chars 5000000

CPU time (`time.process_time`), so that the load of a shared machine does not count.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from saferpractice.checks import disguise

SAMPLES = {
    "a zero-width space in every word": "se\u200bx ",
    "every word in Cyrillic look-alikes": "\u0455\u0435\u0445 ",
    "every letter full-width": "\uff53\uff45\uff45 \uff59\uff4f\uff55 ",
    "Chinese with full-width commas": "我们明天见面吧，不要告诉别人。",
    "digits for letters in every word": "k33p th1s s3cr3t ",
    "right-to-left overrides everywhere": "\u202eterces ruo\u202c ",
    "plain ASCII": "Keep this between us. ",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="137c970", help="the earlier version's git revision")
    parser.add_argument("--chars", type=int, default=5_000_000)
    args = parser.parse_args()
    source = subprocess.run(
        ["git", "show", f"{args.rev}:src/saferpractice/checks/disguise.py"],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "disguise_before.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("disguise_before", path)
        assert spec is not None and spec.loader is not None
        before = importlib.util.module_from_spec(spec)
        sys.modules["disguise_before"] = before  # its dataclasses look their module up
        spec.loader.exec_module(before)
    before._changing()
    disguise._changing()
    print(f"| text, {args.chars:,} characters | before ({args.rev}) | now |")
    print("|---|---|---|")
    for name, sample in SAMPLES.items():
        text = (sample * (args.chars // len(sample) + 1))[: args.chars]
        times = []
        for module in (before, disguise):
            began = time.process_time()
            module.fold(text)
            times.append(time.process_time() - began)
        print(f"| {name} | {times[0]:.2f} s | {times[1]:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
