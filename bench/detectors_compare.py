"""Compare `ContactDetector.find` of this tree with another commit's, text by text.

The detectors' fast paths are proven equal to the full scans by hypothesis tests in
tests/detect; this is a second, blunter check that a change left the output alone: the same
texts (both benchmark corpora and generated text full of numbers, number words, addresses,
handles, Unicode digits and spaces, NUL) through the detector of each tree, in separate
processes, and every match (kind, span, text, value, obfuscated, reason) compared.

    git archive COMMIT src | tar -x -C /tmp/old
    .venv/bin/python bench/detectors_compare.py /tmp/old/src --texts 30000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from detectors import email_bodies, short_messages  # noqa: E402

PIECES = [
    "07700 900123", "+44 (0)161 496 0000", "0 7 7 0 0 9 0 0 1 2 3", "07700900123",
    "(01632) 960123", "0044 20 7946 0000", "+33 6 12 34 56 78",
    "zero seven seven double oh nine double oh one two three", "oh", "one", "for",
    "jess at gmail dot com", "jess [at] hotmail [dot] co [dot] uk", "me at pat.smith78",
    "boateng dot owain at btinternet dot com", "x@y.com", "a @ b . com", "@", " at ", " dot ",
    "follow me @jess", "add me on insta jess.x", "my snap is jess_x", "snap", "@owain.boateng79",
    "@3pm", "www.example.org/x", "https://bbc.co.uk/a", "bit.ly/x", "e.g.", "home.It",
    "2024-01-15", "07:45", "£3.50", "é", "٠٧", "０７", "\u00a0", "\u2028", "ı", "K",
    "\x00", "\x1c", "ext", "x", "#", "(", ")", "/", "-", ".", ",", " ", "\n", "tel:", "sc",
    "example-school.sch.uk", "1234567890123", "0" * 12, "@@", "ſ",
]  # fmt: skip

_RUN = """
import json, sys
from saferpractice.detect import ContactDetector
texts = json.load(open(sys.argv[1], encoding="utf-8"))
find = ContactDetector().find
out = [[[m.kind, m.start, m.end, m.text, m.value, m.obfuscated, m.how] for m in find(t)]
       for t in texts]
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"))
"""


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(1, 14)):
            if rng.random() < 0.8:
                parts.append(rng.choice(PIECES))
            else:
                parts.append("".join(rng.choice("0123456789 +()-./x@atdo") for _ in range(5)))
        texts.append("".join(parts))
    return texts


def run(src: Path, texts_file: Path, out_file: Path) -> list[list[list[object]]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run(
        [sys.executable, "-c", _RUN, str(texts_file), str(out_file)], env=env, check=True
    )
    answer: list[list[list[object]]] = json.loads(out_file.read_text(encoding="utf-8"))
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other_src", type=Path, help="the other tree's src directory")
    parser.add_argument("--texts", type=int, default=30000, help="generated texts")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    if not (args.other_src / "saferpractice").is_dir():
        print(f"{args.other_src}: no saferpractice package here (give a src directory)")
        return 2
    texts = short_messages(3000).texts + email_bodies(300).texts
    texts += generated(args.texts, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        ours = run(HERE.parent / "src", texts_file, Path(tmp) / "ours.json")
        theirs = run(args.other_src, texts_file, Path(tmp) / "theirs.json")
    differ = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    with_matches = sum(1 for found in ours if found)
    print(f"{len(texts)} texts, {with_matches} with contact details, {len(differ)} differ")
    for i in differ[:10]:
        print(ascii(texts[i]), theirs[i], ours[i], sep="\n  ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
