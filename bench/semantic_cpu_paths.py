"""Does the semantic detector read alike on CPUs with and without AVX-512 VNNI?

    .venv/bin/python bench/semantic_cpu_paths.py [--sample 120]

Reads a sample of the held-back fifth twice: natively, and under `qemu-x86_64 -cpu Haswell`
(Debian's qemu-user), which offers AVX2 but neither AVX-512 nor VNNI, so onnxruntime takes its
other int8 kernels. Prints the largest and mean difference in breach probability and how many
messages the threshold decides differently. Needs qemu-user (apt-get install qemu-user); the
emulated run takes a minute or two for the default sample.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from saferpractice.detect.semantic import SemanticDetector
from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, load_corpus

EMULATED_CPU = "Haswell"  # AVX2, FMA; no AVX-512, no VNNI


def sample_texts(size: int) -> list[str]:
    _, held = load_corpus(DEFAULT_CORPUS).split()
    step = max(1, len(held) // size)
    return [e.text for e in held[::step]][:size]


def read(detector: SemanticDetector, texts: list[str]) -> list[float]:
    if not detector.available():
        raise SystemExit(f"semantic detector unavailable: {detector.unavailable_reason}")
    return [v.probability if v is not None else 0.0 for v in detector.assess_many(texts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=120, help="held-back messages to read")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # the emulated half
    args = parser.parse_args()
    texts = sample_texts(args.sample)
    detector = SemanticDetector(threads=1)
    if args.child:
        args.child.write_text(json.dumps(read(detector, texts)))
        return
    qemu = shutil.which("qemu-x86_64")
    if qemu is None:
        raise SystemExit("qemu-x86_64 not found: apt-get install qemu-user")
    native = read(detector, texts)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "emulated.json"
        command = [qemu, "-cpu", EMULATED_CPU, sys.executable, __file__, "--child", str(out)]
        command += ["--sample", str(args.sample)]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        emulated = json.loads(out.read_text())
    threshold = detector.threshold
    pairs = list(zip(native, emulated, strict=True))
    flipped = sum((a >= threshold) != (b >= threshold) for a, b in pairs)
    differences = [abs(a - b) for a, b in pairs]
    print(
        f"{len(texts)} held-back messages, native CPU against qemu -cpu {EMULATED_CPU}: "
        f"largest difference {max(differences):.6f}, mean {sum(differences) / len(texts):.6f}; "
        f"{flipped} decided differently at the threshold {threshold:.2f}"
    )


if __name__ == "__main__":
    main()
