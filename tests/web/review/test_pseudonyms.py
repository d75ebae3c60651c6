"""Pseudonymising free text for analysts (saferpractice.web.review.pseudonyms), without a
database: every registered name and contact detail, and unknown contact details too."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.web.review.display import highlight
from saferpractice.web.review.pseudonyms import (
    Lexicon,
    LexiconBuilder,
    apply,
    move_spans,
    replacements,
)


def _lexicon() -> Lexicon:
    built = LexiconBuilder()
    built.person("S001", "Staff member AAAA", "Rory", "Williams")
    built.person("P001", "Pupil BBBB", "Amy", "Pond")
    built.person("P002", "Pupil CCCC", "Amy", "Jones")  # shares a given name with P001
    built.person("P003", "Pupil DDDD", "Will", "O'Brien")
    built.contact("S001", "rory.williams@gmail.com")
    built.contact("S001", "07700 900925")
    built.contact("P001", "instagram:amy_pond99")
    return built.build()


def hide(text: str, prefer: tuple[str, ...] = ()) -> str:
    return apply(text, replacements(text, _lexicon(), prefer))


def test_names_of_anyone_in_the_school_are_replaced_not_only_the_findings_people() -> None:
    out = hide("Rory told Will O'Brien and amy jones to keep it secret", prefer=("S001",))
    assert out == "Staff member AAAA told Pupil DDDD and Pupil CCCC to keep it secret"


def test_a_shared_given_name_follows_the_findings_people_else_stays_neutral() -> None:
    assert hide("hi Amy", prefer=("P001",)) == "hi Pupil BBBB"
    assert hide("hi Amy") == "hi [a name]"


def test_possessives_and_everyday_words() -> None:
    assert hide("Amy Pond's phone") == "Pupil BBBB's phone"
    # "will" in lower case is the verb; "Will" capitalised is the pupil
    assert hide("I will call Will") == "I will call Pupil DDDD"


def test_contact_details_become_their_owner_or_a_placeholder() -> None:
    text = (
        "mail rory.williams@gmail.com or RORY.WILLIAMS@GMAIL.COM, ring +44 7700 900925, "
        "add @amy_pond99, or text 07700 900123"
    )
    out = hide(text)
    assert "gmail" not in out.lower() and "900925" not in out and "amy_pond" not in out
    assert out.count("Staff member AAAA") == 3 and "Pupil BBBB" in out
    assert "[phone number]" in out  # a number nobody registered is still hidden


def test_unknown_email_addresses_and_web_addresses_with_names() -> None:
    out = hide("from jake.smith1@hotmail.co.uk, see https://amy-pond.tumblr.com/post/42")
    assert "jake" not in out and "[email address]" in out
    assert "amy" not in out.lower() and "tumblr.com/…" in out and "post/42" not in out


def test_spans_follow_the_text_they_marked() -> None:
    text = "Amy Pond, don't tell anyone about Rory"
    start = text.index("don't")
    spans = [[start, start + len("don't tell anyone"), "secrecy"], [0, 3, "name"]]
    found = replacements(text, _lexicon(), ("P001",))
    new = apply(text, found)
    moved = move_spans(spans, found)
    s, e, _ = moved[0]
    assert new[s:e] == "don't tell anyone"
    s, e, _ = moved[1]  # a span inside a replaced name widens to the whole pseudonym
    assert new[s:e] == "Pupil BBBB"
    html = str(highlight(new, moved))
    assert "Amy" not in html and "<mark" in html


_NAMES = ["Rory", "Williams", "Amy Pond", "amy pond", "O'Brien", "rory.williams@gmail.com"]
_FILLER = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
).map(lambda t: f" {t} ")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NAMES), _FILLER), max_size=12))
def test_no_registered_name_survives_in_any_text(parts: list[str]) -> None:
    text = " ".join(parts)  # names are words: glued to other letters they are not names
    out = hide(text)
    for name in ("rory", "williams", "pond", "o'brien", "gmail"):
        for position in _word_positions(out.casefold(), name):
            raise AssertionError(f"{name!r} survived at {position}: {out!r} (from {text!r})")


def _word_positions(text: str, word: str) -> list[int]:
    found = []
    start = text.find(word)
    while start != -1:
        before = text[start - 1] if start else " "
        end = start + len(word)
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and before != "_" and not after.isalnum() and after != "_":
            found.append(start)
        start = text.find(word, start + 1)
    return found


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 250), st.integers(-5, 250))))
def test_spans_always_stay_inside_the_new_text(text: str, raw: list[tuple[int, int]]) -> None:
    found = replacements(text, _lexicon())
    new = apply(text, found)
    for s, e, _ in move_spans([[a, b, "x"] for a, b in raw if 0 <= a <= b <= len(text)], found):
        assert 0 <= s <= e <= len(new)
    highlight(new, move_spans([[a, b, "x"] for a, b in raw], found))  # never raises
