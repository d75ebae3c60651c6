"""The two matcher backends agree: hyperscan and pure Python give identical match lists."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferpractice.detect import MultiPatternMatcher, RiskMatcher, load_lexicons
from saferpractice.detect.engine import ENV_VAR, choose_backend, hyperscan_available

pytestmark = pytest.mark.skipif(
    not hyperscan_available(), reason="hyperscan is not installed on this platform"
)

LEXICONS = load_lexicons()


@pytest.fixture(scope="module")
def both() -> tuple[RiskMatcher, RiskMatcher]:
    python = RiskMatcher(LEXICONS, backend="python")
    hyper = RiskMatcher(LEXICONS, backend="hyperscan")
    python.engine.compile()
    hyper.engine.compile()
    return python, hyper


_PHRASES = [
    "don't tell anyone",
    "dont tel ur mum",
    "DO NOT TELL YOUR DAD",
    "our little secret",
    "delete this msg",
    "add me on snap",
    "added me on insta",
    "dm me",
    "pm meeting",
    "give you a lift",
    "meet me after school",
    "bought you a present",
    "you're so mature",
    "ur so special",
    "love you",
    "I'd love you to",
    "miss you",
    "send me nudes",
    "what are you wearing",
    "everyone hates you",
    "kill myself",
    "killing myself",
    "want 2 die",
    "self-harm",
    "suicide prevention",
    "cunt",
    "Scunthorpe",
]
_NOISE = [
    " ",
    "  ",
    "\n",
    ", ",
    ". ",
    "x",
    "the",
    "homework",
    "Sussex",
    "therapist",
    "07:45",
    "\u00e9",
    "\u2019",
    "'",
    "-",
    "_",
    "don",
    "tell",
    "secret",
    "you",
    "\ud83d\ude00",
    "\u0130",
    "\u212a",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_PHRASES), st.sampled_from(_NOISE), st.text(max_size=4)),
    max_size=24,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_backends_agree_on_risk_matches(both: tuple[RiskMatcher, RiskMatcher], text: str) -> None:
    python, hyper = both
    assert hyper.find(text) == python.find(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_backends_agree_on_raw_scans(both: tuple[RiskMatcher, RiskMatcher], text: str) -> None:
    python, hyper = both
    assert hyper.engine.scan(text) == python.engine.scan(text)


def test_backends_agree_on_known_texts(both: tuple[RiskMatcher, RiskMatcher]) -> None:
    python, hyper = both
    text = (
        "Don\u2019t tell your mum. Delete this msg! add me on snap x "
        "na\u00efve love you, \u00e9love you, Scunthorpe, want 2 die \ud800 end"
    )
    found = hyper.find(text)
    assert found == python.find(text)
    assert {m.category for m in found} >= {"secrecy", "private-channel", "suicide"}
    assert not any(text[m.start - 1 : m.start] == "\u00e9" for m in found)


def test_environment_variable_forces_a_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "python")
    assert choose_backend() == "python"
    monkeypatch.setenv(ENV_VAR, "hyperscan")
    assert choose_backend() == "hyperscan"
    monkeypatch.setenv(ENV_VAR, "fast")
    with pytest.raises(ValueError, match="unknown matcher backend"):
        choose_backend()


def test_engine_pickles_without_its_database() -> None:
    engine = MultiPatternMatcher([r"\bab+c\b", r"\bcat\b"], backend="hyperscan")
    assert engine.scan("abbbc cat Cat") == [(0, 0, 5), (1, 6, 9), (1, 10, 13)]
    again = pickle.loads(pickle.dumps(engine))
    assert again._compiled is None
    assert again.scan("abbbc cat Cat") == engine.scan("abbbc cat Cat")


# -- batch mode: one scan over many texts equals a scan per text -------------------------

_risk_batches = st.lists(
    st.one_of(
        st.sampled_from(
            ["don't tell", "tell anyone", "dont", "delete this", "\x00", "", "kill", "\n"]
        ),
        st.text(max_size=12),
        st.lists(st.sampled_from(["don't", " ", "tell", "anyone", "x", "\u00e9"])).map("".join),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=_risk_batches)
def test_risk_find_many_equals_find_per_text_on_both_backends(
    both: tuple[RiskMatcher, RiskMatcher], texts: list[str]
) -> None:
    for matcher in both:
        assert matcher.find_many(texts) == [matcher.find(t) for t in texts]


def test_scan_many_rescans_texts_when_a_pattern_spans_the_separator() -> None:
    engine = MultiPatternMatcher([r"a\s+\x00?\s*b", r"\bb\b"], backend="python")
    texts = ["x a", "b y", "b"]
    assert engine.scan_many(texts) == [engine.scan(t) for t in texts]
