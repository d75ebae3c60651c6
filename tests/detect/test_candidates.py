"""The single candidate pass (detect/candidates.py) never hides a contact detail.

On generated ASCII text, rich in digits, separators, dots, "@", control characters and the
words the finders look for: whenever any of the finders' own Python gates matches, the
hyperscan pass must say the text may hold a contact; and whenever it says no, the detector's
full scan (`reference_find_contacts`) finds nothing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect.candidates import may_hold_contact
from saferpractice.detect.contact import (
    _GATES,
    _WORD_GATES,
    ContactDetector,
    reference_find_contacts,
)

WORDS = ["at", "AT", "dot", "oh", "double", "seven", "insta", "tik tok", "tik\x1ctok", "snap",
         "www", "gmail", "com", "ext", "+44", "07700", "900123", "(0)", "x", "hi"]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=6),
    st.sampled_from([" ", ".", "@", "-", "/", ":", "\n", "\t", "\x1f", "_"]),
)
ASCII_TEXT = st.lists(PIECES, max_size=25).map("".join)
# Unicode digits, letters, spaces, punctuation, a lone surrogate and case-folding oddities
UNICODE = ["٣", "𝟘", "५", "²", "é", "ж", "中", "\u00a0", "\u2028", "\u2009", "’", "£", "–",
           "\ud800", "K", "ſ", "ﬁ", "İ", "x͏"]  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.sampled_from(UNICODE)), max_size=25).map("".join)


def python_gates_fire(text: str) -> bool:
    return any(gate.search(text) for gate in (*_GATES, *_WORD_GATES))


@settings(max_examples=1500, deadline=None)
@given(ASCII_TEXT)
def test_the_pass_fires_whenever_a_python_gate_does(text: str) -> None:
    if python_gates_fire(text):
        assert may_hold_contact(text)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_on_unicode_text_too(text: str) -> None:
    if python_gates_fire(text):
        assert may_hold_contact(text)
    if not may_hold_contact(text):
        assert reference_find_contacts(text) == []


@settings(max_examples=600, deadline=None)
@given(ASCII_TEXT)
def test_a_text_the_pass_rejects_holds_no_contact(text: str) -> None:
    if not may_hold_contact(text):
        assert reference_find_contacts(text) == []
    assert ContactDetector().find(text) == reference_find_contacts(text)


def test_plain_chat_is_rejected_and_details_are_not() -> None:
    assert not may_hold_contact("See you tomorrow, well done today!")
    for text in ("ring 07700 900123", "pat@example.com", "on insta", "tik\x1ctok", "x.io"):
        assert may_hold_contact(text), text


def test_unicode_stand_ins() -> None:
    assert not may_hold_contact("Café on Friday – £5 each, thanks")
    assert may_hold_contact("ring ٠٧٧٠٠ ٩٠٠١٢٣")  # Arabic-Indic digits are digits to Python
    assert may_hold_contact("on İnsta")  # a case-folding oddity: the finders decide
    assert may_hold_contact("a\x00b")
