"""The single candidate pass (detect/candidates.py) never hides a contact detail.

On generated ASCII text, rich in digits, separators, dots, "@", control characters and the
words the finders look for: whenever any of the finders' own Python gates matches, the
hyperscan pass must say the text may hold a contact; and whenever it says no, the detector's
full scan (`reference_find_contacts`) finds nothing.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from saferpractice.detect.candidates import hints, may_hold_contact
from saferpractice.detect.contact import (
    _FAST,
    _GATES,
    _WORD_GATES,
    KINDS,
    ContactDetector,
    _find,
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
# Found by this test (wave 6): the nearby-platform window ended inside "tik tokat", so the full
# scan read "tik tok" as a whole word there while the hinted scan (rightly) did not.
@example("@tik tokatdoublesevenseven0000000000:tik tokat")
def test_a_text_the_pass_rejects_holds_no_contact(text: str) -> None:
    if not may_hold_contact(text):
        assert reference_find_contacts(text) == []
    assert ContactDetector().find(text) == reference_find_contacts(text), ascii(text)


def test_plain_chat_is_rejected_and_details_are_not() -> None:
    assert not may_hold_contact("See you tomorrow, well done today!")
    for text in ("ring 07700 900123", "pat@example.com", "on insta", "tik\x1ctok", "x.io"):
        assert may_hold_contact(text), text


def test_unicode_stand_ins() -> None:
    assert not may_hold_contact("Café on Friday – £5 each, thanks")
    assert may_hold_contact("ring ٠٧٧٠٠ ٩٠٠١٢٣")  # Arabic-Indic digits are digits to Python
    assert may_hold_contact("on İnsta")  # a case-folding oddity: the finders decide
    assert may_hold_contact("a\x00b")


# -- hints: the pass's flags and spans steer the finders, and change nothing -------------

HINT_PIECES = [
    "07700 900123", "+44 (0)161 496 0000", "0 7 7 0 0 9 0 0 1 2 3", "07700900123",
    "zero seven seven double oh nine double oh one two three", "oh seven seven", "one", "for",
    "jess at gmail dot com", "jess [at] hotmail [dot] co [dot] uk", "me at pat.smith78",
    "boateng dot owain at btinternet dot com", "x@y.com", "a @ b . com", "@", "@@", " at ",
    " dot ", "follow me @jess", "add me on @jess", "FOLLOW\u00a0ME\u2003@x", "snap me at @k",
    "my snap is jess_x", "insta", "www.example.org", "https://a.b/c", "e.g.", "1234567890123",
    "\u0660\u0667\u0667\u0660\u0660\u0669\u0660\u0660\u0661\u0662\u0663", "\uff10\uff17",
    "\u0967", "\u00a0", "\u2028", "\u0131", "\u212a", "\x00", "\x1c", "\u0436", "\u4e2d",
    "bbc.co.uk", "x.io/path)", "home.It", "a.b.c.d.com", "www.x", "example-school.sch.uk",
    "caf\u00e9.com", "-x.com", "/y.org", "ftp://q", "1.2.uk",
]  # fmt: skip
HINT_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HINT_PIECES),
        st.sampled_from([" ", ".", "-", ", ", "\n", "(", ")", "/"]),
        st.text(alphabet="0123456789 @.atdo", max_size=5),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(HINT_TEXT)
@example("07700 900123follow me @jesshttps://a.b/cfollow me @jessexample-school.sch.uk")
def test_the_hinted_finders_equal_the_full_scans(text: str) -> None:
    assert ContactDetector().find(text) == _find(text, KINDS, _FAST), ascii(text)
    # The full scans, less handles: reference_find_handles looks for a platform word near an
    # "@handle" even where the text holds none, inside a window whose end can cut one out of
    # a longer word ("sc" of "sch.uk"); the detector (before and after the hints) does not.
    no_handles = ("phone", "email", "url")
    found = ContactDetector(no_handles).find(text)
    assert found == reference_find_contacts(text, no_handles), ascii(text)


def test_hostile_texts_with_hints() -> None:
    texts = [
        "7" * 5000,
        "0" * 300 + " zero" * 300,
        "@" * 2000 + " x@y.com",
        " at " * 500 + "jess at gmail dot com",
        "07700 900123 " * 200,
        "oh " * 1000,
        "\u0660" * 50 + " 07700 900123",
        "follow me " * 300 + "@jess",
        "a\x00b 07700 900123 x at gmail dot com",
        "a" * 400 + " at gmail dot com",
        "x " * 200 + "jess [at] hotmail [dot] co [dot] uk and p.q dot r at btinternet dot com",
        "one dot two dot three dot four dot five at yahoo dot com",
        "| " + "ab." * 150 + "c at gmail dot com",
        "ext " * 300 + "07700 900123",
        "tel" + " x" * 500 + " 07700 900123",
        "\u0436\u4e2d 07700 900123 \u2028 zero seven seven oh oh nine double oh one two three",
    ]
    for text in texts:
        assert ContactDetector().find(text) == reference_find_contacts(text), text[:40]


def test_hints_report_runs_and_cores_where_they_are() -> None:
    found = hints("call 07700 900123 or jess at gmail dot com")
    assert found is not None
    assert found.has("digits") and found.has("run") and found.has("core")
    assert all(start >= 5 and end <= 17 for start, end in found.runs)
    assert [start for start, _end in found.cores] == [25]
    assert hints("a\x00b") is None  # NUL: the finders look for themselves
    assert hints("on \u0130nsta") is None  # a case-folding oddity
