"""The fast contact paths equal the full scans they replace; the hyperscan cache is optional."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import phonenumbermatcher
from phonenumbers.phonemetadata import PhoneMetadata

from saferpractice.detect import ContactDetector, MultiPatternMatcher, candidates
from saferpractice.detect import engine as engine_module
from saferpractice.detect.contact import reference_find_contacts
from saferpractice.detect.engine import hyperscan_available
from saferpractice.detect.phones import (
    _SOFT_NON_DIGIT,
    MIN_DIGITS,
    candidate_segments,
    find_phones,
    reference_find_phones,
)

DETECTOR = ContactDetector()


def both(text: str) -> None:
    assert DETECTOR.find(text) == reference_find_contacts(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("07700 900123", "+447700900123"),  # the whole text
        ("07700900123", "+447700900123"),
        ("call 07700 900123", "+447700900123"),  # at the end
        ("(07700) 900123 is mine", "+447700900123"),  # brackets at the start
        ("+44 (0)161 496 0000", "+441614960000"),
        ("ring+44 (0)161 496 0000", "+441614960000"),
        ("0161.496.0000.", "+441614960000"),
        ("tel:07700-900-123;", "+447700900123"),
        ("mob07700900123", "+447700900123"),  # glued to letters
        ("07700900123xyz", "+447700900123"),
        ("07700 900123 ext 12", "+447700900123"),
        ("+33 6 12 34 56 78.", "+33612345678"),
        ("0044 7700 900321", "+447700900321"),
    ],
)
def test_prefilter_keeps_numbers_at_edges_in_brackets_and_next_to_letters(
    text: str, value: str
) -> None:
    assert [(m.kind, m.value) for m in DETECTOR.find(text)] == [("phone", value)]
    both(text)


@pytest.mark.parametrize(
    "text",
    [
        "\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13",  # fullwidth
        "\u0660\u0667\u0667\u0660\u0660\u0669\u0660\u0660\u0661\u0662\u0663",  # Arabic-Indic
        "+\u0664\u0664 7700 900123",
        "\u0966\u096d\u096d\u0966\u0966 900123",  # Devanagari digits then ASCII
        "on 2025-01-13 at 07:45",
        "5 # 12345678907700900123",  # a candidate starting inside a long digit run
        "0161 ext 4960 x 000",
        "[07700 900123]",  # a square bracket is not stripped, so this is not kept
        "+43 1234 and ref 1234567",  # the shortest valid number, with the 7-digit gate
        "+43 1234",
        "12/03/2024 07700 900123 18:30",
    ],
)
def test_unicode_digits_dates_and_odd_candidates_agree_with_the_full_matcher(text: str) -> None:
    assert find_phones(text) == reference_find_phones(text)
    both(text)


def test_min_digits_is_a_lower_bound_for_every_valid_number() -> None:
    shortest = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        metadata = PhoneMetadata.metadata_for_region(region)
        lengths = [n for n in metadata.general_desc.possible_length if n > 0]
        shortest.append(len(str(metadata.country_code)) + min(lengths))
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        metadata = PhoneMetadata.metadata_for_nongeo_region(code)
        lengths = [n for n in metadata.general_desc.possible_length if n > 0]
        shortest.append(len(str(code)) + min(lengths))
    assert min(shortest) >= MIN_DIGITS


def test_every_character_the_matcher_can_take_between_or_before_digits_is_soft() -> None:
    pattern = phonenumbermatcher._PATTERN
    missing = []
    for code in range(0x3000):  # the pattern's classes and case folds all lie below U+3100
        ch = chr(code)
        if 0xD800 <= code < 0xE000 or ch.isdigit():
            continue
        between = pattern.match("1" + ch + "1")
        leading = pattern.match(ch + "1")
        taken = (between and between.end() == 3) or (leading and leading.start() == 0)
        if taken and not _SOFT_NON_DIGIT.match(ch):
            missing.append(ch)
    for ch in "\u3000\uff08\uff09\uff3b\uff3d\uff0b\uff0d\uff0e\uff0f\uff5e\u30fc":
        if not _SOFT_NON_DIGIT.match(ch):
            missing.append(ch)
    assert missing == []


def test_segments_are_bounded_by_hard_characters() -> None:
    text = "Call me: 07700 900123, or mum on 0161 496 0000 thanks"
    segments = candidate_segments(text)
    assert len(segments) == 2
    for start, end in segments:
        assert start == 0 or not _SOFT_NON_DIGIT.match(text[start - 1])
        assert end == len(text) or not _SOFT_NON_DIGIT.match(text[end])


_PIECES = [
    "07700 900123",
    "07700900123",
    "+44 7700 900 456",
    "+44 (0)161 496 0000",
    "(0161) 496 0000",
    "0161.496.0000",
    "020-7946-0018",
    "+33 6 12 34 56 78",
    "0044 20 7946 0000",
    "zero seven seven double oh nine double oh one two three",
    "0 7 7 0 0 9 0 0 1 2 3",
    "oh seven seven oh oh",
    "one",
    "for",
    "O",
    "jess@example.co.uk",
    "jess at gmail dot com",
    "jess [at] hotmail [dot] co [dot] uk",
    "jess (at) x (dot) com",
    "boateng dot owain at btinternet dot com",
    "me at pat.smith78",
    " dot ",
    " [dot] ",
    "@owain.boateng79",
    "@Year6",
    "@3pm",
    " at ",
    "@",
    "@jess",
    "www.example.org/x",
    "https://bbc.co.uk/a",
    "bit.ly/x",
    "e.g.",
    "my snap is jess_x",
    "add me on insta",
    "sc: jess",
    "follow me @jess",
    "tik tok",
    " ",
    ", ",
    ". ",
    "-",
    "(",
    ")",
    "+",
    "/",
    "x",
    "ext",
    "#",
    ":",
    "\n",
    "2024-01-15",
    "07:45",
    "£3.50",
    "\u00e9",
    "\u0130",
    "\u0131",
    "\u017f",
    "\u212a",
    "\uff10\uff17",
    "\u0663",
    "\u3000",
]
_texts = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.text(alphabet="0123456789 +()-./x@at", max_size=6),
        st.text(max_size=3),
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_fast_detector_equals_the_full_scans_on_generated_text(text: str) -> None:
    both(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 +-.()/x#,:;\u00a0\u2013ext")), max_size=40)
)
def test_fast_phones_equal_the_full_matcher_on_digit_soup(text: str) -> None:
    assert find_phones(text) == reference_find_phones(text)


# -- the hyperscan database cache --------------------------------------------------------

needs_hyperscan = pytest.mark.skipif(
    not hyperscan_available(), reason="hyperscan is not installed on this platform"
)
_PATTERNS = [r"\bdon'?t tell\b", r"\bsecret\b"]


@needs_hyperscan
def test_compiled_database_is_cached_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(engine_module.CACHE_ENV_VAR, str(tmp_path))
    first = MultiPatternMatcher(_PATTERNS, backend="hyperscan")
    assert first.scan("dont tell, a secret") == [(0, 0, 9), (1, 13, 19)]
    cached = list((tmp_path / "hyperscan").glob("*.db"))
    assert len(cached) == 1
    second = MultiPatternMatcher(_PATTERNS, backend="hyperscan")
    assert second.scan("dont tell, a secret") == first.scan("dont tell, a secret")
    # Other patterns get their own entry.
    MultiPatternMatcher([r"\bother\b"], backend="hyperscan").scan("other")
    assert len(list((tmp_path / "hyperscan").glob("*.db"))) == 2


@needs_hyperscan
def test_a_corrupt_cache_entry_is_recompiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(engine_module.CACHE_ENV_VAR, str(tmp_path))
    MultiPatternMatcher(_PATTERNS, backend="hyperscan").scan("secret")
    (entry,) = (tmp_path / "hyperscan").glob("*.db")
    entry.write_bytes(b"not a database")
    again = MultiPatternMatcher(_PATTERNS, backend="hyperscan")
    assert again.scan("a secret") == [(1, 2, 8)]


@pytest.mark.parametrize("backend", ["python", "hyperscan"])
def test_an_unwritable_cache_directory_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    if backend == "hyperscan" and not hyperscan_available():
        pytest.skip("hyperscan is not installed on this platform")
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(engine_module.CACHE_ENV_VAR, str(blocker / "cache"))
    matcher = MultiPatternMatcher(_PATTERNS, backend=backend)
    assert matcher.scan("Don't tell") == [(0, 0, 10)]
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


# -- agreement with saferpractice.identity --------------------------------------------


def _drama_numbers() -> list[str]:
    identity = pytest.importorskip("saferpractice.identity")
    numbers: list[str] = []
    for prefix in identity.DRAMA_PREFIXES:  # seven digits of a ten-digit national number
        numbers.extend("0" + prefix + tail for tail in ("000", "123", "999"))
    return numbers


def test_detected_e164_agrees_with_identity_normalise_phone_on_the_drama_ranges() -> None:
    identity = pytest.importorskip("saferpractice.identity")
    checked = 0
    for national in _drama_numbers():
        for written in (national, f"+44 {national[1:]}", f"{national[:5]} {national[5:]}"):
            expected = identity.normalise_phone(written)
            found = [m for m in DETECTOR.find(f"ring me on {written} x") if m.kind == "phone"]
            if expected is None:
                assert found == [], written
                continue
            assert [m.value for m in found] == [expected], written
            checked += 1
    # Every drama number, in every way of writing it, is a number both sides accept.
    assert checked == 3 * len(_drama_numbers())


# -- batch mode: find_many equals find on every text -------------------------------------

_batches = st.lists(
    st.one_of(_texts, st.sampled_from(["", "\x00", "a\x00b", "\n", "0", "7 @", "snap"])),
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batches)
def test_contact_find_many_equals_find_per_text(texts: list[str]) -> None:
    assert DETECTOR.find_many(texts) == [DETECTOR.find(t) for t in texts]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batches)
def test_without_hyperscan_find_many_and_find_equal_the_full_scans(texts: list[str]) -> None:
    with mock.patch.object(candidates, "_unavailable", True):  # as where no wheel exists
        assert candidates.hints("07700 900123") is None
        found = DETECTOR.find_many(texts)
        assert found == [DETECTOR.find(t) for t in texts]
    assert found == [reference_find_contacts(t) for t in texts]


def test_contact_find_many_keeps_matches_at_every_edge() -> None:
    texts = ["07700 900123", "@owain.boateng79", "", "pat at gmail dot com", "hello", "6 7"]
    found = DETECTOR.find_many(texts)
    assert [[m.kind for m in f] for f in found] == [["phone"], ["handle"], [], ["email"], [], []]
    assert found == [DETECTOR.find(t) for t in texts]


def _segments_char_by_char(text: str) -> list[tuple[int, int]]:
    """candidate_segments as first written: the walk back one character at a time."""
    from saferpractice.detect.phones import _DIGIT_CLUSTER, _SOFT_RUN

    segments: list[tuple[int, int]] = []
    last_end = 0
    for cluster in _DIGIT_CLUSTER.finditer(text):
        if cluster.start() < last_end:
            continue
        start = cluster.start()
        while start > last_end and _SOFT_NON_DIGIT.match(text, start - 1):
            start -= 1
        run = _SOFT_RUN.match(text, cluster.end())
        end = run.end() if run is not None else cluster.end()
        segments.append((start, end))
        last_end = end
    return segments


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_segments_walk_back_in_windows_as_one_character_at_a_time(text: str) -> None:
    assert candidate_segments(text) == _segments_char_by_char(text)


@pytest.mark.parametrize(
    "text",
    ["ext " * 100 + "07700 900123", "x" * 100 + "0" * 20, "07700900123" * 30, "e" * 24 + "123456"],
)
def test_segments_walk_back_over_long_soft_runs(text: str) -> None:
    assert candidate_segments(text) == _segments_char_by_char(text)
