"""Detectors used from several threads at once, as the web office's request threads use them."""

from __future__ import annotations

import threading
from collections.abc import Callable

from saferpractice.detect.contact import ContactDetector
from saferpractice.detect.risk import RiskMatcher

TEXT = (
    "text me on 07700 900123 or write to pat.smith@example.com, I'm @pat.s on insta, "
    "keep this between us, www.example.co.uk, +44 20 7946 0000, seven seven oh oh. "
) * 150


def _hammer(
    work: Callable[[], object], threads: int = 4, rounds: int = 8
) -> tuple[list[object], list[str]]:
    results: list[object] = []
    errors: list[str] = []

    def run() -> None:
        try:
            for _ in range(rounds):
                results.append(work())
        except Exception as error:  # any error is the failure under test
            errors.append(repr(error))

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


def test_contact_detector_gives_the_same_answer_in_four_threads_at_once() -> None:
    detector = ContactDetector()
    alone = [(m.kind, m.start, m.end, m.value) for m in detector.find(TEXT)]
    results, errors = _hammer(
        lambda: [(m.kind, m.start, m.end, m.value) for m in detector.find(TEXT)]
    )
    assert errors == []  # was ScratchInUseError from hyperscan
    assert len(results) == 32 and all(result == alone for result in results)


def test_risk_detector_gives_the_same_answer_in_four_threads_at_once() -> None:
    detector = RiskMatcher()
    alone = detector.find(TEXT)
    results, errors = _hammer(lambda: detector.find(TEXT))
    assert errors == []
    assert len(results) == 32 and all(result == alone for result in results)
