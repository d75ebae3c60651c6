"""Cost of folding disguised text (`checks/disguise.py`) against a plain NFKC of the same
text (no offset map, no look-alikes), measured in the same run.

    nice -n 10 .venv/bin/python bench/disguise_fold.py [--chars 1000000]

Texts of the same length: plain ASCII (passed through), Chinese with full-width commas,
Russian mixed with English, text written wholly in full-width letters or Cyrillic
look-alikes (every character folds), a zero-width space in every word, digits for letters in
every word and right-to-left overrides everywhere (the worst cases: a run or word per few
characters). The one-off build of the class of
characters that fold is timed separately.
"""

from __future__ import annotations

import argparse
import time
import unicodedata

from saferpractice.checks.disguise import _changing, fold
from timing import best_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="length of each text")
    size = parser.parse_args().chars
    began = time.perf_counter()
    _changing()
    print(f"class of folding characters built once: {time.perf_counter() - began:.2f} s")
    samples = {
        "ASCII": "Keep this between us. ",
        "Chinese": "我们明天见面吧，不要告诉别人。",
        "Russian + English": "Привет, see you at the trip ",
        "full-width": "ｓｅｅ ｙｏｕ ",
        "Cyrillic look-alikes": "ѕех ",
        "zero-width in every word": "se\u200bx ",
        "digits for letters": "k33p th1s s3cr3t ",
        "right-to-left overrides": "\u202eterces ruo\u202c ",
    }
    print(f"{'text':<22}{'NFKC only':>12}{'fold + map':>12}{'ratio':>8}")
    for name, sample in samples.items():
        text = (sample * (size // len(sample) + 1))[:size]
        nfkc = best_of(lambda t: unicodedata.normalize("NFKC", t), text)
        ours = best_of(fold, text)
        print(f"{name:<22}{nfkc:>10.3f} s{ours:>10.3f} s{ours / max(nfkc, 1e-6):>7.1f}x")


if __name__ == "__main__":
    main()
