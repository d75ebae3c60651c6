"""Run Microsoft Presidio's pattern recognizers on texts; used by bench/detectors.py.

This script runs inside the separate venv bench/.presidio-venv (never a project
dependency). It reads a JSON request on stdin and writes a JSON answer on stdout:

    {"texts": [...], "regions": ["GB"], "repeat": 1}
 -> {"seconds": float, "results": [[[entity, start, end, score], ...], ...]}

No NLP engine and no spaCy model: each recognizer's `analyze` is called directly with
`nlp_artifacts=None`, which is how Presidio's own pattern recognizers run without NLP.
Overlapping results of one entity type are reduced to the highest-scoring one, as
AnalyzerEngine does.

    bench/.presidio-venv/bin/python bench/presidio_eval.py --help
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any


def build(regions: list[str]) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )

    phone = PhoneRecognizer(supported_regions=regions) if regions else PhoneRecognizer()
    return [phone, EmailRecognizer(), UrlRecognizer()]


ENTITIES = ["PHONE_NUMBER", "EMAIL_ADDRESS", "URL"]


def analyse(recognizers: list[Any], text: str) -> list[tuple[str, int, int, float]]:
    found: list[tuple[str, int, int, float]] = []
    for recognizer in recognizers:
        for r in recognizer.analyze(text, ENTITIES, None) or []:
            found.append((r.entity_type, r.start, r.end, float(r.score)))
    found.sort(key=lambda f: (-f[3], f[1]))
    kept: list[tuple[str, int, int, float]] = []
    for f in found:
        if not any(k[0] == f[0] and f[1] < k[2] and k[1] < f[2] for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f[1])
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    request = json.load(sys.stdin)
    recognizers = build(list(request.get("regions", ["GB"])))
    texts: list[str] = request["texts"]
    repeat = int(request.get("repeat", 1))
    analyse(recognizers, "warm up 07700 900123 a@b.com")
    results: list[list[tuple[str, int, int, float]]] = []
    started = time.perf_counter()
    for _ in range(repeat):
        results = [analyse(recognizers, t) for t in texts]
    seconds = (time.perf_counter() - started) / repeat
    json.dump({"seconds": seconds, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
