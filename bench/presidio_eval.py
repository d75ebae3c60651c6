"""Run Microsoft Presidio's pattern recognizers on texts; used by bench/detectors.py.

This script runs inside the separate venv bench/.presidio-venv (never a project
dependency). It reads a JSON request on stdin and writes a JSON answer on stdout:

    {"texts": [...], "regions": ["GB"], "repeat": 1, "mode": "engine" | "recognizers"}
 -> {"seconds": float, "results": [[[entity, start, end, score], ...], ...]}

Two configurations, both with the pattern recognizers only (PhoneRecognizer with the
requested `supported_regions`, EmailRecognizer, UrlRecognizer) and no spaCy model download:

- `engine` (the realistic deployment): `AnalyzerEngine` with a registry holding just those
  three recognizers and a spaCy NLP engine whose pipeline is `spacy.blank("en")` (a
  tokenizer, no trained model). `analyze(text, language="en", entities=[...])` as an
  application calls it, including tokenisation, context enhancement and overlap removal.
- `recognizers` (Presidio's floor): each recognizer's `analyze` called directly with
  `nlp_artifacts=None`; overlapping results of one entity type are reduced to the
  highest-scoring one, as AnalyzerEngine does.

    bench/.presidio-venv/bin/python bench/presidio_eval.py --help
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

ENTITIES = ["PHONE_NUMBER", "EMAIL_ADDRESS", "URL"]
Found = list[tuple[str, int, int, float]]


def build_recognizers(regions: list[str]) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )

    phone = PhoneRecognizer(supported_regions=regions) if regions else PhoneRecognizer()
    return [phone, EmailRecognizer(), UrlRecognizer()]


def direct(regions: list[str]) -> Callable[[str], Found]:
    recognizers = build_recognizers(regions)

    def analyse(text: str) -> Found:
        found: Found = []
        for recognizer in recognizers:
            for r in recognizer.analyze(text, ENTITIES, None) or []:
                found.append((r.entity_type, r.start, r.end, float(r.score)))
        found.sort(key=lambda f: (-f[3], f[1]))
        kept: Found = []
        for f in found:
            if not any(k[0] == f[0] and f[1] < k[2] and k[1] < f[2] for k in kept):
                kept.append(f)
        kept.sort(key=lambda f: f[1])
        return kept

    return analyse


def engine(regions: list[str]) -> Callable[[str], Found]:
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankSpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
        """spaCy's tokenizer only: no model to download, no NER."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in build_recognizers(regions):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(
        registry=registry, nlp_engine=BlankSpacyEngine(), supported_languages=["en"]
    )

    def analyse(text: str) -> Found:
        results = analyzer.analyze(text=text, language="en", entities=ENTITIES)
        found = [(r.entity_type, r.start, r.end, float(r.score)) for r in results]
        found.sort(key=lambda f: (f[1], f[2], f[0]))
        return found

    return analyse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    request = json.load(sys.stdin)
    regions = list(request.get("regions", ["GB"]))
    mode = request.get("mode", "engine")
    analyse = engine(regions) if mode == "engine" else direct(regions)
    texts: list[str] = request["texts"]
    repeat = int(request.get("repeat", 1))
    analyse("warm up 07700 900123 a@b.com www.example.org")
    results: list[Found] = []
    started = time.perf_counter()
    for _ in range(repeat):
        results = [analyse(t) for t in texts]
    seconds = (time.perf_counter() - started) / repeat
    json.dump({"seconds": seconds, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
